#include "schema/Pattern.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <atomic>

#include "runtime/Utf8.h"
#include "schema/RegexDialect.h"

namespace kcicd::schema {
namespace {

// The string branch Kestra's generator adds to every dynamic non-string property
// (JsonSchemaGenerator.java, 0.21: memberAttributes.put("pattern", ".*{{.*}}.*")).
constexpr std::string_view kDynamicExpression = ".*{{.*}}.*";

std::atomic<std::size_t> compiledCount{0};

// Both dialects: UTF, without PCRE2_UCP (`\d`, `\w`, `\b` are ASCII in Java and in ECMA-262 without the u flag,
// `\p{…}` is Unicode in both); `\C` (one byte of a character) refused. ECMA-262: `$` only at the very end, and
// `[]` / `[^]` are classes.
std::uint32_t compileOptions(bool kestra) {
  std::uint32_t options = PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C;
  if (!kestra) options |= PCRE2_DOLLAR_ENDONLY | PCRE2_ALLOW_EMPTY_CLASS;
  return options;
}

// `.` stops at every line end: Java's \n \r \u0085 \u2028 \u2029, ECMA-262's \n \r \u2028 \u2029
// (PCRE2_NEWLINE_ANY also counts \x0B and \f).
pcre2_compile_context* compileContext() {
  static pcre2_compile_context* context = [] {
    pcre2_compile_context* created = pcre2_compile_context_create(nullptr);
    pcre2_set_newline(created, PCRE2_NEWLINE_ANY);
    return created;
  }();
  return context;
}

pcre2_match_context* matchContext() {
  static pcre2_match_context* context = [] {
    pcre2_match_context* created = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(created, Pattern::kMatchLimit);
    return created;
  }();
  return context;
}

// One match-data block per thread, reused: only whether the pattern matched is read.
pcre2_match_data* matchData() {
  struct Holder {
    pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
    ~Holder() { pcre2_match_data_free(data); }
  };
  thread_local Holder holder;
  return holder.data;
}

}  // namespace

struct Pattern::Code {
  pcre2_code* code;
  ~Code() { pcre2_code_free(code); }
};

Pattern::Pattern(std::string source, bool kestra) : source_(std::move(source)), fullMatch_(kestra) {
  kestraDynamic_ = kestra && source_ == kDynamicExpression;
  std::string pcre = toPcre2(source_, kestra ? RegexDialect::Java : RegexDialect::Ecma262, unsupported_);
  if (!unsupported_.empty()) return;
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pcre.data()), pcre.size(), compileOptions(kestra),
                                   &error, &offset, compileContext());
  ++compiledCount;
  if (code == nullptr) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(error, buffer, sizeof buffer);
    unsupported_ = "PCRE2 cannot compile it (" + std::string(reinterpret_cast<const char*>(buffer)) + ")";
    return;
  }
  code_.reset(new Code{code});
}

Pattern::~Pattern() = default;

Pattern::Result Pattern::match(std::string_view utf8) const {
  if (kestraDynamic_) {
    // Kestra accepts any expression `{{ … }}`, even across lines (the value is rendered at run time).
    auto open = utf8.find("{{");
    return open != std::string_view::npos && utf8.find("}}", open + 2) != std::string_view::npos ? Result::Match
                                                                                                 : Result::NoMatch;
  }
  if (!code_) return Result::Unsupported;
  std::string sanitized;
  if (!utf8::isValid(utf8)) utf8 = sanitized = utf8::sanitize(utf8);
  std::uint32_t options = PCRE2_NO_UTF_CHECK | (fullMatch_ ? PCRE2_ANCHORED | PCRE2_ENDANCHORED : 0);
  auto subject = reinterpret_cast<PCRE2_SPTR>(utf8.empty() ? "" : utf8.data());
  int rc = pcre2_match(code_->code, subject, utf8.size(), 0, options, matchData(), matchContext());
  if (rc >= 0) return Result::Match;
  if (rc == PCRE2_ERROR_NOMATCH) return Result::NoMatch;
  return Result::TooCostly;  // PCRE2_ERROR_MATCHLIMIT, or the depth or heap limit behind it
}

std::string Pattern::message(Result result) const {
  std::string quoted = "\"" + source_ + "\"";
  switch (result) {
    case Result::Match:
      return "";
    case Result::NoMatch:
      return "must match " + quoted;
    case Result::Unsupported:
      return "cannot be checked against " + quoted + ": " + unsupported_;
    case Result::TooCostly:
      return "cannot be checked against " + quoted + ": the pattern backtracks catastrophically on this value (over " +
             std::to_string(kMatchLimit) + " steps; Java's regex, which Kestra uses, would stall on it too)";
  }
  return "";
}

std::size_t Pattern::compilations() { return compiledCount.load(); }

}  // namespace kcicd::schema
