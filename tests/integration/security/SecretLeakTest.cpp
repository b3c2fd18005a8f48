// Secret-leak sweep: every command, on its success and failure paths, with known secrets in the
// environment (as NAME and as Kestra's SECRET_NAME base64), must never print a secret nor its base64
// form — not in stdout, stderr or Kestra frames.
#include <catch2/catch_test_macros.hpp>
#include <map>
#include <string>
#include <vector>

#include "Process.h"
#include "runtime/Base64.h"

using namespace kcicd::test;

namespace {

const std::map<std::string, std::string> kSecrets{
    {"KESTRA_API_TOKEN", "tok-7f3c9a1e5b2d4c6e8a0f"},
    {"KESTRA_PASSWORD", "Pw-kestra-91c2e7d4"},
    {"GIT_PASSWORD", "ghp_leakcheck0123456789abcdef"},
    {"GIT_SSH_PASSPHRASE", "passphrase-5e6f7a8b"},
    {"WEBHOOK_SECRET", "hook-secret-2b4d6f8a"},
};
const std::string kUser = "admin@kestra.io";

std::vector<std::string> forbidden() {
  std::vector<std::string> out;
  for (const auto& [name, value] : kSecrets) {
    out.push_back(value);
    out.push_back(kcicd::base64::encode(value));
  }
  out.push_back(kcicd::base64::encode(kUser + ":" + kSecrets.at("KESTRA_PASSWORD")));
  return out;
}

// The environment of one run: secrets given directly, or base64 in SECRET_ variables; frames on or off.
RunOptions environment(bool viaSecretPrefix, bool underKestra, const TempDir& dir) {
  RunOptions o;
  o.cwd = dir.path();
  o.unsetEnv = {"KESTRA_SERVER", "KESTRA_TENANT", "KESTRA_USER", "WORKING_DIR", "KESTRA_CICD_FRAMES"};
  for (const auto& [name, value] : kSecrets) {
    if (viaSecretPrefix) o.env["SECRET_" + name] = kcicd::base64::encode(value) + "\n";
    else o.env[name] = value;
  }
  o.env["KESTRA_USER"] = kUser;
  if (underKestra) o.env["WORKING_DIR"] = dir.path().string();
  o.timeout = std::chrono::seconds(60);
  return o;
}

void checkNoLeak(const std::string& what, const ProcessResult& r) {
  INFO(what << "\nexit " << r.exitCode << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
  CHECK_FALSE(r.timedOut);
  for (const auto& secret : forbidden()) {
    CHECK(r.out.find(secret) == std::string::npos);
    CHECK(r.err.find(secret) == std::string::npos);
  }
}

struct FakeKestra {
  int port = freePort();
  BackgroundProcess process;
  explicit FakeKestra(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv{"node", KCICD_SOURCE_DIR "/tests/fake-kestra/server.js", "--port",
                                  std::to_string(port), "--user", kUser + ":" + kSecrets.at("KESTRA_PASSWORD")};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process = BackgroundProcess(argv);
    REQUIRE(waitForPort(port));
  }
  std::string url(const std::string& scheme = "http") const { return scheme + "://127.0.0.1:" + std::to_string(port); }
};

const char* kValidFlow = "id: hello\nnamespace: prod\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n";
const char* kInvalidFlow = "id: bad flow\nnamespace: prod\ntasks: []\n";

}  // namespace

TEST_CASE("no command prints a secret, on success or failure", "[security]") {
  TempDir dir;
  writeFile(dir / "flows/prod/hello.yml", kValidFlow);
  writeFile(dir / "invalid/prod/bad.yml", kInvalidFlow);
  // A flow that carries a secret where Kestra's error text quotes it ("offending label: k=v"): here only
  // the masker stands between the secret and the output.
  writeFile(dir / "echo/prod/leak.yml", std::string(kValidFlow) + "labels:\n  system.token: " + kSecrets.at("GIT_PASSWORD") + "\n");
  // A GitHub push body and a signature made with another secret.
  writeFile(dir / "push.json", R"({"ref":"refs/heads/main","after":"0123456789abcdef0123456789abcdef01234567",)"
                               R"("repository":{"clone_url":"https://github.com/o/r.git"},"commits":[]})");
  int closed = freePort();
  std::string closedUrl = "http://127.0.0.1:" + std::to_string(closed);

  FakeKestra fake;
  // An HTTPS fake with a self-signed certificate nobody trusts: a TLS failure.
  REQUIRE(run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
               "-keyout", (dir / "key.pem").string(), "-out", (dir / "cert.pem").string()})
              .exitCode == 0);
  FakeKestra tls({"--cert", (dir / "cert.pem").string(), "--key", (dir / "key.pem").string()});

