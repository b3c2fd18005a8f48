// libgit2 start-up without work a clone does not need (bench/git/run.sh measures peak RSS).
#include "Libgit2.h"

#include <dlfcn.h>

namespace kcicd::git {
namespace {

// libssh2_init(0), which git_libgit2_init calls, loads and registers every OpenSSL engine
// (ENGINE_load_builtin_engines, ENGINE_register_all_complete): ~1.4 MB of resident pages on every
// clone, SSH or not. OpenSSL 3 initialises itself on first use, so libssh2 is initialised first
// without that step (LIBSSH2_INIT_NO_CRYPTO); libssh2 counts its initialisations, and libgit2's call
// then only adds one. libssh2 is loaded as libgit2's dependency, hence the lookup instead of a link
// dependency; when the symbol is absent (static build), nothing changes.
void initLibssh2WithoutEngines() {
  static const bool done = [] {
    constexpr int kInitNoCrypto = 0x0001;  // LIBSSH2_INIT_NO_CRYPTO
    using Init = int (*)(int);
    if (auto init = reinterpret_cast<Init>(dlsym(RTLD_DEFAULT, "libssh2_init"))) return init(kInitNoCrypto) == 0;
    return false;
  }();
  (void)done;
}

}  // namespace

// Pack windows keep libgit2's defaults (1 GiB windows, 8 GiB mapped): smaller windows do not bound
// what stays resident, since each delta being resolved holds its own window until the pack is
// indexed (16 KiB windows: a higher peak on real histories). PackPages bounds it instead.
Libgit2::Libgit2() {
  initLibssh2WithoutEngines();
  git_libgit2_init();
}

}  // namespace kcicd::git
