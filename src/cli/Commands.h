#pragma once
#include <CLI/CLI.hpp>

#include "Context.h"

namespace kcicd::cli {

// A command's word and one-line description: its register function creates the sub-command from it, and
// App.cpp makes a bare sub-command of it (for help and unknown-command messages) when the command line
// selects another command, so only the selected command's options are built.
struct CommandInfo {
  const char* name;
  const char* description;
};
inline constexpr CommandInfo kFlowValidate{"validate", "Validate flow files, offline (--local) or on a Kestra server"};
inline constexpr CommandInfo kFlowNamespaceUpdate{"update", "Create or update every flow of a namespace from files"};
inline constexpr CommandInfo kFlowRevisions{"revisions", "List the stored revisions of a flow"};
inline constexpr CommandInfo kFlowRollback{"rollback", "Put an older revision of a flow back (default: the previous one)"};
inline constexpr CommandInfo kNamespaceFilesUpdate{"update", "Upload a folder to a namespace's files (only what changed)"};
inline constexpr CommandInfo kGitClone{"clone", "Clone a Git repository (like io.kestra.plugin.git.Clone)"};
inline constexpr CommandInfo kDeploy{"deploy", "Clone, validate every flow, then update each namespace"};
inline constexpr CommandInfo kWebhookVerify{"verify", "Verify a GitHub or GitLab push webhook and read it"};

// One registration function per command; each lives in its own file and adds the sub-command named by
// its CommandInfo to `parent`.
void registerFlowValidate(CLI::App& flow, Context& ctx);
void registerFlowNamespaceUpdate(CLI::App& flowNamespace, Context& ctx);
void registerFlowRevisions(CLI::App& flow, Context& ctx);
void registerFlowRollback(CLI::App& flow, Context& ctx);
void registerNamespaceFilesUpdate(CLI::App& namespaceFiles, Context& ctx);
void registerGitClone(CLI::App& git, Context& ctx);
void registerDeploy(CLI::App& app, Context& ctx);
void registerWebhookVerify(CLI::App& webhook, Context& ctx);

}  // namespace kcicd::cli
