#include "App.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <optional>
#include <sstream>
#include <ostream>
#include <string>
#include <vector>

#include "Commands.h"
#include "runtime/Errors.h"
#include "runtime/PrintableText.h"
#include "runtime/Suggest.h"
#include "runtime/Version.h"

namespace kcicd::cli {
namespace {

bool framesEnabled(const Context& ctx) {
  if (ctx.framesMode == "always") return true;
  if (ctx.framesMode == "never") return false;
  return runsUnderKestra(ctx.env);
}

std::string helpHint(const CLI::App* app) {
  std::string path;
  for (const CLI::App* a = app; a != nullptr && a->get_parent() != nullptr; a = a->get_parent())
    path = a->get_name() + (path.empty() ? "" : " " + path);
  return "Run 'kestra-cicd " + (path.empty() ? "" : path + " ") + "--help' for usage.";
}

// The deepest sub-command that was given on the command line, for usage messages.
const CLI::App* selected(const CLI::App& app) {
  const CLI::App* current = &app;
  for (;;) {
    auto subs = current->get_subcommands();
    if (subs.empty()) return current;
    current = subs.front();
  }
}

// The words of the command line that may name commands: options skipped, with the value of the root's
// --frames, the only option with a value that can come before the command words.
std::vector<std::string> commandWords(int argc, const char* const* argv) {
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) {
    std::string token = argv[i];
    if (token == "--frames") ++i;
    else if (token.rfind("-", 0) != 0) words.push_back(token);
  }
  return words;
}

// CLI11 reports "A subcommand is required" for `kestra-cicd frobnicate`; name the unknown word instead,
// with the commands of that level it may be a typo of. Only group commands (flow, git, …) are walked.
struct UnknownCommand {
  std::string word;
  std::vector<std::string> known;
};
std::optional<UnknownCommand> unknownCommand(const CLI::App& app, const std::vector<std::string>& words) {
  const CLI::App* current = &app;
  for (const std::string& token : words) {
    if (current->get_subcommands({}).empty()) return std::nullopt;
    const CLI::App* next = nullptr;
    std::vector<std::string> known;
    for (const CLI::App* sub : current->get_subcommands({})) {
      known.push_back(sub->get_name());
      if (sub->get_name() == token) next = sub;
    }
    if (next == nullptr) return UnknownCommand{token, known};
    if (next->get_subcommands({}).empty()) return std::nullopt;
    current = next;
  }
  return std::nullopt;
}

// Every flag `where` accepts, its parents' included (--frames, --help…).
std::vector<std::string> flagNames(const CLI::App* where) {
  std::vector<std::string> names;
  for (const CLI::App* a = where; a != nullptr; a = a->get_parent())
    for (const CLI::Option* opt : a->get_options()) {
      for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
      for (const auto& s : opt->get_snames()) names.push_back("-" + s);
    }
  return names;
}

// " (did you mean --local?)" for the first unexpected flag that looks like a typo of a known one.
std::string flagSuggestion(const CLI::ParseError& e, const CLI::App* where) {
  if (!dynamic_cast<const CLI::ExtrasError*>(&e)) return "";
  std::string message = e.what();
  auto colon = message.find(": ");
  std::istringstream extras(colon == std::string::npos ? "" : message.substr(colon + 2));
  const std::vector<std::string> known = flagNames(where);
  for (std::string token; extras >> token;) {
    if (token.rfind("-", 0) != 0) continue;
    if (auto match = closestMatch(token.substr(0, token.find('=')), known))
      return " (did you mean " + *match + "?)";
  }
  return "";
}

// " (did you mean json?)" for a value outside an option's set: CLI11's IsMember says
// "--format: jsn not in {text,json,github}".
std::string valueSuggestion(const CLI::ParseError& e) {
  if (!dynamic_cast<const CLI::ValidationError*>(&e)) return "";
  std::string message = e.what();
  auto in = message.find(" not in {"), close = message.rfind('}');
  auto colon = message.rfind(": ", in);
  if (in == std::string::npos || close == std::string::npos || close < in || colon == std::string::npos) return "";
  std::string value = message.substr(colon + 2, in - colon - 2);
  std::vector<std::string> members;
  std::istringstream set(message.substr(in + 9, close - in - 9));
  for (std::string member; std::getline(set, member, ',');) members.push_back(member);
  auto match = closestMatch(value, members);
  return match ? " (did you mean " + *match + "?)" : "";
}

// "Usage: kestra-cicd flow validate [OPTIONS] path..." rather than CLI11's "Usage: validate …".
class FullNameFormatter : public CLI::Formatter {
 public:
  std::string make_usage(const CLI::App* app, std::string name) const override {
    std::string path;
    for (const CLI::App* a = app; a != nullptr; a = a->get_parent())
      path = a->get_name() + (path.empty() ? "" : " " + path);
    return CLI::Formatter::make_usage(app, name.empty() ? name : path);
  }
};

}  // namespace

