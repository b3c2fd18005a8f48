// `flow validate <path>... --local`: offline validation with Kestra's rules (flow/FlowValidator.h), rendered
// like the Kestra CLI (text), as one JSON document (json) or as GitHub annotations (github).
//
// Files are validated in parallel when there are many of them; reports are printed in file order.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "FlowReport.h"
#include "FlowValidate.h"
#include "KestraClientConfig.h"
#include "KestraOutput.h"
#include "OutputBudget.h"
#include "flow/FlowFiles.h"
#include "flow/FlowValidator.h"
#include "flow/PluginCatalog.h"
#include "kestra/KestraClient.h"
#include "pipeline/PluginSchemaCache.h"
#include "runtime/Errors.h"

#include "schema/PluginSchema.h"

namespace kcicd::cli {

namespace {

namespace fs = std::filesystem;
using flow::Diagnostic;
using flow::DocumentReport;
using flow::FileReport;

struct Summary {
  std::size_t files = 0, documents = 0, valid = 0, invalid = 0, warnings = 0, infos = 0;
  std::uint64_t omittedDiagnostics = 0;  // left out of a JSON document by --max-output-size
  std::set<std::string> unchecked;
  std::size_t uncheckedFlows = 0;

  Json toJson() const {
    Json j = Json::object();
    j["files"] = files;
    j["documents"] = documents;
    j["valid"] = valid;
    j["invalid"] = invalid;
    j["warnings"] = warnings;
    j["uncheckedTypes"] = unchecked.size();
    if (omittedDiagnostics > 0) j["omittedDiagnostics"] = omittedDiagnostics;
    return j;
  }
};

std::string location(const std::string& file, const flow::Position& at) {
  if (at.line == 0) return file;
  return file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

std::string oneLine(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += " - ";
    else if (c != '\r') out += c;
  }
  return out;
}

class Renderer {
 public:
  Renderer(Console& console, OutputFormat format, flow::KestraVersion version, std::uint64_t maxOutputBytes)
      : console_(console), format_(format), version_(version), budget_(maxOutputBytes) {}

  void begin() {
    if (format_ == OutputFormat::Json)
      console_.jsonText("{\"kestraVersion\":\"" + std::string(flow::toString(version_)) + "\",\"documents\":[");
  }

  void file(const FileReport& report, Summary& summary) {
    ++summary.files;
    for (const auto& d : report.documents) {
      ++summary.documents;
      (d.valid() ? summary.valid : summary.invalid) += 1;
      summary.warnings += d.warnings.size();
      summary.infos += d.infos.size();
      summary.unchecked.insert(d.uncheckedTypes.begin(), d.uncheckedTypes.end());
      if (!d.uncheckedTypes.empty()) ++summary.uncheckedFlows;
      switch (format_) {
        case OutputFormat::Text: text(d); break;
        case OutputFormat::Json: json(d, summary); break;
        case OutputFormat::Github: github(d); break;
      }
    }
  }

  void end(const Summary& summary) {
    if (std::string closing = budget_.closingLine(); !closing.empty() && format_ != OutputFormat::Json)
      console_.err(closing);
    if (format_ == OutputFormat::Text && !summary.unchecked.empty()) out("\u2139 - " + uncheckedText(summary));
    if (format_ == OutputFormat::Github && !summary.unchecked.empty())
      command(githubAnnotation("notice", GithubLocation{{}, 0, 0, "kestra-cicd"}, uncheckedText(summary)));
    if (format_ == OutputFormat::Json) {
      console_.jsonText("],\"summary\":" + summary.toJson().dump() + "}");
    } else if (format_ == OutputFormat::Github) {
      console_.workflowCommand(githubSummary(summary.toJson()));
    } else {
      console_.summary(summaryText(summary.toJson()));
    }
  }

 private:
  std::string name(const DocumentReport& d) const {
    if (d.documents <= 1) return d.file;
    return d.file + " (document " + std::to_string(d.index + 1) + " of " + std::to_string(d.documents) + ")";
  }

