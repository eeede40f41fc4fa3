// node-addon-api code that returns values made under a Napi::HandleScope the method
// closes before returning (the scope's destructor runs before the Napi::Value is
// handed back to the runtime), as real node-addon-api addons do.
#include <napi.h>

// The object is made inside the scope; the scope closes at the return.
static Napi::Value Make(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::HandleScope scope(env);
  Napi::Object obj = Napi::Object::New(env);
  obj.Set("answer", Napi::Number::New(env, 42));
  obj.Set("name", Napi::String::New(env, "cpp"));
  return obj;
}

// The object is made in a block with its own scope; more values are made in the
// method's scope afterwards (they reuse the block's handle slots), then it returns.
static Napi::Value MakeThenMore(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t n = info[0].As<Napi::Number>().Uint32Value();
  Napi::Object obj;
  {
    Napi::HandleScope scope(env);
    obj = Napi::Object::New(env);
    obj.Set("answer", Napi::Number::New(env, 42));
  }
  Napi::Array items = Napi::Array::New(env, n);
  for (uint32_t i = 0; i < n; i++) items.Set(i, Napi::Number::New(env, i));
  obj.Set("items", items);
  return obj;
}

// A loop with one scope per iteration, building an array of the parent scope.
static Napi::Value Squares(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t n = info[0].As<Napi::Number>().Uint32Value();
  Napi::Array out = Napi::Array::New(env, n);
  for (uint32_t i = 0; i < n; i++) {
    Napi::HandleScope scope(env);
    Napi::Object item = Napi::Object::New(env);
    item.Set("square", Napi::Number::New(env, double(i) * i));
    out.Set(i, item);
  }
  return out;
}

// Napi::EscapableHandleScope in a helper, called under a scope the caller closes.
static Napi::Object Build(Napi::Env env, const char* tag) {
  Napi::EscapableHandleScope scope(env);
  Napi::Object obj = Napi::Object::New(env);
  obj.Set("tag", Napi::String::New(env, tag));
  return scope.Escape(obj).As<Napi::Object>();
}

static Napi::Value Escaped(const Napi::CallbackInfo& info) {
  Napi::HandleScope scope(info.Env());
  return Build(info.Env(), "escaped");
}

// An ObjectWrap method that returns a value made under its own scope.
class Box : public Napi::ObjectWrap<Box> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "Box", {InstanceMethod("describe", &Box::Describe)});
  }
  explicit Box(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Box>(info) {
    value_ = info[0].As<Napi::Number>().Int32Value();
  }

 private:
  Napi::Value Describe(const Napi::CallbackInfo& info) {
    Napi::HandleScope scope(info.Env());
    Napi::Object d = Napi::Object::New(info.Env());
    d.Set("value", Napi::Number::New(info.Env(), value_));
    d.Set("twice", Napi::Number::New(info.Env(), 2.0 * value_));
    return d;
  }
  int32_t value_ = 0;
};

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("make", Napi::Function::New(env, Make, "make"));
  exports.Set("makeThenMore", Napi::Function::New(env, MakeThenMore, "makeThenMore"));
  exports.Set("squares", Napi::Function::New(env, Squares, "squares"));
  exports.Set("escaped", Napi::Function::New(env, Escaped, "escaped"));
  exports.Set("Box", Box::Init(env));
  return exports;
}

NODE_API_MODULE(cpp_scopes, Init)
