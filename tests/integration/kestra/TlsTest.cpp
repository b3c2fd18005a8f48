// TLS to the Kestra server: the certificate and its host name are checked, on loopback addresses too.
#include <catch2/catch_test_macros.hpp>

#include "KestraServers.h"

using namespace kcicd::test;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> validate(const TempDir& work, const HttpsFake& https) {
  return {"flow", "validate", (work / "a.yml").string(), "--server", https.fake->url(), "--ca-cert", https.caCert()};
}
}  // namespace

TEST_CASE("a certificate trusted with --ca-cert but issued for another host name is refused on 127.0.0.1", "[kestra][tls]") {
  TempDir work;
  writeFile(work / "a.yml", flowYaml("prod", "a"));
  HttpsFake rightName;
  auto ok = runCli(validate(work, rightName), cliOptions(basicAuthEnv()));
  CHECK(ok.exitCode == 0);
  CHECK_FALSE(has(ok.err, "warning"));

  HttpsFake otherName("DNS:kestra.example.com,IP:10.0.0.1");
  auto refused = runCli(validate(work, otherName), cliOptions(basicAuthEnv()));
  CHECK(refused.exitCode == 3);
  CHECK(has(refused.err, "TLS connection to " + otherName.fake->url()));
  CHECK(has(refused.err, "checked against --ca-cert"));
}

TEST_CASE("the --insecure flag skips the checks and says so on stderr", "[kestra][tls]") {
  TempDir work;
  writeFile(work / "a.yml", flowYaml("prod", "a"));
  HttpsFake otherName("DNS:kestra.example.com");
  auto r = runCli({"flow", "validate", (work / "a.yml").string(), "--server", otherName.fake->url(), "--insecure"},
                  cliOptions(basicAuthEnv()));
  CHECK(r.exitCode == 0);
  CHECK(has(r.err, "warning: TLS certificate and host name verification is disabled for " + otherName.fake->url() +
                       " (--insecure)"));
}
