//! Test addon for napi-python written with Neon 1.x: the `#[neon::export]`
//! extractors, JsBox classes with finalizers, Channel callbacks from a thread,
//! tasks and deferred promises, try_catch, panics, Json through the global JSON,
//! dates, BigInts, buffers and typed arrays, closures, instance-local data.
//! tests/test_rust_neon.py drives it; tests/addons/rust_neon/node_driver.js runs
//! the same calls under Node (tests/node_reference/rust_neon.json).

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use neon::prelude::*;
use neon::thread::LocalKey;
use neon::types::buffer::TypedArray;
use neon::types::extract::{Boxed, Buffer, Date, Json};
use neon::types::{JsBigInt, JsDate};
use either::Either;
use serde::{Deserialize, Serialize};

// -- statics -------------------------------------------------------------------

#[neon::export]
static GREETING: &str = "Hello, Neon!";

#[neon::export]
const ANSWER: u8 = 42;

#[neon::export(json)]
static MESSAGES: &[&str] = &["hello", "goodbye"];

// -- extractors ----------------------------------------------------------------

#[neon::export]
fn add(a: f64, b: f64) -> f64 {
    a + b
}

#[neon::export]
fn greet(name: String) -> String {
    format!("hello {name} ({} bytes)", name.len())
}

#[neon::export]
fn negate(b: bool) -> bool {
    !b
}

#[neon::export]
fn maybe_double(x: Option<f64>) -> Option<f64> {
    x.map(|v| v * 2.0)
}

#[neon::export]
fn describe_either(x: Either<f64, String>) -> String {
    match x {
        Either::Left(n) => format!("number {n}"),
        Either::Right(s) => format!("string {s}"),
    }
}

#[neon::export]
fn nothing() {}

#[derive(Serialize, Deserialize)]
struct Stats {
    count: usize,
    sum: f64,
    min: Option<f64>,
    labels: Vec<String>,
}

#[neon::export(json)]
fn stats(values: Vec<f64>, label: String) -> Stats {
    Stats {
        count: values.len(),
        sum: values.iter().sum(),
        min: values.iter().cloned().reduce(f64::min),
        labels: values.iter().map(|v| format!("{label}{v}")).collect(),
    }
}

#[neon::export]
fn sort_words(Json(mut words): Json<Vec<String>>) -> Json<Vec<String>> {
    words.sort();
    Json(words)
}

#[neon::export]
fn date_plus_day(d: Date) -> Date {
    Date(d.0 + 86_400_000.0)
}

// -- buffers -------------------------------------------------------------------

#[neon::export]
fn reversed_bytes(Buffer(mut bytes): Buffer<Vec<u8>>) -> Buffer<Vec<u8>> {
    bytes.reverse();
    Buffer(bytes)
}

#[neon::export]
fn sum_float64(cx: &mut FunctionContext, arr: Handle<JsFloat64Array>) -> f64 {
    arr.as_slice(cx).iter().sum()
}

/// Fills a Buffer (or Uint8Array) in place through borrow_mut.
#[neon::export]
fn fill_bytes(cx: &mut FunctionContext, mut buf: Handle<JsTypedArray<u8>>, v: f64) -> f64 {
    let slice = buf.as_mut_slice(cx);
    for b in slice.iter_mut() {
        *b = v as u8;
    }
    slice.len() as f64
}

#[neon::export]
fn make_uint32<'cx>(cx: &mut FunctionContext<'cx>, n: f64) -> JsResult<'cx, JsUint32Array> {
    let values: Vec<u32> = (0..n as u32).map(|i| i * i).collect();
    JsUint32Array::from_slice(cx, &values)
}

#[neon::export]
fn array_buffer_len(cx: &mut FunctionContext, ab: Handle<JsArrayBuffer>) -> f64 {
    ab.as_slice(cx).len() as f64
}

// -- objects, arrays, functions ------------------------------------------------

#[neon::export]
fn make_point<'cx>(cx: &mut FunctionContext<'cx>, x: f64, y: f64) -> JsResult<'cx, JsObject> {
    let obj = cx.empty_object();
    obj.prop(cx, "x").set(x)?;
    obj.prop(cx, "y").set(y)?;
    let tag = cx.string("point");
    obj.set(cx, "kind", tag)?;
    Ok(obj)
}

