//! Second napi-rs test addon: what tests/addons/rust_napi leaves out and published
//! napi-rs addons use everywhere: threadsafe functions (callee-handled and not,
//! errors, blocking calls from many threads), AsyncTask with and without an
//! AbortSignal, Buffer / typed arrays / ArrayBuffer, External, serde_json values,
//! Date, Symbol, Unknown's type, Object keys and properties, class getters and
//! setters and factories, `this`, error statuses and codes.
//! tests/test_rust_napi_more.py drives it; node_driver.js runs the same calls under
//! Node (tests/node_reference/rust_napi_more.json).

use std::sync::Arc;
use std::thread;

use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode, UnknownReturnValue};
use napi::JsDate;
use napi_derive::napi;

// -- threadsafe functions ------------------------------------------------------

/// cb(null, i) for i in 0..n, each from its own thread (callee handled: error first).
#[napi]
pub fn tsfn_each_thread(cb: Arc<ThreadsafeFunction<u32, UnknownReturnValue>>, n: u32) {
  for i in 0..n {
    let cb = Arc::clone(&cb);
    thread::spawn(move || {
      cb.call(Ok(i), ThreadsafeFunctionCallMode::Blocking);
    });
  }
}

/// cb(i) for i in 0..n from one thread, in order (not callee handled).
#[napi]
pub fn tsfn_in_order(
  cb: ThreadsafeFunction<u32, UnknownReturnValue, u32, Status, false>,
  n: u32,
) {
  thread::spawn(move || {
    for i in 0..n {
      cb.call(i, ThreadsafeFunctionCallMode::NonBlocking);
    }
  });
}

/// cb(err) with an Error made from a Rust error (callee handled).
#[napi]
pub fn tsfn_error(cb: ThreadsafeFunction<u32, UnknownReturnValue>, message: String) {
  thread::spawn(move || {
    cb.call(
      Err(Error::new(Status::GenericFailure, message)),
      ThreadsafeFunctionCallMode::Blocking,
    );
  });
}

/// cb(a, b) with a tuple of arguments (not callee handled).
#[napi]
pub fn tsfn_two_args(
  cb: ThreadsafeFunction<FnArgs<(String, f64)>, UnknownReturnValue, FnArgs<(String, f64)>, Status, false>,
) {
  thread::spawn(move || {
    cb.call(("two".to_string(), 2.5).into(), ThreadsafeFunctionCallMode::Blocking);
  });
}

/// cb(i) from a thread; what cb returns is handed to done(i, returned) from
/// call_with_return_value's callback on the JS thread.
#[napi]
pub fn tsfn_return_value(
  cb: ThreadsafeFunction<u32, String, u32, Status, false>,
  done: ThreadsafeFunction<FnArgs<(u32, String)>, UnknownReturnValue, FnArgs<(u32, String)>, Status, false>,
  n: u32,
) {
  let done = Arc::new(done);
  thread::spawn(move || {
    for i in 0..n {
      let done = Arc::clone(&done);
      cb.call_with_return_value(i, ThreadsafeFunctionCallMode::Blocking, move |ret, _env| {
        let s = match ret {
          Ok(s) => s,
          Err(e) => format!("error: {}", e.reason),
        };
        done.call((i, s).into(), ThreadsafeFunctionCallMode::NonBlocking);
        Ok(())
      });
    }
  });
}

// -- AsyncTask -----------------------------------------------------------------

pub struct SumTask {
  values: Vec<f64>,
  fail: bool,
}

impl Task for SumTask {
  type Output = f64;
  type JsValue = f64;

  fn compute(&mut self) -> Result<Self::Output> {
    if self.fail {
      return Err(Error::new(Status::InvalidArg, "refused by compute"));
    }
    std::thread::sleep(std::time::Duration::from_millis(2));
    Ok(self.values.iter().sum())
  }

  fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
    Ok(output)
  }
}

#[napi]
pub fn sum_async(values: Vec<f64>, fail: Option<bool>) -> AsyncTask<SumTask> {
  AsyncTask::new(SumTask { values, fail: fail.unwrap_or(false) })
}

pub struct SlowTask {
  ms: u32,
}

impl Task for SlowTask {
  type Output = u32;
  type JsValue = u32;

  fn compute(&mut self) -> Result<Self::Output> {
    std::thread::sleep(std::time::Duration::from_millis(self.ms as u64));
    Ok(self.ms)
  }

  fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
    Ok(output)
  }
}

#[napi]
pub fn slow_async(ms: u32, signal: Option<AbortSignal>) -> AsyncTask<SlowTask> {
  AsyncTask::with_optional_signal(SlowTask { ms }, signal)
}

// -- binary data ---------------------------------------------------------------

#[napi]
pub fn reverse_buffer(b: Buffer) -> Buffer {
  let mut v: Vec<u8> = b.to_vec();
  v.reverse();
  v.into()
}

#[napi]
pub fn sum_u8(a: Uint8Array) -> u32 {
  a.iter().map(|&x| x as u32).sum()
}

#[napi]
pub fn scale_f64(a: Float64Array, k: f64) -> Float64Array {
  Float64Array::new(a.iter().map(|x| x * k).collect())
}

#[napi]
pub fn fill_in_place(mut a: Uint8Array, v: u8) -> u32 {
  let slice: &mut [u8] = unsafe { a.as_mut() };
  for x in slice.iter_mut() {
    *x = v;
  }
  slice.len() as u32
}

#[napi]
pub fn array_buffer_bytes(ab: ArrayBuffer) -> Vec<u32> {
  ab.iter().map(|&x| x as u32).collect()
}

