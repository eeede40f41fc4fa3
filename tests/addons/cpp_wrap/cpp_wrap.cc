// Test addon for napi-python written with node-addon-api (Napi:: C++ wrappers), the
// framework most C++ addons on npm use. Built with C++ exceptions on
// (NAPI_CPP_EXCEPTIONS), so a thrown Napi::Error becomes the JS exception.
// tests/test_cpp_wrap.py drives it.

#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

// ---------------------------------------------------------------------------
// Per-env state kept with Env::SetInstanceData.

struct AddonData {
  Napi::FunctionReference counter_ctor;   // Counter, for makeCounter()
  Napi::ObjectReference stored_object;    // storeObject / getStoredObject
  Napi::FunctionReference stored_callback;  // storeCallback / callStored
  Napi::ObjectReference weak_object;      // a weak reference (count 0)
  int64_t calls = 0;                      // bumped by countCall()
};

// Finalizers and destructors may run during env teardown, in an order relative to the
// instance data's own finalizer that the addon cannot rely on, so these counters are
// process globals rather than fields of AddonData (no use-after-free at exit).
int64_t g_externals_finalized = 0;
int64_t g_counters_destroyed = 0;

AddonData* Data(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

// ---------------------------------------------------------------------------
// Plain functions.

Napi::Value Add(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsNumber()) {
    throw Napi::TypeError::New(env, "add expects two numbers");
  }
  double sum = info[0].As<Napi::Number>().DoubleValue() +
               info[1].As<Napi::Number>().DoubleValue();
  return Napi::Number::New(env, sum);
}

Napi::Value AddInt(const Napi::CallbackInfo& info) {
  int32_t a = info[0].As<Napi::Number>().Int32Value();
  int32_t b = info[1].As<Napi::Number>().Int32Value();
  return Napi::Number::New(info.Env(), a + b);
}

Napi::Value Concat(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsString()) {
    throw Napi::TypeError::New(env, "concat expects two strings");
  }
  std::string a = info[0].As<Napi::String>().Utf8Value();
  std::string b = info[1].As<Napi::String>().Utf8Value();
  return Napi::String::New(env, a + b);
}

Napi::Value Utf16Length(const Napi::CallbackInfo& info) {
  std::u16string s = info[0].As<Napi::String>().Utf16Value();
  return Napi::Number::New(info.Env(), static_cast<double>(s.size()));
}

Napi::Value MakeObject(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object obj = Napi::Object::New(env);
  obj.Set("name", info[0]);
  obj.Set("count", Napi::Number::New(env, info[1].As<Napi::Number>().Int32Value()));
  Napi::Object nested = Napi::Object::New(env);
  nested.Set("ok", Napi::Boolean::New(env, true));
  obj.Set("nested", nested);
  Napi::Array list = Napi::Array::New(env, 3);
  list.Set(uint32_t(0), Napi::Number::New(env, 1));
  list.Set(uint32_t(1), Napi::String::New(env, "two"));
  list.Set(uint32_t(2), Napi::Boolean::New(env, false));
  obj.Set("list", list);
  obj.Set("nothing", env.Null());
  return obj;
}

Napi::Value MakeArray(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t n = info[0].As<Napi::Number>().Uint32Value();
  Napi::Array arr = Napi::Array::New(env, n);
  for (uint32_t i = 0; i < n; ++i) arr[i] = Napi::Number::New(env, i * i);
  return arr;
}

Napi::Value SumArray(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw Napi::TypeError::New(env, "sumArray expects an array");
  Napi::Array arr = info[0].As<Napi::Array>();
  double total = 0;
  for (uint32_t i = 0; i < arr.Length(); ++i) {
    total += arr.Get(i).As<Napi::Number>().DoubleValue();
  }
  return Napi::Number::New(env, total);
}

// Appends to the very array the caller passed in.
Napi::Value PushTo(const Napi::CallbackInfo& info) {
  Napi::Array arr = info[0].As<Napi::Array>();
  arr.Set(arr.Length(), info[1]);
  return Napi::Number::New(info.Env(), arr.Length());
}

// Sets a property on the object the caller passed in.
void SetProperty(const Napi::CallbackInfo& info) {
  Napi::Object obj = info[0].As<Napi::Object>();
  obj.Set(info[1], info[2]);
}

Napi::Value KeysOf(const Napi::CallbackInfo& info) {
  return info[0].As<Napi::Object>().GetPropertyNames();
}