#[neon::export]
fn point_norm(cx: &mut FunctionContext, obj: Handle<JsObject>) -> NeonResult<f64> {
    let x: f64 = obj.prop(cx, "x").get()?;
    let y: f64 = obj.prop(cx, "y").get()?;
    Ok((x * x + y * y).sqrt())
}

#[neon::export]
fn own_keys(cx: &mut FunctionContext, obj: Handle<JsObject>) -> NeonResult<String> {
    let names = obj.get_own_property_names(cx)?.to_vec(cx)?;
    let mut out = Vec::new();
    for k in names {
        out.push(k.downcast_or_throw::<JsString, _>(cx)?.value(cx));
    }
    Ok(out.join(","))
}

#[neon::export]
fn reverse_array<'cx>(cx: &mut FunctionContext<'cx>, arr: Handle<JsArray>) -> JsResult<'cx, JsArray> {
    let mut items = arr.to_vec(cx)?;
    items.reverse();
    let out = JsArray::new(cx, items.len());
    for (i, v) in items.into_iter().enumerate() {
        out.set(cx, i as u32, v)?;
    }
    Ok(out)
}

#[neon::export]
fn type_names<'cx>(cx: &mut FunctionContext<'cx>) -> JsResult<'cx, JsArray> {
    let n = cx.len();
    let out = JsArray::new(cx, n);
    for i in 0..n {
        let v = cx.argument::<JsValue>(i)?;
        let name = if v.is_a::<JsUndefined, _>(cx) {
            "undefined"
        } else if v.is_a::<JsNull, _>(cx) {
            "null"
        } else if v.is_a::<JsBoolean, _>(cx) {
            "boolean"
        } else if v.is_a::<JsNumber, _>(cx) {
            "number"
        } else if v.is_a::<JsString, _>(cx) {
            "string"
        } else if v.is_a::<JsBigInt, _>(cx) {
            "bigint"
        } else if v.is_a::<JsBuffer, _>(cx) {
            "buffer"
        } else if v.is_a::<JsArrayBuffer, _>(cx) {
            "arraybuffer"
        } else if v.is_a::<JsTypedArray<f64>, _>(cx) {
            "float64array"
        } else if v.is_a::<JsDate, _>(cx) {
            "date"
        } else if v.is_a::<JsPromise, _>(cx) {
            "promise"
        } else if v.is_a::<JsError, _>(cx) {
            "error"
        } else if v.is_a::<JsArray, _>(cx) {
            "array"
        } else if v.is_a::<JsFunction, _>(cx) {
            "function"
        } else if v.is_a::<JsObject, _>(cx) {
            "object"
        } else {
            "other"
        };
        let s = cx.string(name);
        out.set(cx, i as u32, s)?;
    }
    Ok(out)
}

/// Calls `f(a, b)` and returns what it returns.
#[neon::export]
fn call_with_two<'cx>(
    cx: &mut FunctionContext<'cx>,
    f: Handle<JsFunction>,
    a: Handle<JsValue>,
    b: Handle<JsValue>,
) -> JsResult<'cx, JsValue> {
    f.call_with(cx).arg(a).arg(b).apply(cx)
}

/// Calls `f()` under try_catch: "ok: <result>" or "caught: <message>".
#[neon::export]
fn call_catching(cx: &mut FunctionContext, f: Handle<JsFunction>) -> NeonResult<String> {
    let result = cx.try_catch(|cx| f.call_with(cx).apply::<JsValue, _>(cx));
    Ok(match result {
        Ok(v) => {
            let s = v.to_string(cx)?.value(cx);
            format!("ok: {s}")
        }
        Err(e) => {
            let s = e.to_string(cx)?.value(cx);
            format!("caught: {s}")
        }
    })
}

/// A closure: a function that adds `n` to its argument.
#[neon::export]
fn make_adder<'cx>(cx: &mut FunctionContext<'cx>, n: f64) -> JsResult<'cx, JsFunction> {
    JsFunction::new(cx, move |mut cx| {
        let x = cx.argument::<JsNumber>(0)?.value(&mut cx);
        Ok(cx.number(x + n))
    })
}

/// `new Ctor(...args)` through construct_with.
#[neon::export]
fn construct<'cx>(
    cx: &mut FunctionContext<'cx>,
    ctor: Handle<JsFunction>,
    arg: Handle<JsValue>,
) -> JsResult<'cx, JsObject> {
    ctor.construct_with(cx).arg(arg).apply(cx)
}

