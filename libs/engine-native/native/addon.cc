// rnnlab_native: raw N-API bindings for the fused sequence kernels and a BLAS sgemm.
//
//   workspaceSize(cell, T, B, H): number
//   forward(cell, T, B, H, xp, h0, c0|null, whh, bhh, mask|null, hs, cT|null, ws): undefined
//   backward(cell, T, B, H, h0, c0|null, whh, bhh, mask|null, hs, ws, dhs, dcT|null,
//            dxp, dh0, dc0|null, dwhh, dbhh, dhNorms|null): undefined
//   sgemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc): undefined
//   setThreads(n): undefined     getThreads(): number   (the addon's own thread team, capped at
//                                the CPUs the process may use; OpenBLAS is kept at 1 thread)
//   info(): { blas: string, threads: number, version: 1, simd: 'avx512' | 'avx2' | 'baseline',
//             blasThreads: 1, blasCore: string, blasNote: string }
//   _setSimd(level): string   (testing hook: 'avx512' | 'avx2' | 'baseline' | 'best')
//
// Every argument is validated (type, length, dimensions, aliasing of outputs); a violation throws
// a JS TypeError / Error naming the argument and the function. Nothing is written before all
// arguments have been checked.
#include <node_api.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "blas.h"
#include "rnn_kernels.h"
#include "train_ops.h"

namespace {

using rnnlab::Cell;

// ---- errors ----------------------------------------------------------------------------------

/** An argument problem, turned into a JS TypeError (type) or Error at the N-API boundary. */
struct ArgError {
  std::string msg;
  bool type;
};

/** A failed N-API call (a JS exception may already be pending). */
struct NapiFailure {
  std::string msg;
};

#define NAPI_OK(call)                                                               \
  do {                                                                              \
    if ((call) != napi_ok) throw NapiFailure{std::string("N-API call failed: ") + #call}; \
  } while (0)

// ---- argument access -------------------------------------------------------------------------

struct F32 {
  float* data = nullptr;
  size_t length = 0;
  bool present = false;
};

class Args {
 public:
  Args(napi_env env, napi_callback_info info, const char* fn) : env_(env), fn_(fn) {
    argc_ = kMax;
    NAPI_OK(napi_get_cb_info(env, info, &argc_, argv_, nullptr, nullptr));
    if (argc_ > kMax) argc_ = kMax;
  }

  napi_env env() const { return env_; }
  const char* fn() const { return fn_; }

  [[noreturn]] void fail(const std::string& msg, bool type = false) const {
    throw ArgError{msg + " in " + fn_ + "()", type};
  }

  napi_valuetype type_of(size_t i) const {
    if (i >= argc_) return napi_undefined;
    napi_valuetype t;
    NAPI_OK(napi_typeof(env_, argv_[i], &t));
    return t;
  }

  bool nullish(size_t i) const {
    const napi_valuetype t = type_of(i);
    return t == napi_undefined || t == napi_null;
  }

  /** A short description of the JS value for error messages. */
  std::string describe(size_t i) const {
    switch (type_of(i)) {
      case napi_undefined: return "undefined";
      case napi_null: return "null";
      case napi_boolean: return "boolean";
      case napi_number: {
        double v;
        NAPI_OK(napi_get_value_double(env_, argv_[i], &v));
        char buf[64];
        std::snprintf(buf, sizeof buf, "number %.17g", v);
        return buf;
      }
      case napi_string: return "string";
      case napi_symbol: return "symbol";
      case napi_function: return "function";
      case napi_bigint: return "bigint";
      case napi_external: return "external";
      case napi_object: {
        bool is;
        NAPI_OK(napi_is_typedarray(env_, argv_[i], &is));
        if (is) {
          napi_typedarray_type tt;
          size_t len;
          NAPI_OK(napi_get_typedarray_info(env_, argv_[i], &tt, &len, nullptr, nullptr, nullptr));
          return typed_array_name(tt);
        }
        NAPI_OK(napi_is_array(env_, argv_[i], &is));
        if (is) return "Array";
        NAPI_OK(napi_is_arraybuffer(env_, argv_[i], &is));
        if (is) return "ArrayBuffer";
        return "object";
      }
    }
    return "unknown";
  }

  std::string str(size_t i, const char* name) const {
    if (type_of(i) != napi_string) fail(std::string("expected ") + name + " to be a string, got " + describe(i), true);
    size_t len = 0;
    NAPI_OK(napi_get_value_string_utf8(env_, argv_[i], nullptr, 0, &len));
    std::string s(len, '\0');
    NAPI_OK(napi_get_value_string_utf8(env_, argv_[i], &s[0], len + 1, &len));
    s.resize(len);
    return s;
  }

  double number(size_t i, const char* name) const {
    if (type_of(i) != napi_number) fail(std::string("expected ") + name + " to be a number, got " + describe(i), true);
    double v;
    NAPI_OK(napi_get_value_double(env_, argv_[i], &v));
    return v;
  }

  bool boolean(size_t i, const char* name) const {
    if (type_of(i) != napi_boolean) fail(std::string("expected ") + name + " to be a boolean, got " + describe(i), true);
    bool v;
    NAPI_OK(napi_get_value_bool(env_, argv_[i], &v));
    return v;
  }

  /** An integer in [lo, INT_MAX]. */
  int integer(size_t i, const char* name, int lo) const {
    const double v = number(i, name);
    if (!std::isfinite(v) || v != std::floor(v) || v < lo || v > (double)INT_MAX) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "expected %s to be %s integer <= %d, got %.17g", name,
                    lo > 0 ? "a positive" : "a non-negative", INT_MAX, v);
      fail(buf, !std::isfinite(v) || v != std::floor(v));
    }
    return (int)v;
  }

