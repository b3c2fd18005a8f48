#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kcicd::pipeline {

// Kestra's guide recommends the `system.readOnly: true` label on flows deployed by CI/CD: the UI then
// disables the editor (core Label.READ_ONLY; docs/kestra-script-runtime.md §5).
enum class ReadOnlyMode { Off, Require, Add };
ReadOnlyMode parseReadOnlyMode(std::string_view value);  // off | require | add; throws UsageError

// True when every document of `source` carries system.readOnly = "true", in map form
// (`system.readOnly: true`, a YAML boolean or the string) or list form (`{key: system.readOnly, value: "true"}`).
// Returns the ids (or indexes) of the documents that lack it in `missing`.
bool hasReadOnlyLabel(std::string_view source, std::vector<std::string>* missing = nullptr);

// Adds (or sets to true) the label in every document, changing only the bytes needed: comments,
// formatting and every other key stay as written. Map and list label forms, block and flow style.
// Throws std::invalid_argument when a document is not a YAML mapping.
std::string addReadOnlyLabel(std::string_view source);

}  // namespace kcicd::pipeline
