#include <memory>

#include "Commands.h"
#include "runtime/Errors.h"

namespace kcicd::cli {
namespace {

struct Options {
  std::string body;
  std::string signature;
};

}  // namespace

void registerWebhookVerify(CLI::App& webhook, Context& ctx) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = webhook.add_subcommand("verify", "Verify a GitHub or GitLab push webhook and read it");
  cmd->add_option("--body", o->body, "File holding the raw request body")->required();
  cmd->add_option("--signature", o->signature, "X-Hub-Signature-256 (GitHub) or X-Gitlab-Token (GitLab) value");
  cmd->callback([&ctx, o] {
    ctx.commandPath = "webhook verify";
    ctx.action = []() -> int {
      throw CommandError(ExitCode::Failure, "webhook verify is not available in this build yet");
    };
  });
}

}  // namespace kcicd::cli