  /** Typed-array info of argument i (is == false when it is not a typed array). The data pointer
   *  already includes the view's byte offset. */
  struct Typed {
    bool is = false;
    napi_typedarray_type type = napi_int8_array;
    size_t length = 0;
    void* data = nullptr;
  };

  Typed typed_info(size_t i) const {
    Typed t;
    if (type_of(i) != napi_object) return t;
    NAPI_OK(napi_is_typedarray(env_, argv_[i], &t.is));
    if (t.is) NAPI_OK(napi_get_typedarray_info(env_, argv_[i], &t.type, &t.length, &t.data, nullptr, nullptr));
    return t;
  }

  /** A Float32Array of any length (or, when nullable, null / undefined -> present == false). */
  F32 float32(size_t i, const char* name, bool nullable = false) const {
    F32 out;
    if (nullable && nullish(i)) return out;
    const Typed t = typed_info(i);
    if (!t.is || t.type != napi_float32_array) {
      fail(std::string("expected ") + name + " to be a Float32Array" + (nullable ? " or null" : "") + ", got " +
               describe(i),
           true);
    }
    out.data = static_cast<float*>(t.data);
    out.length = t.length;
    out.present = true;
    return out;
  }

  /** An Int32Array of exactly `want` elements. */
  const int32_t* i32(size_t i, const char* name, size_t want, const std::string& formula) const {
    const Typed t = typed_info(i);
    if (!t.is || t.type != napi_int32_array) fail(std::string("expected ") + name + " to be an Int32Array, got " + describe(i), true);
    check_length(name, t.length, want, formula);
    return static_cast<const int32_t*>(t.data);
  }

  /** A Float32Array of exactly `want` elements (`formula` explains the expected length). */
  F32 f32(size_t i, const char* name, size_t want, const std::string& formula, bool nullable = false) const {
    F32 a = float32(i, name, nullable);
    if (a.present) check_length(name, a.length, want, formula);
    return a;
  }

  void check_length(const char* name, size_t got, size_t want, const std::string& formula) const {
    if (got != want) {
      fail(std::string("expected ") + name + " of length " + formula + " = " + std::to_string(want) + ", got " +
           std::to_string(got));
    }
  }

  /** A Float32Array that must be null or undefined (state arguments of cells without a cell state). */
  void absent(size_t i, const char* name, const char* why) const {
    if (!nullish(i)) fail(std::string("expected ") + name + " to be null " + why + ", got " + describe(i), true);
  }

  static const char* typed_array_name(napi_typedarray_type t) {
    switch (t) {
      case napi_int8_array: return "Int8Array";
      case napi_uint8_array: return "Uint8Array";
      case napi_uint8_clamped_array: return "Uint8ClampedArray";
      case napi_int16_array: return "Int16Array";
      case napi_uint16_array: return "Uint16Array";
      case napi_int32_array: return "Int32Array";
      case napi_uint32_array: return "Uint32Array";
      case napi_float32_array: return "Float32Array";
      case napi_float64_array: return "Float64Array";
      case napi_bigint64_array: return "BigInt64Array";
      case napi_biguint64_array: return "BigUint64Array";
    }
    return "TypedArray";
  }

