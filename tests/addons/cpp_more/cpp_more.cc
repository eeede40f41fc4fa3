// node-addon-api beyond cpp_wrap: AsyncWorker (OnOK, OnError, a Promise), 
// AsyncProgressWorker (progress through its threadsafe function), ThreadSafeFunction
// and TypedThreadSafeFunction from std::threads, Buffers made over external memory
// with finalizers, typed arrays and DataView, instance data, accessors and values
// defined with DefineProperties, Freeze/Seal, well-known symbols, AddFinalizer,
// coercions, Date, MakeCallback. tests/test_cpp_more.py runs each case here and
// compares with Node 20's answers (tests/node_reference/cpp_more.json, written by
// tests/addons/cpp_more/node_driver.js).
#include <napi.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

std::atomic<int> g_finalized{0};

// ---- AsyncWorker -----------------------------------------------------------------

class SumWorker : public Napi::AsyncWorker {
 public:
  SumWorker(Napi::Function& cb, std::vector<double> values, bool fail)
      : Napi::AsyncWorker(cb), values_(std::move(values)), fail_(fail) {}
  void Execute() override {
    if (fail_) {
      SetError("sum refused");
      return;
    }
    for (double v : values_) sum_ += v;
  }
  void OnOK() override { Callback().Call({Env().Null(), Napi::Number::New(Env(), sum_)}); }

 private:
  std::vector<double> values_;
  bool fail_;
  double sum_ = 0;
};

std::vector<double> ToVector(const Napi::Array& arr) {
  std::vector<double> out;
  for (uint32_t i = 0; i < arr.Length(); i++) out.push_back(arr.Get(i).ToNumber().DoubleValue());
  return out;
}

// sumCallback(array, fail, cb): cb(err) or cb(null, sum)
Napi::Value SumCallback(const Napi::CallbackInfo& info) {
  Napi::Function cb = info[2].As<Napi::Function>();
  (new SumWorker(cb, ToVector(info[0].As<Napi::Array>()), info[1].ToBoolean()))->Queue();
  return info.Env().Undefined();
}

