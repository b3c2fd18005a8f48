// `flow validate <path>...` against a server: POST /api/v1/{tenant}/flows/validate (cli-and-api.md §1.3/1.4).
#include <chrono>

#include "FlowReport.h"
#include "FlowValidate.h"
#include "KestraClientConfig.h"
#include "KestraOutput.h"
#include "flow/FlowFiles.h"
#include "flow/YamlDocuments.h"
#include "kestra/Errors.h"
#include "kestra/FlowDocuments.h"
#include "kestra/KestraClient.h"

namespace kcicd::cli {

namespace {

// One server result in the document model `flow validate --local --format json` uses (docs/report-schema.json):
// the server's constraints text is one error at the document's first line; its warnings and infos are messages.
Json documentJson(const kestra::ValidateConstraintViolation& v, const std::string& file, std::size_t document,
                  std::size_t line) {
  auto messages = [](const std::vector<std::string>& texts) {
    Json out = Json::array();
    for (const auto& t : texts) out.push_back({{"message", t}});
    return out;
  };
  Json errors = Json::array();
  if (!v.valid())
    errors.push_back({{"message", *v.constraints}, {"path", ""}, {"pointer", ""}, {"line", line}, {"col", 1}});
  return {{"file", file},
          {"document", document},
          {"line", line},
          {"col", 1},
          {"namespace", v.ns ? Json(*v.ns) : Json(nullptr)},
          {"id", v.flow ? Json(*v.flow) : Json(nullptr)},
          {"valid", v.valid()},
          {"errors", errors},
          {"warnings", messages(v.warnings)},
          {"infos", messages(v.infos)},
          {"uncheckedTypes", Json::array()},
          {"deprecationPaths", v.deprecationPaths},
          {"outdated", v.outdated}};
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
  std::vector<kestra::ValidateConstraintViolation> violations;
  try {
    violations = client.validateFlows(sources);
  } catch (const kestra::HttpError& e) {
    if (e.status() != 422) throw;
    ctx.console->err("\tUnable to parse flows due to the following error:");
    ctx.console->err("\t- " + e.apiError().summary());
    throw CommandError(ExitCode::Failure, e.what());
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  auto owners = kestra::documentOwners(sources);
  std::vector<std::vector<flow::DocumentText>> documents;  // where each result's document starts in its file
  for (const auto& source : sources) documents.push_back(flow::splitYamlDocuments(source));
  std::vector<std::size_t> seen(sources.size(), 0);
  Json results = Json::array();
  std::size_t invalid = 0, warnings = 0;
  for (const auto& v : violations) {
    bool owned = v.index >= 0 && static_cast<std::size_t>(v.index) < owners.size();
    std::size_t owner = owned ? owners[static_cast<std::size_t>(v.index)] : 0;
    std::string file = owned ? files[owner].string() : v.filename.value_or("");
    std::size_t document = owned ? seen[owner]++ : 0;
    std::size_t line = owned && document < documents[owner].size() ? documents[owner][document].line : 1;
    results.push_back(documentJson(v, file, document, line));
    warnings += v.warnings.size();
    if (!v.valid()) ++invalid;
    if (format == OutputFormat::Text && v.valid()) ctx.console->outLine("✓ - " + v.identity());
    if (format != OutputFormat::Json) printInvalidResults(ctx, format, Json::array({results.back()}));
  }
  std::size_t valid = violations.size() - invalid;
  Json summary{{"files", files.size()}, {"documents", violations.size()}, {"valid", valid}, {"invalid", invalid},
               {"warnings", warnings}, {"uncheckedTypes", 0}};
  if (format == OutputFormat::Json) ctx.console->json({{"documents", results}, {"summary", summary}});
  if (format == OutputFormat::Github) ctx.console->workflowCommand(githubSummary(summary));
  if (format == OutputFormat::Text) ctx.console->summary(summaryText(summary));
  ctx.console->outputs(summary);
  ctx.console->counter("flows.valid", static_cast<double>(valid));
  ctx.console->counter("flows.invalid", static_cast<double>(invalid));
  ctx.console->timer("flows.validate.duration", seconds);
  return toInt(invalid ? ExitCode::Failure : ExitCode::Ok);
}

}  // namespace kcicd::cli
