#include "PluginCatalog.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace kcicd::flow {

// ordered_json keeps the catalog's property order (used in "known properties" lists).
using json = nlohmann::ordered_json;

std::string_view toString(PluginKind kind) {
  switch (kind) {
    case PluginKind::Task: return "task";
    case PluginKind::Trigger: return "trigger";
    case PluginKind::Condition: return "condition";
    case PluginKind::Runner: return "task runner";
    case PluginKind::Other: return "plugin";
  }
  return "plugin";
}

const PropertySpec* ObjectSpec::find(std::string_view name, KestraVersion version) const {
  for (const auto& p : properties)
    if (p.name == name) return p.spec.availableIn(version) ? &p : nullptr;
  return nullptr;
}

std::vector<std::string_view> ObjectSpec::names(KestraVersion version) const {
  std::vector<std::string_view> out;
  for (const auto& p : properties)
    if (p.spec.availableIn(version)) out.push_back(p.name);
  return out;
}

bool PluginType::implements(std::string_view iface) const {
  return std::find(interfaces.begin(), interfaces.end(), iface) != interfaces.end();
}

struct CatalogLoader {
  static ValueType valueType(const std::string& t) {
    static const std::pair<const char*, ValueType> table[] = {
        {"string", ValueType::String},     {"integer", ValueType::Integer}, {"number", ValueType::Number},
        {"boolean", ValueType::Boolean},   {"duration", ValueType::Duration}, {"enum", ValueType::Enum},
        {"array", ValueType::Array},       {"object", ValueType::Object},   {"any", ValueType::Any},
        {"property", ValueType::Property}, {"task", ValueType::Task},       {"tasks", ValueType::Tasks},
        {"condition", ValueType::Condition}, {"trigger", ValueType::Trigger}, {"runner", ValueType::Runner},
        {"plugin", ValueType::Plugin},     {"labels", ValueType::Labels},   {"scalar", ValueType::Scalar}};
    for (const auto& [name, type] : table)
      if (t == name) return type;
    return ValueType::Any;
  }

  // "since": "0.21" | "1.x (…)" | "2.0"; "removedIn": "2.0".
  static KestraVersion versionOf(const std::string& text) {
    if (text.rfind("2.", 0) == 0) return KestraVersion::V2_0;
    if (text.rfind("1.", 0) == 0) return KestraVersion::V1_3;
    return KestraVersion::V0_21;
  }
  static KestraVersion sinceOf(const json& j) {
    auto it = j.find("since");
    return it != j.end() && it->is_string() ? versionOf(it->get<std::string>()) : KestraVersion::V0_21;
  }
  static std::optional<KestraVersion> removedInOf(const json& j) {
    auto it = j.find("removedIn");
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return versionOf(it->get<std::string>());
  }

  static std::shared_ptr<const ValueSpec> specPtr(const json& j) { return std::make_shared<const ValueSpec>(spec(j)); }

  static ValueSpec spec(const json& j) {
    ValueSpec s;
    if (!j.is_object()) return s;
    s.type = valueType(j.value("type", std::string("any")));
    s.required = j.value("required", false);
    s.notNull = j.value("notNull", false);
    s.deprecated = j.value("deprecated", false);
    s.dynamic = j.value("dynamic", false);
    s.writeOnly = j.value("writeOnly", false);
    s.ignoredOnInput = j.value("ignoredOnInput", false);
    s.since = sinceOf(j);
    s.removedIn = removedInOf(j);
    if (auto it = j.find("constraints"); it != j.end() && it->is_object()) {
      const json& c = *it;
      s.notBlank = c.value("notBlank", false);
      s.notEmpty = c.value("notEmpty", false);
      s.mustBeNull = c.value("mustBeNull", false);
      s.timezoneId = c.value("timezoneId", false);
      if (c.contains("pattern") && c["pattern"].is_string()) s.pattern = c["pattern"].get<std::string>();
      if (c.contains("min") && c["min"].is_number()) s.min = c["min"].get<long long>();
      if (c.contains("sizeMin") && c["sizeMin"].is_number()) s.sizeMin = c["sizeMin"].get<long long>();
      if (c.contains("sizeMax") && c["sizeMax"].is_number()) s.sizeMax = c["sizeMax"].get<long long>();
    }
    if (auto it = j.find("enum"); it != j.end() && it->is_array())
      for (const auto& v : *it)
        if (v.is_string()) s.enumValues.push_back(v.get<std::string>());
    s.ref = j.value("ref", std::string());
    s.javaType = j.value("javaType", std::string());
    s.mustImplement = j.value("mustImplement", std::string());
    s.format = j.value("format", std::string());
    if (auto it = j.find("items"); it != j.end()) s.items = specPtr(*it);
    if (auto it = j.find("values"); it != j.end()) s.values = specPtr(*it);
    if (auto it = j.find("of"); it != j.end()) s.of = specPtr(*it);
    if (auto it = j.find("oneOf"); it != j.end() && it->is_array())
      for (const auto& o : *it) s.oneOf.push_back(specPtr(o));
    if (auto it = j.find("properties"); it != j.end() && it->is_object()) {
      auto object = std::make_shared<ObjectSpec>();
      for (auto p = it->begin(); p != it->end(); ++p) object->properties.push_back(PropertySpec{p.key(), spec(p.value())});
      s.inlineObject = std::move(object);
    }
    return s;
  }

