// What Kestra 2.0 refuses that 1.3 accepted, with a migration hint beside Kestra's own text.
//
// Kestra 2.0 prints no hint for a removed type or key: it answers the generic unknown-type / unknown-field
// error. The hints are ours and go to Diagnostic::hint, never into the message. The research behind each row
// (sources, confidence) is docs/kestra-2.0-rules.md; the sources are named again beside each table.
#include <algorithm>
#include <cctype>
#include <string_view>

#include "FlowChecker.h"
#include "Patterns.h"

namespace kcicd::flow::detail {

namespace {

constexpr std::string_view kGuide = "https://kestra.io/docs/migration-guide/v2.0.0";

struct Hint {
  std::string_view key;
  std::string_view hint;
};

const std::string_view* find(const std::vector<Hint>& table, std::string_view key) {
  for (const auto& row : table)
    if (row.key == key) return &row.hint;
  return nullptr;
}

// Types removed in 2.0 (they are marked "removedIn": "2.0" in data/core-plugins.json, so they no longer
// resolve). Sources: migration-guide/v2.0.0 (index page, foreach-loop), kestra-io/kestra2-flow-migration
// migration-documentation/flows-changes.md; the 2.0 message for such a type was observed on a 2.0 server
// ("No plugin registered for the defined type: 'io.kestra.plugin.core.flow.ForEach'").
const std::vector<Hint>& removedTypes() {
  static const std::vector<Hint> table = {
      {"io.kestra.plugin.core.flow.ForEach",
       "ForEach was removed in Kestra 2.0: use io.kestra.plugin.core.flow.Loop ({{ taskrun.value }} becomes "
       "{{ item.value }}, {{ taskrun.iteration }} becomes {{ item.index }}; declare Loop outputs to read results)"},
      {"io.kestra.plugin.core.flow.EachSequential",
       "EachSequential was removed in Kestra 2.0: use io.kestra.plugin.core.flow.Loop (concurrencyLimit: 1)"},
      {"io.kestra.plugin.core.flow.EachParallel",
       "EachParallel was removed in Kestra 2.0: use io.kestra.plugin.core.flow.Loop (concurrencyLimit: 0 or N)"},
      {"io.kestra.plugin.core.flow.ForEachItem",
       "ForEachItem was removed in Kestra 2.0: use io.kestra.plugin.core.flow.Loop over the file URI, or Loop + "
       "io.kestra.plugin.core.flow.Subflow to keep one execution per batch"},
      {"io.kestra.plugin.core.flow.Template",
       "Templates were removed in Kestra 2.0: make the template a flow and call it with "
       "io.kestra.plugin.core.flow.Subflow (templateId becomes flowId)"},
      {"io.kestra.plugin.core.execution.Count",
       "Count was removed in Kestra 2.0: use the Kestra plugin (io.kestra.plugin.kestra.*) or the API"},
      {"io.kestra.plugin.core.execution.Resume",
       "Resume was removed in Kestra 2.0: use the Kestra plugin (io.kestra.plugin.kestra.*) or the API"},
      {"io.kestra.plugin.core.trigger.Toggle",
       "Toggle was removed in Kestra 2.0: use the Kestra plugin (io.kestra.plugin.kestra.*) or the API"},
      {"io.kestra.plugin.core.log.Fetch", "log.Fetch was removed in Kestra 2.0: use io.kestra.plugin.kestra.logs.Fetch"},
      {"io.kestra.plugin.core.debug.Echo",
       "Echo was removed in Kestra 2.0: use io.kestra.plugin.core.log.Log (format becomes message)"},
      {"io.kestra.plugin.core.state.Get", "state tasks were removed in Kestra 2.0: use io.kestra.plugin.core.kv.Get"},
      {"io.kestra.plugin.core.state.Set", "state tasks were removed in Kestra 2.0: use io.kestra.plugin.core.kv.Set"},
      {"io.kestra.plugin.core.state.Delete", "state tasks were removed in Kestra 2.0: use io.kestra.plugin.core.kv.Delete"},
      {"io.kestra.plugin.core.storage.LocalFiles",
       "LocalFiles was removed in Kestra 2.0: use inputFiles/outputFiles on io.kestra.plugin.core.flow.WorkingDirectory"},
  };
  return table;
}

// Keys 2.0 dropped from the flow, every task, every trigger or a core plugin (Jackson answers "Unrecognized
// field"; triggers answer the AbstractTrigger catch-all). Sources: 2.0 OpenAPI snapshot (Flow, Task: no
// pluginDefaults, workerGroup, pluginDefaultsRef), 2.0 AbstractTrigger.java (no conditions, minLogLevel,
// workerGroup), migration-guide/v2.0.0/plugin-defaults-removed and plugin-defaults-forced-removed,
// kestra2-flow-migration flows-changes.md (Schedule backfill/scheduleConditions, http sslOptions, flat options).
const std::vector<Hint>& removedKeys() {
  static const std::vector<Hint> table = {
      {"pluginDefaults",
       "pluginDefaults was removed in Kestra 2.0 (at every scope): put the values on each task or in flow variables; "
       "Enterprise: a Policy attached with policyRefs (forced: true becomes a Policy rule with override: true)"},
      {"taskDefaults", "taskDefaults (and pluginDefaults) were removed in Kestra 2.0: put the values on each task"},
      {"pluginDefaultsRef", "pluginDefaults were removed in Kestra 2.0, and pluginDefaultsRef with them: drop it"},
      {"workerGroup", "workerGroup was replaced in Kestra 2.0 by workerSelector: {tags: [...], match: ALL|ANY, fallback: "
                      "FAIL|WAIT|CANCEL|IGNORE}"},
      {"conditions", "replace the conditions list by one when: \"{{ ... }}\" expression (isWeekend(), dayOfWeek(), "
                     "hourOfDay()... for schedules); on Flow triggers list the upstream flows under dependsOn"},
      {"preconditions", "list the upstream flows under dependsOn: [{namespace, flowId, states, labels, when}] "
                        "(+ window, mode, minSatisfied)"},
      {"minLogLevel", "minLogLevel was removed from triggers in Kestra 2.0: use logLevel"},
      {"scheduleConditions", "scheduleConditions were removed in Kestra 2.0: use the trigger's when expression"},
      {"backfill", "Schedule backfill was removed from the flow source in Kestra 2.0: start backfills from the UI or API"},
      {"sslOptions", "sslOptions was removed in Kestra 2.0: use options.ssl.insecureTrustAllCertificates"},
      {"connectTimeout", "flat HTTP options were removed in Kestra 2.0: use options.timeout.connectTimeout"},
      {"readTimeout", "flat HTTP options were removed in Kestra 2.0: use options.timeout.readIdleTimeout"},
      {"readIdleTimeout", "flat HTTP options were removed in Kestra 2.0: use options.timeout.readIdleTimeout"},
      {"proxyType", "flat HTTP options were removed in Kestra 2.0: use options.proxy.type"},
      {"proxyAddress", "flat HTTP options were removed in Kestra 2.0: use options.proxy.address"},
      {"proxyPort", "flat HTTP options were removed in Kestra 2.0: use options.proxy.port"},
      {"proxyUsername", "flat HTTP options were removed in Kestra 2.0: use options.proxy.username"},
      {"proxyPassword", "flat HTTP options were removed in Kestra 2.0: use options.proxy.password"},
      {"basicAuthUser", "flat HTTP options were removed in Kestra 2.0: use options.auth: {type: BASIC, username, password}"},
      {"basicAuthPassword", "flat HTTP options were removed in Kestra 2.0: use options.auth: {type: BASIC, username, password}"},
  };
  return table;
}

// The reasons 2.0 AbstractTrigger gives for a property it does not declare (core/.../models/triggers/
// AbstractTrigger.java, 2.0, search index id 65846563321; AbstractTriggerUnknownPropertyTest.java).
std::string triggerReason(std::string_view property) {
  if (property == "conditions")
    return "trigger conditions were replaced by \"when\" in 2.0 (and by \"dependsOn\" on "
           "io.kestra.plugin.core.trigger.Flow) - see the migration guide " + std::string(kGuide);
  if (property == "preconditions")
    return "trigger preconditions were replaced by \"dependsOn\" in 2.0 - see the migration guide " + std::string(kGuide);
  return "this property does not exist on this trigger";
}

bool identifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Calls `visit(expr)` on the inside of each {{ … }} / {% … %} of `text`; stops when it returns true.
template <class Visit>
bool anyExpression(std::string_view text, Visit visit) {
  for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
    if (open + 1 >= text.size() || (text[open + 1] != '{' && text[open + 1] != '%')) continue;
    std::size_t close = text.find(text[open + 1] == '{' ? "}}" : "%}", open + 2);
    if (visit(text.substr(open + 2, close == std::string_view::npos ? std::string_view::npos : close - open - 2)))
      return true;
  }
  return false;
}

// Where `word` occurs in `expr` as a whole identifier, from `from` on (npos: nowhere).
std::size_t findWord(std::string_view expr, std::string_view word, std::size_t from = 0) {
  for (std::size_t at = expr.find(word, from); at != std::string_view::npos; at = expr.find(word, at + word.size())) {
    bool startsWord = at == 0 || !identifierChar(expr[at - 1]);
    bool endsWord = at + word.size() >= expr.size() || !identifierChar(expr[at + word.size()]);
    if (startsWord && endsWord) return at;
  }
  return std::string_view::npos;
}

std::size_t skipSpaces(std::string_view expr, std::size_t at) {
  while (at < expr.size() && expr[at] == ' ') ++at;
  return at;
}

// Which removed Pebble json helper `text` uses inside {{ }} / {% %}: "function", "filter" or "".
std::string_view pebbleJsonUse(std::string_view text) {
  std::string_view use;
  anyExpression(text, [&](std::string_view expr) {
    for (std::size_t at = findWord(expr, "json"); at != std::string_view::npos; at = findWord(expr, "json", at + 4)) {
      std::size_t before = at;
      while (before > 0 && expr[before - 1] == ' ') --before;
      bool piped = before > 0 && expr[before - 1] == '|';
      std::size_t after = skipSpaces(expr, at + 4);
      if (!piped && after < expr.size() && expr[after] == '(') use = "function";
      if (piped) use = "filter";
      if (!use.empty()) return true;
    }
    return false;
  });
  return use;
}

// Whether `text` calls read() or fileURI() with the named argument `version=` (renamed `revision` in 2.0 with no
// alias: kestra PR #16699, first in v2.0.0-rc3, per kestra2-flow-migration flows-changes.md). Arguments holding
// a nested call are not looked into past its first ")".
bool pebbleVersionArgument(std::string_view text) {
  return anyExpression(text, [](std::string_view expr) {
    for (std::string_view function : {std::string_view("read"), std::string_view("fileURI")}) {
      for (std::size_t at = findWord(expr, function); at != std::string_view::npos;
           at = findWord(expr, function, at + function.size())) {
        std::size_t open = skipSpaces(expr, at + function.size());
        if (open >= expr.size() || expr[open] != '(') continue;
        std::string_view args = expr.substr(open + 1, expr.find(')', open) - open - 1);
        for (std::size_t v = findWord(args, "version"); v != std::string_view::npos; v = findWord(args, "version", v + 7)) {
          std::size_t eq = skipSpaces(args, v + 7);
          if (eq < args.size() && args[eq] == '=' && (eq + 1 >= args.size() || args[eq + 1] != '=')) return true;
        }
      }
    }
    return false;
  });
}

}  // namespace