Napi::Value HasKey(const Napi::CallbackInfo& info) {
  Napi::Object obj = info[0].As<Napi::Object>();
  return Napi::Boolean::New(info.Env(), obj.Has(info[1].As<Napi::String>()));
}

Napi::Value DeleteKey(const Napi::CallbackInfo& info) {
  Napi::Object obj = info[0].As<Napi::Object>();
  return Napi::Boolean::New(info.Env(), obj.Delete(info[1].As<Napi::String>()));
}

Napi::Value TypeOf(const Napi::CallbackInfo& info) {
  const char* name = "?";
  switch (info[0].Type()) {
    case napi_undefined: name = "undefined"; break;
    case napi_null: name = "null"; break;
    case napi_boolean: name = "boolean"; break;
    case napi_number: name = "number"; break;
    case napi_string: name = "string"; break;
    case napi_symbol: name = "symbol"; break;
    case napi_object: name = "object"; break;
    case napi_function: name = "function"; break;
    case napi_external: name = "external"; break;
    case napi_bigint: name = "bigint"; break;
  }
  return Napi::String::New(info.Env(), name);
}

Napi::Value ReturnNull(const Napi::CallbackInfo& info) { return info.Env().Null(); }

void ReturnNothing(const Napi::CallbackInfo& info) {}

Napi::Value BigIntDouble(const Napi::CallbackInfo& info) {
  bool lossless = false;
  int64_t v = info[0].As<Napi::BigInt>().Int64Value(&lossless);
  return Napi::BigInt::New(info.Env(), v * 2);
}

// ---------------------------------------------------------------------------
// Errors.

[[noreturn]] void ThrowError(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Error err = Napi::Error::New(env, info[0].As<Napi::String>().Utf8Value());
  err.Set("code", Napi::String::New(env, "E_CPP_WRAP"));
  err.Set("detail", Napi::Number::New(env, 42));
  throw err;
}

[[noreturn]] void ThrowTypeError(const Napi::CallbackInfo& info) {
  throw Napi::TypeError::New(info.Env(), info[0].As<Napi::String>().Utf8Value());
}

[[noreturn]] void ThrowRangeError(const Napi::CallbackInfo& info) {
  throw Napi::RangeError::New(info.Env(), info[0].As<Napi::String>().Utf8Value());
}

// Throws an arbitrary value (not an Error object).
[[noreturn]] void ThrowValue(const Napi::CallbackInfo& info) {
  throw Napi::Error(info.Env(), info[0]);
}

// A failing napi call inside a wrapper: Napi::Error::New(env) reads the last error.
Napi::Value BadCoercion(const Napi::CallbackInfo& info) {
  // Getting a string's value as a number fails with napi_number_expected, which
  // node-addon-api turns into a thrown Napi::Error carrying the status message.
  return Napi::Number::New(info.Env(), info[0].As<Napi::Number>().Int32Value());
}

// ---------------------------------------------------------------------------
// Callbacks.

// callCallback(fn, ...args) -> fn(...args)
Napi::Value CallCallback(const Napi::CallbackInfo& info) {
  Napi::Function fn = info[0].As<Napi::Function>();
  std::vector<napi_value> args;
  for (size_t i = 1; i < info.Length(); ++i) args.push_back(info[i]);
  return fn.Call(args);
}

// callWithThis(fn, thisArg, arg) -> fn.call(thisArg, arg)
Napi::Value CallWithThis(const Napi::CallbackInfo& info) {
  Napi::Function fn = info[0].As<Napi::Function>();
  return fn.Call(info[1], {info[2]});
}

// Calls fn(); if it throws, catches the exception in C++ and returns its message.
Napi::Value CallAndCatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Function fn = info[0].As<Napi::Function>();
  try {
    fn.Call({});
  } catch (const Napi::Error& e) {
    return Napi::String::New(env, std::string("caught: ") + e.Message());
  }
  return Napi::String::New(env, "no exception");
}

// Calls fn(i) for i in [0, n) and collects the results in an array.
Napi::Value MapRange(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t n = info[0].As<Napi::Number>().Uint32Value();
  Napi::Function fn = info[1].As<Napi::Function>();
  Napi::Array out = Napi::Array::New(env, n);
  for (uint32_t i = 0; i < n; ++i) {
    out[i] = fn.Call({Napi::Number::New(env, i)});
  }
  return out;
}

// A function created in C++ carrying data: makeMultiplier(k) -> (x) => x * k.
Napi::Value MakeMultiplier(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  double k = info[0].As<Napi::Number>().DoubleValue();
  return Napi::Function::New(
      env,
      [k](const Napi::CallbackInfo& inner) -> Napi::Value {
        return Napi::Number::New(inner.Env(), inner[0].As<Napi::Number>().DoubleValue() * k);
      },
      "multiplier");
}