  static void properties(const json& j, ObjectSpec& into) {
    if (!j.is_object()) return;
    for (auto it = j.begin(); it != j.end(); ++it) into.properties.push_back(PropertySpec{it.key(), spec(it.value())});
  }

  static std::vector<std::string> strings(const json& j, const char* key) {
    std::vector<std::string> out;
    if (auto it = j.find(key); it != j.end() && it->is_array())
      for (const auto& v : *it)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
  }

  static PluginKind kind(const std::string& k) {
    if (k == "task") return PluginKind::Task;
    if (k == "trigger") return PluginKind::Trigger;
    if (k == "condition") return PluginKind::Condition;
    if (k == "runner") return PluginKind::Runner;
    return PluginKind::Other;
  }

  static void addIfMissing(ObjectSpec& object, const std::string& name, ValueSpec spec) {
    for (const auto& p : object.properties)
      if (p.name == name) return;
    object.properties.push_back(PropertySpec{name, std::move(spec)});
  }

  static ValueSpec since1x(ValueType type) {
    ValueSpec s;
    s.type = type;
    s.since = KestraVersion::V1_3;
    return s;
  }

  // Kestra 1.x additions that the catalog states in prose (notes1x, flow-validation.md §2.4).
  static void add1xTriggerBase(ObjectSpec& object) {
    addIfMissing(object, "version", since1x(ValueType::String));
    addIfMissing(object, "failOnTriggerError", since1x(ValueType::Boolean));
    addIfMissing(object, "allowConcurrent", since1x(ValueType::Boolean));
    addIfMissing(object, "assets", since1x(ValueType::Object));
  }

  // Kestra 2.0 changes to the properties every task / trigger has; applied to the bases and to each type (the
  // 0.21 entries repeat the common properties). Sources: the 2.0.0-SNAPSHOT API `Task` (workerSelector,
  // policyRefs; no workerGroup, no pluginDefaultsRef), 2.0 AbstractTrigger.java (search index id 65846563321:
  // when, workerSelector, policyRefs; no conditions, minLogLevel, workerGroup), migration-guide/v2.0.0/
  // run-if-renamed-when (task `when`, runIf kept as its deprecated alias).
  struct BaseChange {
    PluginKind kind;
    const char* name;
    bool added;  // false: removed in 2.0
    ValueType type;
    const char* ref;
  };
  static constexpr BaseChange kBase2x[] = {
      {PluginKind::Task, "workerGroup", false, ValueType::Any, ""},
      {PluginKind::Task, "pluginDefaultsRef", false, ValueType::Any, ""},
      {PluginKind::Task, "when", true, ValueType::String, ""},
      {PluginKind::Task, "workerSelector", true, ValueType::Object, "io.kestra.core.models.flows.WorkerSelector"},
      {PluginKind::Task, "policyRefs", true, ValueType::Array, ""},
      {PluginKind::Trigger, "conditions", false, ValueType::Any, ""},
      {PluginKind::Trigger, "minLogLevel", false, ValueType::Any, ""},
      {PluginKind::Trigger, "workerGroup", false, ValueType::Any, ""},
      {PluginKind::Trigger, "when", true, ValueType::String, ""},
      {PluginKind::Trigger, "workerSelector", true, ValueType::Object, "io.kestra.core.models.flows.WorkerSelector"},
      {PluginKind::Trigger, "policyRefs", true, ValueType::Array, ""},
  };

