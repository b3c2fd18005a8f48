#pragma once
// The catalog of Kestra's core plugin types and of the most used plugin types (data/core-plugins.json, described in
// docs/kestra-flow-validation.md §5): which `type` values exist, their aliases, kinds and properties.
//
// The JSON is embedded in the binary at build time and parsed on first use only (PluginCatalog::core()), so
// commands that never validate a flow pay nothing for it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "KestraVersion.h"

namespace kcicd::flow {

// The `type` tokens of the catalog legend.
enum class ValueType : std::uint8_t {
  String, Integer, Number, Boolean, Duration, Enum, Array, Object, Any, Property,
  Task, Tasks, Condition, Trigger, Runner, Plugin, Labels, Scalar
};

struct ObjectSpec;

// A property descriptor, or the descriptor of list items / map values.
struct ValueSpec {
  ValueType type = ValueType::Any;
  bool required = false;  // @NotNull/@NotBlank/@NotEmpty without a default
  bool notNull = false;   // annotated non-null but has a default
  bool deprecated = false;
  bool dynamic = false;
  bool writeOnly = false;       // setter only (no getter: never a deprecation path)
  bool ignoredOnInput = false;
  // The versions that know this property: [since, removedIn). Catalog fields "since" ("1.x…" → 1.3, "2.0")
  // and "removedIn" ("2.0").
  KestraVersion since = KestraVersion::V0_21;
  std::optional<KestraVersion> removedIn;
  bool since1x() const { return since >= KestraVersion::V1_3; }
  bool availableIn(KestraVersion v) const { return v >= since && (!removedIn || v < *removedIn); }
  // constraints
  bool notBlank = false, notEmpty = false, mustBeNull = false, timezoneId = false;
  std::optional<std::string> pattern;
  std::optional<long long> min;
  std::optional<long long> sizeMin, sizeMax;
  std::vector<std::string> enumValues;
  std::string ref;            // key into definitions
  std::string javaType;
  std::string mustImplement;  // conditions: "ScheduleCondition"
  std::string format;         // date-time, time…
  std::shared_ptr<const ValueSpec> items, values, of;
  std::vector<std::shared_ptr<const ValueSpec>> oneOf;
  std::shared_ptr<const ObjectSpec> inlineObject;  // nested "properties"
};

struct PropertySpec {
  std::string name;
  ValueSpec spec;
};

// A set of properties: a plugin type, a definition (nested value object) or a base (task, trigger…).
struct ObjectSpec {
  std::string javaClass;
  std::vector<PropertySpec> properties;
  std::vector<std::string> classValidators;
  // Polymorphic definitions (retry, inputs…): discriminator property and subtype name → definition key.
  std::string discriminator;
  std::vector<std::pair<std::string, std::string>> subTypes;
  bool abstract = false;

  const PropertySpec* find(std::string_view name, KestraVersion version) const;
  // Property names visible in `version`, in catalog order.
  std::vector<std::string_view> names(KestraVersion version) const;
};

enum class PluginKind { Task, Trigger, Condition, Runner, Other };
std::string_view toString(PluginKind kind);

struct PluginType {
  std::string name;
  PluginKind kind = PluginKind::Other;
  bool deprecated = false;
  bool flowable = false;
  KestraVersion since = KestraVersion::V0_21;  // see ValueSpec::since
  std::optional<KestraVersion> removedIn;
  bool since1x() const { return since >= KestraVersion::V1_3; }
  bool availableIn(KestraVersion v) const { return v >= since && (!removedIn || v < *removedIn); }
  bool propertiesComplete = true;  // false: some 1.x types are known by name only
  std::vector<std::string> aliases;
  std::vector<std::string> interfaces;
  std::vector<std::string> classValidators;
  std::vector<std::string> childTaskProperties;
  ObjectSpec object;

  bool implements(std::string_view iface) const;
  bool runnable() const { return implements("RunnableTask"); }
  bool executable() const { return implements("ExecutableTask"); }
};

class PluginCatalog {
 public:
  // The catalog embedded in the binary, parsed once (thread-safe) on first call.
  static const PluginCatalog& core();
  // A catalog from JSON text (tests); throws std::runtime_error when it is not a catalog.
  static std::unique_ptr<PluginCatalog> fromJson(std::string_view json);

  struct Resolution {
    const PluginType* type = nullptr;  // null: not in the catalog
    bool alias = false;                // `name` is an alias of type->name
    bool internal = false;             // an internal class that flows cannot reference
  };
  Resolution resolve(std::string_view name, KestraVersion version) const;
  // The canonical name an alias is replaced by in `version`, or null.
  const std::string* aliasTarget(std::string_view alias, KestraVersion version) const;

  const ObjectSpec* definition(std::string_view name) const;
  const ObjectSpec& base(PluginKind kind) const;  // Task, Trigger, Condition, Runner
  const std::vector<std::unique_ptr<PluginType>>& types() const { return types_; }
  const std::string& source() const { return source_; }

 private:
  PluginCatalog() = default;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, const PluginType*, Hash, std::equal_to<>>;

  std::vector<std::unique_ptr<PluginType>> types_;
  Index byName_;
  // Aliases per version; Kestra 2.0 removed every alias (kestra2-flow-migration flows-changes.md "Aliases are
  // removed in 2.0"; the 2.0 Webhook.java declares none), so 2.0 resolves none of them.
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> aliases021_, aliases1x_;
  std::unordered_map<std::string, bool, Hash, std::equal_to<>> internal_;
  std::unordered_map<std::string, ObjectSpec, Hash, std::equal_to<>> definitions_;
  ObjectSpec baseTask_, baseTrigger_, baseCondition_, baseRunner_, empty_;
  std::string source_;

  friend struct CatalogLoader;
};

// The embedded data/core-plugins.json.
std::string_view embeddedCorePluginsJson();

}  // namespace kcicd::flow
