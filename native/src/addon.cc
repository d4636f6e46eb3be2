// Node bindings for conv.cc. Every call checks that each array is as long as
// the geometry says before any kernel reads it: a wrong size throws instead of
// reading or writing past the end.
#include <napi.h>

#include "conv.h"

Napi::Function DefineTrainer(Napi::Env env);  // trainer-addon.cc

namespace {

using F32 = Napi::TypedArrayOf<float>;

bool fail(Napi::Env env, const char* msg) {
  Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
  return false;
}

bool floats(const Napi::CallbackInfo& info, size_t i, size_t need, F32* out, bool optional = false) {
  Napi::Value v = info[i];
  if (optional && (v.IsNull() || v.IsUndefined())) {
    *out = F32();
    return true;
  }
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    return fail(info.Env(), "expected a Float32Array");
  *out = v.As<F32>();
  if (out->ElementLength() < need) return fail(info.Env(), "Float32Array shorter than the shape needs");
  return true;
}

bool geometry(const Napi::CallbackInfo& info, cg::Geom* g) {
  Napi::Value v = info[0];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
      v.As<Napi::Int32Array>().ElementLength() != 15)
    return fail(info.Env(), "expected the geometry as an Int32Array of 15");
  const int32_t* a = v.As<Napi::Int32Array>().Data();
  *g = cg::Geom{a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14]};
  for (int i = 0; i < 15; i++) {
    if (a[i] < 0 || (i < 13 && a[i] == 0)) return fail(info.Env(), "geometry out of range");
  }
  return true;
}

size_t inSize(const cg::Geom& g) { return size_t(g.B) * g.H * g.W * g.C; }
size_t outSize(const cg::Geom& g) { return size_t(g.B) * g.oH * g.oW * g.N; }
size_t filterSize(const cg::Geom& g) { return size_t(g.fh) * g.fw * g.C * g.N; }

int intArg(const Napi::CallbackInfo& info, size_t i) { return info[i].IsNumber() ? info[i].As<Napi::Number>().Int32Value() : 0; }
float floatArg(const Napi::CallbackInfo& info, size_t i) { return info[i].IsNumber() ? info[i].As<Napi::Number>().FloatValue() : 0.f; }

// convForward(geom, x, w, y, bias | null, act, alpha)
Napi::Value ConvForward(const Napi::CallbackInfo& info) {
  cg::Geom g;
  F32 x, w, y, bias;
  if (!geometry(info, &g) || !floats(info, 1, inSize(g), &x) || !floats(info, 2, filterSize(g), &w) ||
      !floats(info, 3, outSize(g), &y) || !floats(info, 4, 1, &bias, true))
    return info.Env().Undefined();
  const int biasLen = bias.IsEmpty() ? 0 : int(bias.ElementLength());
  if (biasLen != 0 && biasLen != 1 && biasLen != g.N) return fail(info.Env(), "bias must have 1 or N values"), info.Env().Undefined();
  cg::convForward(g, x.Data(), w.Data(), y.Data(), biasLen ? bias.Data() : nullptr, biasLen, intArg(info, 5), floatArg(info, 6));
  return info.Env().Undefined();
}

// convFilterGrad(geom, x, dy, dw)
Napi::Value ConvFilterGrad(const Napi::CallbackInfo& info) {
  cg::Geom g;
  F32 x, dy, dw;
  if (geometry(info, &g) && floats(info, 1, inSize(g), &x) && floats(info, 2, outSize(g), &dy) &&
      floats(info, 3, filterSize(g), &dw))
    cg::convFilterGrad(g, x.Data(), dy.Data(), dw.Data());
  return info.Env().Undefined();
}

// convInputGrad(geom, dy, w, dx)
Napi::Value ConvInputGrad(const Napi::CallbackInfo& info) {
  cg::Geom g;
  F32 dy, w, dx;
  if (geometry(info, &g) && floats(info, 1, outSize(g), &dy) && floats(info, 2, filterSize(g), &w) &&
      floats(info, 3, inSize(g), &dx))
    cg::convInputGrad(g, dy.Data(), w.Data(), dx.Data());
  return info.Env().Undefined();
}

// matmul(transA, transB, batchA, batchB, M, N, K, a, b, c): c[i] = op(a[i]) · op(b[i]) for
// i < max(batchA, batchB); a batch of 1 is broadcast.
Napi::Value MatMul(const Napi::CallbackInfo& info) {
  const bool tA = info[0].ToBoolean(), tB = info[1].ToBoolean();
  const int bA = intArg(info, 2), bB = intArg(info, 3), M = intArg(info, 4), N = intArg(info, 5), K = intArg(info, 6);
  if (bA <= 0 || bB <= 0 || M <= 0 || N <= 0 || K <= 0 || (bA != bB && bA != 1 && bB != 1))
    return fail(info.Env(), "matmul shape out of range"), info.Env().Undefined();
  const int batch = bA > bB ? bA : bB;
  F32 a, b, c;
  if (!floats(info, 7, size_t(bA) * M * K, &a) || !floats(info, 8, size_t(bB) * K * N, &b) ||
      !floats(info, 9, size_t(batch) * M * N, &c))
    return info.Env().Undefined();
  for (int i = 0; i < batch; i++) {
    cg::gemm(tA, tB, M, N, K, a.Data() + (bA == 1 ? 0 : size_t(i) * M * K), b.Data() + (bB == 1 ? 0 : size_t(i) * K * N),
             c.Data() + size_t(i) * M * N);
  }
  return info.Env().Undefined();
}

