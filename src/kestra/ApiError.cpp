#include "ApiError.h"

#include <nlohmann/json.hpp>

namespace kcicd::kestra {

namespace {

// Not cut short here: this layer does not know the secrets, and a secret cut in two is no longer found
// by the Masker (an echoed Authorization header showed its tail). The Console cuts long messages after
// masking (Console::kLongMessage); the body itself is bounded by --max-response-size.
std::string oneLine(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  auto begin = out.find_first_not_of(' ');
  auto end = out.find_last_not_of(' ');
  return begin == std::string::npos ? "" : out.substr(begin, end - begin + 1);
}

std::string stringField(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

void addErrors(const nlohmann::json& list, const char* textField, ApiError& error) {
  if (!list.is_array()) return;
  for (const auto& item : list) {
    if (!item.is_object()) continue;
    std::string text = stringField(item, textField);
    if (text.empty()) text = stringField(item, "message");
    std::string path = stringField(item, "path");
    if (text.empty()) continue;
    error.errors.push_back(oneLine(path.empty() || text.find(path) != std::string::npos ? text : path + ": " + text));
  }
}

}  // namespace

std::string ApiError::summary() const {
  std::string out = message;
  for (const auto& e : errors)
    if (out.find(e) == std::string::npos) out += (out.empty() ? "" : "; ") + e;
  return out;
}

ApiError parseApiError(int status, std::string_view reason, std::string_view body) {
  ApiError error;
  error.status = status;
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_discarded() && json.is_object()) {
    if (json.contains("message")) {  // Micronaut JsonError
      error.message = oneLine(stringField(json, "message"));
      if (auto embedded = json.find("_embedded"); embedded != json.end() && embedded->is_object())
        if (auto errors = embedded->find("errors"); errors != embedded->end()) addErrors(*errors, "message", error);
    } else if (json.contains("detail") || json.contains("title")) {  // RFC 9457 problem+json
      error.message = oneLine(stringField(json, "detail"));
      if (error.message.empty()) error.message = oneLine(stringField(json, "title"));
      if (auto errors = json.find("errors"); errors != json.end()) addErrors(*errors, "detail", error);
    }
  }
  if (error.message.empty() && error.errors.empty()) error.message = oneLine(body);
  if (error.message.empty()) error.message = oneLine(reason);
  return error;
}

}  // namespace kcicd::kestra
