#pragma once
#include <CLI/CLI.hpp>

#include "Context.h"

namespace kcicd::cli {

// One registration function per command; each lives in its own file.
void registerFlowValidate(CLI::App& flow, Context& ctx);
void registerFlowNamespaceUpdate(CLI::App& flowNamespace, Context& ctx);
void registerGitClone(CLI::App& git, Context& ctx);
void registerDeploy(CLI::App& app, Context& ctx);
void registerWebhookVerify(CLI::App& webhook, Context& ctx);

}  // namespace kcicd::cli
