#include "conv.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace cg {

namespace {

// One work buffer for patches, reused across calls: the hot loop allocates nothing
// once the largest layer has been seen. Node calls kernels from one thread.
std::vector<float> patches;
std::vector<double> sums;

float* scratch(size_t n) {
  if (patches.size() < n) patches.resize(n);
  return patches.data();
}

// Patch matrices are cut into chunks of output pixels of about 4 MiB, so a
// large layer does not need one buffer of M x K floats.
constexpr size_t kChunkFloats = size_t(1) << 20;

size_t pixelsPerChunk(size_t K) { return std::max<size_t>(1, kChunkFloats / std::max<size_t>(1, K)); }

// Whether the patch matrix is x itself: a 1x1 filter, stride 1, no padding.
bool identityPatches(const Geom& g) {
  return g.fh == 1 && g.fw == 1 && g.sH == 1 && g.sW == 1 && g.padTop == 0 && g.padLeft == 0 &&
         g.oH == g.H && g.oW == g.W;
}

// cols[(m - m0) * K + k] for output pixels [m0, m1), k = (row, col, channel) of the filter.
void im2col(const Geom& g, const float* x, size_t m0, size_t m1, float* cols) {
  const size_t K = size_t(g.fh) * g.fw * g.C;
  const size_t rowLen = size_t(g.fw) * g.C;
  const size_t pixPerImage = size_t(g.oH) * g.oW;
  for (size_t m = m0; m < m1; m++) {
    const size_t b = m / pixPerImage;
    const int oy = int((m % pixPerImage) / g.oW);
    const int ox = int(m % g.oW);
    float* dst = cols + (m - m0) * K;
    for (int wr = 0; wr < g.fh; wr++, dst += rowLen) {
      const int iy = oy * g.sH - g.padTop + wr * g.dH;
      if (iy < 0 || iy >= g.H) {
        std::memset(dst, 0, rowLen * sizeof(float));
        continue;
      }
      const float* src = x + (b * g.H + iy) * size_t(g.W) * g.C;
      for (int wc = 0; wc < g.fw; wc++) {
        const int ix = ox * g.sW - g.padLeft + wc * g.dW;
        float* d = dst + size_t(wc) * g.C;
        if (ix < 0 || ix >= g.W) {
          std::memset(d, 0, g.C * sizeof(float));
        } else if (g.C == 1) {
          *d = src[ix];
        } else {
          std::memcpy(d, src + size_t(ix) * g.C, g.C * sizeof(float));
        }
      }
    }
  }
}

// The adjoint of im2col: dx[...] += cols[...] for every patch entry inside the image.
void col2im(const Geom& g, const float* cols, size_t m0, size_t m1, float* dx) {
  const size_t K = size_t(g.fh) * g.fw * g.C;
  const size_t rowLen = size_t(g.fw) * g.C;
  const size_t pixPerImage = size_t(g.oH) * g.oW;
  for (size_t m = m0; m < m1; m++) {
    const size_t b = m / pixPerImage;
    const int oy = int((m % pixPerImage) / g.oW);
    const int ox = int(m % g.oW);
    const float* src = cols + (m - m0) * K;
    for (int wr = 0; wr < g.fh; wr++, src += rowLen) {
      const int iy = oy * g.sH - g.padTop + wr * g.dH;
      if (iy < 0 || iy >= g.H) continue;
      float* row = dx + (b * g.H + iy) * size_t(g.W) * g.C;
      for (int wc = 0; wc < g.fw; wc++) {
        const int ix = ox * g.sW - g.padLeft + wc * g.dW;
        if (ix < 0 || ix >= g.W) continue;
        float* d = row + size_t(ix) * g.C;
        const float* s = src + size_t(wc) * g.C;
        for (int c = 0; c < g.C; c++) d[c] += s[c];
      }
    }
  }
}

}  // namespace

void epilogue(float* y, size_t rows, int N, const float* bias, int biasLen, int act, float alpha) {
  const size_t n = rows * size_t(N);
  if (bias != nullptr && biasLen == 1) {
    const float b0 = bias[0];
    for (size_t i = 0; i < n; i++) y[i] += b0;
  } else if (bias != nullptr) {
    for (size_t r = 0; r < rows; r++) {
      float* row = y + r * N;
      for (int c = 0; c < N; c++) row[c] += bias[c];
    }
  }
  switch (act) {
    case kRelu:
      for (size_t i = 0; i < n; i++) y[i] = y[i] > 0.f ? y[i] : 0.f;
      break;
    case kRelu6:
      for (size_t i = 0; i < n; i++) y[i] = std::min(std::max(y[i], 0.f), 6.f);
      break;
    case kLeakyRelu:
      for (size_t i = 0; i < n; i++) if (y[i] < 0.f) y[i] *= alpha;
      break;
    case kElu:
      for (size_t i = 0; i < n; i++) if (!(y[i] >= 0.f)) y[i] = std::exp(y[i]) - 1.f;
      break;
    case kSigmoid:
      for (size_t i = 0; i < n; i++) y[i] = 1.f / (1.f + std::exp(-y[i]));
      break;
    default:
      break;
  }
}

