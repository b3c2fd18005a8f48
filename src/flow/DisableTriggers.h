#pragma once
// `deploy --disable-triggers`: a preview copy of a flow must not start on a schedule or a webhook of its
// own. Every trigger gets `disabled: true` (AbstractTrigger.disabled, Kestra 1.x/2.0 core
// io/kestra/core/models/triggers/AbstractTrigger.java); every other byte of the source is kept.
#include <optional>
#include <string>
#include <string_view>

namespace kcicd::flow {

// `document` (one YAML document, one flow) with each item of its top-level `triggers:` set to
// `disabled: true`: inserted before the trigger's first key, or replacing the value of its `disabled:`.
// The document itself when it has no triggers; nullopt when it is not YAML or the edit could not be
// made safely (the result is parsed again and checked).
std::optional<std::string> disableTriggers(std::string_view document);

}  // namespace kcicd::flow