class PromiseWorker : public Napi::AsyncWorker {
 public:
  PromiseWorker(Napi::Env env, std::string text)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), text_(std::move(text)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override {
    if (text_.empty()) {
      SetError("empty text");
      return;
    }
    for (auto& c : text_) c = static_cast<char>(toupper(c));
  }
  void OnOK() override { deferred_.Resolve(Napi::String::New(Env(), text_)); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::string text_;
};

// upperAsync(text): a promise of the text in upper case; rejects for ""
Napi::Value UpperAsync(const Napi::CallbackInfo& info) {
  auto* w = new PromiseWorker(info.Env(), info[0].As<Napi::String>().Utf8Value());
  Napi::Promise p = w->Promise();
  w->Queue();
  return p;
}

// ---- AsyncProgressWorker -----------------------------------------------------------

class CountWorker : public Napi::AsyncProgressWorker<int> {
 public:
  CountWorker(Napi::Function& done, Napi::Function& progress, int n)
      : Napi::AsyncProgressWorker<int>(done), n_(n) {
    progress_.Reset(progress, 1);
  }
  void Execute(const ExecutionProgress& p) override {
    for (int i = 0; i < n_; i++) {
      p.Send(&i, 1);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  void OnProgress(const int* data, size_t count) override {
    if (count == 1) progress_.Call({Napi::Number::New(Env(), *data)});
  }
  void OnOK() override { Callback().Call({Napi::Number::New(Env(), n_)}); }

 private:
  int n_;
  Napi::FunctionReference progress_;
};

// countWithProgress(n, progress, done): progress(i) for (some of) 0..n-1 (sends
// can coalesce, as in Node), then done(n)
Napi::Value CountWithProgress(const Napi::CallbackInfo& info) {
  Napi::Function progress = info[1].As<Napi::Function>();
  Napi::Function done = info[2].As<Napi::Function>();
  (new CountWorker(done, progress, info[0].As<Napi::Number>().Int32Value()))->Queue();
  return info.Env().Undefined();
}

// ---- ThreadSafeFunction --------------------------------------------------------------

// tsfnFromThreads(nthreads, per, cb, done): cb(thread, i) from std::threads, then
// done(total) from the finalizer
Napi::Value TsfnFromThreads(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int nthreads = info[0].As<Napi::Number>().Int32Value();
  int per = info[1].As<Napi::Number>().Int32Value();
  auto* threads = new std::vector<std::thread>();
  auto* total = new std::atomic<int>(0);
  Napi::Function done = info[3].As<Napi::Function>();
  auto* doneRef = new Napi::FunctionReference(Napi::Persistent(done));
  Napi::ThreadSafeFunction tsfn = Napi::ThreadSafeFunction::New(
      env, info[2].As<Napi::Function>(), "tsfnFromThreads", 0, nthreads,
      [threads, total, doneRef](Napi::Env env) {
        for (auto& t : *threads) t.join();
        doneRef->Call({Napi::Number::New(env, total->load())});
        delete threads;
        delete total;
        delete doneRef;
      });
  for (int t = 0; t < nthreads; t++) {
    threads->emplace_back([tsfn, t, per, total]() mutable {
      for (int i = 0; i < per; i++) {
        int* v = new int[2]{t, i};
        tsfn.BlockingCall(v, [total](Napi::Env env, Napi::Function cb, int* v) {
          total->fetch_add(1);
          cb.Call({Napi::Number::New(env, v[0]), Napi::Number::New(env, v[1])});
          delete[] v;
        });
      }
      tsfn.Release();
    });
  }
  return env.Undefined();
}

struct Ctx {
  int base;
};
void CallJsTyped(Napi::Env env, Napi::Function cb, Ctx* ctx, int* data) {
  if (env != nullptr && cb != nullptr) cb.Call({Napi::Number::New(env, ctx->base + *data)});
  delete data;
}
using TypedTsfn = Napi::TypedThreadSafeFunction<Ctx, int, CallJsTyped>;

// typedTsfn(base, n, cb): cb(base + i) for i in 0..n-1 from one thread
Napi::Value TypedTsfnCalls(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto* ctx = new Ctx{info[0].As<Napi::Number>().Int32Value()};
  int n = info[1].As<Napi::Number>().Int32Value();
  auto* thread = new std::thread();
  TypedTsfn tsfn = TypedTsfn::New(env, info[2].As<Napi::Function>(), "typed", 0, 1, ctx,
                                  [thread](Napi::Env, void*, Ctx* ctx) {
                                    thread->join();
                                    delete thread;
                                    delete ctx;
                                  });
  *thread = std::thread([tsfn, n]() mutable {
    for (int i = 0; i < n; i++) tsfn.NonBlockingCall(new int(i));
    tsfn.Release();
  });
  return env.Undefined();
}

// ---- binary data -----------------------------------------------------------------------

// externalBuffer(n): a Buffer over memory of the addon (bytes 0..n-1), freed by its
// finalizer
Napi::Value ExternalBuffer(const Napi::CallbackInfo& info) {
  size_t n = info[0].As<Napi::Number>().Uint32Value();
  auto* data = new uint8_t[n];
  for (size_t i = 0; i < n; i++) data[i] = static_cast<uint8_t>(i);
  return Napi::Buffer<uint8_t>::New(info.Env(), data, n, [](Napi::Env, uint8_t* d) {
    delete[] d;
    g_finalized++;
  });
}

// copyBuffer(text): Buffer::Copy of the text's bytes
Napi::Value CopyBuffer(const Napi::CallbackInfo& info) {
  std::string s = info[0].As<Napi::String>().Utf8Value();
  return Napi::Buffer<char>::Copy(info.Env(), s.data(), s.size());
}

// bufferInfo(buf): [length, first byte, last byte]
Napi::Value BufferInfo(const Napi::CallbackInfo& info) {
  auto b = info[0].As<Napi::Buffer<uint8_t>>();
  Napi::Array out = Napi::Array::New(info.Env(), 3);
  out[0u] = Napi::Number::New(info.Env(), b.Length());
  out[1u] = Napi::Number::New(info.Env(), b.Length() ? b.Data()[0] : -1);
  out[2u] = Napi::Number::New(info.Env(), b.Length() ? b.Data()[b.Length() - 1] : -1);
  return out;
}

// float32View(n): a Float32Array of n over a fresh ArrayBuffer, i * 1.5
Napi::Value Float32View(const Napi::CallbackInfo& info) {
  size_t n = info[0].As<Napi::Number>().Uint32Value();
  auto ab = Napi::ArrayBuffer::New(info.Env(), n * sizeof(float) + 4);
  auto arr = Napi::Float32Array::New(info.Env(), n, ab, 4);
  for (size_t i = 0; i < n; i++) arr[i] = static_cast<float>(i) * 1.5f;
  return arr;
}

// typedInfo(ta): [type name, length, byteOffset, byteLength of its buffer]
Napi::Value TypedInfo(const Napi::CallbackInfo& info) {
  auto ta = info[0].As<Napi::TypedArray>();
  const char* names[] = {"int8", "uint8", "uint8_clamped", "int16", "uint16", "int32",
                         "uint32", "float32", "float64", "bigint64", "biguint64"};
  Napi::Array out = Napi::Array::New(info.Env(), 4);
  int t = static_cast<int>(ta.TypedArrayType());
  out[0u] = Napi::String::New(info.Env(), t >= 0 && t <= 10 ? names[t] : "?");
  out[1u] = Napi::Number::New(info.Env(), ta.ElementLength());
  out[2u] = Napi::Number::New(info.Env(), ta.ByteOffset());
  out[3u] = Napi::Number::New(info.Env(), ta.ArrayBuffer().ByteLength());
  return out;
}

// dataViewRead(ab): a DataView at offset 1: [getUint8(0), byteLength]
Napi::Value DataViewRead(const Napi::CallbackInfo& info) {
  auto ab = info[0].As<Napi::ArrayBuffer>();
  auto dv = Napi::DataView::New(info.Env(), ab, 1, ab.ByteLength() - 1);
  Napi::Array out = Napi::Array::New(info.Env(), 2);
  out[0u] = Napi::Number::New(info.Env(), dv.GetUint8(0));
  out[1u] = Napi::Number::New(info.Env(), dv.ByteLength());
  return out;
}

Napi::Value FinalizedCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), g_finalized.load());
}