 private:
  static constexpr size_t kMax = 24;
  napi_env env_;
  const char* fn_;
  size_t argc_;
  napi_value argv_[kMax];
};

// ---- sizes -----------------------------------------------------------------------------------

/** Checked product of sizes; throws when it does not fit. */
size_t mul(const Args& a, std::initializer_list<size_t> xs, const char* what) {
  size_t p = 1;
  for (size_t x : xs) {
    if (__builtin_mul_overflow(p, x, &p)) a.fail(std::string("dimensions too large: ") + what + " overflows");
  }
  return p;
}

struct Dims {
  Cell cell;
  int T, B, H, G;
  size_t TB, GH, BH, TBH, TBGH, HGH, ws;
};

Dims read_dims(const Args& a) {
  Dims d;
  const std::string cell = a.str(0, "cell");
  if (!rnnlab::parse_cell(cell.c_str(), &d.cell)) {
    a.fail("unknown cell '" + cell + "' (expected 'rnn_tanh', 'rnn_relu', 'lstm', 'gru_after' or 'gru_before')",
           true);
  }
  d.T = a.integer(1, "T", 1);
  d.B = a.integer(2, "B", 1);
  d.H = a.integer(3, "H", 1);
  d.G = rnnlab::gates_of(d.cell);
  d.TB = mul(a, {(size_t)d.T, (size_t)d.B}, "T*B");
  d.GH = mul(a, {(size_t)d.G, (size_t)d.H}, "G*H");
  if (d.TB > (size_t)INT_MAX) a.fail("dimensions too large: T*B = " + std::to_string(d.TB) + " exceeds 2^31-1");
  if (d.GH > (size_t)INT_MAX) a.fail("dimensions too large: G*H = " + std::to_string(d.GH) + " exceeds 2^31-1");
  d.BH = mul(a, {(size_t)d.B, (size_t)d.H}, "B*H");
  d.TBH = mul(a, {d.TB, (size_t)d.H}, "T*B*H");
  d.TBGH = mul(a, {d.TB, d.GH}, "T*B*G*H");
  d.HGH = mul(a, {(size_t)d.H, d.GH}, "H*G*H");
  d.ws = mul(a, {(size_t)rnnlab::workspace_per_unit(d.cell), d.TBH}, "workspace size");
  if (d.ws > (SIZE_MAX / sizeof(double)) / 2) a.fail("dimensions too large: workspace size overflows");
  return d;
}

std::string ws_formula(const Dims& d) {
  const int k = rnnlab::workspace_per_unit(d.cell);
  return std::string("workspaceSize('") + rnnlab::cell_name(d.cell) + "', T, B, H) = " +
         (k == 1 ? std::string("") : std::to_string(k) + "*") + "T*B*H";
}

// ---- aliasing --------------------------------------------------------------------------------

struct Region {
  const char* name;
  const void* p;
  size_t bytes;
  bool output;
};

/** Outputs must not overlap any other argument (inputs may share memory with each other). */
void check_aliasing(const Args& a, const std::vector<Region>& rs) {
  for (size_t i = 0; i < rs.size(); i++) {
    if (!rs[i].output || !rs[i].p || rs[i].bytes == 0) continue;
    const uintptr_t b0 = (uintptr_t)rs[i].p, e0 = b0 + rs[i].bytes;
    for (size_t j = 0; j < rs.size(); j++) {
      if (i == j || !rs[j].p || rs[j].bytes == 0) continue;
      const uintptr_t b1 = (uintptr_t)rs[j].p, e1 = b1 + rs[j].bytes;
      if (b0 < e1 && b1 < e0) {
        a.fail(std::string("output ") + rs[i].name + " overlaps " + (rs[j].output ? "output " : "input ") +
               rs[j].name + " (outputs must not share memory with other arguments)");
      }
    }
  }
}

Region reg(const char* name, const F32& x, bool output) {
  return Region{name, x.data, x.length * sizeof(float), output};
}

napi_value undefined(napi_env env) {
  napi_value u;
  NAPI_OK(napi_get_undefined(env, &u));
  return u;
}

napi_value make_number(napi_env env, double v) {
  napi_value r;
  NAPI_OK(napi_create_double(env, v, &r));
  return r;
}

napi_value make_string(napi_env env, const char* s) {
  napi_value r;
  NAPI_OK(napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &r));
  return r;
}

