// OpenBLAS, loaded at runtime (dlopen) rather than linked, so that its kernel can be chosen for
// this addon before OpenBLAS initializes: RNNLAB_OPENBLAS_CORETYPE (e.g. "Cooperlake", "SkylakeX",
// "Haswell") overrides OPENBLAS_CORETYPE for this load only. Without it OpenBLAS behaves as usual
// (OPENBLAS_CORETYPE if set, else CPUID autodetection).
#pragma once

#include <cblas.h>

#include <string>

namespace rnnlab {
namespace blas {

struct Api {
  void (*sgemm)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, blasint, blasint, blasint, float,
                const float*, blasint, const float*, blasint, float, float*, blasint) = nullptr;
  void (*set_num_threads)(int) = nullptr;
  int (*get_num_threads)() = nullptr;
  char* (*get_config)() = nullptr;
  char* (*get_corename)() = nullptr;  // optional
};

/** Loads OpenBLAS once; false (with a message) when the library or a symbol is missing. */
bool load(std::string* error);
/** The loaded API (load() must have succeeded). */
const Api& api();
/** How the OpenBLAS kernel was chosen, for info(). */
const std::string& coretype_note();

}  // namespace blas
}  // namespace rnnlab