// Pebble's json() function and json filter are gone in 2.0 (migration-guide/v2.0.0/json-function-removed; the
// guide index names the filter too; kestra2-flow-migration: only toJson/fromJson remain on releases/v2.0.x), and
// read()/fileURI() lost `version=`. Kestra renders Pebble at run time, so it does not refuse the flow on save
// (kestra-migrate classes the version= case "advisory"): warnings, with our text.
void Checker::removedPebble(const NodeRef& node, const Where& where) {
  if (node.isScalar()) {
    std::string_view use = pebbleJsonUse(node.text());
    if (use == "function") warning("json() was removed from Pebble in Kestra 2.0: use fromJson() (" + where.path + ")", node, where.pointer);
    if (use == "filter") warning("the json filter was removed from Pebble in Kestra 2.0: use toJson (" + where.path + ")", node, where.pointer);
    if (pebbleVersionArgument(node.text()))
      warning("read() and fileURI() have no version argument in Kestra 2.0: use revision= (" + where.path + ")", node,
              where.pointer);
  } else if (node.isSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) removedPebble(node.item(i), where.index(i));
  } else if (node.isMapping()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      if (node.key(i).isScalar()) removedPebble(node.value(i), where.field(node.key(i).text()));
  }
}

// Exit.state is a Property<ExitState>: a literal is only converted when the task runs, so 2.0 saves a flow with
// the dropped single-L CANCELED and fails the task later. kestra2-flow-migration flows-changes.md
// ("Exit.ExitState.CANCELED removed", kestra commit 3def65d714; the 2.0 enum is SUCCESS, WARNING, KILLED,
// FAILED, CANCELLED); kestra-migrate rewrites it to CANCELLED.
void Checker::exitStateCanceled(const NodeRef& task, const Where& where) {
  NodeRef state = task.get("state");
  if (!state.isScalar() || state.text() != "CANCELED") return;
  warning("Exit state CANCELED was removed in Kestra 2.0 and fails when the task runs: use CANCELLED (" +
              where.field("state").path + ")",
          state, where.field("state").pointer);
}