// ---- functions -------------------------------------------------------------------------------

napi_value WorkspaceSize(napi_env env, napi_callback_info info) {
  Args a(env, info, "workspaceSize");
  const Dims d = read_dims(a);
  return make_number(env, (double)d.ws);
}

napi_value Forward(napi_env env, napi_callback_info info) {
  Args a(env, info, "forward");
  const Dims d = read_dims(a);
  const bool lstm = d.cell == Cell::Lstm;
  const char* noCell = "(only lstm has a cell state)";
  const F32 xp = a.f32(4, "xp", d.TBGH, "T*B*G*H");
  const F32 h0 = a.f32(5, "h0", d.BH, "B*H");
  F32 c0;
  if (lstm) c0 = a.f32(6, "c0", d.BH, "B*H");
  else a.absent(6, "c0", noCell);
  const F32 whh = a.f32(7, "whh", d.HGH, "H*G*H");
  const F32 bhh = a.f32(8, "bhh", d.GH, "G*H");
  const F32 mask = a.f32(9, "mask", d.TB, "T*B", true);
  const F32 hs = a.f32(10, "hs", d.TBH, "T*B*H");
  F32 cT;
  if (lstm) cT = a.f32(11, "cT", d.BH, "B*H");
  else a.absent(11, "cT", noCell);
  const F32 ws = a.f32(12, "ws", d.ws, ws_formula(d));
  check_aliasing(a, {reg("xp", xp, false), reg("h0", h0, false), reg("c0", c0, false), reg("whh", whh, false),
                     reg("bhh", bhh, false), reg("mask", mask, false), reg("hs", hs, true), reg("cT", cT, true),
                     reg("ws", ws, true)});
  rnnlab::ForwardArgs f{d.cell, d.T, d.B, d.H, xp.data, h0.data, c0.data, whh.data, bhh.data,
                        mask.data, hs.data, cT.data, ws.data};
  rnnlab::forward(f);
  return undefined(env);
}

napi_value Backward(napi_env env, napi_callback_info info) {
  Args a(env, info, "backward");
  const Dims d = read_dims(a);
  const bool lstm = d.cell == Cell::Lstm;
  const char* noCell = "(only lstm has a cell state)";
  const F32 h0 = a.f32(4, "h0", d.BH, "B*H");
  F32 c0;
  if (lstm) c0 = a.f32(5, "c0", d.BH, "B*H");
  else a.absent(5, "c0", noCell);
  const F32 whh = a.f32(6, "whh", d.HGH, "H*G*H");
  const F32 bhh = a.f32(7, "bhh", d.GH, "G*H");
  const F32 mask = a.f32(8, "mask", d.TB, "T*B", true);
  const F32 hs = a.f32(9, "hs", d.TBH, "T*B*H");
  const F32 ws = a.f32(10, "ws", d.ws, ws_formula(d));
  const F32 dhs = a.f32(11, "dhs", d.TBH, "T*B*H");
  F32 dcT;
  if (lstm) dcT = a.f32(12, "dcT", d.BH, "B*H");
  else a.absent(12, "dcT", noCell);
  const F32 dxp = a.f32(13, "dxp", d.TBGH, "T*B*G*H");
  const F32 dh0 = a.f32(14, "dh0", d.BH, "B*H");
  F32 dc0;
  if (lstm) dc0 = a.f32(15, "dc0", d.BH, "B*H");
  else a.absent(15, "dc0", noCell);
  const F32 dwhh = a.f32(16, "dwhh", d.HGH, "H*G*H");
  const F32 dbhh = a.f32(17, "dbhh", d.GH, "G*H");
  // dhNorms: Float32Array or Float64Array of length T, or null
  float* norms32 = nullptr;
  double* norms64 = nullptr;
  Region normsRegion{"dhNorms", nullptr, 0, true};
  if (!a.nullish(18)) {
    const Args::Typed n = a.typed_info(18);
    if (!n.is || (n.type != napi_float32_array && n.type != napi_float64_array)) {
      a.fail("expected dhNorms to be a Float32Array, a Float64Array or null, got " + a.describe(18), true);
    }
    a.check_length("dhNorms", n.length, (size_t)d.T, "T");
    const bool f64 = n.type == napi_float64_array;
    if (f64) norms64 = static_cast<double*>(n.data);
    else norms32 = static_cast<float*>(n.data);
    normsRegion.p = n.data;
    normsRegion.bytes = n.length * (f64 ? sizeof(double) : sizeof(float));
  }
  check_aliasing(a, {reg("h0", h0, false), reg("c0", c0, false), reg("whh", whh, false), reg("bhh", bhh, false),
                     reg("mask", mask, false), reg("hs", hs, false), reg("ws", ws, false), reg("dhs", dhs, false),
                     reg("dcT", dcT, false), reg("dxp", dxp, true), reg("dh0", dh0, true), reg("dc0", dc0, true),
                     reg("dwhh", dwhh, true), reg("dbhh", dbhh, true), normsRegion});
  rnnlab::BackwardArgs b{d.cell,   d.T,      d.B,      d.H,       h0.data,   c0.data,   whh.data,
                         bhh.data, mask.data, hs.data, ws.data,   dhs.data,  dcT.data,  dxp.data,
                         dh0.data, dc0.data, dwhh.data, dbhh.data, norms32, norms64};
  rnnlab::backward(b);
  return undefined(env);
}

