#include "trainer.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <time.h>

namespace cg {

namespace {

// Keras clips probabilities to [eps, 1 - eps] before the log of the cross-entropy.
constexpr float kLossEps = 1e-7f;

void maxPoolForward(const PoolGeom& g, const float* x, float* y, int32_t* argmax) {
  for (int b = 0; b < g.B; b++) {
    for (int oy = 0; oy < g.oH; oy++) {
      const int y0 = oy * g.sH - g.padTop;
      const int yLo = std::max(0, y0), yHi = std::min(g.H, y0 + g.fh);
      for (int ox = 0; ox < g.oW; ox++) {
        const int x0 = ox * g.sW - g.padLeft;
        const int xLo = std::max(0, x0), xHi = std::min(g.W, x0 + g.fw);
        const size_t o = ((size_t(b) * g.oH + oy) * g.oW + ox) * g.C;
        float* best = y + o;
        int32_t* at = argmax + o;
        for (int c = 0; c < g.C; c++) {
          best[c] = -std::numeric_limits<float>::infinity();
          at[c] = -1;
        }
        // Row-major window order and a strict > keep the first maximum and skip NaN, as tfjs does.
        for (int iy = yLo; iy < yHi; iy++) {
          for (int ix = xLo; ix < xHi; ix++) {
            const size_t i = ((size_t(b) * g.H + iy) * g.W + ix) * g.C;
            const float* v = x + i;
            for (int c = 0; c < g.C; c++) {
              if (v[c] > best[c]) {
                best[c] = v[c];
                at[c] = int32_t(i + c);
              }
            }
          }
        }
      }
    }
  }
}

void reluInPlace(float* y, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] = y[i] > 0.f ? y[i] : 0.f;
}

void addBias(float* y, size_t rows, int N, const float* bias) {
  for (size_t r = 0; r < rows; r++) {
    float* row = y + r * N;
    for (int c = 0; c < N; c++) row[c] += bias[c];
  }
}

void maskRelu(float* dy, const float* y, size_t n) {
  for (size_t i = 0; i < n; i++) if (!(y[i] > 0.f)) dy[i] = 0.f;
}

void sumRows(const float* a, size_t rows, int N, float* out) {
  std::fill(out, out + N, 0.f);
  for (size_t r = 0; r < rows; r++) {
    const float* row = a + r * N;
    for (int c = 0; c < N; c++) out[c] += row[c];
  }
}

double threadNs() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e9 + double(t.tv_nsec);
}

}  // namespace

Trainer::Trainer(int maxBatch, int inSize, std::vector<Layer> layers, std::vector<Param> params, OptConfig opt, uint64_t seed)
    : maxBatch_(maxBatch), inSize_(inSize), layers_(std::move(layers)), params_(std::move(params)), opt_(opt),
      rng_(seed * 0x9E3779B97F4A7C15ull + 1), accBeta1_(opt.beta1), accBeta2_(opt.beta2) {
  for (Layer& l : layers_) {
    l.y.assign(size_t(maxBatch) * l.out, 0.f);
    l.dy.assign(size_t(maxBatch) * l.out, 0.f);
    if (l.kind == kMaxPool) l.argmax.assign(size_t(maxBatch) * l.out, -1);
    if (l.kind == kDropout) l.mask.assign(size_t(maxBatch) * l.out, 0.f);
  }
  profile_.assign(2 * layers_.size() + 2, 0.0);
  for (Param& p : params_) {
    p.grad.assign(p.value.size(), 0.f);
    p.s1.assign(p.value.size(), 0.f);
    p.s2.assign(p.value.size(), 0.f);
  }
}

float Trainer::uniform() {
  // xorshift64*: dropout masks need speed, not cryptographic quality.
  rng_ ^= rng_ >> 12;
  rng_ ^= rng_ << 25;
  rng_ ^= rng_ >> 27;
  return float((rng_ * 2685821657736338717ull) >> 40) / float(1 << 24);
}

void Trainer::forward(const float* x, int n) {
  const float* in = x;
  for (size_t li = 0; li < layers_.size(); li++) {
    Layer& l = layers_[li];
    const double t0 = threadNs();
    float* y = l.y.data();
    const size_t outN = size_t(n) * l.out;
    switch (l.kind) {
      case kConv: {
        Geom g = l.conv;
        g.B = n;
        convForward(g, in, params_[l.w].value.data(), y, l.bias ? params_[l.b].value.data() : nullptr, l.bias ? g.N : 0,
                    l.relu ? kRelu : kLinear, 0.f);
        break;
      }
      case kMaxPool: {
        PoolGeom g = l.pool;
        g.B = n;
        maxPoolForward(g, in, y, l.argmax.data());
        break;
      }
      case kDense: {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, l.out, l.in, 1.f, in, l.in, params_[l.w].value.data(),
                    l.out, 0.f, y, l.out);
        if (l.bias) addBias(y, n, l.out, params_[l.b].value.data());
        if (l.relu) reluInPlace(y, outN);
        break;
      }
      case kDropout: {
        const float keep = 1.f - l.rate, scale = 1.f / keep;
        for (size_t i = 0; i < outN; i++) {
          l.mask[i] = uniform() < keep ? scale : 0.f;
          y[i] = in[i] * l.mask[i];
        }
        break;
      }
      case kFlatten:
        std::memcpy(y, in, outN * sizeof(float));
        break;
    }
    profile_[2 * li] += threadNs() - t0;
    in = y;
  }
}

