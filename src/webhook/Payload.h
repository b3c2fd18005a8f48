#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

namespace kcicd::webhook {

// The default --max-body-size: GitHub caps payloads at 25 MB (docs, "Webhook events and payloads").
inline constexpr size_t kMaxBodyBytes = 25 * 1024 * 1024;

// True when `body` is GitHub's application/x-www-form-urlencoded delivery ("payload=<urlencoded JSON>").
bool isFormBody(std::string_view body);

// The JSON document of a delivery: the body itself, or the decoded `payload` field of a form body.
// Throws PayloadError with the line/column of a JSON syntax error, or naming the form problem.
nlohmann::json parsePayload(std::string_view body);

}  // namespace kcicd::webhook