/** Elements a row-major rows x cols matrix with leading dimension ld spans (0 if empty). */
size_t span(size_t rows, size_t cols, size_t ld) { return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols; }

napi_value Sgemm(napi_env env, napi_callback_info info) {
  Args a(env, info, "sgemm");
  const bool ta = a.boolean(0, "transA");
  const bool tb = a.boolean(1, "transB");
  const int M = a.integer(2, "M", 0);
  const int N = a.integer(3, "N", 0);
  const int K = a.integer(4, "K", 0);
  const double alpha = a.number(5, "alpha");
  const F32 A = a.float32(6, "A");
  const int lda = a.integer(7, "lda", 1);
  const F32 Bm = a.float32(8, "B");
  const int ldb = a.integer(9, "ldb", 1);
  const double beta = a.number(10, "beta");
  const F32 C = a.float32(11, "C");
  const int ldc = a.integer(12, "ldc", 1);
  // storage shapes (row-major): A is M x K (or K x M when transposed), B is K x N (or N x K), C is M x N
  const size_t aRows = ta ? K : M, aCols = ta ? M : K;
  const size_t bRows = tb ? N : K, bCols = tb ? K : N;
  auto check_ld = [&](const char* ldName, int ld, size_t cols, const char* colsName, const char* mat) {
    if ((size_t)ld < cols) {
      a.fail(std::string("expected ") + ldName + " >= " + colsName + " = " + std::to_string(cols) + " (columns of " +
             mat + " as stored, row-major), got " + std::to_string(ld));
    }
  };
  check_ld("lda", lda, aCols, ta ? "M" : "K", ta ? "A (K x M)" : "A (M x K)");
  check_ld("ldb", ldb, bCols, tb ? "K" : "N", tb ? "B (N x K)" : "B (K x N)");
  check_ld("ldc", ldc, (size_t)N, "N", "C (M x N)");
  const size_t needA = span(aRows, aCols, lda), needB = span(bRows, bCols, ldb), needC = span(M, N, ldc);
  auto check_len = [&](const char* name, const F32& x, size_t need, const char* formula) {
    if (x.length < need) {
      a.fail(std::string("expected ") + name + " of length at least " + formula + " = " + std::to_string(need) +
             ", got " + std::to_string(x.length));
    }
  };
  check_len("A", A, needA, ta ? "(K-1)*lda + M" : "(M-1)*lda + K");
  check_len("B", Bm, needB, tb ? "(N-1)*ldb + K" : "(K-1)*ldb + N");
  check_len("C", C, needC, "(M-1)*ldc + N");
  check_aliasing(a, {Region{"A", A.data, needA * sizeof(float), false},
                     Region{"B", Bm.data, needB * sizeof(float), false},
                     Region{"C", C.data, needC * sizeof(float), true}});
  rnnlab::sgemm(ta, tb, M, N, K, (float)alpha, A.data, lda, Bm.data, ldb, (float)beta, C.data, ldc);
  return undefined(env);
}

// ---- training-step helpers ---------------------------------------------------------------------

