// Resource limits on untrusted input, each hit with a small configured value (and at its default where that is
// cheap): a clear one-line error naming the flag to raise, the documented exit code, and bounded memory (the
// child's peak RSS from wait4, against the peak RSS of `kestra-cicd --version`). The flow file size, nesting
// depth and alias limits are in tests/integration/flow/LocalValidateTest.cpp; the number of files, the API
// answer and the webhook body here.
#include <catch2/catch_test_macros.hpp>

#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

#include "KestraServers.h"
#include "PeakMemory.h"
#include "Process.h"
#include "webhook/Signature.h"

using namespace kcicd::test;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Exactly one error line: it holds `message` and names `flag`.
void checkError(const ProcessResult& r, int exitCode, const std::string& message, const std::string& flag) {
  INFO("exit " << r.exitCode << "\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exitCode == exitCode);
  auto start = r.err.find("error: ");
  REQUIRE(start != std::string::npos);
  CHECK(r.err.find("error: ", start + 1) == std::string::npos);
  std::string line = r.err.substr(start, r.err.find('\n', start) - start);
  CHECK(has(line, message));
  CHECK(has(line, flag));
}

// A file of `bytes` zero bytes, sparse: no memory or disk used to make it.
void sparseFile(const std::filesystem::path& path, off_t bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::ftruncate(fd, bytes) == 0);
  ::close(fd);
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

const std::string kSecret = "whsec-limit-5c1d";

RunOptions webhookEnv(const TempDir& dir) {
  RunOptions options = cliOptions({{"WEBHOOK_SECRET", kSecret}});
  options.unsetEnv.push_back("WEBHOOK_SIGNATURE");
  options.cwd = dir.path();
  return options;
}

}  // namespace

TEST_CASE("max files: more flow files than --max-files are refused", "[security][limits]") {
  TempDir dir;
  for (int i = 0; i < 3000; ++i) writeFile(dir / ("ns/f" + std::to_string(i) + ".yml"), flowYaml("ns", "f"));
  auto r = runCli({"flow", "validate", (dir / "ns").string(), "--local", "--max-files", "100"}, cliOptions());
  checkError(r, 2, "more than 100 flow files (limit: --max-files)", "--max-files");
  checkBoundedMemory(r, 16);

  auto within = runCli({"flow", "validate", (dir / "ns/f1.yml").string(), "--local", "--max-files", "1"}, cliOptions());
  CHECK(within.exitCode == 0);
}

TEST_CASE("file size: --max-file-size also bounds the flows sent to a server", "[security][limits]") {
  TempDir dir;
  writeFile(dir / "flows/prod/a.yml", flowYaml("prod", "a"));
  sparseFile(dir / "flows/prod/big.yml", 200L * 1024 * 1024);
  FakeKestra fake;
  RunOptions options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  const std::string big = (dir / "flows/prod/big.yml").string();
  for (const auto& command : std::vector<std::vector<std::string>>{
           {"flow", "validate", (dir / "flows/prod").string(), "--server", fake.url()},
           {"flow", "namespace", "update", "prod", (dir / "flows/prod").string(), "--server", fake.url()}}) {
    auto r = runCli(command, options);  // the default, 10 MiB
    checkError(r, 2, "flow file '" + big + "': file too large (209715200 bytes; the limit is 10485760 bytes",
               "--max-file-size");
    checkBoundedMemory(r, 16);
  }
  // deploy reports it with the other problems and writes nothing.
  auto r = runCli({"deploy", "--server", fake.url(), "--max-file-size", "1KiB"}, options);
  INFO(r.out << r.err);
  CHECK(r.exitCode == 1);
  CHECK(has(r.out + r.err, "flows/prod/big.yml"));
  CHECK(has(r.out + r.err, "the limit is 1024 bytes, --max-file-size"));
  checkBoundedMemory(r, 16);
  CHECK_FALSE(has(fake.flows().dump(), "prod"));  // no namespace was written

  // Within the limit, the same files minus the big one go through.
  std::filesystem::remove(big);
  auto ok = runCli({"flow", "namespace", "update", "prod", (dir / "flows/prod").string(), "--server", fake.url(),
                    "--max-file-size", "1KiB"},
                   options);
  INFO(ok.err);
  CHECK(ok.exitCode == 0);
}

TEST_CASE("response size: a huge Kestra API answer is refused while it is read (--max-response-size)", "[security][limits]") {
  TempDir dir;
  writeFile(dir / "flows/prod/a.yml", flowYaml("prod", "a"));
  FakeKestra fake({"--fault", "huge-chunked"});  // 200 MiB without Content-Length: only reading tells its size
  const std::vector<std::vector<std::string>> commands{
      {"flow", "validate", (dir / "flows/prod").string(), "--server", fake.url()},
      {"flow", "namespace", "update", "prod", (dir / "flows/prod").string(), "--server", fake.url()},
      {"deploy", "--server", fake.url()},
  };
  RunOptions options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  for (const auto& command : commands) {
    auto r = runCli(with(command, {"--max-response-size", "1MiB"}), options);
    checkError(r, 3, "is larger than 1 MiB; refused (raise --max-response-size)", "--max-response-size");
    checkBoundedMemory(r, 24);
  }

  // The default limit: the 200 MiB are read up to 64 MiB, which is all the memory they cost.
  auto atDefault = runCli(commands[0], options);
  checkError(atDefault, 3, "is larger than 64 MiB; refused (raise --max-response-size)", "--max-response-size");
  checkBoundedMemory(atDefault, 64 + 12);

  // With Content-Length, the default 64 MiB limit refuses an 80 MiB answer before reading it.
  FakeKestra announced({"--fault", "huge-body"});
  auto r = runCli({"flow", "validate", (dir / "flows/prod").string(), "--server", announced.url()}, options);
  checkError(r, 3, "is larger than 64 MiB; refused (raise --max-response-size)", "--max-response-size");
  checkBoundedMemory(r, 24);

  // A small limit that the answer fits in.
  FakeKestra normal;
  auto ok = runCli({"flow", "validate", (dir / "flows/prod").string(), "--server", normal.url(),
                    "--max-response-size", "16KiB"},
                   options);
  INFO(ok.err);
  CHECK(ok.exitCode == 0);
}

