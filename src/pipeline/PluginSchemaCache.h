#pragma once
// `flow validate --local --plugin-schema-from SERVER`: the JSON Schema of a server's flows (every plugin
// installed there), fetched once per server and Kestra version into a cache file, so later runs — offline
// ones included — check every plugin type without a hand-made `curl`.
#include <filesystem>
#include <string>

#include "kestra/KestraClient.h"
#include "runtime/Environment.h"

namespace kcicd::pipeline {

struct PluginSchemaFile {
  std::filesystem::path file;
  std::string note;  // where it came from: downloaded, cached, or cached because the server did not answer
};

// $KESTRA_CICD_CACHE_DIR, else $XDG_CACHE_HOME/kestra-cicd, else $HOME/.cache/kestra-cicd, else
// ./.kestra-cicd-cache (a Kestra worker may have no home).
std::filesystem::path cacheDirectory(const Environment& env);

// The cache file "plugin-schema-<host>_<port>-<version>.json" under `cacheDir`: read from the cache when it
// is there (one GET /api/v1/configs), else downloaded (GET /api/v1/plugins/schemas/flow) and written
// whole (a temporary file renamed). When the server does not answer, the newest cached schema of that server
// is used, said in the note; without one, the RemoteError is thrown.
PluginSchemaFile fetchPluginSchema(kestra::KestraClient& client, const std::filesystem::path& cacheDir);

}  // namespace kcicd::pipeline