// ---- objects -------------------------------------------------------------------------

// defineThings(obj): a read-only value, an enumerable accessor pair over a hidden
// counter, a non-enumerable method; returns obj
Napi::Value DefineThings(const Napi::CallbackInfo& info) {
  Napi::Object obj = info[0].As<Napi::Object>();
  obj.DefineProperties({
      Napi::PropertyDescriptor::Value("fixed", Napi::Number::New(info.Env(), 7), napi_enumerable),
      Napi::PropertyDescriptor::Accessor(
          info.Env(), obj, "twice",
          [](const Napi::CallbackInfo& info) -> Napi::Value {
            Napi::Object self = info.This().As<Napi::Object>();
            Napi::Value hidden = self.Get("_n");
            double n = hidden.IsNumber() ? hidden.As<Napi::Number>().DoubleValue() : 0;
            return Napi::Number::New(info.Env(), n * 2);
          },
          [](const Napi::CallbackInfo& info) {
            info.This().As<Napi::Object>().Set("_n", info[0]);
          },
          napi_enumerable),
      Napi::PropertyDescriptor::Function(
          info.Env(), obj, "hello",
          [](const Napi::CallbackInfo& info) -> Napi::Value {
            return Napi::String::New(info.Env(), "hello " + info[0].ToString().Utf8Value());
          }),
  });
  return obj;
}

// freezeSeal(obj, which): Freeze (1) or Seal (0); then tries to write "x" = 1 and
// returns [isFrozen-ish write result]
Napi::Value FreezeSeal(const Napi::CallbackInfo& info) {
  Napi::Object obj = info[0].As<Napi::Object>();
  if (info[1].ToBoolean())
    obj.Freeze();
  else
    obj.Seal();
  return obj;
}

// keysOf(obj): GetPropertyNames (enumerable, with the prototype chain's)
Napi::Value KeysOf(const Napi::CallbackInfo& info) {
  return info[0].As<Napi::Object>().GetPropertyNames();
}

// addFinalizer(obj): counts its finalization (g_finalized)
Napi::Value AddFinalizerTo(const Napi::CallbackInfo& info) {
  Napi::Object obj = info[0].As<Napi::Object>();
  obj.AddFinalizer([](Napi::Env, int* data) {
    delete data;
    g_finalized++;
  }, new int(1));
  return obj;
}

// coerce(v): [ToString, ToNumber, ToBoolean] as JS coercions give them
Napi::Value Coerce(const Napi::CallbackInfo& info) {
  Napi::Array out = Napi::Array::New(info.Env(), 3);
  out[0u] = info[0].ToString();
  out[1u] = info[0].ToNumber();
  out[2u] = info[0].ToBoolean();
  return out;
}

// strictEquals(a, b), and a == b (Equals is StrictEquals in node-addon-api)
Napi::Value StrictEquals(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), info[0].StrictEquals(info[1]));
}