namespace {

// Keys 2.0 dropped from one class only, so their hint depends on the owner (an owner ending in "." is a package:
// every class in it).
// Source for each: kestra-io/kestra2-flow-migration migration-documentation/flows-changes.md (the list behind
// kestra-migrate, read against releases/v2.0.x); the catalog rows carry the same citation ("removedSource").
struct OwnedHint {
  std::string_view owner;
  std::string_view key;
  std::string_view hint;
};

const std::vector<OwnedHint>& removedOwnedKeys() {
  static const std::vector<OwnedHint> table = {
      {"io.kestra.plugin.core.flow.Pause", "delay",
       "Pause delay was removed in Kestra 2.0: rename it pauseDuration (kestra-migrate rewrites this)"},
      {"io.kestra.plugin.core.flow.Pause", "tasks",
       "Pause tasks were removed in Kestra 2.0: move them after the Pause task in the same list (or into onPause "
       "for a task that runs when the execution pauses)"},
      {"io.kestra.plugin.core.flow.Subflow", "outputs",
       "Subflow outputs were removed in Kestra 2.0: declare flow-level outputs in the child flow and read "
       "{{ outputs.<this task id>.outputs.<output id> }} (kestra-migrate drops the property)"},
      {"io.kestra.core.models.flows.input.", "name",
       "input name was removed in Kestra 2.0: use id (and displayName for the label shown in the UI); kestra-migrate "
       "rewrites this"},
      {"io.kestra.core.models.tasks.retrys.", "maxAttempt",
       "retry maxAttempt was renamed in Kestra 2.0: use maxAttempts (kestra-migrate rewrites this)"},
      {"io.kestra.core.models.flows.input.MultiselectInput", "options",
       "MULTISELECT options was removed in Kestra 2.0: rename it values (kestra-migrate rewrites this)"},
      {"io.kestra.plugin.scripts.", "runner",
       "the script task runner property was removed in Kestra 2.0: use taskRunner (type "
       "io.kestra.plugin.core.runner.Process for PROCESS, io.kestra.plugin.scripts.runner.docker.Docker with "
       "containerImage for DOCKER); kestra-migrate rewrites this"},
      {"io.kestra.core.models.flows.input.FileInput", "extension",
       "FILE input extension was removed in Kestra 2.0 (it was no longer enforced): drop it"},
  };
  return table;
}

bool ownerMatches(std::string_view row, std::string_view owner) {
  return row.ends_with('.') ? owner.starts_with(row) : row == owner;
}

}  // namespace