// epilogue(y, N, bias | null, act, alpha): y[r][c] = act(y[r][c] + bias[c]) in place.
Napi::Value Epilogue(const Napi::CallbackInfo& info) {
  F32 y, bias;
  const int N = intArg(info, 1);
  if (N <= 0) return fail(info.Env(), "N out of range"), info.Env().Undefined();
  if (!floats(info, 0, 0, &y) || !floats(info, 2, 1, &bias, true)) return info.Env().Undefined();
  const int biasLen = bias.IsEmpty() ? 0 : int(bias.ElementLength());
  if ((biasLen != 0 && biasLen != 1 && biasLen != N) || y.ElementLength() % N != 0)
    return fail(info.Env(), "bias must have 1 or N values and y whole rows of N"), info.Env().Undefined();
  cg::epilogue(y.Data(), y.ElementLength() / N, N, biasLen ? bias.Data() : nullptr, biasLen, intArg(info, 3), floatArg(info, 4));
  return info.Env().Undefined();
}

// reluMask(dy, y, out): out[i] = y[i] > 0 ? dy[i] : 0 for every i < dy.length.
Napi::Value ReluMask(const Napi::CallbackInfo& info) {
  F32 dy, y, out;
  if (floats(info, 0, 0, &dy) && floats(info, 1, dy.ElementLength(), &y) && floats(info, 2, dy.ElementLength(), &out))
    cg::reluMask(dy.ElementLength(), dy.Data(), y.Data(), out.Data());
  return info.Env().Undefined();
}

// columnSums(a, rows, N, out): out[c] = sum over r < rows of a[r * N + c].
Napi::Value ColumnSums(const Napi::CallbackInfo& info) {
  const int rows = intArg(info, 1), N = intArg(info, 2);
  if (rows <= 0 || N <= 0) return fail(info.Env(), "rows and N must be positive"), info.Env().Undefined();
  F32 a, out;
  if (floats(info, 0, size_t(rows) * N, &a) && floats(info, 3, size_t(N), &out)) cg::columnSums(a.Data(), rows, N, out.Data());
  return info.Env().Undefined();
}

// adamStep(value, m, v, grad, outValue, outM, outV, lr, beta1, beta2, epsilon, 1 - beta1^t, 1 - beta2^t)
Napi::Value AdamStep(const Napi::CallbackInfo& info) {
  F32 value, m, v, g, ov, om, ovv;
  if (!floats(info, 0, 0, &value)) return info.Env().Undefined();
  const size_t n = value.ElementLength();
  if (floats(info, 1, n, &m) && floats(info, 2, n, &v) && floats(info, 3, n, &g) && floats(info, 4, n, &ov) &&
      floats(info, 5, n, &om) && floats(info, 6, n, &ovv))
    cg::adamStep(n, value.Data(), m.Data(), v.Data(), g.Data(), ov.Data(), om.Data(), ovv.Data(), floatArg(info, 7),
                 floatArg(info, 8), floatArg(info, 9), floatArg(info, 10), floatArg(info, 11), floatArg(info, 12));
  return info.Env().Undefined();
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  const int n = intArg(info, 0);
  if (n < 1 || n > 256) return fail(info.Env(), "threads must be 1..256"), info.Env().Undefined();
  cg::setThreads(n);
  return info.Env().Undefined();
}

Napi::Value Threads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), cg::threads()); }

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("config", cg::blasConfig());
  o.Set("core", cg::blasCore());
  o.Set("threads", cg::threads());
  return o;
}

Napi::Value Release(const Napi::CallbackInfo& info) {
  cg::releaseScratch();
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Trainer", DefineTrainer(env));
  exports.Set("convForward", Napi::Function::New(env, ConvForward));
  exports.Set("convFilterGrad", Napi::Function::New(env, ConvFilterGrad));
  exports.Set("convInputGrad", Napi::Function::New(env, ConvInputGrad));
  exports.Set("matmul", Napi::Function::New(env, MatMul));
  exports.Set("epilogue", Napi::Function::New(env, Epilogue));
  exports.Set("reluMask", Napi::Function::New(env, ReluMask));
  exports.Set("columnSums", Napi::Function::New(env, ColumnSums));
  exports.Set("adamStep", Napi::Function::New(env, AdamStep));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("threads", Napi::Function::New(env, Threads));
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("releaseScratch", Napi::Function::New(env, Release));
  return exports;
}

}  // namespace

NODE_API_MODULE(convgrade_native, Init)