void Trainer::backward(const float* x, const int32_t* labels, int n) {
  for (size_t li = layers_.size(); li-- > 0;) {
    Layer& l = layers_[li];
    const double t0 = threadNs();
    const float* in = li == 0 ? x : layers_[li - 1].y.data();
    float* din = li == 0 ? nullptr : layers_[li - 1].dy.data();  // the first layer's input gradient is never needed
    float* dy = l.dy.data();
    const size_t outN = size_t(n) * l.out;
    switch (l.kind) {
      case kConv: {
        Geom g = l.conv;
        g.B = n;
        if (l.relu) maskRelu(dy, l.y.data(), outN);
        convFilterGrad(g, in, dy, params_[l.w].grad.data());
        if (l.bias) sumRows(dy, size_t(n) * g.oH * g.oW, g.N, params_[l.b].grad.data());
        if (din) convInputGrad(g, dy, params_[l.w].value.data(), din);
        break;
      }
      case kMaxPool: {
        if (!din) break;
        std::memset(din, 0, size_t(n) * l.in * sizeof(float));
        for (size_t i = 0; i < outN; i++) if (l.argmax[i] >= 0) din[l.argmax[i]] += dy[i];
        break;
      }
      case kDense: {
        if (l.relu) maskRelu(dy, l.y.data(), outN);
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, l.in, l.out, n, 1.f, in, l.in, dy, l.out, 0.f,
                    params_[l.w].grad.data(), l.out);
        if (l.bias) sumRows(dy, n, l.out, params_[l.b].grad.data());
        if (din) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, l.in, l.out, 1.f, dy, l.out,
                             params_[l.w].value.data(), l.out, 0.f, din, l.in);
        break;
      }
      case kDropout:
        if (din) for (size_t i = 0; i < outN; i++) din[i] = dy[i] * l.mask[i];
        break;
      case kFlatten:
        if (din) std::memcpy(din, dy, outN * sizeof(float));
        break;
    }
    profile_[2 * li + 1] += threadNs() - t0;
  }
  (void)labels;
}

void Trainer::step(const float* x, const int32_t* labels, int n, double* loss, double* accuracy) {
  forward(x, n);
  const double t0 = threadNs();
  // Softmax + cross-entropy on the last (dense) layer's logits; its dy is (p - onehot) / n.
  Layer& last = layers_.back();
  const int K = last.out;
  double lossSum = 0;
  int correct = 0;
  for (int b = 0; b < n; b++) {
    float* z = last.y.data() + size_t(b) * K;
    float* dz = last.dy.data() + size_t(b) * K;
    float zmax = z[0];
    int arg = 0;
    for (int k = 1; k < K; k++) if (z[k] > zmax) { zmax = z[k]; arg = k; }
    double sum = 0;
    for (int k = 0; k < K; k++) sum += std::exp(double(z[k]) - zmax);
    const int label = labels[b];
    for (int k = 0; k < K; k++) {
      const float p = float(std::exp(double(z[k]) - zmax) / sum);
      z[k] = p;  // the layer's output becomes the softmax, as in the model
      dz[k] = (p - (k == label ? 1.f : 0.f)) / float(n);
    }
    const float pl = std::min(std::max(z[label], kLossEps), 1.f - kLossEps);
    lossSum += -std::log(double(pl));
    if (arg == label) correct++;
  }
  *loss = lossSum / n;
  *accuracy = double(correct) / n;
  profile_[2 * layers_.size()] += threadNs() - t0;
  backward(x, labels, n);
  const double t1 = threadNs();
  update();
  profile_[2 * layers_.size() + 1] += threadNs() - t1;
}

void Trainer::update() {
  const float lr = opt_.lr;
  const float c1 = float(1.0 - accBeta1_), c2 = float(1.0 - accBeta2_);
  for (Param& p : params_) {
    float* v = p.value.data();
    const float* g = p.grad.data();
    float* s1 = p.s1.data();
    float* s2 = p.s2.data();
    const size_t n = p.value.size();
    switch (opt_.kind) {
      case kSgd:
        for (size_t i = 0; i < n; i++) v[i] += -lr * g[i];
        break;
      case kAdam:
        adamStep(n, v, s1, s2, g, v, s1, s2, lr, opt_.beta1, opt_.beta2, opt_.eps, c1, c2);
        break;
      case kRmsprop:
        for (size_t i = 0; i < n; i++) {
          s1[i] = s1[i] * opt_.rho + g[i] * g[i] * (1.f - opt_.rho);
          s2[i] = s2[i] * opt_.momentum + g[i] * lr / std::sqrt(s1[i] + opt_.eps);
          v[i] -= s2[i];
        }
        break;
    }
  }
  accBeta1_ *= opt_.beta1;
  accBeta2_ *= opt_.beta2;
}

bool Trainer::finite() const {
  for (const Param& p : params_)
    for (float v : p.value)
      if (!std::isfinite(v)) return false;
  return true;
}

}  // namespace cg