/** adam(p, g, m, v, pOut, mOut, vOut, beta1, beta2, epsHat, stepSize, decay): all arrays of one length. */
napi_value Adam(napi_env env, napi_callback_info info) {
  Args a(env, info, "adam");
  const F32 p = a.float32(0, "p");
  const size_t n = p.length;
  const std::string len = "p.length";
  const F32 g = a.f32(1, "g", n, len), m = a.f32(2, "m", n, len), v = a.f32(3, "v", n, len);
  const F32 po = a.f32(4, "pOut", n, len), mo = a.f32(5, "mOut", n, len), vo = a.f32(6, "vOut", n, len);
  const double b1 = a.number(7, "beta1"), b2 = a.number(8, "beta2"), eps = a.number(9, "epsHat");
  const double step = a.number(10, "stepSize"), decay = a.number(11, "decay");
  check_aliasing(a, {Region{"p", p.data, n * 4, false}, Region{"g", g.data, n * 4, false}, Region{"m", m.data, n * 4, false},
                     Region{"v", v.data, n * 4, false}, Region{"pOut", po.data, n * 4, true},
                     Region{"mOut", mo.data, n * 4, true}, Region{"vOut", vo.data, n * 4, true}});
  rnnlab::adam(n, p.data, g.data, m.data, v.data, po.data, mo.data, vo.data, (float)b1, (float)b2, (float)eps,
               (float)step, (float)decay);
  return undefined(env);
}

/** scatterAddRows(ids Int32Array [n], src [n*K], out [V*K], K): out = 0; out[ids[i]] += src[i]. */
napi_value ScatterAddRows(napi_env env, napi_callback_info info) {
  Args a(env, info, "scatterAddRows");
  const int K = a.integer(3, "K", 1);
  const F32 src = a.float32(1, "src");
  if (src.length % (size_t)K != 0) a.fail("expected src.length to be a multiple of K = " + std::to_string(K) + ", got " + std::to_string(src.length));
  const size_t n = src.length / (size_t)K;
  const int32_t* ids = a.i32(0, "ids", n, "src.length / K");
  const F32 out = a.float32(2, "out");
  if (out.length % (size_t)K != 0) a.fail("expected out.length to be a multiple of K = " + std::to_string(K) + ", got " + std::to_string(out.length));
  check_aliasing(a, {Region{"src", src.data, src.length * 4, false}, Region{"out", out.data, out.length * 4, true}});
  rnnlab::scatter_add_rows(n, (size_t)K, out.length / (size_t)K, ids, src.data, out.data);
  return undefined(env);
}

/** softmaxXent(logits [N*V], targets Int32Array [N], weights [N], probs [N*V], V): Σ w·nll (number). */
napi_value SoftmaxXent(napi_env env, napi_callback_info info) {
  Args a(env, info, "softmaxXent");
  const int V = a.integer(4, "V", 1);
  const F32 z = a.float32(0, "logits");
  if (z.length % (size_t)V != 0) a.fail("expected logits.length to be a multiple of V = " + std::to_string(V) + ", got " + std::to_string(z.length));
  const size_t N = z.length / (size_t)V;
  const int32_t* y = a.i32(1, "targets", N, "logits.length / V");
  const F32 w = a.f32(2, "weights", N, "logits.length / V");
  const F32 p = a.f32(3, "probs", z.length, "logits.length");
  check_aliasing(a, {Region{"logits", z.data, z.length * 4, false}, Region{"weights", w.data, N * 4, false},
                     Region{"probs", p.data, z.length * 4, true}});
  return make_number(env, rnnlab::softmax_xent(N, (size_t)V, z.data, y, w.data, p.data));
}

/** softmaxXentGrad(probs [N*V], targets Int32Array [N], weights [N], scale, d [N*V], V). */
napi_value SoftmaxXentGrad(napi_env env, napi_callback_info info) {
  Args a(env, info, "softmaxXentGrad");
  const int V = a.integer(5, "V", 1);
  const F32 p = a.float32(0, "probs");
  if (p.length % (size_t)V != 0) a.fail("expected probs.length to be a multiple of V = " + std::to_string(V) + ", got " + std::to_string(p.length));
  const size_t N = p.length / (size_t)V;
  const int32_t* y = a.i32(1, "targets", N, "probs.length / V");
  const F32 w = a.f32(2, "weights", N, "probs.length / V");
  const double scale = a.number(3, "scale");
  const F32 d = a.f32(4, "d", p.length, "probs.length");
  check_aliasing(a, {Region{"probs", p.data, p.length * 4, false}, Region{"weights", w.data, N * 4, false},
                     Region{"d", d.data, p.length * 4, true}});
  rnnlab::softmax_xent_grad(N, (size_t)V, p.data, y, w.data, (float)scale, d.data);
  return undefined(env);
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  Args a(env, info, "setThreads");
  const int n = a.integer(0, "n", 1);
  if (n > 1024) a.fail("expected n <= 1024, got " + std::to_string(n));
  rnnlab::set_threads(n);
  return undefined(env);
}

