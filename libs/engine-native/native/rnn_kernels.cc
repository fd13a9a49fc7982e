// Fused RNN / LSTM / GRU sequence kernels over OpenBLAS (see rnn_kernels.h for layouts).
//
// The kernel bodies live in kernels_impl.inc and are compiled twice: for the baseline x86-64 ISA
// and for AVX2 + FMA; the variant is chosen once at load time from CPUID (and can be forced to the
// baseline for testing). Only the elementwise gate loops differ; the GEMMs are OpenBLAS's own.
//
// Threading: OpenBLAS runs single-threaded; parallelism comes from the Team (team.h), which runs
// the kernels' static unit partition and splits the exported sgemm by rows or columns.
#include "rnn_kernels.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <vector>

#include "team.h"

namespace rnnlab {

namespace {

/** Per-thread scratch reused across calls (grown on demand, never shrunk). */
struct Scratch {
  std::vector<float> f[3];
  std::vector<double> d[3];
  float* floats(int i, size_t n) {
    if (f[i].size() < n) f[i].resize(n);
    return f[i].data();
  }
  double* doubles(int i, size_t n) {
    if (d[i].size() < n) d[i].resize(n);
    return d[i].data();
  }
};

thread_local Scratch tl_scratch;

}  // namespace

bool parse_cell(const char* name, Cell* out) {
  if (std::strcmp(name, "rnn_tanh") == 0) *out = Cell::RnnTanh;
  else if (std::strcmp(name, "rnn_relu") == 0) *out = Cell::RnnRelu;
  else if (std::strcmp(name, "lstm") == 0) *out = Cell::Lstm;
  else if (std::strcmp(name, "gru_after") == 0) *out = Cell::GruAfter;
  else if (std::strcmp(name, "gru_before") == 0) *out = Cell::GruBefore;
  else return false;
  return true;
}

const char* cell_name(Cell c) {
  switch (c) {
    case Cell::RnnTanh: return "rnn_tanh";
    case Cell::RnnRelu: return "rnn_relu";
    case Cell::Lstm: return "lstm";
    case Cell::GruAfter: return "gru_after";
    case Cell::GruBefore: return "gru_before";
  }
  return "?";
}

int gates_of(Cell c) {
  switch (c) {
    case Cell::Lstm: return 4;
    case Cell::GruAfter:
    case Cell::GruBefore: return 3;
    default: return 1;
  }
}

int workspace_per_unit(Cell c) {
  switch (c) {
    case Cell::Lstm: return 6;
    case Cell::GruAfter:
    case Cell::GruBefore: return 4;
    default: return 1;
  }
}

// ---- work partition ----------------------------------------------------------------------------

/** Static partition of one call over P team members. */
struct Plan {
  int P = 1;
  size_t u[Team::kMaxThreads + 1];  // hidden units  [u_k, u_{k+1})
  size_t c[Team::kMaxThreads + 1];  // W_hh columns  [c_k, c_{k+1}) for the weight gradient / bias sums
  size_t r[Team::kMaxThreads + 1];  // rows of T*B   [r_k, r_{k+1})
};

/** Boundaries k * n / P rounded down to a multiple of `align` (strictly increasing when n >= align * P). */
static void split(size_t n, int P, size_t align, size_t* out) {
  out[0] = 0;
  for (int k = 1; k < P; k++) out[k] = (size_t)((double)k * (double)n / P) / align * align;
  out[P] = n;
}

static Plan make_plan(Cell cell, size_t T, size_t B, size_t H) {
  const size_t GH = (size_t)gates_of(cell) * H;
  Plan p;
  int P = Team::get().size();
  // each member gets at least 8 units; tiny problems are not worth a barrier per step
  P = (int)std::min<size_t>((size_t)P, H / 8);
  if (P < 1 || B * H * GH < 16384) P = 1;
  p.P = P;
  split(H, P, 8, p.u);
  split(GH, P, 8, p.c);
  split(T * B, P, 1, p.r);
  return p;
}

struct FwdCtx {
  const ForwardArgs* a;
  Plan plan;
  float* S;      // [B, G*H] per-member GEMM outputs
  float* wperm;  // [H, G*H] per-member packed W_hh columns (P > 1)
};

struct BwdCtx {
  const BackwardArgs* a;
  Plan plan;
  double* sq;      // [H]   per-unit sums of squares of dh_t
  double* acc;     // [G*H] column-sum accumulators
  double* normsq;  // [P, T] per-member ||dh_t||^2
  float* drh;      // [B, H] gru_before: d(r ⊙ h)
  float* dans;     // [T*B, H] gru_after: input-side dan
};

// ---- the two ISA variants --------------------------------------------------------------------

namespace isa_base {
#include "kernels_impl.inc"
}  // namespace isa_base

#if defined(__x86_64__) && defined(__GNUC__)
#define RNNLAB_HAVE_AVX2_VARIANT 1
#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace isa_avx2 {
#include "kernels_impl.inc"
}  // namespace isa_avx2
#pragma GCC pop_options
#endif

