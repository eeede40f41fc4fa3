//! Test addon for napi-python written with napi-rs (the framework most Rust addons
//! on npm use). Mostly synchronous; the async functions at the end run on a small
//! executor (src/executor.rs) registered as napi's async runtime. Async work and
//! threadsafe functions are covered by C addons elsewhere. tests/test_rust_napi.py
//! drives it.

mod executor;

use std::collections::HashMap;

use napi::bindgen_prelude::*;
use napi_derive::napi;

// ---------------------------------------------------------------------------
// plain functions and primitive conversions

#[napi]
pub fn add(a: i32, b: i32) -> i32 {
  a.wrapping_add(b)
}

#[napi]
pub fn concat(a: String, b: String) -> String {
  format!("{a}{b}")
}

#[napi]
pub fn half(x: f64) -> f64 {
  x / 2.0
}

#[napi]
pub fn negate(flag: bool) -> bool {
  !flag
}

/// i64 crosses as a JS number (napi_create_int64 / napi_get_value_int64).
#[napi]
pub fn i64_identity(v: i64) -> i64 {
  v
}

/// snake_case names become camelCase on the JS side.
#[napi]
pub fn string_length_utf16(s: String) -> u32 {
  s.encode_utf16().count() as u32
}

/// A name chosen explicitly.
#[napi(js_name = "shout")]
pub fn to_upper(s: String) -> String {
  s.to_uppercase()
}

// ---------------------------------------------------------------------------
// errors

/// Error::from_reason -> a JS Error whose code is "GenericFailure".
#[napi]
pub fn fail(message: String) -> Result<i32> {
  Err(Error::from_reason(message))
}

/// An explicit status becomes the error's code ("InvalidArg").
#[napi]
pub fn fail_with_status(message: String) -> Result<()> {
  Err(Error::new(Status::InvalidArg, message))
}

/// Succeeds for positive numbers, fails otherwise: the Ok path of Result.
#[napi]
pub fn checked_sqrt(x: f64) -> Result<f64> {
  if x < 0.0 {
    Err(Error::new(Status::InvalidArg, format!("negative input: {x}")))
  } else {
    Ok(x.sqrt())
  }
}

/// Throws a TypeError through napi_throw_type_error, the way hand-written checks do.
#[napi]
pub fn throw_type_error(env: Env, message: String) -> Result<()> {
  env.throw_type_error(&message, Some("ERR_RUST_TYPE"))
}

/// Throws a RangeError through napi_throw_range_error.
#[napi]
pub fn throw_range_error(env: Env, message: String) -> Result<()> {
  env.throw_range_error(&message, None)
}

/// A Rust panic is caught (catch_unwind) and turned into a JS error.
#[napi(catch_unwind)]
pub fn panics(message: String) -> i32 {
  panic!("{}", message);
}

// ---------------------------------------------------------------------------
// objects

#[napi(object)]
pub struct Point {
  pub x: f64,
  pub y: f64,
  pub label: Option<String>,
}

#[napi]
pub fn make_point(x: f64, y: f64) -> Point {
  Point { x, y, label: None }
}

#[napi]
pub fn translate(p: Point, dx: f64, dy: f64) -> Point {
  Point {
    x: p.x + dx,
    y: p.y + dy,
    label: p.label.map(|l| format!("{l}'")),
  }
}

#[napi(object)]
pub struct Shape {
  pub name: String,
  pub points: Vec<Point>,
  pub closed: bool,
}

#[napi]
pub fn shape_perimeter(shape: Shape) -> f64 {
  let pts = &shape.points;
  let mut total = 0.0;
  for w in pts.windows(2) {
    total += ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt();
  }
  if shape.closed && pts.len() > 2 {
    let (a, b) = (&pts[pts.len() - 1], &pts[0]);
    total += ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
  }
  total
}

/// Writes into the object the caller passed in (identity: the caller sees it).
#[napi]
pub fn set_flag(mut obj: Object, name: String) -> Result<()> {
  obj.set(name, true)
}

#[napi]
pub fn word_counts(text: String) -> HashMap<String, u32> {
  let mut counts = HashMap::new();
  for word in text.split_whitespace() {
    *counts.entry(word.to_string()).or_insert(0) += 1;
  }
  counts
}

// ---------------------------------------------------------------------------
// callbacks

#[napi]
pub fn call_with_two(cb: Function<FnArgs<(i32, i32)>, i32>, a: i32, b: i32) -> Result<i32> {
  cb.call((a, b).into())
}

#[napi]
pub fn map_strings(items: Vec<String>, cb: Function<String, String>) -> Result<Vec<String>> {
  items.into_iter().map(|s| cb.call(s)).collect()
}

