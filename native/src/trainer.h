// A whole training step of a plain sequential CNN in C++: conv / max-pool /
// flatten / dense / dropout layers, softmax + categorical cross-entropy, and
// SGD, Adam or RMSprop as tfjs computes them. The worker uses it for models made
// only of these layers; anything else trains through tfjs and its kernels.
#pragma once
#include <cstdint>
#include <vector>

#include "conv.h"

namespace cg {

enum LayerKind { kConv = 0, kMaxPool = 1, kDense = 2, kDropout = 3, kFlatten = 4 };
enum OptKind { kSgd = 0, kAdam = 1, kRmsprop = 2 };

struct PoolGeom {
  int B, H, W, C, oH, oW, fh, fw, sH, sW, padTop, padLeft;
};

struct Param {
  std::vector<float> value, grad, s1, s2;  // s1, s2: optimizer state (Adam m and v, RMSprop mean square and moment)
};

struct Layer {
  LayerKind kind;
  Geom conv{};       // kConv (B is set per batch)
  PoolGeom pool{};   // kMaxPool
  int in = 0, out = 0;  // kDense: units in and out; every kind: floats per example in and out
  bool relu = false, bias = false, softmax = false;
  float rate = 0.f;  // kDropout
  int w = -1, b = -1;  // indices into params
  std::vector<float> y, dy;      // output and its gradient, for the largest batch
  std::vector<int32_t> argmax;   // kMaxPool: input index of each output's maximum
  std::vector<float> mask;       // kDropout: 0 or 1 / (1 - rate)
};

struct OptConfig {
  OptKind kind = kSgd;
  float lr = 0.01f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-7f, rho = 0.9f, momentum = 0.f;
};

class Trainer {
 public:
  Trainer(int maxBatch, int inSize, std::vector<Layer> layers, std::vector<Param> params, OptConfig opt, uint64_t seed);
  // One step on n examples (x: n * inSize floats, labels in 0..classes-1); returns the mean loss and accuracy.
  void step(const float* x, const int32_t* labels, int n, double* loss, double* accuracy);
  bool finite() const;
  std::vector<Param>& params() { return params_; }
  int maxBatch() const { return maxBatch_; }
  int inSize() const { return inSize_; }
  int numClasses() const { return layers_.back().out; }
  // CPU nanoseconds of this thread spent per phase since construction: for each layer its
  // forward then its backward, then the loss, then the optimizer update.
  const std::vector<double>& profile() const { return profile_; }

 private:
  void forward(const float* x, int n);
  void backward(const float* x, const int32_t* labels, int n);
  void update();
  float uniform();

  int maxBatch_, inSize_;
  std::vector<Layer> layers_;
  std::vector<Param> params_;
  OptConfig opt_;
  uint64_t rng_;
  double accBeta1_, accBeta2_;
  std::vector<double> profile_;
};

}  // namespace cg
