#pragma once
// The @Pattern constraints of Kestra's model, with Java full-match semantics (schema/Pattern.h: PCRE2, each
// pattern compiled once), plus the other string rules that Java classes enforce (identifier, label key, regex
// syntax, time-zone id).
#include <string>
#include <string_view>

#include "schema/Pattern.h"

namespace kcicd::flow::patterns {

// The @Pattern(regexp = …) of Kestra 1.x/2.0 core, core/src/main/java/io/kestra/core/models/: flows/Flow.java
// (AbstractFlow: id, namespace, tenantId; the same tenantId pattern on TaskRun, Dashboard, …), tasks/Task.java (id),
// flows/Input.java and flows/Output.java (id).
inline constexpr const char* kFlowId = "^[a-zA-Z0-9][a-zA-Z0-9._-]*";
inline constexpr const char* kNamespace = "^[a-z0-9][a-z0-9._-]*";
inline constexpr const char* kTaskId = "^[a-zA-Z0-9][a-zA-Z0-9_-]*";
inline constexpr const char* kInputId = "^[a-zA-Z0-9][.a-zA-Z0-9_-]*";
inline constexpr const char* kTenantId = "^[a-z0-9][a-z0-9_-]*";
// Plugin `type` (the pattern in Kestra's generated plugin schemas, data/core-plugins.json).
inline constexpr const char* kJavaType =
    "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*";
// Kestra 1.x label key: core/src/main/java/io/kestra/core/models/Label.java, record Label, @Pattern on key.
inline constexpr const char* kLabelKey = "^[\\p{Ll}][\\p{L}0-9._-]*$";

// The Java regex `pattern` compiled with Kestra's semantics (Matcher.matches(): the whole string), once per
// process whatever the number of calls.
const schema::Pattern& compiled(std::string_view pattern);

// Whole-string match of `value` against one of the patterns above or another Java regex; a pattern that cannot
// be checked (schema::Pattern::Result::Unsupported, TooCostly) does not match: callers that report a
// violation use compiled(pattern).message(result) to say why.
bool matches(std::string_view pattern, std::string_view value);

// A dotted Java class name (the `type` of a plugin).
bool isJavaTypeName(std::string_view value);

// Kestra 1.x label key: a lower-case letter, then letters, digits, `.`, `_` or `-` (Unicode-aware).
bool isLabelKey(std::string_view value);

// Would java.util.regex.Pattern.compile(value) succeed? Conservative: only syntax it is sure Java rejects
// (dangling quantifiers, unbalanced groups/classes, bad escapes, trailing backslash…) returns false.
bool isJavaRegex(std::string_view value);

// Would java.time.ZoneId.of(value) succeed? Offsets (Z, +02:00, UTC+2…) and region ids found in the system
// time-zone database (/usr/share/zoneinfo); without that database every well-formed region id is accepted.
bool isTimeZoneId(std::string_view value);

// The string length Java counts for @Size (UTF-16 code units).
std::size_t javaLength(std::string_view utf8);

}  // namespace kcicd::flow::patterns