// ---------------------------------------------------------------------------
// References.

void StoreObject(const Napi::CallbackInfo& info) {
  Data(info.Env())->stored_object = Napi::Persistent(info[0].As<Napi::Object>());
}

Napi::Value GetStoredObject(const Napi::CallbackInfo& info) {
  AddonData* data = Data(info.Env());
  if (data->stored_object.IsEmpty()) return info.Env().Undefined();
  return data->stored_object.Value();
}

Napi::Value StoredRefCount(const Napi::CallbackInfo& info) {
  AddonData* data = Data(info.Env());
  // Ref() then Unref() returns the count as it was, without changing it.
  data->stored_object.Ref();
  uint32_t count = data->stored_object.Unref();
  return Napi::Number::New(info.Env(), count);
}

void ClearStoredObject(const Napi::CallbackInfo& info) {
  Data(info.Env())->stored_object.Reset();
}

void StoreCallback(const Napi::CallbackInfo& info) {
  Data(info.Env())->stored_callback = Napi::Persistent(info[0].As<Napi::Function>());
}

Napi::Value CallStored(const Napi::CallbackInfo& info) {
  AddonData* data = Data(info.Env());
  if (data->stored_callback.IsEmpty()) {
    throw Napi::Error::New(info.Env(), "no callback stored");
  }
  return data->stored_callback.Call({info[0]});
}

void StoreWeak(const Napi::CallbackInfo& info) {
  Data(info.Env())->weak_object = Napi::Weak(info[0].As<Napi::Object>());
}

Napi::Value GetWeak(const Napi::CallbackInfo& info) {
  AddonData* data = Data(info.Env());
  if (data->weak_object.IsEmpty()) return info.Env().Undefined();
  Napi::Object value = data->weak_object.Value();
  if (value.IsEmpty()) return info.Env().Undefined();
  return value;
}

// ---------------------------------------------------------------------------
// Externals.

Napi::Value MakeExternal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t* payload = new int64_t(info[0].As<Napi::Number>().Int64Value());
  return Napi::External<int64_t>::New(env, payload, [](Napi::Env env, int64_t* p) {
    delete p;
    g_externals_finalized++;
  });
}

Napi::Value ReadExternal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsExternal()) throw Napi::TypeError::New(env, "not an external");
  return Napi::Number::New(env, static_cast<double>(
                                    *info[0].As<Napi::External<int64_t>>().Data()));
}

Napi::Value ExternalsFinalized(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(g_externals_finalized));
}

// ---------------------------------------------------------------------------
// Instance data.

Napi::Value CountCall(const Napi::CallbackInfo& info) {
  AddonData* data = Data(info.Env());
  data->calls++;
  return Napi::Number::New(info.Env(), static_cast<double>(data->calls));
}

Napi::Value HasInstanceData(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), Data(info.Env()) != nullptr);
}

// ---------------------------------------------------------------------------
// An ObjectWrap class.

