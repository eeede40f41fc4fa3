// node-addon-api's ObjectWrap built for Node-API 4 (tests/test_props.py builds it with
// -DNAPI_VERSION=4). Below Node-API 5, DefineClass keeps the callback data of every
// static and instance member on the class as an external under a Symbol() key
// (details::AttachData): the class must accept symbol-keyed properties.
#include <napi.h>

class Box : public Napi::ObjectWrap<Box> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Box",
                       {InstanceMethod("get", &Box::Get),
                        InstanceMethod("add", &Box::Add),
                        InstanceAccessor("value", &Box::GetValue, &Box::SetValue),
                        StaticMethod("make", &Box::Make),
                        StaticValue("KIND", Napi::String::New(env, "box"))});
  }
  explicit Box(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Box>(info) {
    if (info.Length() > 0) value_ = info[0].As<Napi::Number>().Int32Value();
  }

 private:
  Napi::Value Get(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), value_); }
  Napi::Value Add(const Napi::CallbackInfo& info) {
    value_ += info[0].As<Napi::Number>().Int32Value();
    return Napi::Number::New(info.Env(), value_);
  }
  Napi::Value GetValue(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), value_); }
  void SetValue(const Napi::CallbackInfo&, const Napi::Value& v) {
    value_ = v.As<Napi::Number>().Int32Value();
  }
  static Napi::Value Make(const Napi::CallbackInfo& info) {
    Napi::Function ctor = info.This().As<Napi::Function>();
    return ctor.New({info[0]});
  }
  int32_t value_ = 0;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Box", Box::Define(env));
  return exports;
}

NODE_API_MODULE(objectwrap_v4, Init)
