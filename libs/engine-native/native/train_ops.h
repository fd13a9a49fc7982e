// Fused helpers for the rest of a training step (everything around the recurrence), so that the
// optimizer update, the embedding gradient and the loss are one pass each instead of a dozen
// tfjs kernels. Plain loops: the compiler vectorizes them (-O3, no errno / trapping math).
#pragma once
#include <cstddef>
#include <cstdint>

namespace rnnlab {

/** Adam (PyTorch's epsilon placement, decoupled decay):
 *  m' = b1 m + (1-b1) g;  v' = b2 v + (1-b2) g²;  p' = p - stepSize m' / (√v' + epsHat) - decay p. */
void adam(size_t n, const float* p, const float* g, const float* m, const float* v, float* pOut, float* mOut,
          float* vOut, float b1, float b2, float epsHat, float stepSize, float decay);

/** out[V, K] = 0, then out[ids[i], :] += src[i, :] for i < n (ids outside [0, V) are skipped). */
void scatter_add_rows(size_t n, size_t K, size_t V, const int32_t* ids, const float* src, float* out);

/** Row-wise softmax of logits [N, V] into probs, and Σ_i w_i·(logsumexp(z_i) − z_i[y_i]) (returned). */
double softmax_xent(size_t N, size_t V, const float* logits, const int32_t* targets, const float* weights, float* probs);

/** d[i, :] = (probs[i, :] − onehot(y_i)) · w_i · scale. */
void softmax_xent_grad(size_t N, size_t V, const float* probs, const int32_t* targets, const float* weights, float scale,
                       float* d);

}  // namespace rnnlab