/// Calls the callback with an explicit `this`.
#[napi]
pub fn apply_with_this(cb: Function<String, String>, this: Object, arg: String) -> Result<String> {
  cb.apply(this, arg)
}

/// Reads the callback's `name` property.
#[napi]
pub fn function_name(cb: Function<Unknown, Unknown>) -> Result<String> {
  cb.name()
}

/// Returns a function created in Rust.
#[napi]
pub fn make_adder(env: &Env, n: i32) -> Result<Function<'_, i32, i32>> {
  env.create_function_from_closure("adder", move |ctx| {
    let x: i32 = ctx.first_arg()?;
    Ok(x + n)
  })
}

// ---------------------------------------------------------------------------
// Option / null / undefined

#[napi]
pub fn maybe_double(v: Option<i32>) -> Option<i32> {
  v.map(|x| x * 2)
}

#[napi]
pub fn null_if_empty(s: String) -> Either<String, Null> {
  if s.is_empty() {
    Either::B(Null)
  } else {
    Either::A(s)
  }
}

/// None inside a Vec becomes null in the array.
#[napi]
pub fn with_holes() -> Vec<Option<u32>> {
  vec![Some(1), None, Some(3)]
}

#[napi]
pub fn describe(v: Either3<i32, String, Null>) -> String {
  match v {
    Either3::A(n) => format!("number {n}"),
    Either3::B(s) => format!("string {s}"),
    Either3::C(_) => "null".to_string(),
  }
}

// ---------------------------------------------------------------------------
// BigInt

#[napi]
pub fn bigint_double(v: BigInt) -> BigInt {
  let (n, _lossless) = v.get_i64();
  BigInt::from(n.wrapping_mul(2))
}

#[napi]
pub fn bigint_from_i64(v: i64) -> BigInt {
  BigInt::from(v)
}

#[napi]
pub fn u64_max() -> BigInt {
  BigInt::from(u64::MAX)
}

/// Returns [sign_bit, ...words] so the test can check the word decomposition.
#[napi]
pub fn bigint_parts(v: BigInt) -> Vec<BigInt> {
  let mut out = vec![BigInt::from(v.sign_bit as u64)];
  out.extend(v.words.iter().map(|w| BigInt::from(*w)));
  out
}

// ---------------------------------------------------------------------------
// arrays

#[napi]
pub fn range(n: u32) -> Vec<u32> {
  (0..n).collect()
}

#[napi]
pub fn sum(values: Vec<u32>) -> u32 {
  values.iter().sum()
}

#[napi]
pub fn reverse_strings(mut values: Vec<String>) -> Vec<String> {
  values.reverse();
  values
}

// ---------------------------------------------------------------------------
// enums

#[napi]
pub enum Color {
  Red,
  Green,
  Blue = 10,
}

#[napi]
pub fn next_color(c: Color) -> Color {
  match c {
    Color::Red => Color::Green,
    Color::Green => Color::Blue,
    Color::Blue => Color::Red,
  }
}

// ---------------------------------------------------------------------------
// classes

#[napi]
pub struct Counter {
  value: i32,
  /// A public field becomes a getter/setter pair on the prototype.
  pub step: i32,
}

#[napi]
impl Counter {
  #[napi(constructor)]
  pub fn new(initial: Option<i32>) -> Self {
    Counter { value: initial.unwrap_or(0), step: 1 }
  }

  /// A static factory: Counter.withValue(n).
  #[napi(factory)]
  pub fn with_value(value: i32) -> Self {
    Counter { value, step: 1 }
  }

  #[napi]
  pub fn increment(&mut self) -> i32 {
    self.value += self.step;
    self.value
  }

  #[napi]
  pub fn add(&mut self, by: i32) -> i32 {
    self.value += by;
    self.value
  }

  /// Takes another instance by reference (napi_unwrap of the argument).
  #[napi]
  pub fn absorb(&mut self, other: &Counter) -> i32 {
    self.value += other.value;
    self.value
  }

  #[napi(getter)]
  pub fn value(&self) -> i32 {
    self.value
  }

  #[napi(setter)]
  pub fn set_value(&mut self, value: i32) {
    self.value = value;
  }

  #[napi(getter, js_name = "isZero")]
  pub fn is_zero(&self) -> bool {
    self.value == 0
  }

  /// No `self`: a static method on the class.
  #[napi]
  pub fn describe_class() -> String {
    "Counter from napi-rs".to_string()
  }

  #[napi]
  pub fn check_non_negative(&self) -> Result<()> {
    if self.value < 0 {
      Err(Error::new(Status::InvalidArg, format!("negative counter: {}", self.value)))
    } else {
      Ok(())
    }
  }
}