  static void apply2xBase(ObjectSpec& object, PluginKind kind) {
    for (const auto& change : kBase2x) {
      if (change.kind != kind) continue;
      if (!change.added) {
        for (auto& p : object.properties)
          if (p.name == change.name) p.spec.removedIn = KestraVersion::V2_0;
        continue;
      }
      ValueSpec s;
      s.type = change.type;
      s.since = KestraVersion::V2_0;
      s.ref = change.ref;
      s.javaType = *change.ref ? change.ref : change.type == ValueType::Array ? "java.util.List<java.lang.String>"
                                                                              : "java.lang.String";
      if (change.type == ValueType::Array) {
        ValueSpec item;
        item.type = ValueType::String;
        item.javaType = "java.lang.String";
        s.items = std::make_shared<const ValueSpec>(item);
      }
      addIfMissing(object, change.name, std::move(s));
    }
  }

  static std::unique_ptr<PluginCatalog> load(std::string_view text) {
    json root = json::parse(text.begin(), text.end());
    if (!root.is_object() || !root.contains("types") || !root["types"].is_array())
      throw std::runtime_error("not a plugin catalog: no `types` array");
    std::unique_ptr<PluginCatalog> catalog(new PluginCatalog());
    catalog->source_ = root.value("source", std::string());
    const json& base = root.value("base", json::object());
    properties(base.value("task", json::object()), catalog->baseTask_);
    properties(base.value("trigger", json::object()), catalog->baseTrigger_);
    properties(base.value("condition", json::object()), catalog->baseCondition_);
    properties(base.value("runner", json::object()), catalog->baseRunner_);
    add1xTriggerBase(catalog->baseTrigger_);
    apply2xBase(catalog->baseTask_, PluginKind::Task);
    apply2xBase(catalog->baseTrigger_, PluginKind::Trigger);

    for (const auto& t : root["types"]) catalog->types_.push_back(pluginType(t, *catalog));
    for (const auto& type : catalog->types_) catalog->byName_.emplace(type->name, type.get());
    aliases(root, *catalog);
    if (auto it = root.find("internalTypes"); it != root.end() && it->is_array())
      for (const auto& i : *it)
        if (i.is_object() && i.contains("type")) catalog->internal_.emplace(i["type"].get<std::string>(), true);
    if (auto it = root.find("definitions"); it != root.end() && it->is_object())
      for (auto d = it->begin(); d != it->end(); ++d) catalog->definitions_.emplace(d.key(), definition(d.key(), d.value()));
    return catalog;
  }

  // One entry of `types`.
  static std::unique_ptr<PluginType> pluginType(const json& t, const PluginCatalog& catalog) {
    auto type = std::make_unique<PluginType>();
    type->name = t.value("type", std::string());
    type->kind = kind(t.value("kind", std::string()));
    type->deprecated = t.value("deprecated", false);
    type->flowable = t.value("flowable", false);
    type->since = sinceOf(t);
    type->removedIn = removedInOf(t);
    type->propertiesComplete = t.value("propertiesComplete", true);
    type->aliases = strings(t, "aliases");
    type->interfaces = strings(t, "interfaces");
    type->classValidators = strings(t, "classValidators");
    type->childTaskProperties = strings(t, "childTaskProperties");
    type->object.javaClass = type->name;
    type->object.classValidators = type->classValidators;
    if (type->since1x()) {
      newerSourceProperties(*type, t, catalog);
    } else {
      properties(t.value("properties", json::object()), type->object);
    }
    if (type->flowable) {
      ValueSpec tasks = since1x(ValueType::Tasks);
      addIfMissing(type->object, "finally", tasks);  // flowable tasks gain `finally` in 1.x (notes1x)
    }
    if (type->kind == PluginKind::Trigger) add1xTriggerBase(type->object);
    if (type->kind == PluginKind::Task || type->kind == PluginKind::Trigger) apply2xBase(type->object, type->kind);
    return type;
  }

  // Newer-source entries list their own properties only: the common ones come first, like Task's.
  static void newerSourceProperties(PluginType& type, const json& t, const PluginCatalog& catalog) {
    const ObjectSpec* common = type.kind == PluginKind::Task      ? &catalog.baseTask_
                               : type.kind == PluginKind::Trigger ? &catalog.baseTrigger_
                                                                  : nullptr;
    if (common) type.object.properties = common->properties;
    ObjectSpec own;
    properties(t.value("properties", json::object()), own);
    for (auto& p : own.properties) {
      bool replaced = false;
      for (auto& existing : type.object.properties)
        if (existing.name == p.name) {
          existing = p;
          replaced = true;
        }
      if (!replaced) type.object.properties.push_back(std::move(p));
    }
    // Every property of a type that exists only in 1.x is a 1.x property.
    for (auto& p : type.object.properties)
      if (p.spec.since < type.since) p.spec.since = type.since;
    if (own.properties.empty()) type.propertiesComplete = false;
    if (type.kind == PluginKind::Task && !type.implements("RunnableTask") && !type.flowable &&
        !type.implements("ExecutableTask"))
      type.interfaces.push_back("RunnableTask");  // the 1.x entries do not list interfaces
  }

