#pragma once
// Servers for the Kestra API tests: the behavioural fake (tests/fake-kestra/server.js) and Prism in proxy
// mode in front of it, checking every request and response against Kestra's OpenAPI 1.3.0 spec.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "Process.h"

namespace kcicd::test {

inline const std::string kUser = "admin@example.com";
inline const std::string kPassword = "s3cret-Pa55";
inline const std::string kToken = "tok-0123456789abcdef";

// One fake Kestra on a free port of 127.0.0.1, stopped when destroyed.
class FakeKestra {
 public:
  explicit FakeKestra(const std::vector<std::string>& extraArgs = {});
  std::string url() const;
  int port() const { return port_; }

  // Test-only control endpoints of the fake.
  nlohmann::json flows();     // {tenant: {namespace: [{id, revision, source}]}}
  nlohmann::json requests();  // [{method, path, query, contentType, authorization}]
  // The next `count` /api/ requests (-1: all) with `method` ("" = any) fail with `mode`, after `skip` pass.
  void setFault(const std::string& mode, int count = -1, const std::string& method = "", int skip = 0);
  void reset();

 private:
  nlohmann::json call(const std::string& method, const std::string& path, const std::string& body = "");
  int port_;
  std::string scheme_;
  TempDir logDir_;
  BackgroundProcess process_;
};

// The fake behind Prism, started once per test run (Prism needs seconds to load the 773 KB spec).
class ContractServer {
 public:
  static ContractServer& instance();
  std::string url() const;  // Prism's URL: what the binary talks to
  FakeKestra& fake() { return *fake_; }
  // Prism's log lines about violations since the last call (request or response not matching the spec).
  std::vector<std::string> newViolations();

 private:
  ContractServer();
  std::unique_ptr<FakeKestra> fake_;
  int port_;
  TempDir dir_;
  BackgroundProcess prism_;
  std::size_t logOffset_ = 0;
};

// Options for runCli: no frames, no Kestra or proxy variables from the outer environment.
RunOptions cliOptions(std::map<std::string, std::string> env = {});
// The environment with basic-auth credentials for the fake.
std::map<std::string, std::string> basicAuthEnv();

// A directory of flow files: writeFlow(dir, "prod/a.yml", "prod", "a") writes a valid flow.
std::string flowYaml(const std::string& ns, const std::string& id, const std::string& message = "hello");

}  // namespace kcicd::test