/// typeof this, and this.tag when this is an object.
#[neon::export]
fn describe_this(cx: &mut FunctionContext) -> NeonResult<String> {
    let this = cx.this_value();
    if let Ok(obj) = this.downcast::<JsObject, _>(cx) {
        let tag: Option<String> = obj.prop(cx, "tag").get()?;
        return Ok(format!("object tag={}", tag.unwrap_or_default()));
    }
    Ok(if this.is_a::<JsUndefined, _>(cx) { "undefined".into() } else { "other".into() })
}

// -- errors --------------------------------------------------------------------

#[neon::export]
fn check_positive(cx: &mut FunctionContext, n: f64) -> NeonResult<f64> {
    if n.is_nan() {
        return cx.throw_type_error("not a number");
    }
    if n < 0.0 {
        return cx.throw_range_error(format!("{n} is negative"));
    }
    if n == 0.0 {
        return cx.throw_error("zero");
    }
    Ok(n.sqrt())
}

#[neon::export]
fn throw_value(cx: &mut FunctionContext, v: Handle<JsValue>) -> NeonResult<()> {
    cx.throw(v)
}

#[neon::export]
fn make_error<'cx>(cx: &mut FunctionContext<'cx>, msg: String) -> JsResult<'cx, JsError> {
    let err = JsError::range_error(cx, msg)?;
    let code = cx.string("E_NEON");
    err.set(cx, "code", code)?;
    Ok(err)
}

#[neon::export]
fn panic_now(msg: String) -> f64 {
    panic!("{}", msg)
}

// -- BigInt --------------------------------------------------------------------

#[neon::export]
fn bigint_double<'cx>(cx: &mut FunctionContext<'cx>, b: Handle<JsBigInt>) -> JsResult<'cx, JsBigInt> {
    match b.to_i128(cx) {
        Ok(v) => Ok(JsBigInt::from_i128(cx, v * 2)),
        Err(_) => cx.throw_range_error("does not fit in i128"),
    }
}

#[neon::export]
fn bigint_to_i64(cx: &mut FunctionContext, b: Handle<JsBigInt>) -> NeonResult<String> {
    Ok(match b.to_i64(cx) {
        Ok(v) => format!("lossless {v}"),
        Err(e) => format!("lossy {}", e.into_inner()),
    })
}

#[neon::export]
fn u64_max<'cx>(cx: &mut FunctionContext<'cx>) -> Handle<'cx, JsBigInt> {
    JsBigInt::from_u64(cx, u64::MAX)
}

// -- JsBox classes -------------------------------------------------------------

static FINALIZED: AtomicUsize = AtomicUsize::new(0);

pub struct Counter {
    count: f64,
}

impl Finalize for Counter {
    fn finalize<'a, C: Context<'a>>(self, _cx: &mut C) {
        FINALIZED.fetch_add(1, Ordering::SeqCst);
    }
}

#[neon::export]
fn counter_new(start: f64) -> Boxed<RefCell<Counter>> {
    Boxed(RefCell::new(Counter { count: start }))
}

#[neon::export]
fn counter_increment(counter: &RefCell<Counter>) -> f64 {
    let mut c = counter.borrow_mut();
    c.count += 1.0;
    c.count
}

#[neon::export]
fn counter_value(counter: &RefCell<Counter>) -> f64 {
    counter.borrow().count
}

#[neon::export]
fn finalized_count() -> f64 {
    FINALIZED.load(Ordering::SeqCst) as f64
}

// -- instance-local data -------------------------------------------------------

static CALLS: LocalKey<AtomicU64> = LocalKey::new();

#[neon::export]
fn bump_local(cx: &mut FunctionContext) -> f64 {
    let calls = CALLS.get_or_init(cx, || AtomicU64::new(0));
    (calls.fetch_add(1, Ordering::SeqCst) + 1) as f64
}

// -- threads: Channel, tasks, deferred promises --------------------------------

/// Calls `cb(i, "tick")` n times from a Rust thread through a Channel, then
/// `done(n)`. The callback's Root is shared by the queued closures and dropped on
/// whichever thread lets it go last (Neon sends such drops to the JS thread).
#[neon::export]
fn ticks(cx: &mut FunctionContext, n: f64, cb: Root<JsFunction>, done: Root<JsFunction>) {
    let channel = cx.channel();
    let cb = Arc::new(cb);
    std::thread::spawn(move || {
        let n = n as u32;
        for i in 0..n {
            let cb = Arc::clone(&cb);
            channel.send(move |mut cx| {
                let f = cb.to_inner(&mut cx);
                let idx = cx.number(i);
                let tag = cx.string("tick");
                f.call_with(&cx).arg(idx).arg(tag).exec(&mut cx)
            });
            std::thread::sleep(Duration::from_millis(1));
        }
        drop(cb);
        channel.send(move |mut cx| {
            let f = done.into_inner(&mut cx);
            let count = cx.number(n);
            f.call_with(&cx).arg(count).exec(&mut cx)
        });
    });
}