void convForward(const Geom& g, const float* x, const float* w, float* y,
                 const float* bias, int biasLen, int act, float alpha) {
  const size_t K = size_t(g.fh) * g.fw * g.C;
  const size_t M = size_t(g.B) * g.oH * g.oW;
  if (identityPatches(g)) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(M), g.N, int(K), 1.f, x, int(K), w, g.N, 0.f, y, g.N);
  } else {
    const size_t step = pixelsPerChunk(K);
    float* cols = scratch(std::min(step, M) * K);
    for (size_t m0 = 0; m0 < M; m0 += step) {
      const size_t m1 = std::min(M, m0 + step);
      im2col(g, x, m0, m1, cols);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(m1 - m0), g.N, int(K), 1.f, cols, int(K), w, g.N,
                  0.f, y + m0 * g.N, g.N);
    }
  }
  if (bias != nullptr || act != kLinear) epilogue(y, M, g.N, bias, biasLen, act, alpha);
}

void convFilterGrad(const Geom& g, const float* x, const float* dy, float* dw) {
  const size_t K = size_t(g.fh) * g.fw * g.C;
  const size_t M = size_t(g.B) * g.oH * g.oW;
  if (identityPatches(g)) {
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, int(K), g.N, int(M), 1.f, x, int(K), dy, g.N, 0.f, dw, g.N);
    return;
  }
  const size_t step = pixelsPerChunk(K);
  float* cols = scratch(std::min(step, M) * K);
  for (size_t m0 = 0; m0 < M; m0 += step) {
    const size_t m1 = std::min(M, m0 + step);
    im2col(g, x, m0, m1, cols);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, int(K), g.N, int(m1 - m0), 1.f, cols, int(K),
                dy + m0 * g.N, g.N, m0 == 0 ? 0.f : 1.f, dw, g.N);
  }
}

void convInputGrad(const Geom& g, const float* dy, const float* w, float* dx) {
  const size_t K = size_t(g.fh) * g.fw * g.C;
  const size_t M = size_t(g.B) * g.oH * g.oW;
  if (identityPatches(g)) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(M), int(K), g.N, 1.f, dy, g.N, w, g.N, 0.f, dx, int(K));
    return;
  }
  std::memset(dx, 0, size_t(g.B) * g.H * g.W * g.C * sizeof(float));
  const size_t step = pixelsPerChunk(K);
  float* cols = scratch(std::min(step, M) * K);
  for (size_t m0 = 0; m0 < M; m0 += step) {
    const size_t m1 = std::min(M, m0 + step);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(m1 - m0), int(K), g.N, 1.f, dy + m0 * g.N, g.N, w, g.N,
                0.f, cols, int(K));
    col2im(g, cols, m0, m1, dx);
  }
}

void gemm(bool transA, bool transB, int M, int N, int K, const float* a, const float* b, float* c) {
  cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, M, N, K, 1.f, a,
              transA ? M : K, b, transB ? K : N, 0.f, c, N);
}

void reluMask(size_t n, const float* dy, const float* y, float* out) {
  for (size_t i = 0; i < n; i++) out[i] = y[i] > 0.f ? dy[i] : 0.f;
}

void columnSums(const float* a, size_t rows, int N, float* out) {
  std::vector<double>& acc = sums;
  acc.assign(N, 0.0);
  for (size_t r = 0; r < rows; r++) {
    const float* row = a + r * N;
    for (int c = 0; c < N; c++) acc[c] += row[c];
  }
  for (int c = 0; c < N; c++) out[c] = float(acc[c]);
}

void adamStep(size_t n, const float* value, const float* m, const float* v, const float* g, float* outValue, float* outM,
              float* outV, float lr, float b1, float b2, float eps, float c1, float c2) {
  for (size_t i = 0; i < n; i++) {
    const float mi = m[i] * b1 + g[i] * (1.f - b1);
    const float vi = v[i] * b2 + (g[i] * g[i]) * (1.f - b2);
    outM[i] = mi;
    outV[i] = vi;
    outValue[i] = (mi / c1) / (std::sqrt(vi / c2) + eps) * -lr + value[i];
  }
}

void setThreads(int n) { openblas_set_num_threads(n); }
int threads() { return openblas_get_num_threads(); }
const char* blasConfig() { return openblas_get_config(); }
const char* blasCore() { return openblas_get_corename(); }

void releaseScratch() {
  std::vector<float>().swap(patches);
  std::vector<double>().swap(sums);
}

}  // namespace cg
