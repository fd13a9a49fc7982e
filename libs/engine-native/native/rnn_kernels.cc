// Fused RNN / LSTM / GRU sequence kernels over OpenBLAS (see rnn_kernels.h for layouts).
//
// The kernel bodies live in kernels_impl.inc and are compiled three times: for the baseline x86-64
// ISA, for AVX2 + FMA and for AVX-512; the variant is chosen once at load time from CPUID (and can
// be lowered for testing or measuring). The AVX2 and AVX-512 builds run the recurrence split by batch
// rows over their own register-tiled small GEMMs (see kernels_impl.inc); the baseline uses OpenBLAS.
//
// Threading: OpenBLAS runs single-threaded; parallelism comes from the Team (team.h), which runs
// the kernels' static unit partition and splits the exported sgemm by rows or columns.
#include "rnn_kernels.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "blas.h"
#include "team.h"

namespace rnnlab {

namespace {

/** Per-thread scratch reused across calls (grown on demand, never shrunk). */
struct Scratch {
  std::vector<float> f[4];
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

constexpr int kMaxChunks = 8;
/** Rows per block of the per-step dh norms in the batch-split Elman RNN backward (AVX-512). */
constexpr size_t kNormRows = 8;

/** Static partition of one call. The work is cut into C chunks of hidden units (and C chunks of
 *  W_hh columns for the weight gradient) chosen from the problem size only; team member k owns
 *  chunks [own_k, own_{k+1}). Every chunk is computed the same way whoever runs it, so results are
 *  bitwise identical for any thread count. */
struct Plan {
  int P = 1;  // team members
  int C = 1;  // chunks
  size_t u[kMaxChunks + 1];          // hidden units  [u_c, u_{c+1})
  size_t c[kMaxChunks + 1];          // W_hh columns  [c_c, c_{c+1})
  int own[Team::kMaxThreads + 1];    // chunks of member k
  size_t r[Team::kMaxThreads + 1];   // rows of T*B per member (pure copies)
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
  // chunks of >= 64 units (128 for the Elman RNN, whose per-chunk GEMMs are G = 1 columns wide;
  // half that for small H); GEMMs cut this way lose <= 5% (measured on the LSTM at H = 256)
  size_t minUnits = gates_of(cell) == 1 ? 128 : 64;
  if (H < 2 * minUnits) minUnits /= 2;
  size_t C = H / minUnits;
  C = std::max<size_t>(1, std::min<size_t>(C, kMaxChunks));
  p.C = (int)C;
  split(H, p.C, 8, p.u);
  split(GH, p.C, 8, p.c);
  int P = std::min(Team::get().size(), p.C);
  if (B * H * GH < 16384) P = 1;  // tiny problems are not worth a barrier per step
  p.P = P;
  for (int k = 0; k <= P; k++) p.own[k] = (int)((size_t)k * C / P);
  split(T * B, P, 1, p.r);
  return p;
}

struct FwdCtx {
  const ForwardArgs* a;
  Plan plan;
  float* S;      // [B, G*H] per-member GEMM outputs
  float* wperm;  // chunked path: [H, G*H] packed W_hh columns (C > 1); batch split: each member's W_hh panels
  size_t wpermStride;  // batch split: floats between members' copies
  bool batchSplit;     // AVX2 / AVX-512 with more than one block of rows (see forward())
};

struct BwdCtx {
  const BackwardArgs* a;
  Plan plan;
  double* sq;      // [H]   per-unit sums of squares of dh_t
  double* acc;     // [G*H] column-sum accumulators
  double* normsq;  // [C, T] per-chunk ||dh_t||^2
  float* drh;      // [B, H] gru_before: d(r ⊙ h)
  float* dans;     // [T*B, H] gru_after: input-side dan
  float* whhT;     // batch split: each member's W_hhᵀ [G*H, H] as panels
  size_t whhTStride;
  float* wgpack;   // batch split: each member's packed block of dZ for the weight gradient
  size_t wgpackStride;
  int normChunks;  // blocks of normsq
};

/** Floats for B [K, N] as panels of up to 32 columns (the widest build's; see pack_panels). */
static size_t panel_floats(size_t K, size_t N) { return K * ((N + 31) / 32) * 32; }

// ---- the two ISA variants --------------------------------------------------------------------

namespace isa_base {
#include "kernels_impl.inc"
}  // namespace isa_base

#if defined(__x86_64__) && defined(__GNUC__)
#define RNNLAB_HAVE_X86_VARIANTS 1
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#define RNNLAB_ISA_AVX2 1
namespace isa_avx2 {
#include "kernels_impl.inc"
}  // namespace isa_avx2
#undef RNNLAB_ISA_AVX2
#undef RNNLAB_HAVE_SMALL_SGEMM
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,prefer-vector-width=512")
#define RNNLAB_ISA_AVX512 1
namespace isa_avx512 {
#include "kernels_impl.inc"
}  // namespace isa_avx512
#undef RNNLAB_ISA_AVX512
#undef RNNLAB_HAVE_SMALL_SGEMM
#pragma GCC pop_options
#endif

namespace {

Simd detect_simd() {
#ifdef RNNLAB_HAVE_X86_VARIANTS
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) {
    return Simd::Avx512;
  }
  if (avx2) return Simd::Avx2;
#endif
  return Simd::Baseline;
}

const Simd g_best_simd = detect_simd();
std::atomic<int> g_simd{(int)g_best_simd};

inline Simd current_simd() { return (Simd)g_simd.load(std::memory_order_relaxed); }

}  // namespace

using JobFn = void (*)(void*, int);

static JobFn forward_fn() {
  switch (current_simd()) {
#ifdef RNNLAB_HAVE_X86_VARIANTS
    case Simd::Avx512: return isa_avx512::forward_job;
    case Simd::Avx2: return isa_avx2::forward_job;
#endif
    default: return isa_base::forward_job;
  }
}

static JobFn backward_fn() {
  switch (current_simd()) {
#ifdef RNNLAB_HAVE_X86_VARIANTS
    case Simd::Avx512: return isa_avx512::backward_job;
    case Simd::Avx2: return isa_avx2::backward_job;
#endif
    default: return isa_base::backward_job;
  }
}

void forward(const ForwardArgs& a) {
  const size_t T = a.T, B = a.B, H = a.H, GH = (size_t)gates_of(a.cell) * H;
  FwdCtx c;
  c.a = &a;
  c.plan = make_plan(a.cell, T, B, H);
  // AVX2 / AVX-512: the batch-split forward (no barriers; each member packs its own W_hh), at most
  // one member per block of rows. A batch of one block (sampling: B = 1) has nothing to split: it
  // splits W_hh's columns instead, so that each core reads its half of W_hh from its own cache.
  c.batchSplit = current_simd() >= Simd::Avx2 && B > kNormRows;
  if (c.batchSplit) c.plan.P = std::min<int>(c.plan.P, (int)((B + kNormRows - 1) / kNormRows));
  c.S = tl_scratch.floats(0, B * GH);
  c.wperm = c.plan.C > 1 ? tl_scratch.floats(1, H * GH) : nullptr;
  c.wpermStride = 0;
  if (c.batchSplit) {
    // per member: W_hh as panels (GRU reset-before: its [r z] and n column blocks apart)
    c.wpermStride = panel_floats(H, 2 * H) + panel_floats(H, GH);
    c.wperm = tl_scratch.floats(1, c.wpermStride * (size_t)c.plan.P);
  }
  Team::get().run(c.plan.P, forward_fn(), &c);
}

void backward(const BackwardArgs& a) {
  const size_t T = a.T, B = a.B, H = a.H, GH = (size_t)gates_of(a.cell) * H;
  BwdCtx c;
  c.a = &a;
  c.plan = make_plan(a.cell, T, B, H);
  // AVX2 / AVX-512: batch-split recurrence (per-member sq, norms per block of kNormRows rows)
  const bool batchSplit = current_simd() >= Simd::Avx2;
  c.normChunks = batchSplit ? (int)((B + kNormRows - 1) / kNormRows) : c.plan.C;
  c.sq = tl_scratch.doubles(0, H * (size_t)c.plan.P);
  c.acc = tl_scratch.doubles(1, GH);
  c.normsq = tl_scratch.doubles(2, (size_t)c.normChunks * T);
  c.drh = a.cell == Cell::GruBefore ? tl_scratch.floats(0, B * H) : nullptr;
  c.dans = a.cell == Cell::GruAfter ? tl_scratch.floats(1, T * B * H) : nullptr;
  c.whhTStride = batchSplit ? panel_floats(GH, H) : 0;
  c.whhT = batchSplit ? tl_scratch.floats(2, c.whhTStride * (size_t)c.plan.P) : nullptr;
  // the weight gradient's dZ blocks: at most 256 rows (kWgradRows) of a member's widest column chunk
  size_t widest = 0;
  for (int ch = 0; ch < c.plan.C; ch++) widest = std::max(widest, c.plan.c[ch + 1] - c.plan.c[ch]);
  c.wgpackStride = batchSplit ? panel_floats(256, widest) : 0;
  c.wgpack = batchSplit ? tl_scratch.floats(3, c.wgpackStride * (size_t)c.plan.P) : nullptr;
  Team::get().run(c.plan.P, backward_fn(), &c);
  if (a.dhNorms32 || a.dhNorms64) {
    for (size_t t = 0; t < T; t++) {
      double s = 0.0;
      for (int k = 0; k < c.normChunks; k++) s += c.normsq[(size_t)k * T + t];
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
  size_t bounds[kMaxChunks + 1];  // chunks of rows (splitM) or columns of C
  int own[Team::kMaxThreads + 1];  // chunks of member k
};

void gemm_job(void* vctx, int k) {
  const GemmCtx& g = *static_cast<const GemmCtx*>(vctx);
  const CBLAS_TRANSPOSE ta = g.ta ? CblasTrans : CblasNoTrans, tb = g.tb ? CblasTrans : CblasNoTrans;
  for (int ch = g.own[k]; ch < g.own[k + 1]; ch++) {
    const size_t i0 = g.bounds[ch], i1 = g.bounds[ch + 1];
    if (i1 <= i0) continue;
    if (g.splitM) {
      // rows [i0, i1) of C: rows of op(A)
      const float* A = g.ta ? g.A + i0 : g.A + i0 * (size_t)g.lda;
      blas::api().sgemm(CblasRowMajor, ta, tb, (int)(i1 - i0), g.N, g.K, g.alpha, A, g.lda, g.B, g.ldb, g.beta,
                        g.C + i0 * (size_t)g.ldc, g.ldc);
    } else {
      // columns [i0, i1) of C: columns of op(B)
      const float* B = g.tb ? g.B + i0 * (size_t)g.ldb : g.B + i0;
      blas::api().sgemm(CblasRowMajor, ta, tb, g.M, (int)(i1 - i0), g.K, g.alpha, g.A, g.lda, B, g.ldb, g.beta,
                        g.C + i0, g.ldc);
    }
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
  GemmCtx g{transA, transB, M >= N, M, N, K, alpha, beta, A, B, C, lda, ldb, ldc, {}, {}};
  // Cut the larger of M and N (each chunk then packs the smaller operand only once) into chunks
  // of >= 64, chosen from the shape only (results do not depend on the thread count); below
  // ~4M multiply-adds one call on one thread is faster (waking a sleeping worker costs ~30 us).
  const size_t big = (size_t)std::max(M, N);
  size_t chunks = std::max<size_t>(1, std::min<size_t>(kMaxChunks, big / 64));
  if ((double)M * N * K < 4194304.0) chunks = 1;
  split(big, (int)chunks, 8, g.bounds);
  const int P = std::min(Team::get().size(), (int)chunks);
  for (int k = 0; k <= P; k++) g.own[k] = (int)((size_t)k * chunks / P);
  Team::get().run(P, gemm_job, &g);
}

void set_threads(int n) { Team::get().set_size(n); }

int get_threads() { return Team::get().size(); }

bool init(std::string* error) {
  if (!blas::load(error)) return false;
  static std::once_flag once;
  std::call_once(once, [] {
    // the team takes over OpenBLAS's default parallelism (OPENBLAS_NUM_THREADS or the core count)
    const int n = blas::api().get_num_threads();
    blas::api().set_num_threads(1);
    Team::get().set_size(n < 1 ? 1 : n);
  });
  return true;
}

const char* simd_name(Simd s) {
  switch (s) {
    case Simd::Avx512: return "avx512";
    case Simd::Avx2: return "avx2";
    default: return "baseline";
  }
}

Simd simd_level() { return current_simd(); }

Simd simd_best() { return g_best_simd; }

bool set_simd(Simd s) {
  if ((int)s > (int)g_best_simd) return false;
  g_simd.store((int)s, std::memory_order_relaxed);
  return true;
}

}  // namespace rnnlab
