// Flow.allTasksWithChilds() over the tasks the Checker collected (FlowChecker.h).
#include <algorithm>

#include "FlowChecker.h"

namespace kcicd::flow::detail {

void FlowModel::flatten(std::size_t task, std::vector<std::size_t>& out) const {
  out.push_back(task);
  const TaskNode& t = tasks[task];
  // Kestra's allChildTasks() order per flowable type.
  std::vector<std::string> order;
  std::string_view type = t.type ? std::string_view(t.type->name) : std::string_view();
  if (type == "io.kestra.plugin.core.flow.If") order = {"then", "else", "errors", "finally"};
  else if (type == "io.kestra.plugin.core.flow.Switch") order = {"defaults", "cases", "errors", "finally"};
  else if (type == "io.kestra.plugin.core.flow.Dag") order = {"task", "errors", "finally"};
  else if (type == "io.kestra.plugin.core.flow.ForEachItem") order = {"_synthetic", "errors", "finally"};
  else if (t.type) {
    order = t.type->childTaskProperties;
    auto tasksFirst = std::find(order.begin(), order.end(), "tasks");
    if (tasksFirst != order.end()) std::rotate(order.begin(), tasksFirst, tasksFirst + 1);
    if (std::find(order.begin(), order.end(), "finally") == order.end()) order.push_back("finally");
  }
  for (const auto& property : order)
    for (const auto& [name, children] : t.children)
      if (name == property)
        for (std::size_t child : children) flatten(child, out);
  // Properties outside the known order (should not happen), last.
  for (const auto& [name, children] : t.children)
    if (std::find(order.begin(), order.end(), name) == order.end())
      for (std::size_t child : children) flatten(child, out);
}

std::vector<std::size_t> FlowModel::allTasksWithChilds() const {
  std::vector<std::size_t> out;
  for (const auto& [section, roots] : sections)
    for (std::size_t root : roots) flatten(root, out);
  return out;
}

}  // namespace kcicd::flow::detail
