// Fused whole-sequence forward and backward (BPTT) kernels for Elman RNN, LSTM and GRU over
// OpenBLAS. Mirrors libs/models/src/cells/{rnn,lstm,gru}.ts exactly (same equations, same
// masking, same saved quantities), in float32.
//
// Layouts (float32, row-major, contiguous, time-major: row t*B + b is step t of sequence b):
//   xp   [T*B, G*H]   input projection x W_ih + b_ih (computed by the caller)
//   h0   [B, H], c0 [B, H] (LSTM only)
//   whh  [H, G*H]     recurrent weights, transposed relative to PyTorch's weight_hh
//   bhh  [G*H]
//   mask [T*B] or null: 1 = real step, 0 = padding (state carried through unchanged)
//   hs   [T*B, H]     h_1..h_T (masking applied)
//   ws   workspace (see workspace_size): begins with the activated gates [T*B, G*H]
//
// Workspace layout per cell (offsets in floats, N = T*B*H):
//   rnn_tanh / rnn_relu (G=1): [0, N)    act(a_t), the new h before masking           total N
//   lstm (G=4):                [0, 4N)   gates i, f, g, o  ([T*B, 4H], row-interleaved)
//                              [4N, 5N)  tanh(c_t)  (c_t before masking)
//                              [5N, 6N)  c_{t-1}    (masked state entering step t)  total 6N
//   gru_after (G=3):           [0, 3N)   gates r, z, n
//                              [3N, 4N)  h_{t-1} W_hn + b_hn                         total 4N
//   gru_before (G=3):          [0, 3N)   gates r, z, n
//                              [3N, 4N)  r ⊙ h_{t-1}                                 total 4N
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace rnnlab {

enum class Cell { RnnTanh, RnnRelu, Lstm, GruAfter, GruBefore };

/** Parses 'rnn_tanh' | 'rnn_relu' | 'lstm' | 'gru_after' | 'gru_before'; false if unknown. */
bool parse_cell(const char* name, Cell* out);
const char* cell_name(Cell c);
/** G: 1 (rnn), 4 (lstm), 3 (gru). */
int gates_of(Cell c);
/** Floats per (step, batch row, hidden unit) in the workspace: 1, 6, 4, 4. */
int workspace_per_unit(Cell c);

struct ForwardArgs {
  Cell cell;
  int T, B, H;
  const float* xp;    // [T*B, G*H]
  const float* h0;    // [B, H]
  const float* c0;    // [B, H] (lstm) or null
  const float* whh;   // [H, G*H]
  const float* bhh;   // [G*H]
  const float* mask;  // [T*B] or null
  float* hs;          // [T*B, H]
  float* cT;          // [B, H] (lstm) or null
  float* ws;          // workspace
};

struct BackwardArgs {
  Cell cell;
  int T, B, H;
  const float* h0;    // [B, H]
  const float* c0;    // [B, H] (lstm; unused: c_{t-1} is in the workspace) or null
  const float* whh;   // [H, G*H]
  const float* bhh;   // [G*H] (unused: everything needed is in the workspace)
  const float* mask;  // [T*B] or null
  const float* hs;    // [T*B, H]  forward output
  const float* ws;    // forward workspace
  const float* dhs;   // [T*B, H]  dL/dh_t from above (dL/dh_T already added to the last step)
  const float* dcT;   // [B, H] (lstm) or null
  float* dxp;         // [T*B, G*H]
  float* dh0;         // [B, H]
  float* dc0;         // [B, H] (lstm) or null
  float* dwhh;        // [H, G*H]  (overwritten)
  float* dbhh;        // [G*H]     (overwritten)
  float* dhNorms32;   // [T] or null: ||total dL/dh_t||_F
  double* dhNorms64;  // [T] or null (alternative to dhNorms32)
};

/** Outputs must not alias inputs. May throw std::bad_alloc (scratch buffers, allocated before any
 *  output is written). */
void forward(const ForwardArgs& a);
void backward(const BackwardArgs& a);

/** Row-major sgemm (C = alpha op(A) op(B) + beta C) over the thread team; dimensions already
 *  validated. Handles M, N or K == 0 (and alpha == 0) without reading A / B. */
void sgemm(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda,
           const float* B, int ldb, float beta, float* C, int ldc);

/** Loads OpenBLAS (see blas.h) and sets up threading; call once before anything else. The team
 *  takes over OpenBLAS's default thread count; OpenBLAS itself is set to 1 thread. */
bool init(std::string* error);

/** Team size used by forward / backward / sgemm. */
void set_threads(int n);
int get_threads();

/** Instruction set of the elementwise loops (chosen from CPUID at load; can be lowered for tests). */
enum class Simd { Baseline = 0, Avx2 = 1, Avx512 = 2 };
const char* simd_name(Simd s);
Simd simd_level();
Simd simd_best();
/** false if the CPU does not support `s`. */
bool set_simd(Simd s);

}  // namespace rnnlab
