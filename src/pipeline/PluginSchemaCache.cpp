#include "PluginSchemaCache.h"

#include <fstream>

#include "runtime/Errors.h"

namespace kcicd::pipeline {

namespace fs = std::filesystem;

namespace {

// `text` as part of a file name: letters, digits, '.' and '-' kept, anything else '_'.
std::string fileNamePart(const std::string& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
  return out;
}

// "http://kestra.example.com:8080/prefix" → "kestra.example.com_8080": one file name per server.
std::string serverKey(const std::string& server) {
  std::string rest = server.substr(server.find("://") == std::string::npos ? 0 : server.find("://") + 3);
  rest = rest.substr(0, rest.find('/'));
  rest = rest.substr(rest.find('@') == std::string::npos ? 0 : rest.find('@') + 1);  // never a user name
  return fileNamePart(rest);
}

std::string safeVersion(const std::string& version) { return version.empty() ? "unknown" : fileNamePart(version); }

void writeWhole(const fs::path& file, const std::string& text) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  fs::path partial = file;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush())
      throw CommandError(ExitCode::Failure, "cannot write the plugin schema cache '" + partial.string() +
                                                "': set KESTRA_CICD_CACHE_DIR to a writable folder");
  }
  fs::rename(partial, file, ec);
  if (ec) throw CommandError(ExitCode::Failure, "cannot write '" + file.string() + "': " + ec.message());
}

// The most recently written cached schema of `key`, any version.
std::optional<fs::path> newestCached(const fs::path& cacheDir, const std::string& key) {
  std::optional<fs::path> best;
  fs::file_time_type bestTime{};
  std::error_code ec;
  const std::string prefix = "plugin-schema-" + key + "-";
  for (const auto& entry : fs::directory_iterator(cacheDir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || entry.path().extension() != ".json") continue;
    auto time = fs::last_write_time(entry.path(), ec);
    if (!best || time > bestTime) best = entry.path(), bestTime = time;
  }
  return best;
}

}  // namespace

fs::path cacheDirectory(const Environment& env) {
  auto set = [&](const char* name) -> std::optional<std::string> {
    auto value = env.get(name);
    return value && !value->empty() ? value : std::nullopt;
  };
  if (auto dir = set("KESTRA_CICD_CACHE_DIR")) return *dir;
  if (auto dir = set("XDG_CACHE_HOME")) return fs::path(*dir) / "kestra-cicd";
  if (auto home = set("HOME")) return fs::path(*home) / ".cache" / "kestra-cicd";
  return fs::path(".kestra-cicd-cache");
}

PluginSchemaFile fetchPluginSchema(kestra::KestraClient& client, const fs::path& cacheDir) {
  const std::string server = client.config().server;
  const std::string key = serverKey(server);
  std::optional<std::string> version;
  try {
    version = client.serverVersion();
  } catch (const RemoteError& e) {
    if (auto cached = newestCached(cacheDir, key))
      return {*cached, std::string("the server did not answer (") + e.what() + "): using the cached plugin schema " +
                           cached->string()};
    throw;
  }
  fs::path file = cacheDir / ("plugin-schema-" + key + "-" + safeVersion(version.value_or("")) + ".json");
  std::error_code ec;
  if (version && fs::is_regular_file(file, ec))
    return {file, "plugin schema of Kestra " + *version + " at " + server + " from the cache: " + file.string()};
  writeWhole(file, client.flowSchema().dump());
  return {file, "plugin schema of Kestra " + version.value_or("(version unknown)") + " at " + server +
                    " downloaded to " + file.string()};
}

}  // namespace kcicd::pipeline