int run(int argc, const char* const* argv, const Environment& env, std::ostream& out, std::ostream& err) {
  Context ctx(env, out, err);
  CLI::App app{"kestra-cicd: Git-to-Kestra CI/CD in one native binary (clone, validate, deploy flows).",
               "kestra-cicd"};
  app.set_version_flag("-V,--version", versionString());
  app.require_subcommand(1);
  // Both inherited by every sub-command added below: the full program name in usage lines, and the
  // global options (--frames) accepted after the command words too.
  app.formatter(std::make_shared<FullNameFormatter>());
  app.fallthrough();
  app.add_option("--frames", ctx.framesMode,
                 "Kestra stdout frames (outputs, metrics, logs): auto = when WORKING_DIR is set (Kestra script task)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->envname("KESTRA_CICD_FRAMES")
      ->capture_default_str();
  auto* quiet = app.add_flag("-q,--quiet", ctx.quiet, "Print errors only (JSON output and Kestra frames are kept)");
  app.add_flag("-v,--verbose", ctx.verbose, "Also print each step (cloning, validating, reading the server…)")
      ->excludes(quiet);

  // The command words given (options and --frames' value skipped): only the command they select gets
  // its options built, the others are bare names for help (building all of them was a third of start-up).
  const std::vector<std::string> words = commandWords(argc, argv);
  auto add = [&](CLI::App& parent, const CommandInfo& info, std::vector<std::string> path,
                 void (*registerCommand)(CLI::App&, Context&)) {
    bool selectedHere = words.size() >= path.size() && std::equal(path.begin(), path.end(), words.begin());
    if (selectedHere) registerCommand(parent, ctx);
    else parent.add_subcommand(info.name, info.description);
  };

  CLI::App* flow = app.add_subcommand("flow", "Validate flows and update namespaces (mirrors `kestra flow`)");
  flow->require_subcommand(1);
  add(*flow, kFlowValidate, {"flow", "validate"}, registerFlowValidate);
  add(*flow, kFlowRevisions, {"flow", "revisions"}, registerFlowRevisions);
  add(*flow, kFlowRollback, {"flow", "rollback"}, registerFlowRollback);
  CLI::App* flowNamespace = flow->add_subcommand("namespace", "Namespace-wide flow operations");
  flowNamespace->require_subcommand(1);
  add(*flowNamespace, kFlowNamespaceUpdate, {"flow", "namespace", "update"}, registerFlowNamespaceUpdate);

  CLI::App* ns = app.add_subcommand("namespace", "Namespace operations (mirrors `kestra namespace`)");
  ns->require_subcommand(1);
  CLI::App* nsFiles = ns->add_subcommand("files", "Namespace files");
  nsFiles->require_subcommand(1);
  add(*nsFiles, kNamespaceFilesUpdate, {"namespace", "files", "update"}, registerNamespaceFilesUpdate);

  CLI::App* git = app.add_subcommand("git", "Git operations");
  git->require_subcommand(1);
  add(*git, kGitClone, {"git", "clone"}, registerGitClone);

  add(app, kDeploy, {"deploy"}, registerDeploy);

  CLI::App* webhook = app.add_subcommand("webhook", "Git webhook payloads");
  webhook->require_subcommand(1);
  add(*webhook, kWebhookVerify, {"webhook", "verify"}, registerWebhookVerify);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << selected(app)->help();
    return toInt(ExitCode::Ok);
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return toInt(ExitCode::Ok);
  } catch (const CLI::CallForVersion&) {
    out << versionString() << '\n';
    return toInt(ExitCode::Ok);
  } catch (const CLI::ParseError& e) {
    // One line naming the problem (and the likely typo), then where the help is: not the whole help.
    const CLI::App* where = selected(app);
    std::string message = e.what() + flagSuggestion(e, where) + valueSuggestion(e);
    if (auto unknown = unknownCommand(app, words)) {
      message = "unknown command '" + unknown->word + "'";
      if (auto match = closestMatch(unknown->word, unknown->known)) message += " (did you mean " + *match + "?)";
    }
    // Before the Console exists: the message quotes the command line, so it is escaped like any message.
    err << "error: " << printableLine(ctx.masker.mask(message)) << '\n' << helpHint(where) << '\n';
    return toInt(ExitCode::Usage);
  }

  ctx.console = std::make_unique<Console>(out, err, ctx.masker, framesEnabled(ctx));
  ctx.console->setVerbosity(ctx.quiet     ? Console::Verbosity::Quiet
                            : ctx.verbose ? Console::Verbosity::Verbose
                                          : Console::Verbosity::Normal);
  ctx.secrets.onWarning([&ctx](const std::string& message) { ctx.console->log(LogLevel::Warn, message); });
  ctx.secrets.preload();
  if (!ctx.action) {
    err << app.help() << "error: no command given\n";
    return toInt(ExitCode::Usage);
  }
  try {
    return ctx.action();
  } catch (const CommandError& e) {
    ctx.console->err(std::string("error: ") + e.what());
    if (e.code() == ExitCode::Usage) ctx.console->err(helpHint(selected(app)));
    return toInt(e.code());
  } catch (const std::exception& e) {
    ctx.console->err(std::string("error: ") + e.what());
    return toInt(ExitCode::Failure);
  }
}

}  // namespace kcicd::cli