  // One line of the listing, printed while --max-output-size allows.
  void out(const std::string& line) {
    if (budget_.take(line.size() + 1)) console_.outLine(line);
  }
  void err(const std::string& line) {
    if (budget_.take(line.size() + 1)) console_.err(line);
  }
  void command(const std::string& line) {
    if (budget_.take(line.size() + 1)) console_.workflowCommand(line);
  }

  void text(const DocumentReport& d) {
    if (d.valid()) {
      out("\u2713 - " + d.identity());
      for (const auto& w : d.warnings) out("\u26a0 - " + oneLine(w.message));
      for (const auto& i : d.infos) out("\u2139 - " + oneLine(i.message));
      return;
    }
    err("\u2718 - " + name(d));
    err("\tUnable to parse flow due to the following error(s):");
    for (const auto& e : d.errors) {
      err("\t- " + oneLine(e.message) + " : " + e.path + " (" + location(d.file, e.position) + ")");
      if (!e.hint.empty()) err("\t  hint: " + oneLine(e.hint));
    }
  }

  // JSON stays one document: past --max-output-size a document is still listed, without its diagnostics.
  void json(const DocumentReport& d, Summary& summary) {
    Json value = documentJson(d);
    if (!budget_.take(value.dump().size() + 1)) {
      std::uint64_t left = d.errors.size() + d.warnings.size() + d.infos.size();
      for (const char* key : {"errors", "warnings", "infos"}) value[key] = Json::array();
      value["omittedDiagnostics"] = left;
      summary.omittedDiagnostics += left;
    }
    console_.json(value, -1, first_ ? "" : ",");
    first_ = false;
  }

  void github(const DocumentReport& d) {
    auto annotate = [&](const char* level, const Diagnostic& diag, const std::string& text) {
      flow::Position at = diag.position.line ? diag.position : d.position;
      std::string title = "Kestra flow " + d.identity();
      command(githubAnnotation(level, GithubLocation{d.file, at.line, at.line ? at.column : 0, title}, text));
    };
    if (d.valid()) out("\u2713 - " + d.identity());
    for (const auto& e : d.errors)
      annotate("error", e, e.message + (e.path.empty() ? "" : " : " + e.path) + (e.hint.empty() ? "" : "\nhint: " + e.hint));
    for (const auto& w : d.warnings) annotate("warning", w, w.message);
    for (const auto& i : d.infos) annotate("notice", i, i.message);
  }

  // Once per run, after the listing: a notice per flow repeated the same type on every flow using it.
  static std::string uncheckedText(const Summary& summary) {
    std::string types;
    for (const auto& t : summary.unchecked) types += (types.empty() ? "" : ", ") + t;
    return "not in the plugin catalog, properties not checked (" + std::to_string(summary.uncheckedFlows) +
           " flow(s)): " + types;
  }

