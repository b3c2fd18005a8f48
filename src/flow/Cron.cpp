#include "Cron.h"

#include <array>
#include <cctype>
#include <vector>

namespace kcicd::flow {

namespace {

struct Field {
  const char* name;
  int min;
  int max;
  const char* const* names;  // names[i] is value (namesBase + i)
  int nameCount;
  int namesBase;
  bool allowL;
};

const char* const kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const char* const kDays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// A single value: a number or a name. Error text when invalid.
std::optional<std::string> value(const Field& f, std::string_view token, int& out) {
  if (token.empty()) return "Missing value in field " + std::string(f.name);
  bool digits = true;
  for (char c : token) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (digits) {
    if (token.size() > 9) return "Value " + std::string(token) + " not in range [" + std::to_string(f.min) + ", " + std::to_string(f.max) + "]";
    out = std::stoi(std::string(token));
  } else {
    std::string name = upper(token);
    bool found = false;
    for (int i = 0; i < f.nameCount; ++i)
      if (name == f.names[i]) {
        out = f.namesBase + i;
        found = true;
      }
    if (!found) {
      std::string invalid;
      for (char c : token)
        if (!std::isalnum(static_cast<unsigned char>(c))) invalid += c;
      if (!invalid.empty())
        return "Invalid chars in expression! Expression: " + std::string(token) + " Invalid chars: " + invalid;
      return "Invalid value '" + std::string(token) + "' for field " + f.name;
    }
  }
  if (out < f.min || out > f.max)
    return "Value " + std::to_string(out) + " not in range [" + std::to_string(f.min) + ", " + std::to_string(f.max) + "]";
  return std::nullopt;
}

std::optional<std::string> element(const Field& f, std::string_view e) {
  if (e.empty()) return "Empty element in field " + std::string(f.name);
  std::string_view base = e, step;
  if (auto slash = e.find('/'); slash != std::string_view::npos) {
    base = e.substr(0, slash);
    step = e.substr(slash + 1);
    if (step.empty()) return "Missing steps for expression: " + std::string(e);
    for (char c : step)
      if (!std::isdigit(static_cast<unsigned char>(c)))
        return "Invalid chars in expression! Expression: " + std::string(e) + " Invalid chars: " + std::string(step);
    if (step.size() > 9 || std::stoi(std::string(step)) == 0 || std::stoi(std::string(step)) > f.max)
      return "Period " + std::string(step) + " not in range [1, " + std::to_string(f.max) + "]";
    if (base.empty()) return "Missing value in field " + std::string(f.name);
  }
  if (base == "*") return std::nullopt;
  if (base == "?") return "Invalid chars in expression! Expression: ? Invalid chars: ?";
  if (f.allowL && (base == "L" || base == "l")) return std::nullopt;
  if (auto dash = base.find('-'); dash != std::string_view::npos && dash > 0) {
    int from = 0, to = 0;
    if (auto err = value(f, base.substr(0, dash), from)) return err;
    if (auto err = value(f, base.substr(dash + 1), to)) return err;
    if (from > to) return "Invalid range! [" + std::to_string(from) + "," + std::to_string(to) + "]";
    return std::nullopt;
  }
  int v = 0;
  return value(f, base, v);
}

}  // namespace

std::optional<std::string> checkCron(std::string_view expression, bool withSeconds, KestraVersion version) {
  std::string_view cron = expression;
  while (!cron.empty() && std::isspace(static_cast<unsigned char>(cron.front()))) cron.remove_prefix(1);
  while (!cron.empty() && std::isspace(static_cast<unsigned char>(cron.back()))) cron.remove_suffix(1);
  if (cron.empty()) return "Empty expression!";
  if (cron.front() == '@') {
    static const char* const nicknames[] = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"};
    for (const char* n : nicknames)
      if (cron == n) return std::nullopt;
    return "Nickname " + std::string(cron) + " is not supported";
  }
  std::vector<std::string_view> fields;
  for (std::size_t i = 0; i < cron.size();) {
    while (i < cron.size() && std::isspace(static_cast<unsigned char>(cron[i]))) ++i;
    std::size_t start = i;
    while (i < cron.size() && !std::isspace(static_cast<unsigned char>(cron[i]))) ++i;
    if (i > start) fields.push_back(cron.substr(start, i - start));
  }
  std::size_t expected = withSeconds ? 6 : 5;
  if (fields.size() != expected) {
    return "Cron expression contains " + std::to_string(fields.size()) + " parts but we expect one of [" +
           std::to_string(expected) + "]";
  }
  bool allowL = version >= KestraVersion::V1_3;
  std::vector<Field> spec;
  if (withSeconds) spec.push_back(Field{"second", 0, 59, nullptr, 0, 0, false});
  spec.push_back(Field{"minute", 0, 59, nullptr, 0, 0, false});
  spec.push_back(Field{"hour", 0, 23, nullptr, 0, 0, false});
  spec.push_back(Field{"day of month", 1, 31, nullptr, 0, 0, allowL});
  spec.push_back(Field{"month", 1, 12, kMonths, 12, 1, false});
  spec.push_back(Field{"day of week", 0, 7, kDays, 7, 0, false});
  for (std::size_t i = 0; i < fields.size(); ++i) {
    for (std::string_view e : split(fields[i], ',')) {
      if (auto err = element(spec[i], e)) return err;
    }
  }
  return std::nullopt;
}

}  // namespace kcicd::flow