  static void aliases(const json& root, PluginCatalog& catalog) {
    if (auto it = root.find("aliasIndex"); it != root.end() && it->is_object())
      for (auto a = it->begin(); a != it->end(); ++a)
        if (a.value().is_string()) catalog.aliases021_.emplace(a.key(), a.value().get<std::string>());
    catalog.aliases1x_ = catalog.aliases021_;
    if (auto it = root.find("aliasIndex1x"); it != root.end() && it->is_object())
      for (auto a = it->begin(); a != it->end(); ++a)
        if (a.value().is_string()) catalog.aliases1x_[a.key()] = a.value().get<std::string>();
    // Aliases declared on 1.x types (e.g. LoopUntil ← WaitFor) apply to 1.x only.
    for (const auto& type : catalog.types_) {
      for (const auto& alias : type->aliases) {
        if (!type->since1x()) catalog.aliases021_.emplace(alias, type->name);
        catalog.aliases1x_.emplace(alias, type->name);
      }
    }
  }

  // One entry of `definitions`.
  static ObjectSpec definition(const std::string& key, const json& def) {
    ObjectSpec object;
    object.javaClass = def.value("javaClass", key);
    properties(def.value("properties", json::object()), object);
    object.classValidators = strings(def, "classValidators");
    object.discriminator = def.value("discriminator", std::string());
    object.abstract = def.value("abstract", false);
    if (auto s = def.find("subTypes"); s != def.end()) {
      if (s->is_object()) {
        for (auto st = s->begin(); st != s->end(); ++st)
          object.subTypes.emplace_back(st.key(), st.value().is_string() ? st.value().get<std::string>() : "");
      } else if (s->is_array()) {
        for (const auto& st : *s)
          if (st.is_string()) object.subTypes.emplace_back(st.get<std::string>(), "");
      }
    }
    // Kestra 1.1+ inputs accept `prefill` (1.3.0 API Input).
    if (object.javaClass.rfind("io.kestra.core.models.flows.input.", 0) == 0) {
      addIfMissing(object, "prefill", since1x(ValueType::Any));
      for (auto& p : object.properties)  // 1.3.0 Type adds BOOL (an alias of BOOLEAN)
        if ((p.name == "type" || p.name == "itemType") && !p.spec.enumValues.empty()) p.spec.enumValues.push_back("BOOL");
    }
    return object;
  }
};

std::unique_ptr<PluginCatalog> PluginCatalog::fromJson(std::string_view json) { return CatalogLoader::load(json); }

const PluginCatalog& PluginCatalog::core() {
  static const std::unique_ptr<PluginCatalog> catalog = CatalogLoader::load(embeddedCorePluginsJson());
  return *catalog;
}

PluginCatalog::Resolution PluginCatalog::resolve(std::string_view name, KestraVersion version) const {
  Resolution r;
  if (const std::string* target = aliasTarget(name, version)) {
    if (auto t = byName_.find(*target); t != byName_.end()) {
      if (t->second->availableIn(version)) {
        r.type = t->second;
        r.alias = true;
        return r;
      }
    }
  }
  if (auto t = byName_.find(name); t != byName_.end()) {
    if (t->second->availableIn(version)) r.type = t->second;
    return r;
  }
  if (internal_.find(name) != internal_.end()) r.internal = true;
  return r;
}

const std::string* PluginCatalog::aliasTarget(std::string_view alias, KestraVersion version) const {
  if (version >= KestraVersion::V2_0) return nullptr;
  const auto& aliases = version == KestraVersion::V1_3 ? aliases1x_ : aliases021_;
  auto it = aliases.find(alias);
  return it == aliases.end() ? nullptr : &it->second;
}

const ObjectSpec* PluginCatalog::definition(std::string_view name) const {
  auto it = definitions_.find(name);
  return it == definitions_.end() ? nullptr : &it->second;
}

const ObjectSpec& PluginCatalog::base(PluginKind kind) const {
  switch (kind) {
    case PluginKind::Task: return baseTask_;
    case PluginKind::Trigger: return baseTrigger_;
    case PluginKind::Condition: return baseCondition_;
    case PluginKind::Runner: return baseRunner_;
    case PluginKind::Other: break;
  }
  return empty_;
}

}  // namespace kcicd::flow