// wellKnown(obj): obj[Symbol.iterator] is a function? and Symbol.toStringTag's description
Napi::Value WellKnown(const Napi::CallbackInfo& info) {
  Napi::Symbol it = Napi::Symbol::WellKnown(info.Env(), "iterator");
  Napi::Symbol tag = Napi::Symbol::WellKnown(info.Env(), "toStringTag");
  Napi::Array out = Napi::Array::New(info.Env(), 3);
  out[0u] = Napi::Boolean::New(info.Env(), info[0].As<Napi::Object>().Get(it).IsFunction());
  out[1u] = tag.ToString();
  out[2u] = Napi::Boolean::New(info.Env(), it.StrictEquals(Napi::Symbol::WellKnown(info.Env(), "iterator")));
  return out;
}

// makeDate(ms), dateValue(date)
Napi::Value MakeDate(const Napi::CallbackInfo& info) {
  return Napi::Date::New(info.Env(), info[0].As<Napi::Number>().DoubleValue());
}
Napi::Value DateValue(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), info[0].As<Napi::Date>().ValueOf());
}

// makeCallback(receiver, fn, arg): fn.MakeCallback with receiver as this
Napi::Value MakeCallback(const Napi::CallbackInfo& info) {
  Napi::Function fn = info[1].As<Napi::Function>();
  return fn.MakeCallback(info[0], {info[2]});
}

// ---- instance data ---------------------------------------------------------------------

struct Data {
  int calls = 0;
};

Napi::Value BumpInstance(const Napi::CallbackInfo& info) {
  Data* d = info.Env().GetInstanceData<Data>();
  return Napi::Number::New(info.Env(), ++d->calls);
}

// ---- errors ------------------------------------------------------------------------------

// throwKind(kind): a C++ exception of each kind; 3: a plain C++ exception caught and
// rethrown as a JS Error by hand
Napi::Value ThrowKind(const Napi::CallbackInfo& info) {
  int kind = info[0].As<Napi::Number>().Int32Value();
  Napi::Env env = info.Env();
  switch (kind) {
    case 0:
      throw Napi::Error::New(env, "plain error");
    case 1:
      throw Napi::TypeError::New(env, "type error");
    case 2:
      throw Napi::RangeError::New(env, "range error");
    default: {
      Napi::Error e = Napi::Error::New(env, "with props");
      e.Set("code", Napi::String::New(env, "E_PROPS"));
      e.Set("errno", Napi::Number::New(env, -2));
      throw e;
    }
  }
}

// catchFrom(fn): calls fn and catches its JS error as a Napi::Error:
// "caught: <message>" or "ok: <result>"
Napi::Value CatchFrom(const Napi::CallbackInfo& info) {
  try {
    Napi::Value v = info[0].As<Napi::Function>().Call({});
    return Napi::String::New(info.Env(), "ok: " + v.ToString().Utf8Value());
  } catch (const Napi::Error& e) {
    return Napi::String::New(info.Env(), std::string("caught: ") + e.Message());
  }
}


// ---- a class called without `new`, iteration, Symbol.toStringTag ------------------------

