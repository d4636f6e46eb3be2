// Convolution and matrix kernels on float32, NHWC, as im2col/col2im plus
// OpenBLAS sgemm. Plain C++ with no Node types, so addon.cc only marshals.
#pragma once
#include <cstddef>

namespace cg {

// Conv geometry as tfjs's computeConv2DInfo gives it (channels last).
struct Geom {
  int B, H, W, C, oH, oW, N, fh, fw, sH, sW, dH, dW, padTop, padLeft;
};

enum Act { kLinear = 0, kRelu = 1, kRelu6 = 2, kLeakyRelu = 3, kElu = 4, kSigmoid = 5 };

// y[M][N] gets bias (length N, or 1, or none) then the activation, in place.
void epilogue(float* y, size_t rows, int N, const float* bias, int biasLen, int act, float alpha);

// y = act(conv(x, w) + bias), y has B*oH*oW*N floats.
void convForward(const Geom& g, const float* x, const float* w, float* y,
                 const float* bias, int biasLen, int act, float alpha);
// dw[fh*fw*C][N] = patchesᵀ · dy.
void convFilterGrad(const Geom& g, const float* x, const float* dy, float* dw);
// dx = col2im(dy · wᵀ), dx has B*H*W*C floats.
void convInputGrad(const Geom& g, const float* dy, const float* w, float* dx);

// c[M][N] = op(a)[M][K] · op(b)[K][N] (row-major; op transposes when the flag is set).
void gemm(bool transA, bool transB, int M, int N, int K, const float* a, const float* b, float* c);

// out[i] = y[i] > 0 ? dy[i] : 0 for i < n: the gradient through a ReLU whose output was y.
void reluMask(size_t n, const float* dy, const float* y, float* out);
// out[c] = Σ_r a[r][c] for a of rows x N (a bias gradient).
void columnSums(const float* a, size_t rows, int N, float* out);

// One Adam step as tfjs's AdamOptimizer computes it, for n values:
//   m' = b1 m + (1 - b1) g,  v' = b2 v + (1 - b2) g²,
//   value' = value - lr · (m' / c1) / (sqrt(v' / c2) + eps), c1 = 1 - b1^t, c2 = 1 - b2^t.
void adamStep(size_t n, const float* value, const float* m, const float* v, const float* g, float* outValue, float* outM,
              float* outV, float lr, float b1, float b2, float eps, float c1, float c2);

void setThreads(int n);
int threads();
const char* blasConfig();
const char* blasCore();
void releaseScratch();

}  // namespace cg