class Counter : public Napi::ObjectWrap<Counter> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(
        env, "Counter",
        {
            InstanceMethod<&Counter::Increment>("increment"),
            InstanceMethod<&Counter::AddTo>("add"),
            InstanceMethod<&Counter::Absorb>("absorb"),
            InstanceMethod<&Counter::Fail>("fail"),
            InstanceMethod<&Counter::Self>("self"),
            InstanceAccessor<&Counter::GetValue, &Counter::SetValue>("value"),
            InstanceAccessor<&Counter::GetLabel>("label"),
            InstanceValue("kind", Napi::String::New(env, "counter")),
            StaticMethod<&Counter::Describe>("describe"),
            StaticMethod<&Counter::Destroyed>("destroyed"),
            StaticValue("VERSION", Napi::Number::New(env, 2)),
        });
  }

  explicit Counter(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Counter>(info) {
    Napi::Env env = info.Env();
    if (info.Length() > 0 && !info[0].IsUndefined()) {
      if (!info[0].IsNumber()) {
        throw Napi::TypeError::New(env, "Counter expects a number");
      }
      value_ = info[0].As<Napi::Number>().Int64Value();
    }
    if (info.Length() > 1 && info[1].IsString()) {
      label_ = info[1].As<Napi::String>().Utf8Value();
    }
  }

  ~Counter() override { g_counters_destroyed++; }

  int64_t value() const { return value_; }

 private:
  Napi::Value Increment(const Napi::CallbackInfo& info) {
    ++value_;
    return Napi::Number::New(info.Env(), static_cast<double>(value_));
  }

  Napi::Value AddTo(const Napi::CallbackInfo& info) {
    value_ += info[0].As<Napi::Number>().Int64Value();
    return Napi::Number::New(info.Env(), static_cast<double>(value_));
  }

  // absorb(other): adds another Counter's value (Unwrap of an argument).
  Napi::Value Absorb(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsObject()) throw Napi::TypeError::New(env, "absorb expects a Counter");
    Napi::Object obj = info[0].As<Napi::Object>();
    Napi::FunctionReference& ctor = Data(env)->counter_ctor;
    if (!obj.InstanceOf(ctor.Value())) throw Napi::TypeError::New(env, "absorb expects a Counter");
    Counter* other = Counter::Unwrap(obj);
    value_ += other->value_;
    return Napi::Number::New(env, static_cast<double>(value_));
  }

  Napi::Value Fail(const Napi::CallbackInfo& info) {
    throw Napi::Error::New(info.Env(), "counter failed at " + std::to_string(value_));
  }

  // Returns `this`: the very Python object the method was called on.
  Napi::Value Self(const Napi::CallbackInfo& info) { return info.This(); }

  Napi::Value GetValue(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(value_));
  }

  void SetValue(const Napi::CallbackInfo& info, const Napi::Value& value) {
    if (!value.IsNumber()) throw Napi::TypeError::New(info.Env(), "value must be a number");
    value_ = value.As<Napi::Number>().Int64Value();
  }

  Napi::Value GetLabel(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), label_);
  }

  static Napi::Value Describe(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), "Counter from node-addon-api");
  }

  static Napi::Value Destroyed(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(g_counters_destroyed));
  }

  int64_t value_ = 0;
  std::string label_ = "unnamed";
};

// makeCounter(n): an instance created from C++ through the stored constructor.
Napi::Value MakeCounter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object obj = Data(env)->counter_ctor.New({info[0], Napi::String::New(env, "made")});
  return obj;
}

Napi::Value ReadCounter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object obj = info[0].As<Napi::Object>();
  if (!obj.InstanceOf(Data(env)->counter_ctor.Value())) {
    throw Napi::TypeError::New(env, "not a Counter");
  }
  return Napi::Number::New(env, static_cast<double>(Counter::Unwrap(obj)->value()));
}

Napi::Value IsCounter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  bool result = info[0].IsObject() &&
                info[0].As<Napi::Object>().InstanceOf(Data(env)->counter_ctor.Value());
  return Napi::Boolean::New(env, result);
}

// A second ObjectWrap class, for the receiver check: its methods and Counter's called
// with an instance of the other class (or no instance) must raise TypeError before
// ObjectWrap unwraps `this` (which would give NULL or the wrong C++ object).
class Label : public Napi::ObjectWrap<Label> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Label",
                       {
                           InstanceMethod<&Label::Text>("text"),
                           InstanceAccessor<&Label::GetSize>("size"),
                       });
  }

  explicit Label(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Label>(info) {
    text_ = info[0].As<Napi::String>().Utf8Value();
  }

 private:
  Napi::Value Text(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), text_);
  }
  Napi::Value GetSize(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(text_.size()));
  }

  std::string text_;
};

// ---------------------------------------------------------------------------
// Promises: a promise the addon is given (a Python awaitable too), consumed with
// Napi::Promise::Then / Catch; the addon settles its own promise from the reactions.

// awaitPromise(p, useCatch) -> a new promise settled as p is: p.Then(ok, fail), or
// p.Then(ok).Catch(fail) when useCatch.
Napi::Value AwaitPromise(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Promise given = info[0].As<Napi::Promise>();
  bool use_catch = info[1].ToBoolean().Value();
  Napi::Promise::Deferred deferred = Napi::Promise::Deferred::New(env);
  Napi::Function ok = Napi::Function::New(env, [deferred](const Napi::CallbackInfo& i) {
    deferred.Resolve(i[0]);
  });
  Napi::Function fail = Napi::Function::New(env, [deferred](const Napi::CallbackInfo& i) {
    deferred.Reject(i[0]);
  });
  if (use_catch)
    given.Then(ok).Catch(fail);
  else
    given.Then(ok, fail);
  return deferred.Promise();
}