#[napi]
pub fn i32_array(n: u32) -> Int32Array {
  Int32Array::new((0..n as i32).map(|i| i - 2).collect())
}

// -- externals -----------------------------------------------------------------

#[napi]
pub fn make_external(v: u32) -> External<u32> {
  External::new(v)
}

#[napi]
pub fn read_external(e: &External<u32>) -> u32 {
  **e
}

// -- serde_json ----------------------------------------------------------------

#[napi]
pub fn json_roundtrip(v: serde_json::Value) -> serde_json::Value {
  v
}

#[napi]
pub fn json_describe(v: serde_json::Value) -> String {
  v.to_string()
}

#[napi]
pub fn json_make() -> serde_json::Value {
  serde_json::json!({
    "name": "napi",
    "list": [1, 2.5, null, true, "s"],
    "nested": {"z": 1, "a": {"deep": []}},
    "big": 9007199254740993u64,
    "neg": -3
  })
}

// -- dates, symbols, unknown ---------------------------------------------------

#[napi]
pub fn date_value(d: Date) -> Result<f64> {
  d.value_of()
}

#[napi]
pub fn make_date(env: &Env, ms: f64) -> Result<JsDate<'_>> {
  env.create_date(ms)
}

#[napi]
pub fn make_symbol(desc: String) -> Symbol {
  Symbol::new(desc)
}

#[napi]
pub fn type_of(v: Unknown) -> Result<String> {
  Ok(format!("{:?}", v.get_type()?))
}

// -- objects -------------------------------------------------------------------

#[napi]
pub fn object_keys(o: Object) -> Result<Vec<String>> {
  Object::keys(&o)
}

#[napi]
pub fn object_get(o: Object, key: String) -> Result<Option<String>> {
  o.get::<String>(&key)
}

#[napi]
pub fn object_has(o: Object, key: String) -> Result<Vec<bool>> {
  Ok(vec![o.has_named_property(&key)?, o.has_own_property(&key)?])
}

#[napi(object)]
pub struct Options {
  pub name: String,
  pub count: Option<u32>,
  pub tags: Vec<String>,
  pub ratio: Option<f64>,
}

#[napi]
pub fn describe_options(o: Options) -> String {
  format!(
    "{} count={:?} tags={} ratio={:?}",
    o.name,
    o.count,
    o.tags.join("|"),
    o.ratio
  )
}

// -- errors --------------------------------------------------------------------

#[napi]
pub fn fail_status(which: u32) -> Result<()> {
  Err(match which {
    0 => Error::new(Status::InvalidArg, "invalid arg"),
    1 => Error::new(Status::GenericFailure, "generic"),
    2 => Error::from_reason("from reason"),
    _ => Error::new(Status::Cancelled, "cancelled"),
  })
}

#[napi]
pub fn fail_custom_code() -> Result<(), String> {
  Err(Error::new("E_CUSTOM".to_string(), "custom code"))
}

// -- classes -------------------------------------------------------------------

#[napi]
pub struct Temperature {
  celsius: f64,
  pub label: String,
}

#[napi]
impl Temperature {
  #[napi(constructor)]
  pub fn new(celsius: f64) -> Self {
    Temperature { celsius, label: "t".to_string() }
  }

  #[napi(factory)]
  pub fn from_fahrenheit(f: f64) -> Self {
    Temperature { celsius: (f - 32.0) * 5.0 / 9.0, label: "from F".to_string() }
  }

  #[napi(getter)]
  pub fn celsius(&self) -> f64 {
    self.celsius
  }

  #[napi(setter)]
  pub fn set_celsius(&mut self, v: f64) {
    self.celsius = v;
  }

  #[napi(getter)]
  pub fn fahrenheit(&self) -> f64 {
    self.celsius * 9.0 / 5.0 + 32.0
  }

  #[napi]
  pub fn warmer(&self, by: f64) -> Temperature {
    Temperature { celsius: self.celsius + by, label: self.label.clone() }
  }

  #[napi(js_name = "toString")]
  pub fn to_js_string(&self) -> String {
    format!("{}°C", self.celsius)
  }
}

#[napi]
pub fn this_tag(this: This<Object>) -> Result<Option<String>> {
  this.get::<String>("tag")
}

// What napi-rs captures of a JS value without running JS (Error::from_unknown_without_
// coercion, used for promise rejections and throws out of threadsafe-function
// callbacks): `message` and `cause` read with Reflect.getOwnPropertyDescriptor along
// the prototype chain, "reason|cause reason" ("-": no cause).
fn describe_captured(e: &Error) -> String {
  let cause = e.cause.as_ref().map(|c| c.reason.clone()).unwrap_or_else(|| "-".to_owned());
  format!("{}|{}", e.reason, cause)
}

#[napi]
pub fn captured_reason(value: Unknown) -> String {
  describe_captured(&Error::from_unknown_without_coercion(value))
}

// A class whose constructor defines accessors on `this` (napi_define_properties on
// the instance), as napi-rs's Property::with_getter_closure does.
#[napi]
pub struct Gauge {}

#[napi]
impl Gauge {
  #[napi(constructor)]
  pub fn new(mut this: This) -> Result<Self> {
    this.define_properties(&[
      Property::new()
        .with_utf8_name("level")?
        .with_setter_closure(|_env, mut this, value: f64| {
          this.set_named_property("_level", value * 2.0)?;
          Ok(())
        })
        .with_getter_closure(|_env, this| this.get_named_property_unchecked::<Unknown>("_level")),
      Property::new()
        .with_utf8_name("fixed")?
        .with_getter_closure(|_env, _this| Ok(0.5)),
    ])?;
    Ok(Self {})
  }
}
