#include "flow/DisableTriggers.h"

#include <catch2/catch_test_macros.hpp>

using kcicd::flow::disableTriggers;

TEST_CASE("every trigger gets disabled: true before its first key, other bytes kept", "[disable-triggers]") {
  std::string flow =
      "id: a\nnamespace: prod\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n"
      "triggers:\n  - id: nightly # comment kept\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 2 * * *\"\n"
      "  -   id: hook\n      type: io.kestra.plugin.core.trigger.Webhook\n      key: k\n";
  auto out = disableTriggers(flow);
  REQUIRE(out);
  CHECK(*out ==
        "id: a\nnamespace: prod\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n"
        "triggers:\n  - disabled: true\n    id: nightly # comment kept\n    type: io.kestra.plugin.core.trigger.Schedule\n"
        "    cron: \"0 2 * * *\"\n  -   disabled: true\n      id: hook\n      type: io.kestra.plugin.core.trigger.Webhook\n"
        "      key: k\n");
}

TEST_CASE("an existing disabled value is replaced, true is left alone, flow style works", "[disable-triggers]") {
  std::string flow =
      "id: a\nnamespace: prod\ntriggers:\n  - id: s\n    disabled: false # was on\n    type: x.Schedule\n"
      "  - id: w\n    disabled: \"{{ inputs.off }}\"\n    type: x.Webhook\n  - id: on\n    disabled: true\n    type: x.Y\n"
      "  - {id: f, type: x.Flow}\n  - {id: g, disabled: false, type: x.Flow}\n";
  auto out = disableTriggers(flow);
  REQUIRE(out);
  CHECK(*out ==
        "id: a\nnamespace: prod\ntriggers:\n  - id: s\n    disabled: true # was on\n    type: x.Schedule\n"
        "  - id: w\n    disabled: true\n    type: x.Webhook\n  - id: on\n    disabled: true\n    type: x.Y\n"
        "  - {disabled: true, id: f, type: x.Flow}\n  - {id: g, disabled: true, type: x.Flow}\n");
}

TEST_CASE("a flow without triggers is unchanged; what cannot be edited safely is refused", "[disable-triggers]") {
  std::string none = "id: a\nnamespace: prod\ntasks: []\n";
  CHECK(disableTriggers(none) == none);
  CHECK_FALSE(disableTriggers("id: a\nnamespace: prod\ntriggers: nightly\n"));      // not a list
  CHECK_FALSE(disableTriggers("id: a\nnamespace: prod\ntriggers:\n  - just-a-name\n"));  // not a trigger
  CHECK_FALSE(disableTriggers("id: a\n  bad: [\n"));                                 // not YAML
  CHECK_FALSE(disableTriggers("id: a\nnamespace: p\ntriggers:\n  - id: s\n    disabled: {x: 1}\n"));
}