  const std::vector<std::pair<std::string, std::vector<std::string>>> commands{
      {"local validate, invalid flow", {"flow", "validate", "--local", "invalid"}},
      {"local validate, a secret quoted by the error", {"flow", "validate", "--local", "echo"}},
      {"local validate json, a secret quoted by the error", {"flow", "validate", "--local", "echo", "--format", "json"}},
      {"deploy, a secret quoted by the error", {"deploy", "--flows-dir", "echo", "--server", fake.url()}},
      {"server validate, ok", {"flow", "validate", "flows", "--server", fake.url()}},
      {"server validate, token and 401",
       {"flow", "validate", "flows", "--server", fake.url(), "--api-token", "wrong-token-value"}},
      {"server validate, wrong --user password",
       {"flow", "validate", "flows", "--server", fake.url(), "--user", kUser + ":" + kSecrets.at("GIT_PASSWORD")}},
      {"server validate, connection refused", {"flow", "validate", "flows", "--server", closedUrl}},
      {"server validate, TLS failure", {"flow", "validate", "flows", "--server", tls.url("https")}},
      {"server validate, credentials in the server URL",
       {"flow", "validate", "flows", "--server",
        "http://" + kUser + ":" + kSecrets.at("KESTRA_PASSWORD") + "@127.0.0.1:" + std::to_string(closed)}},
      {"namespace update, ok", {"flow", "namespace", "update", "prod", "flows/prod", "--server", fake.url()}},
      {"namespace update, dry run", {"flow", "namespace", "update", "prod", "flows/prod", "--dry-run", "--server", fake.url()}},
      {"git clone, credentials in the URL",
       {"git", "clone", "https://x-access-token:" + kSecrets.at("GIT_PASSWORD") + "@127.0.0.1:" + std::to_string(closed) + "/r.git",
        "--directory", "r1"}},
      {"git clone, password from env", {"git", "clone", closedUrl + "/r.git", "--directory", "r2"}},
      {"webhook verify, bad signature", {"webhook", "verify", "--body", "push.json", "--signature", "sha256=" + std::string(64, '0')}},
      {"webhook verify, secret as signature",
       {"webhook", "verify", "--body", "push.json", "--signature", "sha256=" + kSecrets.at("WEBHOOK_SECRET")}},
      {"deploy, bad signature",
       {"deploy", "--repo", "https://github.com/o/r.git", "--webhook-body", "push.json", "--webhook-signature", "sha256=00",
        "--server", fake.url()}},
      {"deploy, dry run", {"deploy", "--dry-run", "--server", fake.url()}},
      {"deploy, invalid flow", {"deploy", "--flows-dir", "invalid", "--server", fake.url()}},
  };
  for (bool viaSecretPrefix : {false, true}) {
    for (bool underKestra : {false, true}) {
      for (const auto& [what, args] : commands) {
        auto r = runCli(args, environment(viaSecretPrefix, underKestra, dir));
        checkNoLeak(what + (viaSecretPrefix ? " [SECRET_]" : "") + (underKestra ? " [frames]" : ""), r);
      }
    }
  }
}
