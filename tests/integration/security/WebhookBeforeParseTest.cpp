// A webhook body is untrusted until its signature matches: nothing parses it before (finding: 20 MiB of `[`
// with --provider auto took 1.58 GB while detecting the provider from the JSON). And a secret that decodes
// to nothing is refused: an HMAC keyed by an empty secret verifies a body anyone can sign.
#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

#include "KestraServers.h"
#include "PeakMemory.h"
#include "Process.h"
#include "runtime/Base64.h"
#include "webhook/Signature.h"

using namespace kcicd::test;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

RunOptions hookEnv(const TempDir& dir, std::map<std::string, std::string> env) {
  RunOptions options = cliOptions(std::move(env));
  for (const char* name : {"WEBHOOK_SECRET", "SECRET_WEBHOOK_SECRET", "WEBHOOK_SIGNATURE"})
    if (!options.env.count(name)) options.unsetEnv.push_back(name);
  options.cwd = dir.path();
  return options;
}

}  // namespace

TEST_CASE("webhook: an unsigned 20 MiB body of open brackets is rejected on its signature, never parsed", "[security][webhook]") {
  (void)baselineKb();  // measured while this process is small: a forked child starts at its size
  TempDir dir;
  writeFile(dir / "brackets.json", std::string(20u * 1024 * 1024, '['));
  RunOptions options = hookEnv(dir, {{"WEBHOOK_SECRET", "whsec-right-4d1e"}});
  const std::vector<std::vector<std::string>> signatures{{"--signature", "a-wrong-token"},  // → GitLab token
                                                         {"--signature", "sha256=" + std::string(64, '0')},
                                                         {}};  // no signature at all
  for (const auto& signature : signatures) {
    std::vector<std::string> args{"webhook", "verify", "--body", "brackets.json", "--provider", "auto"};
    args.insert(args.end(), signature.begin(), signature.end());
    auto r = runCli(args, options);
    INFO("signature " << (signature.empty() ? "none" : signature[1]) << "\nstderr: " << r.err);
    CHECK(r.exitCode == 1);
    CHECK((has(r.err, "webhook rejected") || has(r.err, "no signature")));
    CHECK_FALSE(has(r.err, "JSON"));
    checkBoundedMemory(r, 20 + 16);  // the body itself, nothing more

    std::vector<std::string> deploy{"deploy", "--webhook-body", "brackets.json", "--server", "http://127.0.0.1:9"};
    if (!signature.empty()) deploy.insert(deploy.end(), {"--webhook-signature", signature[1]});
    auto d = runCli(deploy, options);
    INFO("deploy stderr: " << d.err);
    CHECK(d.exitCode != 0);
    CHECK_FALSE(has(d.err, "JSON"));
    checkBoundedMemory(d, 20 + 16);
  }
}

TEST_CASE("webhook: --provider auto follows the signature's form, not the body", "[security][webhook]") {
  TempDir dir;
  const std::string body = readFile(std::string(KCICD_SOURCE_DIR) + "/tests/data/webhook/gitlab-push.json");
  writeFile(dir / "push.json", body);
  // A GitLab-looking body with a GitHub signature is verified as GitHub.
  const std::string secret = "whsec-form-9a7c";
  auto r = runCli({"webhook", "verify", "--body", "push.json", "--signature",
                   kcicd::webhook::githubSignature(body, secret), "--format", "json"},
                  hookEnv(dir, {{"WEBHOOK_SECRET", secret}}));
  INFO(r.err);
  CHECK(has(r.out + r.err, "github"));
  CHECK_FALSE(has(r.out + r.err, "\"provider\": \"gitlab\""));
}

TEST_CASE("webhook: SECRET_WEBHOOK_SECRET decoding to empty or whitespace is refused, naming it", "[security][webhook]") {
  TempDir dir;
  const std::string body = readFile(std::string(KCICD_SOURCE_DIR) + "/tests/data/webhook/github-push.json");
  writeFile(dir / "push.json", body);
  for (const std::string& blank : {std::string(" "), std::string("\n"), std::string(" \t ")}) {
    const std::string signature = kcicd::webhook::githubSignature(body, blank);  // signed with the blank key
    for (const auto& encoded : {kcicd::base64::encode(blank), std::string("\n")}) {
      RunOptions options = hookEnv(dir, {{"SECRET_WEBHOOK_SECRET", encoded}});
      auto r = runCli({"webhook", "verify", "--body", "push.json", "--signature", signature}, options);
      INFO("SECRET_WEBHOOK_SECRET=" << encoded << "\nstderr: " << r.err);
      CHECK(r.exitCode == 2);
      CHECK(has(r.err, "SECRET_WEBHOOK_SECRET"));
      CHECK(has(r.err, "empty or whitespace-only"));

      auto d = runCli({"deploy", "--webhook-body", "push.json", "--webhook-signature", signature, "--server",
                       "http://127.0.0.1:9"},
                      options);
      INFO("deploy stderr: " << d.err);
      CHECK(d.exitCode == 2);
      CHECK(has(d.err, "SECRET_WEBHOOK_SECRET"));
    }
  }
  auto spaces = runCli({"webhook", "verify", "--body", "push.json", "--signature", kcicd::webhook::githubSignature(body, "  ")},
                       hookEnv(dir, {{"WEBHOOK_SECRET", "  "}}));
  CHECK(spaces.exitCode == 2);
  CHECK(has(spaces.err, "WEBHOOK_SECRET holds only whitespace"));
}
