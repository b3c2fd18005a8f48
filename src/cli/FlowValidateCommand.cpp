#include <memory>

#include "Commands.h"
#include "FlowValidate.h"
#include "SizeOption.h"

namespace kcicd::cli {

namespace {

// A count limit of 0 would refuse everything: say so, rather than CLI11's range of doubles.
CLI::Validator atLeastOne() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        return value.find_first_not_of('0') == std::string::npos ? "must be at least 1" : "";
      },
      "POSITIVE");
}

}  // namespace

void registerFlowValidate(CLI::App& flow, Context& ctx) {
  auto o = std::make_shared<FlowValidateOptions>();
  CLI::App* cmd = flow.add_subcommand(kFlowValidate.name, kFlowValidate.description);
  cmd->add_option("path", o->paths, "Flow files or directories (walked recursively for *.yml, *.yaml)")
      ->required();
  cmd->add_flag("--local", o->local, "Validate offline, without a server");
  cmd->add_option("--format", o->format, "Output format: text, json or github")
      ->check(CLI::IsMember({"text", "json", "github"}))
      ->capture_default_str();
  cmd->add_option("--plugin-schema", o->pluginSchema,
                  "JSON Schema from GET /api/v1/plugins/schemas/flow to check every task and trigger (--local)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--plugin-schema-from", o->pluginSchemaFrom,
                  "Server URL whose plugin schema to check with (--local): fetched once per Kestra version into a "
                  "cache file ($KESTRA_CICD_CACHE_DIR, else ~/.cache/kestra-cicd), reused when the server is down")
      ->excludes("--plugin-schema");
  cmd->add_option("--kestra-version", o->kestraVersion, "Kestra version whose rules apply (--local): 2.0, 1.3 or 0.21")
      ->check(CLI::IsMember({"2.0", "2.x", "1.3", "1.x", "0.21", "0.x"}))
      ->capture_default_str();
  addSizeOption(*cmd, "--max-file-size", o->maxFileSize, "Largest flow file read, e.g. 10MiB");
  cmd->add_option("--max-depth", o->maxDepth,
                  "Deepest YAML nesting accepted (--local); yaml-cpp itself stops at about 600 levels")
      ->check(CLI::Range(1u, 1000u))
      ->capture_default_str();
  cmd->add_option("--max-alias-nodes", o->maxAliasNodes,
                  "Most YAML nodes reachable through aliases per file, against alias bombs (--local)")
      ->capture_default_str();
  cmd->add_option("--max-files", o->maxFiles, "Most flow files collected")->capture_default_str();
  cmd->add_option("--max-diagnostics", o->maxDiagnostics,
                  "Most errors, warnings and notices listed per file, then one '… and N more' (--local)")
      ->check(atLeastOne())
      ->capture_default_str();
  cmd->add_option("--max-yaml-nodes", o->maxYamlNodes,
                  "Most YAML nodes loaded by the whole run, over all files (--local)")
      ->check(atLeastOne())
      ->capture_default_str();
  addSizeOption(*cmd, "--max-total-size", o->maxTotalSize, "Most flow bytes loaded by the whole run, e.g. 64MiB (--local)");
  addSizeOption(*cmd, "--max-output-size", o->maxOutputSize,
                "Most bytes of findings printed, then one line counting the rest, e.g. 4MiB (--local)");
  cmd->add_option("--threads", o->threads, "Validation threads (--local); 0 = one per core when there are many files")
      ->check(CLI::Range(0u, 256u))
      ->capture_default_str();
  addApiOptions(*cmd, o->api);
  cmd->callback([&ctx, o] {
    ctx.commandPath = "flow validate";
    ctx.action = [&ctx, o] { return o->local ? runLocalValidate(ctx, *o) : runServerValidate(ctx, *o); };
  });
}

}  // namespace kcicd::cli
