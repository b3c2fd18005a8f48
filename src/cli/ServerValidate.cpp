// `flow validate <path>...` against a server: POST /api/v1/{tenant}/flows/validate (cli-and-api.md §1.3/1.4).
#include <chrono>

#include "FlowValidate.h"
#include "KestraClientConfig.h"
#include "KestraOutput.h"
#include "flow/FlowFiles.h"
#include "kestra/Errors.h"
#include "kestra/FlowDocuments.h"
#include "kestra/KestraClient.h"

namespace kcicd::cli {

namespace {

Json toJson(const kestra::ValidateConstraintViolation& v, const std::string& file) {
  Json item{{"file", file}, {"index", v.index}};
  item["flow"] = v.flow ? Json(*v.flow) : Json(nullptr);
  item["namespace"] = v.ns ? Json(*v.ns) : Json(nullptr);
  item["valid"] = v.valid();
  item["constraints"] = v.valid() ? Json(nullptr) : Json(*v.constraints);
  item["warnings"] = v.warnings;
  item["infos"] = v.infos;
  item["deprecationPaths"] = v.deprecationPaths;
  item["outdated"] = v.outdated;
  return item;
}

}  // namespace

int runServerValidate(Context& ctx, const FlowValidateOptions& o) {
  if (!o.pluginSchema.empty() || !o.pluginSchemaFrom.empty())
    throw UsageError(std::string(o.pluginSchema.empty() ? "--plugin-schema-from" : "--plugin-schema") +
                     " checks flows offline: add --local (a server validates every plugin itself)");
  OutputFormat format = parseOutputFormat(o.format);
  std::vector<std::filesystem::path> paths(o.paths.begin(), o.paths.end());
  auto files = flow::collectFlowFiles(paths);
  auto sources = readFlowSources(files, o.maxFileSize);
  kestra::KestraClient client(makeClientConfig(ctx, o.api));

  auto start = std::chrono::steady_clock::now();
  std::vector<kestra::ValidateConstraintViolation> results;
  try {
    results = client.validateFlows(sources);
  } catch (const kestra::HttpError& e) {
    if (e.status() != 422) throw;
    ctx.console->err("\tUnable to parse flows due to the following error:");
    ctx.console->err("\t- " + e.apiError().summary());
    throw CommandError(ExitCode::Failure, e.what());
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  auto owners = kestra::documentOwners(sources);
  Json flows = Json::array();
  int invalid = 0;
  for (const auto& v : results) {
    std::string file = v.index >= 0 && static_cast<std::size_t>(v.index) < owners.size()
                           ? files[owners[static_cast<std::size_t>(v.index)]].string()
                           : v.filename.value_or("");
    flows.push_back(toJson(v, file));
    if (!v.valid()) ++invalid;
    if (format == OutputFormat::Text) {
      if (v.valid()) {
        ctx.console->outLine("✓ - " + v.identity());
      } else {
        ctx.console->err("✘ - " + (file.empty() ? v.identity() : file));
        ctx.console->err("\tUnable to parse flows due to the following error:");
        ctx.console->err("\t- " + *v.constraints);
      }
    } else if (format == OutputFormat::Github && !v.valid()) {
      ctx.console->workflowCommand(githubAnnotation("error", file, v.identity() + ": " + *v.constraints));
    }
  }
  int valid = static_cast<int>(results.size()) - invalid;
  Json summary{{"files", files.size()}, {"valid", valid}, {"invalid", invalid}, {"flows", flows}};
  if (format == OutputFormat::Json) ctx.console->json(summary);
  if (format == OutputFormat::Github)
    ctx.console->workflowCommand(githubAnnotation(invalid ? "error" : "notice", "",
                                      std::to_string(valid) + " valid flow(s), " + std::to_string(invalid) +
                                          " invalid on the server"));
  ctx.console->outputs(summary);
  ctx.console->counter("flows.valid", valid);
  ctx.console->counter("flows.invalid", invalid);
  ctx.console->timer("flows.validate.duration", seconds);
  return toInt(invalid ? ExitCode::Failure : ExitCode::Ok);
}

}  // namespace kcicd::cli
