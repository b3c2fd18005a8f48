#pragma once
// Servers for the Kestra API tests: the behavioural fake (tests/fake-kestra/server.js, answering as Kestra 1.3 or
// 2.0) and Prism in proxy mode in front of it, checking every request and response against Kestra's OpenAPI spec
// of that version. The specs are Kestra's files and are not in this repository: ContractServer reads them from
// $KCICD_KESTRA_SPECS_DIR (openapi-1.3.0.yaml, openapi-2.0.0-snapshot.yaml) and runs the fake alone when it is unset.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "Process.h"

namespace kcicd::test {

inline const std::string kUser = "admin@example.com";
inline const std::string kPassword = "s3cret-Pa55";
inline const std::string kToken = "tok-0123456789abcdef";

// One fake Kestra on a free port of 127.0.0.1, stopped when destroyed. `extraArgs` are server.js options, e.g.
// {"--kestra", "1.3"} (the default is 2.0), {"--tenant", "acme"}, {"--legacy"}, {"--fault", "hang:-1:POST"}.
class FakeKestra {
 public:
  explicit FakeKestra(const std::vector<std::string>& extraArgs = {});
  std::string url() const;
  int port() const { return port_; }
  const std::string& version() const { return version_; }  // "1.3" or "2.0": the line the fake answers as

  // Test-only control endpoints of the fake.
  nlohmann::json flows();     // {tenant: {namespace: [{id, revision, source}]}} (live flows)
  // {tenant: {namespace: {id: {revision, source, deleted, revisions: [{revision, source, deleted}]}}}}: every flow
  // ever written with every stored revision, to compare the server before and after a command.
  nlohmann::json state();
  nlohmann::json requests();  // [{method, path, query, contentType, authorization, headers, bodyRead, partFilename}]
  // Namespace files: path → bytes of every file (folders left out) of `ns` in `tenant`.
  std::map<std::string, std::string> files(const std::string& ns, const std::string& tenant = "main");
  // Stores a namespace file directly, as if uploaded in Kestra's UI.
  void seedFile(const std::string& ns, const std::string& path, const std::string& bytes, const std::string& tenant = "main");
  // Stores a flow directly, as if edited in Kestra's UI (a new revision unless the source is unchanged).
  void seed(const std::string& ns, const std::string& source, const std::string& tenant = "main");
  // The next `count` /api/ requests (-1: all) whose method is in `method` (comma-separated, "" = any) and whose
  // path contains `path` ("" = any) fail with `mode`, after `skip` matching ones pass. Modes: see server.js
  // (error-500, error-422, close-after-write, unavailable, hang, close-mid-response, ...); "none" clears.
  void setFault(const std::string& mode, int count = -1, const std::string& method = "", int skip = 0,
                const std::string& path = "");
  void reset();

 private:
  nlohmann::json call(const std::string& method, const std::string& path, const std::string& body = "");
  int port_;
  std::string scheme_;
  std::string version_ = "2.0";
  TempDir logDir_;
  BackgroundProcess process_;
};

// The fake behind Prism, started once per test run and version (Prism needs seconds to load the spec). Without
// $KCICD_KESTRA_SPECS_DIR there is no Prism: url() is the fake's and newViolations() is always empty.
class ContractServer {
 public:
  static ContractServer& instance(const std::string& version = "2.0");
  std::string url() const;  // Prism's URL (or the fake's without a spec): what the binary talks to
  FakeKestra& fake() { return *fake_; }
  // Whether Prism checks the traffic; tests print "skipped: KCICD_KESTRA_SPECS_DIR unset" when it does not.
  bool checksSpec() const { return checksSpec_; }
  // Prism's log lines about violations since the last call (request or response not matching the spec).
  std::vector<std::string> newViolations();

 private:
  explicit ContractServer(const std::string& version);
  std::unique_ptr<FakeKestra> fake_;
  bool checksSpec_ = false;
  int port_ = 0;
  TempDir dir_;
  BackgroundProcess prism_;
  std::size_t logOffset_ = 0;
};

// Options for runCli: no frames, no Kestra or proxy variables from the outer environment.
// A fake Kestra on HTTPS with a fresh self-signed certificate for `subjectAltName` (127.0.0.1 by default).
struct HttpsFake {
  TempDir dir;
  std::unique_ptr<FakeKestra> fake;
  explicit HttpsFake(const std::string& subjectAltName = "IP:127.0.0.1");
  std::string caCert() const { return (dir / "cert.pem").string(); }
  std::string hostPort() const { return "127.0.0.1:" + std::to_string(fake->port()); }
};

RunOptions cliOptions(std::map<std::string, std::string> env = {});
// The environment with basic-auth credentials for the fake.
std::map<std::string, std::string> basicAuthEnv();

// A directory of flow files: writeFlow(dir, "prod/a.yml", "prod", "a") writes a valid flow.
std::string flowYaml(const std::string& ns, const std::string& id, const std::string& message = "hello");

}  // namespace kcicd::test
