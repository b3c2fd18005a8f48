#include "Payload.h"

#include <string>

#include "PayloadError.h"
#include "runtime/Hex.h"

namespace kcicd::webhook {
namespace {

// application/x-www-form-urlencoded value: '+' is a space, %XX a byte.
std::string formDecode(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      int hi = i + 1 < value.size() ? hex::digitValue(value[i + 1]) : -1;
      int lo = i + 2 < value.size() ? hex::digitValue(value[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        throw PayloadError("form body: invalid percent-encoding at byte " + std::to_string(i) + " of 'payload'");
      out += static_cast<char>((hi << 4) | lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view trimLeft(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  return s;
}

nlohmann::json parseJson(std::string_view text, const std::string& what) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 5: …", or
    // out_of_range.406 for a number that overflows a double.
    std::string detail = e.what();
    auto close = detail.find("] ");
    if (close != std::string::npos) detail = detail.substr(close + 2);
    throw PayloadError(what + " is not valid JSON (" + detail + ")");
  }
}

}  // namespace

bool isFormBody(std::string_view body) {
  // A form body is key=value pairs; JSON starts with '{' or '['. GitHub sends only the "payload" field.
  body = trimLeft(body);
  if (body.empty() || body.front() == '{' || body.front() == '[') return false;
  return body.substr(0, 8) == "payload=" || body.find("&payload=") != std::string_view::npos;
}

nlohmann::json parsePayload(std::string_view body) {
  if (!isFormBody(body)) return parseJson(body, "body");
  std::string_view rest = trimLeft(body);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.substr(0, 8) == "payload=") {
      std::string_view value = pair.substr(8);
      while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.remove_suffix(1);
      return parseJson(formDecode(value), "form field 'payload'");
    }
  }
  throw PayloadError("form body has no 'payload' field");
}

}  // namespace kcicd::webhook