std::string removedKeyHint(std::string_view owner, std::string_view key) {
  for (const auto& row : removedOwnedKeys())
    if (row.key == key && ownerMatches(row.owner, owner)) return std::string(row.hint);
  const std::string_view* hint = find(removedKeys(), key);
  return hint ? std::string(*hint) : std::string();
}

bool Checker::refusedType(const Where& where, const NodeRef& typeNode, const std::string& type) {
  std::string hint;
  if (const std::string_view* removed = find(removedTypes(), type)) {
    hint = *removed;
  } else if (const std::string* target = catalog_.aliasTarget(type, KestraVersion::V1_3)) {
    // Aliases are gone in 2.0 (flows-changes.md "Aliases are removed in 2.0"; 2.0 Webhook.java declares none).
    const std::string_view* removedTarget = find(removedTypes(), *target);
    hint = removedTarget ? std::string(*removedTarget)
                         : type + " was renamed before Kestra 2.0 and 2.0 removed the old name: use " + *target;
  } else if (auto r = catalog_.resolve(type, KestraVersion::V1_3); r.type && r.type->kind == PluginKind::Condition) {
    hint = "condition types were removed in Kestra 2.0 with trigger conditions: use the trigger's when expression";
  } else {
    return false;
  }
  parseError(where, typeNode, "Invalid type: " + type, hint);
  parseError(where, typeNode,
             "Could not resolve type id '" + type + "' as a subtype of `io.kestra.core.models.Plugin`: No plugin "
             "registered for the defined type: '" + type + "'");
  return true;
}