// Maker: an ObjectWrap whose constructor called as a plain function (no `new`: an
// addon's napi_call_function, JS `Maker(5)`) is a factory, as ObjectWrap's
// OnCalledAsFunction lets a class be; with `true` it throws instead. Its instances
// iterate over [value, value + "!"] through an array's own Symbol.iterator, and are
// tagged "MakerTag" (Symbol.toStringTag).
class Maker : public Napi::ObjectWrap<Maker> {
 public:
  static Napi::Function Define(Napi::Env env) {
    Napi::Function cls = DefineClass(
        env, "Maker",
        {InstanceAccessor<&Maker::GetValue>("value"),
         InstanceMethod<&Maker::Iterator>(Napi::Symbol::WellKnown(env, "iterator")),
         InstanceValue(Napi::Symbol::WellKnown(env, "toStringTag"),
                       Napi::String::New(env, "MakerTag"), napi_default)});
    constructor = Napi::Persistent(cls);
    return cls;
  }
  explicit Maker(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<Maker>(info) {
    Napi::Object holder = Napi::Object::New(info.Env());  // (a reference needs an object)
    holder.Set("v", info[0]);
    holder_ = Napi::Persistent(holder);
  }
  static Napi::Value OnCalledAsFunction(const Napi::CallbackInfo& info) {
    if (info[0].IsBoolean() && info[0].As<Napi::Boolean>().Value())
      throw Napi::Error::New(info.Env(), "Maker called without new");
    return constructor.New({info[0]});
  }

 private:
  Napi::Value Value() { return holder_.Value().Get("v"); }
  Napi::Value GetValue(const Napi::CallbackInfo&) { return Value(); }
  Napi::Value Iterator(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Array items = Napi::Array::New(env, 2);
    items.Set(0u, Value());
    items.Set(1u, Napi::String::New(env, Value().ToString().Utf8Value() + "!"));
    return items.Get(Napi::Symbol::WellKnown(env, "iterator")).As<Napi::Function>().Call(items, {});
  }
  static Napi::FunctionReference constructor;
  Napi::ObjectReference holder_;
};
Napi::FunctionReference Maker::constructor;

// callPlain(fn, arg): fn(arg) called as a plain function (napi_call_function, `this`
// undefined), whatever fn is
Napi::Value CallPlain(const Napi::CallbackInfo& info) {
  return info[0].As<Napi::Function>().Call({info[1]});
}

// iterateArray(arr): what arr[Symbol.iterator]() gives, step by step: the values until
// done, then what one more next() says (done stays true)
Napi::Value IterateArray(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object arr = info[0].As<Napi::Object>();
  Napi::Object it = arr.Get(Napi::Symbol::WellKnown(env, "iterator"))
                        .As<Napi::Function>().Call(arr, {}).As<Napi::Object>();
  Napi::Function next = it.Get("next").As<Napi::Function>();
  Napi::Array out = Napi::Array::New(env);
  for (uint32_t i = 0; i < 100; i++) {
    Napi::Object step = next.Call(it, {}).As<Napi::Object>();
    if (step.Get("done").ToBoolean()) break;
    out.Set(out.Length(), step.Get("value"));
  }
  Napi::Object again = next.Call(it, {}).As<Napi::Object>();
  Napi::Array r = Napi::Array::New(env, 3);
  r.Set(0u, out);
  r.Set(1u, again.Get("done"));
  r.Set(2u, Napi::Boolean::New(env, arr.Has(Napi::Symbol::WellKnown(env, "iterator"))));
  return r;
}

// symbolFor(key): Napi::Symbol::For(key), which calls the global Symbol.for
Napi::Value SymbolFor(const Napi::CallbackInfo& info) {
  return Napi::Symbol::For(info.Env(), static_cast<napi_value>(info[0]));
}

// toStr(v): v.ToString() (napi_coerce_to_string)
Napi::Value ToStr(const Napi::CallbackInfo& info) { return info[0].ToString(); }

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData(new Data());
  exports.Set("sumCallback", Napi::Function::New(env, SumCallback));
  exports.Set("upperAsync", Napi::Function::New(env, UpperAsync));
  exports.Set("countWithProgress", Napi::Function::New(env, CountWithProgress));
  exports.Set("tsfnFromThreads", Napi::Function::New(env, TsfnFromThreads));
  exports.Set("typedTsfn", Napi::Function::New(env, TypedTsfnCalls));
  exports.Set("externalBuffer", Napi::Function::New(env, ExternalBuffer));
  exports.Set("copyBuffer", Napi::Function::New(env, CopyBuffer));
  exports.Set("bufferInfo", Napi::Function::New(env, BufferInfo));
  exports.Set("float32View", Napi::Function::New(env, Float32View));
  exports.Set("typedInfo", Napi::Function::New(env, TypedInfo));
  exports.Set("dataViewRead", Napi::Function::New(env, DataViewRead));
  exports.Set("finalizedCount", Napi::Function::New(env, FinalizedCount));
  exports.Set("defineThings", Napi::Function::New(env, DefineThings));
  exports.Set("freezeSeal", Napi::Function::New(env, FreezeSeal));
  exports.Set("keysOf", Napi::Function::New(env, KeysOf));
  exports.Set("addFinalizer", Napi::Function::New(env, AddFinalizerTo));
  exports.Set("coerce", Napi::Function::New(env, Coerce));
  exports.Set("strictEquals", Napi::Function::New(env, StrictEquals));
  exports.Set("wellKnown", Napi::Function::New(env, WellKnown));
  exports.Set("makeDate", Napi::Function::New(env, MakeDate));
  exports.Set("dateValue", Napi::Function::New(env, DateValue));
  exports.Set("makeCallback", Napi::Function::New(env, MakeCallback));
  exports.Set("bumpInstance", Napi::Function::New(env, BumpInstance));
  exports.Set("throwKind", Napi::Function::New(env, ThrowKind));
  exports.Set("catchFrom", Napi::Function::New(env, CatchFrom));
  exports.Set("Maker", Maker::Define(env));
  exports.Set("callPlain", Napi::Function::New(env, CallPlain));
  exports.Set("iterateArray", Napi::Function::New(env, IterateArray));
  exports.Set("toStr", Napi::Function::New(env, ToStr));
  exports.Set("symbolFor", Napi::Function::New(env, SymbolFor));
  return exports;
}

NODE_API_MODULE(cpp_more, Init)
