// Scalar rules: java.time.Duration, cron expressions, the model's patterns, regex and time-zone checks.
#include <catch2/catch_test_macros.hpp>

#include <filesystem>

#include "flow/Cron.h"
#include "flow/Duration.h"
#include "flow/Patterns.h"

using namespace kcicd::flow;

TEST_CASE("ISO-8601 durations parse like java.time.Duration.parse", "[duration]") {
  CHECK(parseIsoDuration("PT15M") == JavaDuration{900, 0});
  CHECK(parseIsoDuration("P2D") == JavaDuration{172800, 0});
  CHECK(parseIsoDuration("P1DT1H") == JavaDuration{90000, 0});
  CHECK(parseIsoDuration("pt1.5s") == JavaDuration{1, 500000000});
  CHECK(parseIsoDuration("-PT6H3M") == JavaDuration{-21780, 0});
  CHECK(parseIsoDuration("PT-1.5S") == JavaDuration{-2, 500000000});
  CHECK(!parseIsoDuration("PT"));
  CHECK(!parseIsoDuration("P"));
  CHECK(!parseIsoDuration("P1Y"));
  CHECK(!parseIsoDuration("P1W"));
  CHECK(!parseIsoDuration("15 minutes"));
  CHECK(!parseIsoDuration("PT1.1234567891S"));
}

TEST_CASE("Kestra also reads a number of seconds", "[duration]") {
  CHECK(parseKestraDuration("60") == JavaDuration{60, 0});
  CHECK(parseKestraDuration("1.5") == JavaDuration{1, 500000000});
  CHECK(parseKestraDuration(" PT1H ") == JavaDuration{3600, 0});
  CHECK(!parseKestraDuration("1h"));
  CHECK(!parseKestraDuration(""));
}

TEST_CASE("durations print like Duration.toString()", "[duration]") {
  CHECK(toJavaString({0, 0}) == "PT0S");
  CHECK(toJavaString({900, 0}) == "PT15M");
  CHECK(toJavaString({172800, 0}) == "PT48H");
  CHECK(toJavaString({3661, 0}) == "PT1H1M1S");
  CHECK(toJavaString({1, 500000000}) == "PT1.5S");
  CHECK(toJavaString({-1, 500000000}) == "PT-0.5S");
}

TEST_CASE("cron expressions follow Kestra's cron-utils definition", "[cron]") {
  const auto v13 = KestraVersion::V1_3;
  CHECK(!checkCron("* * * * *", false, v13));
  CHECK(!checkCron("*/15 9-17 * * MON-FRI", false, v13));
  CHECK(!checkCron("0 0 1,15 jan,jul 0", false, v13));
  CHECK(!checkCron("0 0 * * 7", false, v13));
  CHECK(!checkCron("@daily", false, v13));
  CHECK(!checkCron("@hourly", false, v13));
  CHECK(!checkCron("30 */5 * * * *", true, v13));
  CHECK(checkCron("@reboot", false, v13) == "Nickname @reboot is not supported");
  CHECK(checkCron("* * * *", false, v13) == "Cron expression contains 4 parts but we expect one of [5]");
  CHECK(checkCron("* * * * *", true, v13) == "Cron expression contains 5 parts but we expect one of [6]");
  CHECK(checkCron("61 * * * *", false, v13) == "Value 61 not in range [0, 59]");
  CHECK(checkCron("0 24 * * *", false, v13) == "Value 24 not in range [0, 23]");
  CHECK(checkCron("0 0 0 * *", false, v13) == "Value 0 not in range [1, 31]");
  CHECK(checkCron("0 0 * 13 *", false, v13) == "Value 13 not in range [1, 12]");
  CHECK(checkCron("0 0 * * 8", false, v13) == "Value 8 not in range [0, 7]");
  CHECK(checkCron("0 0 5-1 * *", false, v13) == "Invalid range! [5,1]");
  CHECK(checkCron("0 0 ? * *", false, v13));
  CHECK(checkCron("0 0 * * 1#2", false, v13));
  CHECK(checkCron("*/0 * * * *", false, v13));
  CHECK(checkCron("", false, v13) == "Empty expression!");
  // L in the day-of-month: Kestra 1.x only.
  CHECK(!checkCron("0 0 L * *", false, v13));
  CHECK(checkCron("0 0 L * *", false, KestraVersion::V0_21));
}

TEST_CASE("the model's @Pattern constraints, with Java full-match semantics", "[patterns]") {
  using namespace patterns;
  CHECK(matches(kFlowId, "my.flow-1_x"));
  CHECK(!matches(kFlowId, "-flow"));
  CHECK(!matches(kFlowId, "my#flow"));
  CHECK(!matches(kFlowId, ""));
  CHECK(matches(kNamespace, "company.team-a"));
  CHECK(!matches(kNamespace, "MY$NAMESPACE"));
  CHECK(!matches(kNamespace, "Company"));
  CHECK(matches(kTaskId, "task-1_a"));
  CHECK(!matches(kTaskId, "task.1"));
  CHECK(!matches(kTaskId, "my task"));
  CHECK(matches(kInputId, "a.b-c"));
  CHECK(matches(kJavaType, "io.kestra.plugin.core.log.Log"));
  CHECK(matches(kJavaType, "a.$b._c"));
  CHECK(!matches(kJavaType, "io.kestra..Log"));
  CHECK(!matches(kJavaType, "io.kestra.1Log"));
  CHECK(!matches(kJavaType, "io.kestra.Log "));
}

