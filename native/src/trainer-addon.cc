// The Trainer class for JavaScript. The constructor checks that every layer's
// sizes chain and that every weight array is as long as its layer needs, so a
// step can never read or write outside a buffer.
#include <napi.h>

#include "trainer.h"

namespace {

using F32 = Napi::TypedArrayOf<float>;

int num(const Napi::Object& o, const char* key) {
  Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().Int32Value() : 0;
}
float fnum(const Napi::Object& o, const char* key, float fallback) {
  Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().FloatValue() : fallback;
}
bool flag(const Napi::Object& o, const char* key) { return o.Get(key).ToBoolean(); }

class JsTrainer : public Napi::ObjectWrap<JsTrainer> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Trainer", {InstanceMethod("step", &JsTrainer::Step), InstanceMethod("read", &JsTrainer::Read),
                                        InstanceMethod("finite", &JsTrainer::Finite),
                                        InstanceMethod("profile", &JsTrainer::Profile),
                                        InstanceMethod("dispose", &JsTrainer::Dispose)});
  }

  // new Trainer(maxBatch, inSize, layers, params: Float32Array[], optimizer, seed)
  explicit JsTrainer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<JsTrainer>(info) {
    Napi::Env env = info.Env();
    auto bad = [&](const char* m) { Napi::TypeError::New(env, std::string("Trainer: ") + m).ThrowAsJavaScriptException(); };
    const int maxBatch = info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : 0;
    const int inSize = info[1].IsNumber() ? info[1].As<Napi::Number>().Int32Value() : 0;
    if (maxBatch < 1 || maxBatch > 4096 || inSize < 1 || !info[2].IsArray() || !info[3].IsArray() || !info[4].IsObject())
      { bad("bad arguments"); return; }
    std::vector<cg::Param> params;
    Napi::Array ps = info[3].As<Napi::Array>();
    for (uint32_t i = 0; i < ps.Length(); i++) {
      Napi::Value v = ps.Get(i);
      if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) { bad("params must be Float32Arrays"); return; }
      F32 a = v.As<F32>();
      cg::Param p;
      p.value.assign(a.Data(), a.Data() + a.ElementLength());
      params.push_back(std::move(p));
    }
    auto paramSize = [&](int i) -> long long { return i >= 0 && size_t(i) < params.size() ? (long long)params[i].value.size() : -1; };
    std::vector<cg::Layer> layers;
    Napi::Array ls = info[2].As<Napi::Array>();
    int prevOut = inSize;
    for (uint32_t i = 0; i < ls.Length(); i++) {
      if (!ls.Get(i).IsObject()) { bad("layers must be objects"); return; }
      Napi::Object o = ls.Get(i).As<Napi::Object>();
      cg::Layer l;
      l.kind = cg::LayerKind(num(o, "kind"));
      l.in = num(o, "in");
      l.out = num(o, "out");
      l.relu = flag(o, "relu");
      l.bias = flag(o, "bias");
      l.softmax = flag(o, "softmax");
      l.rate = fnum(o, "rate", 0.f);
      l.w = num(o, "w");
      l.b = num(o, "b");
      if (l.in != prevOut || l.out < 1) { bad("layer sizes do not chain"); return; }
      Napi::Value gv = o.Get("geom");
      const int32_t* g = gv.IsTypedArray() && gv.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array ? gv.As<Napi::Int32Array>().Data() : nullptr;
      const size_t gl = g ? gv.As<Napi::Int32Array>().ElementLength() : 0;
      switch (l.kind) {
        case cg::kConv: {
          if (gl != 15) { bad("conv geometry"); return; }
          l.conv = cg::Geom{maxBatch, g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12], g[13], g[14]};
          for (int k = 1; k < 15; k++) if (g[k] < 0 || (k < 13 && g[k] == 0)) { bad("conv geometry"); return; }
          const cg::Geom& c = l.conv;
          if (l.in != c.H * c.W * c.C || l.out != c.oH * c.oW * c.N || paramSize(l.w) != (long long)c.fh * c.fw * c.C * c.N ||
              (l.bias && paramSize(l.b) != c.N))
            { bad("conv sizes"); return; }
          break;
        }
        case cg::kMaxPool: {
          if (gl != 12) { bad("pool geometry"); return; }
          l.pool = cg::PoolGeom{maxBatch, g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11]};
          for (int k = 1; k < 12; k++) if (g[k] < 0 || (k < 10 && g[k] == 0)) { bad("pool geometry"); return; }
          const cg::PoolGeom& p = l.pool;
          if (l.in != p.H * p.W * p.C || l.out != p.oH * p.oW * p.C) { bad("pool sizes"); return; }
          break;
        }
        case cg::kDense:
          if (paramSize(l.w) != (long long)l.in * l.out || (l.bias && paramSize(l.b) != l.out)) { bad("dense sizes"); return; }
          break;
        case cg::kDropout:
          if (l.in != l.out || !(l.rate >= 0.f && l.rate < 1.f)) { bad("dropout"); return; }
          break;
        case cg::kFlatten:
          if (l.in != l.out) { bad("flatten"); return; }
          break;
        default:
          { bad("unknown layer kind"); return; }
      }
      prevOut = l.out;
      layers.push_back(std::move(l));
    }
    if (layers.empty() || layers.back().kind != cg::kDense || !layers.back().softmax || layers.back().relu)
      { bad("the last layer must be a dense softmax"); return; }
    Napi::Object oo = info[4].As<Napi::Object>();
    cg::OptConfig opt;
    opt.kind = cg::OptKind(num(oo, "kind"));
    if (opt.kind < cg::kSgd || opt.kind > cg::kRmsprop) { bad("optimizer"); return; }
    opt.lr = fnum(oo, "lr", 0.01f);
    opt.beta1 = fnum(oo, "beta1", 0.9f);
    opt.beta2 = fnum(oo, "beta2", 0.999f);
    opt.eps = fnum(oo, "eps", 1e-7f);
    opt.rho = fnum(oo, "rho", 0.9f);
    opt.momentum = fnum(oo, "momentum", 0.f);
    const uint64_t seed = info[5].IsNumber() ? uint64_t(info[5].As<Napi::Number>().Int64Value()) : 1;
    trainer_ = std::make_unique<cg::Trainer>(maxBatch, inSize, std::move(layers), std::move(params), opt, seed);
  }

 private:
  // step(x, labels, n, out: Float64Array(2)) -> out = [mean loss, accuracy]
  Napi::Value Step(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!trainer_) {
      Napi::Error::New(env, "Trainer.step: the trainer was disposed").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    const int n = info[2].IsNumber() ? info[2].As<Napi::Number>().Int32Value() : 0;
    if (n < 1 || n > trainer_->maxBatch() || !info[0].IsTypedArray() || !info[1].IsTypedArray() || !info[3].IsTypedArray() ||
        info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array ||
        info[1].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
        info[3].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
      Napi::TypeError::New(env, "Trainer.step: bad arguments").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    F32 x = info[0].As<F32>();
    Napi::Int32Array labels = info[1].As<Napi::Int32Array>();
    Napi::Float64Array out = info[3].As<Napi::Float64Array>();
    const int classes = trainer_->numClasses();
    if (x.ElementLength() < size_t(n) * trainer_->inSize() || labels.ElementLength() < size_t(n) || out.ElementLength() < 2) {
      Napi::TypeError::New(env, "Trainer.step: arrays too short").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        Napi::RangeError::New(env, "Trainer.step: label out of range").ThrowAsJavaScriptException();
        return env.Undefined();
      }
    }
    trainer_->step(x.Data(), labels.Data(), n, &out[0], &out[1]);
    return env.Undefined();
  }

  // read(i, out: Float32Array): copies parameter i's current values
  Napi::Value Read(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const int i = info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : -1;
    if (!trainer_ || i < 0 || size_t(i) >= trainer_->params().size() || !info[1].IsTypedArray() ||
        info[1].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array ||
        info[1].As<F32>().ElementLength() != trainer_->params()[i].value.size()) {
      Napi::TypeError::New(env, "Trainer.read: bad arguments").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    const std::vector<float>& v = trainer_->params()[i].value;
    std::copy(v.begin(), v.end(), info[1].As<F32>().Data());
    return env.Undefined();
  }

  // profile() -> Float64Array of CPU ns per phase (see Trainer::profile)
  Napi::Value Profile(const Napi::CallbackInfo& info) {
    if (!trainer_) return info.Env().Undefined();
    const std::vector<double>& p = trainer_->profile();
    Napi::Float64Array out = Napi::Float64Array::New(info.Env(), p.size());
    std::copy(p.begin(), p.end(), out.Data());
    return out;
  }

  // dispose(): frees the buffers now rather than whenever the garbage collector gets to this object
  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    trainer_.reset();
    return info.Env().Undefined();
  }

  Napi::Value Finite(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), trainer_ && trainer_->finite());
  }

  std::unique_ptr<cg::Trainer> trainer_;
};

}  // namespace

Napi::Function DefineTrainer(Napi::Env env) { return JsTrainer::Define(env); }