void Checker::unknownTriggerProperty(const NodeRef& trigger, std::size_t keyIndex, const Where& where,
                                     const std::string& type, const std::vector<std::string_view>& known) {
  // The id is "<unknown>" when the offending key comes before `id:` (the setter runs in document order).
  std::string id = "<unknown>";
  for (std::size_t i = 0; i < keyIndex; ++i)
    if (trigger.key(i).isScalar() && trigger.key(i).text() == "id") id = scalarString(trigger.value(i));
  NodeRef key = trigger.key(keyIndex);
  std::string name(key.text());
  if (cap_.full()) return parseError(where.field(name), key, {}, {});  // only counted (unknownProperty)
  std::string hint = removedKeyHint(type, name);
  if (hint.empty()) hint = didYouMean(name, known);
  parseError(where.field(name), key,
             "Unrecognized property \"" + name + "\" on trigger \"" + id + "\" (" + type + "): " + triggerReason(name),
             hint);
}

void Checker::removedBaseKeys(const NodeRef& node, const Where& where, PluginKind kind, const std::string& type) {
  static const std::vector<std::string_view> task = {"workerGroup", "pluginDefaultsRef"};
  static const std::vector<std::string_view> trigger = {"conditions", "workerGroup", "minLogLevel"};
  const auto& keys = kind == PluginKind::Trigger ? trigger : task;
  for (std::size_t i = 0; i < node.size(); ++i) {
    NodeRef key = node.key(i);
    if (!key.isScalar() || std::find(keys.begin(), keys.end(), key.text()) == keys.end()) continue;
    if (kind == PluginKind::Trigger) {
      unknownTriggerProperty(node, i, where, type);
      continue;
    }
    std::string name(key.text());
    parseError(where.field(name), key,
               "Unrecognized field \"" + name + "\" (class " + jacksonClassName(type) + "), not marked as ignorable",
               removedKeyHint(type, name));
  }
}

// 2.0 FlowValidator.findMissingInputsForTriggers (read off tag v2.0.0 by kestra2-flow-migration,
// flows-changes.md): a Schedule or Webhook trigger must provide every required input that has no defaults.
// `required: false` exempts an input; FORM children are not expanded here (accepted).
void Checker::missingTriggerInputs() {
  NodeRef triggers = doc_.root().get("triggers");
  if (!triggers.isSequence()) return;
  for (std::size_t t = 0; t < triggers.size(); ++t) {
    NodeRef trigger = triggers.item(t);
    auto type = textValue(trigger.get("type"));
    if (!type) continue;
    std::string kind = *type == "io.kestra.plugin.core.trigger.Schedule"  ? "Schedule"
                       : *type == "io.kestra.plugin.core.trigger.Webhook" ? "Webhook"
                                                                           : "";
    if (kind.empty()) continue;
    NodeRef given = trigger.get("inputs");
    std::string missing;
    for (const NodeRef& input : model_.inputs) {
      bool required = true;
      parseBoolean(input.get("required").text(), required);
      std::string id = scalarString(input.get("id"));
      if (!required || !input.get("defaults").isNull() || id.empty()) continue;
      if (given.isMapping() && given.get(id)) continue;
      missing += (missing.empty() ? "'" : ", '") + id + "'";
    }
    if (!missing.empty())
      flowViolation("Missing inputs for " + kind + " Trigger '" + scalarString(trigger.get("id")) +
                    "', missing inputs: " + missing);
  }
}

}  // namespace kcicd::flow::detail