TEST_CASE("1.x label keys start with a lower-case letter (Unicode-aware)", "[patterns]") {
  CHECK(patterns::isLabelKey("team"));
  CHECK(patterns::isLabelKey("system.readOnly"));
  CHECK(patterns::isLabelKey("flowLabelKey"));
  CHECK(patterns::isLabelKey("\xC3\xA9quipe"));  // équipe
  CHECK(!patterns::isLabelKey("Team"));
  CHECK(!patterns::isLabelKey("1team"));
  CHECK(!patterns::isLabelKey("team name"));
  CHECK(!patterns::isLabelKey(""));
}

TEST_CASE("Kestra's @Pattern regexes run on PCRE2, each compiled once per process", "[patterns]") {
  using kcicd::schema::Pattern;
  std::size_t before = Pattern::compilations();
  const Pattern& first = patterns::compiled("^[a-z]+-only-in-this-test$");
  const Pattern& second = patterns::compiled("^[a-z]+-only-in-this-test$");
  CHECK(&first == &second);
  for (int i = 0; i < 5; ++i) CHECK(patterns::matches("^[a-z]+-only-in-this-test$", "abc-only-in-this-test"));
  CHECK(Pattern::compilations() == before + 1);

  CHECK(patterns::matches(patterns::kFlowId, "my-flow.v2"));
  CHECK(!patterns::matches(patterns::kFlowId, "my flow"));  // Matcher.matches(): the whole string
  CHECK(!patterns::matches(patterns::kNamespace, "Company.team"));
  CHECK(patterns::matches(patterns::kNamespace, std::string(2000, 'a')));  // no length cap
  CHECK(!patterns::matches(patterns::kTaskId, "t\xC3\xA9"));  // ASCII only: té
  CHECK(patterns::isJavaTypeName("io.kestra.\xC3\xA9t\xC3\xA9.Log"));  // Unicode letters are Java identifiers
  CHECK(!patterns::isJavaTypeName("io.kestra.Log\xFF"));  // a bad byte decodes to U+FFFD, no identifier part

  const Pattern& costly = patterns::compiled("(a+)+");  // a catastrophic pattern in a plugin's @Pattern
  CHECK(costly.match(std::string(40, 'a') + "!") == Pattern::Result::TooCostly);
  CHECK(!patterns::matches("(a+)+", std::string(40, 'a') + "!"));
  const Pattern& blocks = patterns::compiled("\\p{InGreek}+");
  CHECK(blocks.match("abc") == Pattern::Result::Unsupported);
  CHECK(blocks.message(Pattern::Result::Unsupported).find("Unicode blocks") != std::string::npos);
}

TEST_CASE("Java regex syntax: only what Pattern.compile rejects", "[patterns]") {
  using patterns::isJavaRegex;
  CHECK(isJavaRegex("^[a-z]+$"));
  CHECK(isJavaRegex("(?i)abc"));
  CHECK(isJavaRegex("(?<name>\\d{2,4})-\\p{L}+"));
  CHECK(isJavaRegex("a{2}b*?c++"));
  CHECK(isJavaRegex("[]a]"));
  CHECK(isJavaRegex("\\Q(*+\\E"));
  CHECK(!isJavaRegex("\\"));
  CHECK(!isJavaRegex("*abc"));
  CHECK(!isJavaRegex("(abc"));
  CHECK(!isJavaRegex("abc)"));
  CHECK(!isJavaRegex("[abc"));
  CHECK(!isJavaRegex("a{b}"));
  CHECK(!isJavaRegex("\\y"));
  CHECK(!isJavaRegex("(?q)a"));
}

TEST_CASE("time-zone ids: offsets and region ids", "[patterns]") {
  CHECK(patterns::isTimeZoneId("UTC"));
  CHECK(patterns::isTimeZoneId("Z"));
  CHECK(patterns::isTimeZoneId("+02:00"));
  CHECK(patterns::isTimeZoneId("GMT+2"));
  CHECK(patterns::isTimeZoneId("Europe/Paris"));
  if (std::filesystem::exists("/usr/share/zoneinfo/UTC")) CHECK(!patterns::isTimeZoneId("Europe/Pariss"));
  CHECK(!patterns::isTimeZoneId("+25:00"));
  CHECK(!patterns::isTimeZoneId("../etc/passwd"));
  CHECK(!patterns::isTimeZoneId(""));
}
