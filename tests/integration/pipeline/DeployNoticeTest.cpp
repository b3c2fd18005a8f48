// deploy prints each notice when it is known, before the work it concerns (issue #17: "every notice printed
// once, before the work it concerns"), not in a block after the report.
#include <catch2/catch_test_macros.hpp>

#include "KestraServers.h"

using namespace kcicd::test;

TEST_CASE("deploy prints a folder notice once, before validating the folders", "[pipeline][deploy][notice]") {
  FakeKestra fake;
  TempDir dir;
  writeFile(dir / "flows/prod/ok.yml", flowYaml("prod", "ok"));
  writeFile(dir / "flows/Not A Namespace/x.yml", flowYaml("prod", "x"));
  writeFile(dir / "files/Not A Namespace/x.txt", "x");
  auto options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  options.env["WORKING_DIR"] = dir.path().string();
  auto r = runCli({"-v", "deploy", "--dry-run", "--server", fake.url()}, options);
  INFO(r.out << r.err);
  REQUIRE(r.exitCode == 0);
  auto folder = r.err.find("ignored 'Not A Namespace': not a namespace folder");
  auto files = r.err.find("ignored 'Not A Namespace' in the files folder");
  auto validating = r.err.find("validating 1 flow file(s)");
  auto reading = r.err.find("reading the server's flows");
  REQUIRE(folder != std::string::npos);
  REQUIRE(files != std::string::npos);
  CHECK(folder < validating);
  CHECK(files < reading);
  std::size_t count = 0;  // once each
  for (auto at = r.err.find("not a namespace folder"); at != std::string::npos; at = r.err.find("not a namespace folder", at + 1))
    ++count;
  CHECK(count == 2);
}