napi_value GetThreads(napi_env env, napi_callback_info) { return make_number(env, rnnlab::get_threads()); }

napi_value Info(napi_env env, napi_callback_info) {
  napi_value o;
  NAPI_OK(napi_create_object(env, &o));
  const rnnlab::blas::Api& blas = rnnlab::blas::api();
  const char* cfg = blas.get_config();
  NAPI_OK(napi_set_named_property(env, o, "blas", make_string(env, cfg ? cfg : "")));
  NAPI_OK(napi_set_named_property(env, o, "threads", make_number(env, rnnlab::get_threads())));
  NAPI_OK(napi_set_named_property(env, o, "version", make_number(env, 1)));
  NAPI_OK(napi_set_named_property(env, o, "simd", make_string(env, rnnlab::simd_name(rnnlab::simd_level()))));
  NAPI_OK(napi_set_named_property(env, o, "blasThreads", make_number(env, blas.get_num_threads())));
  const char* core = blas.get_corename ? blas.get_corename() : nullptr;
  NAPI_OK(napi_set_named_property(env, o, "blasCore", make_string(env, core ? core : "")));
  NAPI_OK(napi_set_named_property(env, o, "blasNote", make_string(env, rnnlab::blas::coretype_note().c_str())));
  return o;
}

/** Testing hook: _setSimd('avx512' | 'avx2' | 'baseline' | 'best') -> the level now in use. */
napi_value SetSimd(napi_env env, napi_callback_info info) {
  Args a(env, info, "_setSimd");
  const std::string want = a.str(0, "level");
  rnnlab::Simd s = rnnlab::Simd::Baseline;
  if (want == "best") s = rnnlab::simd_best();
  else if (want == "avx512") s = rnnlab::Simd::Avx512;
  else if (want == "avx2") s = rnnlab::Simd::Avx2;
  else if (want != "baseline") a.fail("unknown level '" + want + "' (expected 'avx512', 'avx2', 'baseline' or 'best')", true);
  if (!rnnlab::set_simd(s)) a.fail(std::string("this CPU does not support ") + want);
  return make_string(env, rnnlab::simd_name(rnnlab::simd_level()));
}

// ---- boundary --------------------------------------------------------------------------------

/** Converts C++ failures into pending JS exceptions; nothing propagates into Node. */
template <napi_value (*F)(napi_env, napi_callback_info)>
napi_value Guard(napi_env env, napi_callback_info info) {
  try {
    return F(env, info);
  } catch (const ArgError& e) {
    if (e.type) napi_throw_type_error(env, nullptr, e.msg.c_str());
    else napi_throw_error(env, nullptr, e.msg.c_str());
  } catch (const NapiFailure& e) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (!pending) napi_throw_error(env, nullptr, e.msg.c_str());
  } catch (const std::bad_alloc&) {
    napi_throw_error(env, nullptr, "rnnlab_native: out of memory");
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, (std::string("rnnlab_native: ") + e.what()).c_str());
  } catch (...) {
    napi_throw_error(env, nullptr, "rnnlab_native: unknown error");
  }
  return nullptr;
}

napi_value Init(napi_env env, napi_value exports) {
  std::string error;
  if (!rnnlab::init(&error)) {
    napi_throw_error(env, nullptr, ("rnnlab_native: " + error).c_str());
    return nullptr;
  }
  const napi_property_descriptor props[] = {
      {"workspaceSize", nullptr, Guard<WorkspaceSize>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"forward", nullptr, Guard<Forward>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"backward", nullptr, Guard<Backward>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"sgemm", nullptr, Guard<Sgemm>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"adam", nullptr, Guard<Adam>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"scatterAddRows", nullptr, Guard<ScatterAddRows>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"softmaxXent", nullptr, Guard<SoftmaxXent>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"softmaxXentGrad", nullptr, Guard<SoftmaxXentGrad>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"setThreads", nullptr, Guard<SetThreads>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"getThreads", nullptr, Guard<GetThreads>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"info", nullptr, Guard<Info>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"_setSimd", nullptr, Guard<SetSimd>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return nullptr;
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
