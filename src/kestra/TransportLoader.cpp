// Loads libkcicd-net.so once, from next to the executable: the bundle's kestra-cicd.d/lib, an install
// prefix's lib/kestra-cicd, or the build tree.
#include <dlfcn.h>

#include <filesystem>
#include <mutex>
#include <vector>

#include "NetModule.h"
#include "Transport.h"
#include "runtime/Errors.h"

namespace kcicd::kestra {

namespace fs = std::filesystem;

namespace {

constexpr const char* kModule = "libkcicd-net.so";

std::vector<fs::path> candidates() {
  std::vector<fs::path> dirs;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path bin = exe.parent_path();
    dirs = {bin / "kestra-cicd.d" / "lib", bin / ".." / "lib" / "kestra-cicd", bin};
  }
#ifdef KCICD_NET_MODULE_DIR_BUILD
  dirs.emplace_back(KCICD_NET_MODULE_DIR_BUILD);
#endif
  return dirs;
}

OpenNetTransport loadModule() {
  std::string tried;
  for (const fs::path& dir : candidates()) {
    fs::path file = (dir / kModule).lexically_normal();
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      tried += (tried.empty() ? "" : ", ") + file.string();
      continue;
    }
    void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) throw RemoteError(std::string("cannot load the network module: ") + dlerror());
    if (void* symbol = dlsym(handle, kOpenNetTransport)) return reinterpret_cast<OpenNetTransport>(symbol);
    throw RemoteError("cannot load the network module " + file.string() + ": no " + kOpenNetTransport);
  }
  throw RemoteError(std::string("cannot find the network module ") + kModule + " (looked for " + tried +
                    "); reinstall kestra-cicd with its lib/kestra-cicd directory");
}

}  // namespace

std::unique_ptr<Transport> openTransport(const ClientConfig& config) {
  static std::once_flag once;
  static OpenNetTransport open = nullptr;
  std::call_once(once, [] { open = loadModule(); });
  return std::unique_ptr<Transport>(open(config));
}

}  // namespace kcicd::kestra