/// A class instance returned from a plain function.
#[napi]
pub fn make_counter(value: i32) -> Counter {
  Counter { value, step: 5 }
}

/// A class instance taken as an argument.
#[napi]
pub fn read_counter(c: &Counter) -> i32 {
  c.value
}

// ---------------------------------------------------------------------------
// async functions (napi's async-runtime feature, src/executor.rs): the promise they
// return is settled through a threadsafe function; a `Promise<T>` argument is
// consumed by calling its `then` and `catch` (a Python awaitable too).

/// Awaits a promise (or Python awaitable) the caller passes, then adds 100.
#[napi]
pub async fn async_plus_100(p: Promise<u32>) -> Result<u32> {
  let v = p.await?;
  Ok(v + 100)
}

/// An async function that awaits nothing.
#[napi]
pub async fn async_double(v: u32) -> Result<u32> {
  Ok(v * 2)
}

// ---------------------------------------------------------------------------
// an iterator class: napi-rs sets `next`, `return` and `throw` functions on each
// instance (napi_set_named_property), which read the generator's state from `this`:
// `it.next()` from Python must call them with `this` = it.

#[napi(iterator)]
pub struct Fib {
  current: u32,
  next: u32,
}

#[napi]
impl Generator for Fib {
  type Yield = u32;
  type Next = u32;
  type Return = ();

  fn next(&mut self, value: Option<Self::Next>) -> Option<Self::Yield> {
    match value {
      Some(n) => {
        self.current = n;
        self.next = n + 1;
      }
      None => {
        let (current, next) = (self.current, self.next);
        self.current = next;
        self.next = current + next;
      }
    }
    if self.current > 1000 { None } else { Some(self.current) }
  }
}

#[napi]
impl Fib {
  #[napi(constructor)]
  pub fn new() -> Self {
    Fib { current: 0, next: 1 }
  }
}

/// A second class, for the receiver check: Counter's methods called on a Label must
/// raise TypeError ("Illegal invocation") instead of reading a Label as a Counter.
#[napi]
pub struct Label {
  text: String,
}

#[napi]
impl Label {
  #[napi(constructor)]
  pub fn new(text: String) -> Self {
    Label { text }
  }

  #[napi]
  pub fn text(&self) -> String {
    self.text.clone()
  }

  #[napi(getter)]
  pub fn size(&self) -> u32 {
    self.text.len() as u32
  }
}

// ---------------------------------------------------------------------------
// a small parser returning a tree of class instances (tests/test_threads_env.py):
// every returned `Node` is made with the constructor napi-rs keeps per thread.

/// One node of an s-expression: kind "list" (with children) or "atom" (with text).
#[napi]
#[derive(Clone)]
pub struct Node {
  pub kind: String,
  pub text: String,
  items: Vec<Node>,
}

#[napi]
impl Node {
  #[napi(getter)]
  pub fn children(&self) -> Vec<Node> {
    self.items.clone()
  }
}

fn parse_items(tokens: &[String], pos: &mut usize) -> Result<Node> {
  let token = tokens
    .get(*pos)
    .ok_or_else(|| Error::new(Status::InvalidArg, "unexpected end of input".to_string()))?;
  *pos += 1;
  if token == "(" {
    let mut items = Vec::new();
    loop {
      match tokens.get(*pos).map(|s| s.as_str()) {
        None => return Err(Error::new(Status::InvalidArg, "missing )".to_string())),
        Some(")") => {
          *pos += 1;
          break;
        }
        Some(_) => items.push(parse_items(tokens, pos)?),
      }
    }
    Ok(Node { kind: "list".to_string(), text: String::new(), items })
  } else if token == ")" {
    Err(Error::new(Status::InvalidArg, format!("unexpected ) at token {}", *pos - 1)))
  } else {
    Ok(Node { kind: "atom".to_string(), text: token.clone(), items: Vec::new() })
  }
}

/// Parses one s-expression, e.g. "(add 1 (mul 2 3))", into a `Node` tree.
#[napi]
pub fn parse(text: String) -> Result<Node> {
  let tokens: Vec<String> = text
    .replace('(', " ( ")
    .replace(')', " ) ")
    .split_whitespace()
    .map(str::to_string)
    .collect();
  let mut pos = 0;
  let node = parse_items(&tokens, &mut pos)?;
  if pos != tokens.len() {
    return Err(Error::new(Status::InvalidArg, format!("trailing input at token {}", pos)));
  }
  Ok(node)
}

/// Counts the nodes of a tree (takes a `Node` by reference: napi-rs checks the
/// argument against its constructor).
#[napi]
pub fn count_nodes(node: &Node) -> u32 {
  fn count(n: &Node) -> u32 {
    1 + n.items.iter().map(count).sum::<u32>()
  }
  count(node)
}
