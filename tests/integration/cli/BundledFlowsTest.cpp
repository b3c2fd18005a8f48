// Every flow shipped in flows/ and plugin/flows/ passes kestra-cicd's own offline validation.
#include <catch2/catch_test_macros.hpp>

#include "Process.h"

using namespace kcicd::test;

TEST_CASE("the bundled flows and plugin subflows pass flow validate --local", "[cli]") {
  RunOptions options;
  options.cwd = KCICD_SOURCE_DIR;
  options.unsetEnv = {"WORKING_DIR", "KESTRA_CICD_FRAMES"};
  auto r = runCli({"flow", "validate", "--local", "flows", "plugin/flows"}, options);
  INFO(r.out << r.err);
  CHECK(r.exitCode == 0);
  for (const char* id : {"company.cicd.ci-cd", "company.cicd.deploy-manual", "prod.hello", "prod.marketing.newsletter",
                         "kestra.cicd.deploy", "kestra.cicd.validate", "kestra.cicd.namespace-update",
                         "kestra.cicd.git-clone", "kestra.cicd.webhook-verify"})
    CHECK(r.out.find(std::string("✓ - ") + id) != std::string::npos);
}