namespace {

bool detect_avx2() {
#ifdef RNNLAB_HAVE_AVX2_VARIANT
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

const bool g_has_avx2 = detect_avx2();
bool g_force_baseline = false;

inline bool use_avx2() { return g_has_avx2 && !g_force_baseline; }

}  // namespace

using JobFn = void (*)(void*, int);

static JobFn forward_fn() {
#ifdef RNNLAB_HAVE_AVX2_VARIANT
  if (use_avx2()) return isa_avx2::forward_job;
#endif
  return isa_base::forward_job;
}

static JobFn backward_fn() {
#ifdef RNNLAB_HAVE_AVX2_VARIANT
  if (use_avx2()) return isa_avx2::backward_job;
#endif
  return isa_base::backward_job;
}

void forward(const ForwardArgs& a) {
  const size_t T = a.T, B = a.B, H = a.H, GH = (size_t)gates_of(a.cell) * H;
  FwdCtx c;
  c.a = &a;
  c.plan = make_plan(a.cell, T, B, H);
  c.S = tl_scratch.floats(0, B * GH);
  c.wperm = c.plan.P > 1 ? tl_scratch.floats(1, H * GH) : nullptr;
  Team::get().run(c.plan.P, forward_fn(), &c);
}

void backward(const BackwardArgs& a) {
  const size_t T = a.T, B = a.B, H = a.H, GH = (size_t)gates_of(a.cell) * H;
  BwdCtx c;
  c.a = &a;
  c.plan = make_plan(a.cell, T, B, H);
  c.sq = tl_scratch.doubles(0, H);
  c.acc = tl_scratch.doubles(1, GH);
  c.normsq = tl_scratch.doubles(2, (size_t)c.plan.P * T);
  c.drh = a.cell == Cell::GruBefore ? tl_scratch.floats(0, B * H) : nullptr;
  c.dans = a.cell == Cell::GruAfter ? tl_scratch.floats(1, T * B * H) : nullptr;
  Team::get().run(c.plan.P, backward_fn(), &c);
  if (a.dhNorms32 || a.dhNorms64) {
    for (size_t t = 0; t < T; t++) {
      double s = 0.0;
      for (int k = 0; k < c.plan.P; k++) s += c.normsq[(size_t)k * T + t];
      s = std::sqrt(s);
      if (a.dhNorms32) a.dhNorms32[t] = (float)s;
      if (a.dhNorms64) a.dhNorms64[t] = s;
    }
  }
}

// ---- sgemm -----------------------------------------------------------------------------------

namespace {

struct GemmCtx {
  bool ta, tb, splitM;
  int M, N, K;
  float alpha, beta;
  const float* A;
  const float* B;
  float* C;
  int lda, ldb, ldc;
  size_t bounds[Team::kMaxThreads + 1];
};

void gemm_job(void* vctx, int k) {
  const GemmCtx& g = *static_cast<const GemmCtx*>(vctx);
  const size_t i0 = g.bounds[k], i1 = g.bounds[k + 1];
  if (i1 <= i0) return;
  const CBLAS_TRANSPOSE ta = g.ta ? CblasTrans : CblasNoTrans, tb = g.tb ? CblasTrans : CblasNoTrans;
  if (g.splitM) {
    // rows [i0, i1) of C: rows of op(A)
    const float* A = g.ta ? g.A + i0 : g.A + i0 * (size_t)g.lda;
    cblas_sgemm(CblasRowMajor, ta, tb, (int)(i1 - i0), g.N, g.K, g.alpha, A, g.lda, g.B, g.ldb, g.beta,
                g.C + i0 * (size_t)g.ldc, g.ldc);
  } else {
    // columns [i0, i1) of C: columns of op(B)
    const float* B = g.tb ? g.B + i0 * (size_t)g.ldb : g.B + i0;
    cblas_sgemm(CblasRowMajor, ta, tb, g.M, (int)(i1 - i0), g.K, g.alpha, g.A, g.lda, B, g.ldb, g.beta, g.C + i0,
                g.ldc);
  }
}

}  // namespace

void sgemm(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
           int ldb, float beta, float* C, int ldc) {
  if (M == 0 || N == 0) return;
  if (K == 0 || alpha == 0.0f) {
    // C = beta C (beta == 0 means C is not read, as in BLAS)
    for (int i = 0; i < M; i++) {
      float* c = C + (size_t)i * ldc;
      if (beta == 0.0f)
        std::memset(c, 0, (size_t)N * sizeof(float));
      else if (beta != 1.0f)
        for (int j = 0; j < N; j++) c[j] *= beta;
    }
    return;
  }
  GemmCtx g{transA, transB, M >= N, M, N, K, alpha, beta, A, B, C, lda, ldb, ldc, {}};
  // split the larger of M and N (each member then packs the smaller operand only once);
  // below ~0.5 MFLOP a single thread is faster
  const size_t big = (size_t)std::max(M, N);
  int P = Team::get().size();
  if ((double)M * N * K < 262144.0) P = 1;
  P = (int)std::min<size_t>((size_t)P, std::max<size_t>(1, big / 8));
  split(big, P, big >= 16 * (size_t)P ? 8 : 1, g.bounds);
  Team::get().run(P, gemm_job, &g);
}

void set_threads(int n) { Team::get().set_size(n); }

int get_threads() { return Team::get().size(); }

void init_threads() {
  static std::once_flag once;
  std::call_once(once, [] {
    // the team takes over OpenBLAS's default parallelism (OPENBLAS_NUM_THREADS or the core count)
    const int n = openblas_get_num_threads();
    openblas_set_num_threads(1);
    Team::get().set_size(n < 1 ? 1 : n);
  });
}

const char* simd_level() { return use_avx2() ? "avx2" : "baseline"; }

void force_baseline(bool on) { g_force_baseline = on; }

}  // namespace rnnlab