TEST_CASE("body size: a huge webhook body is refused before it is buffered (--max-body-size)", "[security][limits]") {
  TempDir dir;
  RunOptions options = webhookEnv(dir);
  sparseFile(dir / "big.json", 200L * 1024 * 1024);

  SECTION("webhook verify, a file: refused on its size") {
    auto r = runCli({"webhook", "verify", "--body", "big.json", "--signature", "sha256=00", "--max-body-size", "1MiB"},
                    options);
    checkError(r, 2, "--body big.json: larger than 1 MiB; refused (raise --max-body-size", "--max-body-size");
    checkBoundedMemory(r, 16);

    auto byDefault = runCli({"webhook", "verify", "--body", "big.json", "--signature", "sha256=00"}, options);
    checkError(byDefault, 2, "--body big.json: larger than 25 MiB; refused", "--max-body-size");
    checkBoundedMemory(byDefault, 16);
  }
  SECTION("webhook verify, stdin: refused while reading") {
    // Through a shell pipe, so the 200 MB never pass through this test process.
    auto r = run({"sh", "-c",
                  "head -c 209715200 /dev/zero | '" + std::string(KCICD_BINARY) +
                      "' webhook verify --body - --signature sha256=00 --max-body-size 1MiB"},
                 options);
    checkError(r, 2, "--body -: larger than 1 MiB; refused (raise --max-body-size", "--max-body-size");
    checkBoundedMemory(r, 16);

    auto byDefault = run({"sh", "-c",
                          "head -c 209715200 /dev/zero | '" + std::string(KCICD_BINARY) +
                              "' webhook verify --body - --signature sha256=00"},
                         options);
    checkError(byDefault, 2, "--body -: larger than 25 MiB; refused (raise --max-body-size", "--max-body-size");
    checkBoundedMemory(byDefault, 25 + 12);
  }
  SECTION("deploy --webhook-body") {
    auto r = runCli({"deploy", "--webhook-body", "big.json", "--webhook-signature", "sha256=00", "--max-body-size",
                     "64KiB", "--server", "http://127.0.0.1:9"},
                    options);
    checkError(r, 2, "--webhook-body big.json: larger than 64 KiB; refused (raise --max-body-size", "--max-body-size");
    checkBoundedMemory(r, 16);
  }
  SECTION("a body of exactly the limit is read, one byte more is refused") {
    const std::string body = readFile(std::string(KCICD_SOURCE_DIR) + "/tests/data/webhook/github-push.json");
    writeFile(dir / "push.json", body);
    const std::string signature = kcicd::webhook::githubSignature(body, kSecret);
    auto exact = runCli({"webhook", "verify", "--body", "push.json", "--signature", signature, "--max-body-size",
                         std::to_string(body.size())},
                        options);
    INFO(exact.err);
    CHECK(exact.exitCode == 0);
    RunOptions piped = options;
    piped.stdinData = body;
    auto fromStdin = runCli({"webhook", "verify", "--body", "-", "--signature", signature, "--max-body-size",
                             std::to_string(body.size())},
                            piped);
    CHECK(fromStdin.exitCode == 0);
    auto under = runCli({"webhook", "verify", "--body", "push.json", "--signature", signature, "--max-body-size",
                         std::to_string(body.size() - 1)},
                        options);
    checkError(under, 2, "larger than " + std::to_string(body.size() - 1) + " bytes", "--max-body-size");
  }
}

TEST_CASE("a size limit of 0 or one that is no size is a usage error naming the flag", "[security][limits]") {
  TempDir dir;
  writeFile(dir / "a.yml", flowYaml("prod", "a"));
  const std::vector<std::vector<std::string>> commands{
      {"webhook", "verify", "--body", "a.yml", "--max-body-size"},
      {"deploy", "--max-body-size"},
      {"flow", "validate", "a.yml", "--local", "--max-file-size"},
      {"flow", "validate", "a.yml", "--max-response-size"},
      {"flow", "namespace", "update", "prod", "a.yml", "--max-response-size"},
      {"deploy", "--max-response-size"},
      {"git", "clone", "https://git.invalid/flows.git", "--max-clone-size"},
      {"deploy", "--max-clone-size"},
  };
  for (const auto& command : commands) {
    const std::string flag = command.back();
    for (const std::string value : {"0", "0MiB", "lots", "-5", "1.5MiB", "10x"}) {
      auto r = runCli(with(command, {value}), webhookEnv(dir));
      INFO(flag << " " << value << "\nstderr: " << r.err);
      CHECK(r.exitCode == 2);
      CHECK(r.err.rfind("error: " + flag + ": ", 0) == 0);
      CHECK((has(r.err, "is not a size") || has(r.err, "must be more than 0 bytes")));
    }
  }
}
