#pragma once
// Internal to src/flow: the class-level validators of core task and trigger types, in tables keyed by the type's
// full class name, and those of other classes keyed by their annotation (TaskRules.cpp).
// TaskValidator.cpp resolves a task's or trigger's type, checks its properties, and runs the entry of its type.
// To add one, see docs/adding-a-rule.md.
#include <optional>
#include <string>
#include <string_view>

#include "FlowChecker.h"

namespace kcicd::flow::detail {

// The task, trigger, input or other object a rule looks at.
struct RuleSite {
  const NodeRef& node;                    // its mapping
  const Where& where;                     // its path
  const Owner& owner;                     // a task (input): `tasks[N]` (`inputs[N]`) prints as its id; else none
  const std::optional<std::string>& id;   // its `id`, when a scalar
};

using Rule = void (*)(Checker& checker, const RuleSite& site);

// What one type adds to the common checks of every task (trigger).
struct TypeRules {
  Rule beforeProperties = nullptr;  // on the node as written, before its properties (deprecations, warnings)
  Rule validator = nullptr;         // the class-level validator, once the properties were checked
};

// The rules of a core task (trigger) type, or null when it has none.
const TypeRules* taskRules(std::string_view typeName);
const TypeRules* triggerRules(std::string_view typeName);

// The class-level validator named by a catalog class's `classValidators` ("WorkerGroupValidation"…), or null.
Rule classRule(std::string_view validation);

// @NoSystemLabelValidation on a trigger's labels (any trigger type).
void triggerSystemLabels(Checker& checker, const RuleSite& site);

}  // namespace kcicd::flow::detail
