#include "train_ops.h"

#include <cmath>
#include <cstring>

namespace rnnlab {

namespace {

// Vectorizable exp, accurate to ~2 ulp (Cephes; the same polynomial as kernels_impl.inc).
inline float fexp(float x) {
  x = x > 88.3762626647949f ? 88.3762626647949f : x;
  x = x < -87.3365447504019f ? -87.3365447504019f : x;
  const float magic = 12582912.0f;
  const float t = x * 1.44269504088896341f + magic;
  const float n = t - magic;
  int32_t ti, mi;
  std::memcpy(&ti, &t, sizeof ti);
  std::memcpy(&mi, &magic, sizeof mi);
  const int32_t ni = ti - mi;
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float y = 1.9875691500E-4f;
  y = y * r + 1.3981999507E-3f;
  y = y * r + 8.3334519073E-3f;
  y = y * r + 4.1665795894E-2f;
  y = y * r + 1.6666665459E-1f;
  y = y * r + 5.0000001201E-1f;
  y = y * r * r + r + 1.0f;
  const int32_t bits = (ni + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return y * scale;
}

}  // namespace

void adam(size_t n, const float* p, const float* g, const float* m, const float* v, float* pOut, float* mOut,
          float* vOut, float b1, float b2, float epsHat, float stepSize, float decay) {
  const float c1 = 1.0f - b1, c2 = 1.0f - b2;
  for (size_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = b1 * m[i] + c1 * gi;
    const float vi = b2 * v[i] + c2 * gi * gi;
    mOut[i] = mi;
    vOut[i] = vi;
    pOut[i] = p[i] - stepSize * (mi / (std::sqrt(vi) + epsHat)) - decay * p[i];
  }
}

void scatter_add_rows(size_t n, size_t K, size_t V, const int32_t* ids, const float* src, float* out) {
  std::memset(out, 0, V * K * sizeof(float));
  for (size_t i = 0; i < n; i++) {
    const int32_t r = ids[i];
    if (r < 0 || (size_t)r >= V) continue;
    float* dst = out + (size_t)r * K;
    const float* s = src + i * K;
    for (size_t k = 0; k < K; k++) dst[k] += s[k];
  }
}

double softmax_xent(size_t N, size_t V, const float* logits, const int32_t* targets, const float* weights, float* probs) {
  double total = 0;
  for (size_t i = 0; i < N; i++) {
    const float* z = logits + i * V;
    float* p = probs + i * V;
    float mx = z[0];
    for (size_t j = 1; j < V; j++) mx = z[j] > mx ? z[j] : mx;
    for (size_t j = 0; j < V; j++) p[j] = fexp(z[j] - mx);
    float sumf = 0;
    for (size_t j = 0; j < V; j++) sumf += p[j];
    const double sum = sumf;
    const float inv = (float)(1.0 / sum);
    for (size_t j = 0; j < V; j++) p[j] *= inv;
    const int32_t y = targets[i];
    if (weights[i] != 0.0f && y >= 0 && (size_t)y < V) total += (double)weights[i] * (std::log(sum) + mx - z[y]);
  }
  return total;
}

void softmax_xent_grad(size_t N, size_t V, const float* probs, const int32_t* targets, const float* weights, float scale,
                       float* d) {
  for (size_t i = 0; i < N; i++) {
    const float s = weights[i] * scale;
    const float* p = probs + i * V;
    float* o = d + i * V;
    for (size_t j = 0; j < V; j++) o[j] = p[j] * s;
    const int32_t y = targets[i];
    if (y >= 0 && (size_t)y < V) o[y] -= s;
  }
}

}  // namespace rnnlab