/// Calls `cb()` from a thread and reports what the JS side threw (a Channel
/// closure's error is an uncaught exception in Node).
#[neon::export]
fn channel_result<'cx>(cx: &mut FunctionContext<'cx>, cb: Root<JsFunction>) -> JsResult<'cx, JsPromise> {
    let (deferred, promise) = cx.promise();
    let channel = cx.channel();
    std::thread::spawn(move || {
        let outcome = channel
            .send(move |mut cx| {
                let f = cb.into_inner(&mut cx);
                let r = cx.try_catch(|cx| f.call_with(cx).apply::<JsValue, _>(cx));
                Ok(match r {
                    Ok(v) => format!("returned {}", v.to_string(&mut cx)?.value(&mut cx)),
                    Err(e) => format!("threw {}", e.to_string(&mut cx)?.value(&mut cx)),
                })
            })
            .join()
            .unwrap_or_else(|e| format!("join error {e}"));
        deferred.settle_with(&channel, move |mut cx| Ok(cx.string(outcome)));
    });
    Ok(promise)
}

/// A task on the worker pool, settled as a promise.
#[neon::export(task)]
fn square_later(x: f64) -> f64 {
    std::thread::sleep(Duration::from_millis(5));
    x * x
}

/// A task whose completion rejects.
#[neon::export]
fn fail_later<'cx>(cx: &mut FunctionContext<'cx>, msg: String) -> JsResult<'cx, JsPromise> {
    let promise = cx
        .task(move || msg)
        .promise(|mut cx, msg: String| cx.throw_type_error::<_, Handle<JsValue>>(msg));
    Ok(promise)
}

/// A deferred settled from a Rust thread after `ms` milliseconds: resolves with
/// `{ value, doubled }`, or rejects with an Error when value is negative.
#[neon::export]
fn settle_later<'cx>(cx: &mut FunctionContext<'cx>, value: f64, ms: f64) -> JsResult<'cx, JsPromise> {
    let (deferred, promise) = cx.promise();
    let channel = cx.channel();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(ms as u64));
        deferred.settle_with(&channel, move |mut cx| {
            if value < 0.0 {
                return cx.throw_error(format!("negative: {value}"));
            }
            let obj = cx.empty_object();
            obj.prop(&mut cx, "value").set(value)?;
            obj.prop(&mut cx, "doubled").set(value * 2.0)?;
            Ok(obj)
        });
    });
    Ok(promise)
}

/// Object.freeze of `obj` (napi_object_freeze): `?` passes on what it threw.
#[neon::export]
fn freeze_it<'cx>(cx: &mut FunctionContext<'cx>, obj: Handle<'cx, JsObject>) -> JsResult<'cx, JsObject> {
    obj.freeze(cx)?;
    Ok(obj)
}

/// What napi_run_script makes of `source` (Neon's `reflect::eval`, which Neon's own
/// tests use to write BigInts: "2n ** 128n - 1n").
#[neon::export]
fn eval_script<'cx>(cx: &mut FunctionContext<'cx>, source: String) -> JsResult<'cx, JsValue> {
    let source = cx.string(source);
    neon::reflect::eval(cx, source)
}

/// Whether `JsBigInt::from_u128(u128::MAX)` equals what napi_run_script makes of
/// "2n ** 128n - 1n" (napi_strict_equals), as Neon's own BigInt tests check.
#[neon::export]
fn u128_max_matches_script<'cx>(cx: &mut FunctionContext<'cx>) -> NeonResult<bool> {
    let ours = JsBigInt::from_u128(cx, u128::MAX);
    let source = cx.string("2n ** 128n - 1n");
    let script = neon::reflect::eval(cx, source)?;
    Ok(ours.strict_equals(cx, script))
}

#[neon::main]
fn main(mut cx: ModuleContext) -> NeonResult<()> {
    neon::registered().export(&mut cx)?;
    let v = cx.string(env!("CARGO_PKG_VERSION"));
    cx.export_value("version", v)?;
    Ok(())
}