// ---------------------------------------------------------------------------

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  AddonData* data = new AddonData();
  env.SetInstanceData<AddonData>(data);  // deleted by node-addon-api at env teardown

  Napi::Function counter = Counter::Define(env);
  data->counter_ctor = Napi::Persistent(counter);

  exports.Set("add", Napi::Function::New<Add>(env, "add"));
  exports.Set("addInt", Napi::Function::New<AddInt>(env, "addInt"));
  exports.Set("concat", Napi::Function::New<Concat>(env, "concat"));
  exports.Set("utf16Length", Napi::Function::New<Utf16Length>(env, "utf16Length"));
  exports.Set("makeObject", Napi::Function::New<MakeObject>(env, "makeObject"));
  exports.Set("makeArray", Napi::Function::New<MakeArray>(env, "makeArray"));
  exports.Set("sumArray", Napi::Function::New<SumArray>(env, "sumArray"));
  exports.Set("pushTo", Napi::Function::New<PushTo>(env, "pushTo"));
  exports.Set("setProperty", Napi::Function::New<SetProperty>(env, "setProperty"));
  exports.Set("keysOf", Napi::Function::New<KeysOf>(env, "keysOf"));
  exports.Set("hasKey", Napi::Function::New<HasKey>(env, "hasKey"));
  exports.Set("deleteKey", Napi::Function::New<DeleteKey>(env, "deleteKey"));
  exports.Set("typeOf", Napi::Function::New<TypeOf>(env, "typeOf"));
  exports.Set("returnNull", Napi::Function::New<ReturnNull>(env, "returnNull"));
  exports.Set("returnNothing", Napi::Function::New<ReturnNothing>(env, "returnNothing"));
  exports.Set("bigintDouble", Napi::Function::New<BigIntDouble>(env, "bigintDouble"));
  exports.Set("throwError", Napi::Function::New<ThrowError>(env, "throwError"));
  exports.Set("throwTypeError", Napi::Function::New<ThrowTypeError>(env, "throwTypeError"));
  exports.Set("throwRangeError", Napi::Function::New<ThrowRangeError>(env, "throwRangeError"));
  exports.Set("throwValue", Napi::Function::New<ThrowValue>(env, "throwValue"));
  exports.Set("badCoercion", Napi::Function::New<BadCoercion>(env, "badCoercion"));
  exports.Set("callCallback", Napi::Function::New<CallCallback>(env, "callCallback"));
  exports.Set("callWithThis", Napi::Function::New<CallWithThis>(env, "callWithThis"));
  exports.Set("callAndCatch", Napi::Function::New<CallAndCatch>(env, "callAndCatch"));
  exports.Set("mapRange", Napi::Function::New<MapRange>(env, "mapRange"));
  exports.Set("makeMultiplier", Napi::Function::New<MakeMultiplier>(env, "makeMultiplier"));
  exports.Set("storeObject", Napi::Function::New<StoreObject>(env, "storeObject"));
  exports.Set("getStoredObject", Napi::Function::New<GetStoredObject>(env, "getStoredObject"));
  exports.Set("storedRefCount", Napi::Function::New<StoredRefCount>(env, "storedRefCount"));
  exports.Set("clearStoredObject", Napi::Function::New<ClearStoredObject>(env, "clearStoredObject"));
  exports.Set("storeCallback", Napi::Function::New<StoreCallback>(env, "storeCallback"));
  exports.Set("callStored", Napi::Function::New<CallStored>(env, "callStored"));
  exports.Set("storeWeak", Napi::Function::New<StoreWeak>(env, "storeWeak"));
  exports.Set("getWeak", Napi::Function::New<GetWeak>(env, "getWeak"));
  exports.Set("makeExternal", Napi::Function::New<MakeExternal>(env, "makeExternal"));
  exports.Set("readExternal", Napi::Function::New<ReadExternal>(env, "readExternal"));
  exports.Set("externalsFinalized",
              Napi::Function::New<ExternalsFinalized>(env, "externalsFinalized"));
  exports.Set("countCall", Napi::Function::New<CountCall>(env, "countCall"));
  exports.Set("hasInstanceData", Napi::Function::New<HasInstanceData>(env, "hasInstanceData"));
  exports.Set("awaitPromise", Napi::Function::New<AwaitPromise>(env, "awaitPromise"));
  exports.Set("Counter", counter);
  exports.Set("Label", Label::Define(env));
  exports.Set("makeCounter", Napi::Function::New<MakeCounter>(env, "makeCounter"));
  exports.Set("readCounter", Napi::Function::New<ReadCounter>(env, "readCounter"));
  exports.Set("isCounter", Napi::Function::New<IsCounter>(env, "isCounter"));
  return exports;
}

}  // namespace

NODE_API_MODULE(cpp_wrap, Init)