  Console& console_;
  OutputFormat format_;
  flow::KestraVersion version_;
  OutputBudget budget_;
  bool first_ = true;
};

FileReport internalFailure(const std::string& file, const std::string& what) {
  FileReport report;
  report.file = file;
  DocumentReport d;
  d.file = file;
  d.position = flow::Position{1, 1};
  d.errors.push_back(Diagnostic{"Unable to validate the flow: " + what, "yaml", "", flow::Position{1, 1}, true});
  d.constraints = "Unable to validate the flow: " + what + "\n";
  report.documents.push_back(std::move(d));
  return report;
}

// The validator's options from the command's, with --plugin-schema (or the one --plugin-schema-from fetched).
flow::ValidatorOptions validatorOptions(Context& ctx, const FlowValidateOptions& options, flow::KestraVersion version) {
  flow::ValidatorOptions validatorOptions;
  validatorOptions.version = version;
  validatorOptions.limits.maxFileBytes = options.maxFileSize;
  validatorOptions.limits.maxDepth = options.maxDepth;
  validatorOptions.limits.maxAliasNodes = options.maxAliasNodes;
  validatorOptions.maxDiagnostics = options.maxDiagnostics;
  validatorOptions.maxRunNodes = options.maxYamlNodes;
  validatorOptions.maxRunBytes = options.maxTotalSize;
  std::string pluginSchema = options.pluginSchema;
  if (!options.pluginSchemaFrom.empty()) {
    ApiOptions api = options.api;
    api.server = options.pluginSchemaFrom;
    api.serverOption = nullptr;  // given here, not from --server or KESTRACTL_HOST
    kestra::KestraClient client(makeClientConfig(ctx, api));
    auto fetched = pipeline::fetchPluginSchema(client, pipeline::cacheDirectory(ctx.env));
    ctx.console->notice(fetched.note);
    pluginSchema = fetched.file.string();
  }
  if (!pluginSchema.empty()) {
    auto schema = std::make_shared<const schema::PluginSchema>(schema::PluginSchema::load(pluginSchema));
    validatorOptions.externalCheck = [schema](const nlohmann::json& document) {
      std::vector<flow::ExternalViolation> out;
      for (const auto& v : schema->validateFlow(document)) out.push_back(flow::ExternalViolation{v.pointer, v.message});
      return out;
    };
  }
  return validatorOptions;
}

// Validates files 0..count-1 with `threads` workers taking files in order; `done` gets each report in file
// order, as soon as it and all before it are done.
void validateInOrder(std::size_t count, unsigned threads, const std::function<FileReport(std::size_t)>& validateOne,
                     const std::function<void(const FileReport&)>& done) {
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) done(validateOne(i));
    return;
  }
  std::vector<std::optional<FileReport>> reports(count);
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (std::size_t i = next++; i < count; i = next++) {
        FileReport report = validateOne(i);
        {
          std::lock_guard lock(mutex);
          reports[i] = std::move(report);
        }
        ready.notify_all();
      }
    });
  }
  for (std::size_t i = 0; i < count; ++i) {
    std::optional<FileReport> report;
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return reports[i].has_value(); });
      report = std::move(reports[i]);
      reports[i].reset();
    }
    done(*report);
  }
  for (auto& w : workers) w.join();
}

}  // namespace

int runLocalValidate(Context& ctx, const FlowValidateOptions& options) {
  auto started = std::chrono::steady_clock::now();
  auto version = flow::parseKestraVersion(options.kestraVersion);
  if (!version) throw UsageError("--kestra-version: unknown version '" + options.kestraVersion + "' (expected 2.0, 1.3 or 0.21)");
  OutputFormat format = parseOutputFormat(options.format);
  flow::ValidatorOptions rules = validatorOptions(ctx, options, *version);

  std::vector<fs::path> paths(options.paths.begin(), options.paths.end());
  std::vector<fs::path> files = flow::collectFlowFiles(paths, options.maxFiles);
  flow::FlowValidator validator(rules);
  validator.catalog();  // parse the embedded catalog once, before any worker starts

  auto validateOne = [&](std::size_t i) {
    std::string name = files[i].string();
    try {
      return validator.validateFile(files[i], name);
    } catch (const std::exception& e) {
      return internalFailure(name, e.what());
    }
  };

  Renderer renderer(*ctx.console, format, *version, options.maxOutputSize);
  Summary summary;
  renderer.begin();
  unsigned threads = options.threads;
  if (threads == 0) threads = files.size() >= 16 ? std::max(1u, std::min(8u, std::thread::hardware_concurrency())) : 1;
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, files.size()));
  validateInOrder(files.size(), threads, validateOne, [&](const FileReport& report) { renderer.file(report, summary); });
  renderer.end(summary);

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (ctx.console->frames()) {
    ctx.console->outputs(summary.toJson());
    ctx.console->counter("flows.valid", static_cast<double>(summary.valid));
    ctx.console->counter("flows.invalid", static_cast<double>(summary.invalid));
    ctx.console->timer("flows.validate.duration", seconds);
  }
  return toInt(summary.invalid > 0 ? ExitCode::Failure : ExitCode::Ok);
}

}  // namespace kcicd::cli
