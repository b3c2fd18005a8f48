// data/core-plugins.json, embedded at build time with the assembler's .incbin (the path comes from
// src/CMakeLists.txt, which also makes this object depend on the JSON file). The binary needs no data file.
#include <string_view>

#include "PluginCatalog.h"

#ifndef KCICD_CORE_PLUGINS_JSON
#error "KCICD_CORE_PLUGINS_JSON must name data/core-plugins.json (set by src/CMakeLists.txt)"
#endif

__asm__(
    ".pushsection .rodata.kcicd_core_plugins,\"a\",@progbits\n"
    ".balign 16\n"
    ".global kcicd_core_plugins_json_begin\n"
    ".hidden kcicd_core_plugins_json_begin\n"
    "kcicd_core_plugins_json_begin:\n"
    ".incbin \"" KCICD_CORE_PLUGINS_JSON "\"\n"
    ".global kcicd_core_plugins_json_end\n"
    ".hidden kcicd_core_plugins_json_end\n"
    "kcicd_core_plugins_json_end:\n"
    ".byte 0\n"
    ".popsection\n");

extern "C" const char kcicd_core_plugins_json_begin[];
extern "C" const char kcicd_core_plugins_json_end[];

namespace kcicd::flow {

std::string_view embeddedCorePluginsJson() {
  return std::string_view(kcicd_core_plugins_json_begin,
                          static_cast<std::size_t>(kcicd_core_plugins_json_end - kcicd_core_plugins_json_begin));
}

}  // namespace kcicd::flow
