#include "blas.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

namespace rnnlab {
namespace blas {

namespace {

Api g_api;
bool g_loaded = false;
std::string g_error;
std::string g_note;

template <class F>
bool sym(void* lib, const char* name, F* out, bool required = true) {
  *out = reinterpret_cast<F>(dlsym(lib, name));
  if (!*out && required) {
    g_error = std::string("symbol ") + name + " not found in OpenBLAS";
    return false;
  }
  return true;
}

void do_load() {
  // RNNLAB_OPENBLAS_CORETYPE overrides OPENBLAS_CORETYPE for this library only (OpenBLAS reads the
  // variable once, when it initializes at dlopen); the previous value is restored afterwards.
  const char* mine = std::getenv("RNNLAB_OPENBLAS_CORETYPE");
  const char* prev = std::getenv("OPENBLAS_CORETYPE");
  const std::string saved = prev ? prev : "";
  const bool hadPrev = prev != nullptr;
  const bool override = mine && *mine;
  if (override) {
    setenv("OPENBLAS_CORETYPE", mine, 1);
    g_note = std::string("OPENBLAS_CORETYPE=") + mine + " (from RNNLAB_OPENBLAS_CORETYPE)";
  } else if (prev && *prev) {
    g_note = std::string("OPENBLAS_CORETYPE=") + prev + " (from the environment)";
  } else {
    g_note = "OpenBLAS autodetect";
  }
  const char* names[] = {"libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0"};
  void* lib = nullptr;
  std::string errs;
  for (const char* n : names) {
    lib = dlopen(n, RTLD_NOW | RTLD_LOCAL);
    if (lib) break;
    const char* e = dlerror();
    errs += std::string(errs.empty() ? "" : "; ") + (e ? e : n);
  }
  if (override) {
    if (hadPrev) setenv("OPENBLAS_CORETYPE", saved.c_str(), 1);
    else unsetenv("OPENBLAS_CORETYPE");
  }
  if (!lib) {
    g_error = "could not load OpenBLAS: " + errs;
    return;
  }
  if (!sym(lib, "cblas_sgemm", &g_api.sgemm) || !sym(lib, "openblas_set_num_threads", &g_api.set_num_threads) ||
      !sym(lib, "openblas_get_num_threads", &g_api.get_num_threads) ||
      !sym(lib, "openblas_get_config", &g_api.get_config)) {
    return;
  }
  sym(lib, "openblas_get_corename", &g_api.get_corename, false);
  g_loaded = true;
}

}  // namespace

bool load(std::string* error) {
  static std::once_flag once;
  std::call_once(once, do_load);
  if (!g_loaded && error) *error = g_error;
  return g_loaded;
}

const Api& api() { return g_api; }

const std::string& coretype_note() { return g_note; }

}  // namespace blas
}  // namespace rnnlab
