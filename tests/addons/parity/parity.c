/* Differential test addon, second set (the first is tests/addons/semantics): corners
 * of Node-API that set left alone.  Each export runs a batch of calls on values it
 * makes itself and returns a text report, one line per case ("label: outcome"):
 * statuses, values, and the name and message of any exception left pending.
 * tests/test_parity.py compares the reports with what Node 20 printed for the same
 * addon (tests/node_reference/parity.js re-measures them).
 *
 *   typed     element writes to typed arrays (the conversions of each element type)
 *   keys      napi_get_all_property_names with every filter and conversion, on
 *             properties napi_define_properties made (symbol keys, attribute sets)
 *   errors    the own properties of the errors Node-API makes, and their prototypes
 *   integrity napi_wrap, type tags, finalizers on frozen, sealed, non-extensible objects
 *   externals what an external is as an object
 *   instance  napi_set_instance_data twice: which finalizer runs, and when
 *   strings   property keys, Symbol.for, embedded NULs
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include "report.h"

/* Built declaring Node-API 9, as for Node 20; the headers declare the property-key
 * functions from Node-API 10 on, and Node 20.20 exports them. */
#if NAPI_VERSION < 10
NAPI_EXTERN napi_status NAPI_CDECL node_api_create_property_key_latin1(
    napi_env env, const char* str, size_t length, napi_value* result);
NAPI_EXTERN napi_status NAPI_CDECL node_api_create_property_key_utf8(
    napi_env env, const char* str, size_t length, napi_value* result);
NAPI_EXTERN napi_status NAPI_CDECL node_api_create_property_key_utf16(
    napi_env env, const char16_t* str, size_t length, napi_value* result);
#endif

/* ---- a report buffer ------------------------------------------------------ */

/* the report without its last newline (report.h) */
static napi_value rp_done(napi_env env, Report* r) {
  if (r->len > 0 && r->data[r->len - 1] == '\n') r->len--;
  return rp_finish(env, r);
}

/* ---- describing values ---------------------------------------------------- */

static void fmt_symbol(napi_env env, Report* r, napi_value v) {
  napi_value desc = NULL;
  rp(r, "symbol(");
  if (napi_get_named_property(env, v, "description", &desc) == napi_ok) fmt_value(env, r, desc);
  rp(r, ")");
}

static void fmt_object(napi_env env, Report* r, napi_value v) {
  bool b = false;
  rp(r, "object");
  if (napi_is_array(env, v, &b) == napi_ok && b) {
    uint32_t n = 0;
    napi_get_array_length(env, v, &n);
    rp(r, ":array(%u)", n);
  }
  if (napi_is_error(env, v, &b) == napi_ok && b) rp(r, ":error");
}

/* The pending exception, if any, as " !Name: message" (and cleared). */
static void fmt_exc(napi_env env, Report* r) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) return;
  napi_value e = NULL, name = NULL, msg = NULL;
  napi_get_and_clear_last_exception(env, &e);
  rp(r, " !");
  napi_valuetype t;
  if (napi_typeof(env, e, &t) == napi_ok && t == napi_object &&
      napi_get_named_property(env, e, "name", &name) == napi_ok &&
      napi_get_named_property(env, e, "message", &msg) == napi_ok) {
    fmt_value(env, r, name);
    rp(r, ": ");
    fmt_value(env, r, msg);
  } else {
    fmt_value(env, r, e);
  }
}

static void fmt_keys(napi_env env, Report* r, napi_value keys) {
  uint32_t n = 0;
  if (keys == NULL || napi_get_array_length(env, keys, &n) != napi_ok) {
    rp(r, "<no keys>");
    return;
  }
  rp(r, "[");
  for (uint32_t i = 0; i < n; i++) {
    napi_value k = NULL;
    napi_get_element(env, keys, i, &k);
    if (i) rp(r, ", ");
    fmt_value(env, r, k);
  }
  rp(r, "]");
}

/* ---- making values -------------------------------------------------------- */

static napi_value global_path(napi_env env, const char* a, const char* b) {
  napi_value g = NULL, x = NULL, y = NULL;
  napi_get_global(env, &g);
  napi_get_named_property(env, g, a, &x);
  if (b == NULL) return x;
  napi_get_named_property(env, x, b, &y);
  return y;
}

/* Object.<method>(args...) */
static napi_value object_call(napi_env env, const char* method, size_t argc,
                              napi_value* argv) {
  napi_value obj = global_path(env, "Object", NULL), fn = NULL, out = NULL;
  napi_get_named_property(env, obj, method, &fn);
  napi_call_function(env, obj, fn, argc, argv, &out);
  return out;
}

static napi_value noop(napi_env env, napi_callback_info info) { return NULL; }

static napi_value getter7(napi_env env, napi_callback_info info) { return dbl(env, 7); }

/* ---- typed array element writes ------------------------------------------- */

static const char* const kTypeNames[] = {"Int8", "Uint8", "Uint8Clamped", "Int16", "Uint16",
                                         "Int32", "Uint32", "Float32", "Float64", "BigInt64",
                                         "BigUint64"};

static napi_value bigint_value(napi_env env, int sign, size_t n, const uint64_t* w) {
  napi_value v = NULL;
  napi_create_bigint_words(env, sign, n, w, &v);
  return v;
}

#define N_WRITES 17
static napi_value write_value(napi_env env, int i, const char** label) {
  static const uint64_t big[2] = {1, 1}; /* 2^64 + 1 */
  static const uint64_t five = 5;
  static const uint64_t two63 = 1ull << 63;
  napi_value v = NULL, o = NULL;
  switch (i) {
    case 0: *label = "300"; return dbl(env, 300);
    case 1: *label = "-1"; return dbl(env, -1);
    case 2: *label = "1.5"; return dbl(env, 1.5);
    case 3: *label = "2.5"; return dbl(env, 2.5);
    case 4: *label = "-2.5"; return dbl(env, -2.5);
    case 5: *label = "255.5"; return dbl(env, 255.5);
    case 6: *label = "NaN"; return dbl(env, NAN);
    case 7: *label = "-Infinity"; return dbl(env, -INFINITY);
    case 8: *label = "2^32+7"; return dbl(env, 4294967303.0);
    case 9: *label = "0.1"; return dbl(env, 0.1);
    case 10: *label = "'7'"; return s8(env, "7");
    case 11: *label = "true"; napi_get_boolean(env, true, &v); return v;
    case 12: *label = "null"; napi_get_null(env, &v); return v;
    case 13: *label = "{}"; napi_create_object(env, &o); return o;
    case 14: *label = "5n"; return bigint_value(env, 0, 1, &five);
    case 15: *label = "-(2^63)n"; return bigint_value(env, 1, 1, &two63);
    default: *label = "2^64+1 n"; return bigint_value(env, 0, 2, big);
  }
}

static napi_value Typed(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  for (int t = napi_int8_array; t <= napi_biguint64_array; t++) {
    for (int i = 0; i < N_WRITES; i++) {
      napi_handle_scope scope;
      napi_open_handle_scope(env, &scope);
      napi_value ab, ta, x = NULL;
      napi_create_arraybuffer(env, 16, NULL, &ab);
      napi_create_typedarray(env, (napi_typedarray_type)t, 2, ab, 0, &ta);
      const char* label = "";
      napi_value v = write_value(env, i, &label);
      napi_status st = napi_set_element(env, ta, 0, v);
      rp(&r, "%sArray[0] = %s: st=%d", kTypeNames[t], label, (int)st);
      fmt_exc(env, &r);
      napi_get_element(env, ta, 0, &x);
      rp(&r, " -> ");
      fmt_value(env, &r, x);
      rp(&r, "\n");
      napi_close_handle_scope(env, scope);
    }
  }
  /* keys that are and are not indices, on a Uint8Array(2) */
  static const char* const keys[] = {"1", "2", "-0", "1.5", "01", "-1", "length", "x"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    napi_value ab, ta, x = NULL, names = NULL;
    napi_create_arraybuffer(env, 2, NULL, &ab);
    napi_create_typedarray(env, napi_uint8_array, 2, ab, 0, &ta);
    napi_status st = napi_set_property(env, ta, s8(env, keys[i]), dbl(env, 9));
    rp(&r, "u8['%s'] = 9: st=%d", keys[i], (int)st);
    fmt_exc(env, &r);
    st = napi_get_property(env, ta, s8(env, keys[i]), &x);
    rp(&r, " get=%d/", (int)st);
    fmt_value(env, &r, x);
    bool has = false, own = false;
    napi_has_property(env, ta, s8(env, keys[i]), &has);
    napi_has_own_property(env, ta, s8(env, keys[i]), &own);
    rp(&r, " has=%d own=%d", (int)has, (int)own);
    bool del = false;
    st = napi_delete_property(env, ta, s8(env, keys[i]), &del);
    rp(&r, " delete=%d/%d", (int)st, (int)del);
    fmt_exc(env, &r);
    napi_get_all_property_names(env, ta, napi_key_own_only, napi_key_skip_symbols,
                                napi_key_numbers_to_strings, &names);
    rp(&r, " own=");
    fmt_keys(env, &r, names);
    rp(&r, "\n");
  }
  return rp_done(env, &r);
}

/* ---- property names: filters and conversions ------------------------------ */

static napi_value make_keyed(napi_env env) {
  napi_value o, s1, s2;
  napi_create_object(env, &o);
  napi_create_symbol(env, s8(env, "s1"), &s1);
  napi_create_symbol(env, s8(env, "s2"), &s2);
  napi_property_descriptor d[] = {
      {"def", NULL, NULL, NULL, NULL, dbl(env, 1), napi_default, NULL},
      {"w", NULL, NULL, NULL, NULL, dbl(env, 2), napi_writable, NULL},
      {"e", NULL, NULL, NULL, NULL, dbl(env, 3), napi_enumerable, NULL},
      {"c", NULL, NULL, NULL, NULL, dbl(env, 4), napi_configurable, NULL},
      {"wec", NULL, NULL, NULL, NULL, dbl(env, 5), napi_default_jsproperty, NULL},
      {"7", NULL, NULL, NULL, NULL, dbl(env, 6), napi_enumerable | napi_writable, NULL},
      {NULL, s1, NULL, NULL, NULL, dbl(env, 8), napi_enumerable, NULL},
      {NULL, s2, NULL, NULL, NULL, dbl(env, 9), napi_writable | napi_configurable, NULL},
      {"get", NULL, NULL, getter7, NULL, NULL, napi_enumerable, NULL},
      {"getw", NULL, NULL, getter7, NULL, NULL, napi_enumerable | napi_writable, NULL},
      {"getset", NULL, NULL, getter7, noop, NULL, napi_configurable, NULL},
      {"m", NULL, noop, NULL, NULL, NULL, napi_default_method, NULL},
      {"m0", NULL, noop, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_status st = napi_define_properties(env, o, sizeof d / sizeof d[0], d);
  if (st != napi_ok) return NULL;
  napi_set_named_property(env, o, "plain", dbl(env, 10));
  napi_set_element(env, o, 3, dbl(env, 11));
  return o;
}

static napi_value Keys(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  static const struct { const char* name; napi_key_filter f; } filters[] = {
      {"all", napi_key_all_properties},
      {"writable", napi_key_writable},
      {"enumerable", napi_key_enumerable},
      {"configurable", napi_key_configurable},
      {"skip_strings", napi_key_skip_strings},
      {"skip_symbols", napi_key_skip_symbols},
      {"writable|enumerable", napi_key_writable | napi_key_enumerable},
      {"enumerable|configurable|writable",
       napi_key_enumerable | napi_key_configurable | napi_key_writable},
      {"skip_strings|enumerable", napi_key_skip_strings | napi_key_enumerable},
      {"skip_strings|skip_symbols", napi_key_skip_strings | napi_key_skip_symbols},
  };
  napi_value o = make_keyed(env);
  rp(&r, "defined: %s\n", o != NULL ? "yes" : "no");
  for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
    for (int conv = 0; conv < 2; conv++) {
      napi_value names = NULL;
      napi_status st = napi_get_all_property_names(
          env, o, napi_key_own_only, filters[i].f,
          conv ? napi_key_numbers_to_strings : napi_key_keep_numbers, &names);
      rp(&r, "own %s %s: st=%d ", filters[i].name, conv ? "strings" : "numbers", (int)st);
      fmt_keys(env, &r, names);
      fmt_exc(env, &r);
      rp(&r, "\n");
    }
  }
  /* an object whose prototype is the one above */
  napi_value child, ck = NULL;
  {
    napi_value argv[1] = {o};
    child = object_call(env, "create", 1, argv);
  }
  napi_set_named_property(env, child, "own", dbl(env, 1));
  napi_set_named_property(env, child, "e", dbl(env, 2)); /* shadows a read-only one */
  napi_set_named_property(env, child, "wec", dbl(env, 3)); /* shadows a writable one */
  napi_get_named_property(env, child, "e", &ck);
  rp(&r, "child e after write: ");
  fmt_value(env, &r, ck);
  rp(&r, "\n");
  for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
    napi_value names = NULL;
    napi_status st = napi_get_all_property_names(env, child, napi_key_include_prototypes,
                                                 filters[i].f, napi_key_numbers_to_strings,
                                                 &names);
    rp(&r, "chain %s: st=%d ", filters[i].name, (int)st);
    /* Object.prototype's own are many; stop at the child's and its prototype's */
    fmt_keys(env, &r, names);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  {
    napi_value names = NULL;
    napi_status st = napi_get_property_names(env, child, &names);
    rp(&r, "child property_names: st=%d ", (int)st);
    fmt_keys(env, &r, names);
    rp(&r, "\n");
  }
  /* bad enum values */
  {
    napi_value names = NULL;
    napi_status st = napi_get_all_property_names(env, o, (napi_key_collection_mode)7,
                                                 napi_key_all_properties,
                                                 napi_key_keep_numbers, &names);
    rp(&r, "mode 7: st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
    names = NULL;
    st = napi_get_all_property_names(env, o, napi_key_own_only, napi_key_enumerable,
                                     (napi_key_conversion)7, &names);
    rp(&r, "conversion 7: st=%d ", (int)st);
    if (st == napi_ok) fmt_keys(env, &r, names);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  /* what the descriptors made */
  static const char* const props[] = {"def", "w", "e", "c", "wec", "7", "get", "getw",
                                      "getset", "m", "m0"};
  for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
    napi_value argv[2] = {o, s8(env, props[i])}, desc, x = NULL;
    desc = object_call(env, "getOwnPropertyDescriptor", 2, argv);
    rp(&r, "descriptor %s:", props[i]);
    static const char* const fields[] = {"writable", "enumerable", "configurable"};
    for (size_t k = 0; k < 3; k++) {
      x = NULL;
      napi_get_named_property(env, desc, fields[k], &x);
      rp(&r, " %s=", fields[k]);
      fmt_value(env, &r, x);
    }
    x = NULL;
    napi_get_named_property(env, desc, "set", &x);
    rp(&r, " set=");
    fmt_value(env, &r, x);
    /* writing and deleting it */
    napi_status st = napi_set_named_property(env, o, props[i], dbl(env, 99));
    x = NULL;
    napi_get_named_property(env, o, props[i], &x);
    rp(&r, " write=%d now=", (int)st);
    fmt_value(env, &r, x);
    fmt_exc(env, &r);
    bool res = false;
    st = napi_delete_property(env, o, s8(env, props[i]), &res);
    rp(&r, " delete=%d/%d", (int)st, (int)res);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  return rp_done(env, &r);
}

/* ---- errors --------------------------------------------------------------- */

typedef napi_status (*make_error_fn)(napi_env, napi_value, napi_value, napi_value*);

static napi_value Errors(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  static const struct { const char* name; make_error_fn fn; const char* global; } kinds[] = {
      {"error", napi_create_error, "Error"},
      {"type_error", napi_create_type_error, "TypeError"},
      {"range_error", napi_create_range_error, "RangeError"},
      {"syntax_error", node_api_create_syntax_error, "SyntaxError"}};
  for (size_t i = 0; i < 4; i++) {
    for (int with_code = 0; with_code < 2; with_code++) {
      napi_value e = NULL, names = NULL, x = NULL, proto = NULL;
      napi_status st = kinds[i].fn(env, with_code ? s8(env, "E_X") : NULL, s8(env, "msg"), &e);
      rp(&r, "%s%s: st=%d", kinds[i].name, with_code ? " with code" : "", (int)st);
      napi_get_all_property_names(env, e, napi_key_own_only, napi_key_all_properties,
                                  napi_key_numbers_to_strings, &names);
      rp(&r, " own=");
      fmt_keys(env, &r, names);
      names = NULL;
      napi_get_all_property_names(env, e, napi_key_own_only, napi_key_enumerable,
                                  napi_key_numbers_to_strings, &names);
      rp(&r, " enumerable=");
      fmt_keys(env, &r, names);
      bool own = true;
      napi_has_own_property(env, e, s8(env, "name"), &own);
      rp(&r, " own name=%d", (int)own);
      napi_get_named_property(env, e, "name", &x);
      rp(&r, " name=");
      fmt_value(env, &r, x);
      napi_get_prototype(env, e, &proto);
      bool same = false;
      napi_strict_equals(env, proto, global_path(env, kinds[i].global, "prototype"), &same);
      rp(&r, " proto===%s.prototype=%d", kinds[i].global, (int)same);
      bool inst = false;
      napi_instanceof(env, e, global_path(env, "Error", NULL), &inst);
      rp(&r, " instanceof Error=%d", (int)inst);
      napi_value str = NULL;
      napi_coerce_to_string(env, e, &str);
      rp(&r, " string=");
      fmt_value(env, &r, str);
      fmt_exc(env, &r);
      rp(&r, "\n");
    }
  }
  {
    napi_value e = NULL, names = NULL, x = NULL;
    napi_create_error(env, NULL, s8(env, ""), &e);
    napi_get_all_property_names(env, e, napi_key_own_only, napi_key_all_properties,
                                napi_key_numbers_to_strings, &names);
    rp(&r, "error '': own=");
    fmt_keys(env, &r, names);
    napi_coerce_to_string(env, e, &x);
    rp(&r, " string=");
    fmt_value(env, &r, x);
    rp(&r, "\n");
  }
  {
    /* code "" is still a code */
    napi_status st = napi_throw_error(env, "", "m");
    napi_value e = NULL, x = NULL;
    napi_get_and_clear_last_exception(env, &e);
    bool has = false;
    napi_has_own_property(env, e, s8(env, "code"), &has);
    napi_get_named_property(env, e, "code", &x);
    rp(&r, "throw_error code '': st=%d own code=%d code=", (int)st, (int)has);
    fmt_value(env, &r, x);
    rp(&r, "\n");
  }
  {
    /* an object whose prototype is Error.prototype is no error to napi_is_error */
    napi_value argv[1] = {global_path(env, "Error", "prototype")};
    napi_value fake = object_call(env, "create", 1, argv), x = NULL;
    bool is = true, inst = false;
    napi_status st = napi_is_error(env, fake, &is);
    napi_instanceof(env, fake, global_path(env, "Error", NULL), &inst);
    napi_get_named_property(env, fake, "message", &x);
    rp(&r, "Object.create(Error.prototype): st=%d is_error=%d instanceof=%d message=", (int)st,
       (int)is, (int)inst);
    fmt_value(env, &r, x);
    rp(&r, "\n");
  }
  {
    /* changing an error's message and name, then reading it as a string */
    napi_value e = NULL, x = NULL;
    napi_create_type_error(env, NULL, s8(env, "first"), &e);
    napi_set_named_property(env, e, "message", s8(env, "second"));
    napi_set_named_property(env, e, "name", s8(env, "Mine"));
    napi_coerce_to_string(env, e, &x);
    rp(&r, "renamed type_error: string=");
    fmt_value(env, &r, x);
    bool own = false;
    napi_has_own_property(env, e, s8(env, "name"), &own);
    rp(&r, " own name=%d", (int)own);
    napi_value proto_name = NULL;
    napi_get_named_property(env, global_path(env, "TypeError", "prototype"), "name",
                            &proto_name);
    rp(&r, " TypeError.prototype.name=");
    fmt_value(env, &r, proto_name);
    rp(&r, "\n");
  }
  {
    /* throwing, catching: the same object comes back */
    napi_value e = NULL, got = NULL;
    napi_create_range_error(env, s8(env, "C"), s8(env, "r"), &e);
    napi_status st = napi_throw(env, e);
    bool same = false;
    napi_get_and_clear_last_exception(env, &got);
    napi_strict_equals(env, e, got, &same);
    rp(&r, "throw range_error: st=%d same=%d\n", (int)st, (int)same);
  }
  return rp_done(env, &r);
}

/* ---- integrity levels and native state ------------------------------------ */

static int finalized = 0;
static void count_finalize(napi_env env, void* data, void* hint) { finalized++; }

static napi_value Integrity(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  static const char* const levels[] = {"freeze", "seal"};
  for (size_t i = 0; i < 2; i++) {
    napi_value o, argv[1];
    napi_create_object(env, &o);
    napi_set_named_property(env, o, "a", dbl(env, 1));
    argv[0] = o;
    object_call(env, levels[i], 1, argv);
    napi_status st = napi_wrap(env, o, (void*)&finalized, NULL, NULL, NULL);
    rp(&r, "%s: wrap=%d", levels[i], (int)st);
    fmt_exc(env, &r);
    void* got = NULL;
    st = napi_unwrap(env, o, &got);
    rp(&r, " unwrap=%d/%d", (int)st, (int)(got == (void*)&finalized));
    fmt_exc(env, &r);
    static const napi_type_tag tag = {0x1234, 0x5678};
    st = napi_type_tag_object(env, o, &tag);
    rp(&r, " tag=%d", (int)st);
    fmt_exc(env, &r);
    bool ok = false;
    st = napi_check_object_type_tag(env, o, &tag, &ok);
    rp(&r, " check=%d/%d", (int)st, (int)ok);
    st = napi_type_tag_object(env, o, &tag);
    rp(&r, " tag again=%d", (int)st);
    fmt_exc(env, &r);
    st = napi_add_finalizer(env, o, NULL, count_finalize, NULL, NULL);
    rp(&r, " finalizer=%d", (int)st);
    fmt_exc(env, &r);
    got = NULL;
    st = napi_remove_wrap(env, o, &got);
    rp(&r, " remove_wrap=%d/%d", (int)st, (int)(got == (void*)&finalized));
    fmt_exc(env, &r);
    napi_value names = NULL;
    napi_get_all_property_names(env, o, napi_key_own_only, napi_key_all_properties,
                                napi_key_numbers_to_strings, &names);
    rp(&r, " own=");
    fmt_keys(env, &r, names);
    /* a symbol-keyed property cannot be added either */
    napi_value sym;
    napi_create_symbol(env, NULL, &sym);
    st = napi_set_property(env, o, sym, dbl(env, 1));
    bool has = true;
    napi_has_own_property(env, o, sym, &has);
    rp(&r, " set symbol=%d has=%d", (int)st, (int)has);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  {
    /* freezing an object that is wrapped keeps what it wraps */
    napi_value o;
    napi_create_object(env, &o);
    napi_wrap(env, o, (void*)&finalized, NULL, NULL, NULL);
    napi_status st = napi_object_freeze(env, o);
    void* got = NULL;
    napi_status s2 = napi_unwrap(env, o, &got);
    bool frozen = false;
    napi_value argv[1] = {o}, x;
    x = object_call(env, "isFrozen", 1, argv);
    napi_get_value_bool(env, x, &frozen);
    rp(&r, "wrap then freeze: st=%d unwrap=%d/%d isFrozen=%d", (int)st, (int)s2,
       (int)(got == (void*)&finalized), (int)frozen);
    napi_value names = NULL;
    napi_get_all_property_names(env, o, napi_key_own_only, napi_key_all_properties,
                                napi_key_numbers_to_strings, &names);
    rp(&r, " own=");
    fmt_keys(env, &r, names);
    rp(&r, "\n");
  }
  {
    /* isFrozen/isSealed/isExtensible after napi_object_freeze and seal */
    napi_value o, o2, argv[1], x;
    bool b1 = false, b2 = false;
    napi_create_object(env, &o);
    napi_object_seal(env, o);
    argv[0] = o;
    x = object_call(env, "isSealed", 1, argv);
    napi_get_value_bool(env, x, &b1);
    x = object_call(env, "isFrozen", 1, argv);
    napi_get_value_bool(env, x, &b2); /* an empty sealed object is frozen too */
    rp(&r, "empty sealed: isSealed=%d isFrozen=%d", (int)b1, (int)b2);
    napi_create_object(env, &o2);
    napi_set_named_property(env, o2, "a", dbl(env, 1));
    napi_object_seal(env, o2);
    argv[0] = o2;
    x = object_call(env, "isFrozen", 1, argv);
    napi_get_value_bool(env, x, &b2);
    rp(&r, " sealed {a}: isFrozen=%d", (int)b2);
    napi_status st = napi_object_freeze(env, o2);
    x = object_call(env, "isFrozen", 1, argv);
    napi_get_value_bool(env, x, &b2);
    rp(&r, " then frozen: st=%d isFrozen=%d\n", (int)st, (int)b2);
  }
  return rp_done(env, &r);
}

/* ---- externals ------------------------------------------------------------ */

static int ext_data = 5;

static napi_value Externals(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_value e1, e2, x = NULL, names = NULL;
  napi_create_external(env, &ext_data, NULL, NULL, &e1);
  napi_create_external(env, &ext_data, NULL, NULL, &e2);
  bool b = true;
  napi_strict_equals(env, e1, e2, &b);
  rp(&r, "same pointer ===: %d\n", (int)b);
  napi_status st = napi_get_prototype(env, e1, &x);
  rp(&r, "prototype: st=%d ", (int)st);
  fmt_value(env, &r, x);
  fmt_exc(env, &r);
  rp(&r, "\n");
  b = true;
  st = napi_instanceof(env, e1, global_path(env, "Object", NULL), &b);
  rp(&r, "instanceof Object: st=%d %d\n", (int)st, (int)b);
  st = napi_get_all_property_names(env, e1, napi_key_include_prototypes,
                                   napi_key_all_properties, napi_key_numbers_to_strings,
                                   &names);
  rp(&r, "names with prototypes: st=%d ", (int)st);
  fmt_keys(env, &r, names);
  rp(&r, "\n");
  b = true;
  st = napi_has_named_property(env, e1, "toString", &b);
  rp(&r, "has toString: st=%d %d\n", (int)st, (int)b);
  x = NULL;
  st = napi_coerce_to_bool(env, e1, &x);
  rp(&r, "coerce bool: st=%d ", (int)st);
  fmt_value(env, &r, x);
  rp(&r, "\n");
  x = NULL;
  st = napi_coerce_to_object(env, e1, &x);
  b = false;
  if (x != NULL) napi_strict_equals(env, e1, x, &b);
  rp(&r, "coerce object: st=%d same=%d\n", (int)st, (int)b);
  {
    napi_value argv[1] = {e1};
    x = object_call(env, "isFrozen", 1, argv);
    rp(&r, "isFrozen: ");
    fmt_value(env, &r, x);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  {
    napi_value tostring = NULL, tag = NULL;
    napi_get_named_property(env, global_path(env, "Object", "prototype"), "toString",
                            &tostring);
    st = napi_call_function(env, e1, tostring, 0, NULL, &tag);
    rp(&r, "Object.prototype.toString.call: st=%d ", (int)st);
    fmt_value(env, &r, tag);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  {
    napi_value key = NULL;
    st = napi_set_property(env, e1, s8(env, "k"), dbl(env, 1));
    napi_get_property(env, e1, s8(env, "k"), &key);
    rp(&r, "set k: st=%d get=", (int)st);
    fmt_value(env, &r, key);
    napi_get_property(env, e2, s8(env, "k"), &key);
    rp(&r, " other=");
    fmt_value(env, &r, key);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  {
    /* napi_typeof of what an external's finalizer-less twin is in an array */
    napi_value arr, back = NULL;
    napi_create_array(env, &arr);
    napi_set_element(env, arr, 0, e1);
    napi_get_element(env, arr, 0, &back);
    b = false;
    napi_strict_equals(env, e1, back, &b);
    void* data = NULL;
    st = napi_get_value_external(env, back, &data);
    rp(&r, "through an array: same=%d value=%d/%d\n", (int)b, (int)st,
       (int)(data == &ext_data));
  }
  return rp_done(env, &r);
}

/* ---- instance data -------------------------------------------------------- */

static int instance_finalized[3];
static int instance_values[3];
static void instance_finalize(napi_env env, void* data, void* hint) {
  instance_finalized[(int*)data - instance_values]++;
}

static napi_value Instance(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  void* got = NULL;
  napi_status st = napi_get_instance_data(env, &got);
  rp(&r, "before: st=%d data=%s\n", (int)st, got == NULL ? "NULL" : "set");
  st = napi_set_instance_data(env, &instance_values[0], instance_finalize, NULL);
  napi_get_instance_data(env, &got);
  rp(&r, "set first: st=%d is first=%d finalized=%d,%d,%d\n", (int)st,
     (int)(got == &instance_values[0]), instance_finalized[0], instance_finalized[1],
     instance_finalized[2]);
  st = napi_set_instance_data(env, &instance_values[1], instance_finalize, NULL);
  napi_get_instance_data(env, &got);
  rp(&r, "set second: st=%d is second=%d finalized=%d,%d,%d\n", (int)st,
     (int)(got == &instance_values[1]), instance_finalized[0], instance_finalized[1],
     instance_finalized[2]);
  st = napi_set_instance_data(env, NULL, NULL, NULL);
  got = (void*)&r;
  napi_get_instance_data(env, &got);
  rp(&r, "set NULL: st=%d data=%s finalized=%d,%d,%d\n", (int)st,
     got == NULL ? "NULL" : "set", instance_finalized[0], instance_finalized[1],
     instance_finalized[2]);
  st = napi_set_instance_data(env, &instance_values[2], instance_finalize, NULL);
  rp(&r, "set third: st=%d finalized=%d,%d,%d\n", (int)st, instance_finalized[0],
     instance_finalized[1], instance_finalized[2]);
  return rp_done(env, &r);
}

/* ---- strings and keys ----------------------------------------------------- */

typedef napi_status (*make_key_fn)(napi_env, const char*, size_t, napi_value*);

static napi_value Strings(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_status st;
  napi_value a, b, x = NULL;
  /* a property key made from a string of digits is an array index */
  {
    napi_value arr;
    napi_create_array(env, &arr);
    node_api_create_property_key_utf8(env, "1", NAPI_AUTO_LENGTH, &a);
    st = napi_set_property(env, arr, a, dbl(env, 5));
    uint32_t n = 0;
    napi_get_array_length(env, arr, &n);
    napi_get_element(env, arr, 1, &x);
    rp(&r, "key '1' on array: st=%d length=%u [1]=", (int)st, n);
    fmt_value(env, &r, x);
    rp(&r, "\n");
    static const char16_t two[] = {'2'};
    node_api_create_property_key_utf16(env, two, 1, &a);
    st = napi_set_property(env, arr, a, dbl(env, 6));
    napi_get_array_length(env, arr, &n);
    rp(&r, "key utf16 '2' on array: st=%d length=%u\n", (int)st, n);
    node_api_create_property_key_latin1(env, "4294967295", NAPI_AUTO_LENGTH, &a);
    st = napi_set_property(env, arr, a, dbl(env, 7));
    napi_get_array_length(env, arr, &n);
    x = NULL;
    napi_get_property(env, arr, a, &x);
    rp(&r, "key '4294967295' on array: st=%d length=%u get=", (int)st, n);
    fmt_value(env, &r, x);
    rp(&r, "\n");
  }
  /* keys with embedded NULs and non-ASCII text */
  {
    static const struct { const char* label; make_key_fn fn; const char* s; size_t n; } ks[] = {
        {"utf8 a\\0b len 3", node_api_create_property_key_utf8, "a\0b", 3},
        {"utf8 a\\0b auto", node_api_create_property_key_utf8, "a\0b", NAPI_AUTO_LENGTH},
        {"latin1 e9 ff", node_api_create_property_key_latin1, "\xe9\xff", NAPI_AUTO_LENGTH},
        {"utf8 c3 a9", node_api_create_property_key_utf8, "\xc3\xa9", NAPI_AUTO_LENGTH},
        {"utf8 ff (invalid)", node_api_create_property_key_utf8, "\xff", NAPI_AUTO_LENGTH},
        {"utf8 len 0", node_api_create_property_key_utf8, "abc", 0},
    };
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
      napi_value k = NULL, o, names = NULL, plain = NULL;
      st = ks[i].fn(env, ks[i].s, ks[i].n, &k);
      rp(&r, "key %s: st=%d ", ks[i].label, (int)st);
      fmt_value(env, &r, k);
      napi_create_object(env, &o);
      napi_set_property(env, o, k, dbl(env, 1));
      napi_get_property_names(env, o, &names);
      rp(&r, " names=");
      fmt_keys(env, &r, names);
      /* the same text as a plain string */
      if (ks[i].fn == node_api_create_property_key_latin1)
        napi_create_string_latin1(env, ks[i].s, ks[i].n, &plain);
      else
        napi_create_string_utf8(env, ks[i].s, ks[i].n, &plain);
      bool same = false;
      napi_strict_equals(env, k, plain, &same);
      rp(&r, " ===string=%d\n", (int)same);
    }
  }
  /* Symbol.for */
  {
    node_api_symbol_for(env, "reg", NAPI_AUTO_LENGTH, &a);
    node_api_symbol_for(env, "regX", 3, &b);
    bool same = false;
    napi_strict_equals(env, a, b, &same);
    rp(&r, "symbol_for twice: ===%d", (int)same);
    napi_value sfor = global_path(env, "Symbol", "for"), argv[1] = {s8(env, "reg")};
    x = NULL;
    napi_call_function(env, global_path(env, "Symbol", NULL), sfor, 1, argv, &x);
    napi_strict_equals(env, a, x, &same);
    rp(&r, " ===Symbol.for=%d", (int)same);
    napi_value plain;
    napi_create_symbol(env, s8(env, "reg"), &plain);
    napi_strict_equals(env, a, plain, &same);
    rp(&r, " ===create_symbol=%d", (int)same);
    napi_value keyfor = global_path(env, "Symbol", "keyFor"), k1[1] = {a}, k2[1] = {plain};
    x = NULL;
    napi_call_function(env, global_path(env, "Symbol", NULL), keyfor, 1, k1, &x);
    rp(&r, " keyFor=");
    fmt_value(env, &r, x);
    x = NULL;
    napi_call_function(env, global_path(env, "Symbol", NULL), keyfor, 1, k2, &x);
    rp(&r, " keyFor(plain)=");
    fmt_value(env, &r, x);
    rp(&r, "\n");
    st = node_api_symbol_for(env, "a\0b", 3, &a);
    rp(&r, "symbol_for a\\0b len 3: st=%d ", (int)st);
    fmt_value(env, &r, a);
    rp(&r, "\n");
    napi_value o;
    napi_create_object(env, &o);
    napi_set_property(env, o, a, dbl(env, 1));
    node_api_symbol_for(env, "a\0b", 3, &b);
    x = NULL;
    napi_get_property(env, o, b, &x);
    rp(&r, "property by symbol_for key: ");
    fmt_value(env, &r, x);
    rp(&r, "\n");
  }
  /* strings with NULs in the middle, read back */
  {
    napi_value s;
    char buf[8];
    size_t got = 77;
    napi_create_string_latin1(env, "x\0y\0z", 5, &s);
    memset(buf, 0x55, sizeof buf);
    st = napi_get_value_string_utf8(env, s, buf, 4, &got);
    rp(&r, "latin1 x\\0y\\0z as utf8 bufsize 4: st=%d got=%zu [%02x %02x %02x %02x]\n",
       (int)st, got, (unsigned char)buf[0], (unsigned char)buf[1], (unsigned char)buf[2],
       (unsigned char)buf[3]);
    size_t len = 77;
    napi_get_value_string_latin1(env, s, NULL, 0, &len);
    rp(&r, "its latin1 length: %zu\n", len);
    napi_value k = NULL, names = NULL, o;
    napi_create_object(env, &o);
    napi_set_property(env, o, s, dbl(env, 1));
    napi_get_property_names(env, o, &names);
    napi_get_element(env, names, 0, &k);
    bool same = false;
    napi_strict_equals(env, k, s, &same);
    rp(&r, "as a key: ===%d\n", (int)same);
  }
  return rp_done(env, &r);
}

/* ---- accessors that throw ------------------------------------------------- */

static napi_value throw_in_accessor(napi_env env, napi_callback_info info) {
  napi_throw_range_error(env, NULL, "from the accessor");
  return NULL;
}

static napi_value Throwing(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_value o, x = NULL;
  napi_create_object(env, &o);
  napi_property_descriptor d[] = {
      {"p", NULL, NULL, throw_in_accessor, throw_in_accessor, NULL, napi_configurable, NULL},
      {"0", NULL, NULL, throw_in_accessor, throw_in_accessor, NULL, napi_configurable, NULL}};
  napi_define_properties(env, o, 2, d);
  napi_status st = napi_get_property(env, o, s8(env, "p"), &x);
  rp(&r, "get_property: st=%d", (int)st);
  fmt_exc(env, &r);
  st = napi_get_named_property(env, o, "p", &x);
  rp(&r, "\nget_named_property: st=%d", (int)st);
  fmt_exc(env, &r);
  st = napi_get_element(env, o, 0, &x);
  rp(&r, "\nget_element: st=%d", (int)st);
  fmt_exc(env, &r);
  st = napi_set_property(env, o, s8(env, "p"), dbl(env, 1));
  rp(&r, "\nset_property: st=%d", (int)st);
  fmt_exc(env, &r);
  st = napi_set_named_property(env, o, "p", dbl(env, 1));
  rp(&r, "\nset_named_property: st=%d", (int)st);
  fmt_exc(env, &r);
  st = napi_set_element(env, o, 0, dbl(env, 1));
  rp(&r, "\nset_element: st=%d", (int)st);
  fmt_exc(env, &r);
  /* a conversion that throws: a property key whose toString throws */
  napi_value key, fn;
  napi_create_object(env, &key);
  napi_create_function(env, "toString", NAPI_AUTO_LENGTH, throw_in_accessor, NULL, &fn);
  napi_set_named_property(env, key, "toString", fn);
  st = napi_get_property(env, o, key, &x);
  rp(&r, "\nget_property, throwing key: st=%d", (int)st);
  fmt_exc(env, &r);
  st = napi_set_property(env, o, key, dbl(env, 1));
  rp(&r, "\nset_property, throwing key: st=%d", (int)st);
  fmt_exc(env, &r);
  bool b = false;
  st = napi_has_property(env, o, key, &b);
  rp(&r, "\nhas_property, throwing key: st=%d", (int)st);
  fmt_exc(env, &r);
  st = napi_delete_property(env, o, key, &b);
  rp(&r, "\ndelete_property, throwing key: st=%d", (int)st);
  fmt_exc(env, &r);
  /* writes that the engine itself refuses with an exception */
  napi_value arr;
  napi_create_array_with_length(env, 2, &arr);
  st = napi_set_named_property(env, arr, "length", dbl(env, -1));
  rp(&r, "\narray length = -1: st=%d", (int)st);
  fmt_exc(env, &r);
  st = napi_set_property(env, arr, s8(env, "length"), dbl(env, 1.5));
  rp(&r, "\narray length = 1.5 (set_property): st=%d", (int)st);
  fmt_exc(env, &r);
  st = napi_set_named_property(env, arr, "length", s8(env, "x"));
  rp(&r, "\narray length = 'x': st=%d", (int)st);
  fmt_exc(env, &r);
  {
    napi_value ab, ta;
    napi_create_arraybuffer(env, 8, NULL, &ab);
    napi_create_typedarray(env, napi_int8_array, 2, ab, 0, &ta);
    st = napi_set_element(env, ta, 0, key); /* ToNumber(key) calls its throwing toString */
    rp(&r, "\nInt8Array[0] = object with throwing toString: st=%d", (int)st);
    fmt_exc(env, &r);
  }
  rp(&r, "\n");
  return rp_done(env, &r);
}

/* ---- last error info ------------------------------------------------------ */

static void fmt_last_error(napi_env env, Report* r) {
  const napi_extended_error_info* e = NULL;
  napi_status st = napi_get_last_error_info(env, &e);
  rp(r, "info=%d code=%d msg=%s engine=%u", (int)st, (int)e->error_code,
     e->error_message != NULL ? e->error_message : "NULL", (unsigned)e->engine_error_code);
}

static napi_value LastError(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_value x = NULL, o;
  napi_create_object(env, &o);
  napi_status st = napi_get_value_double(env, o, NULL);
  rp(&r, "double NULL result: st=%d ", (int)st);
  fmt_last_error(env, &r);
  rp(&r, "\n");
  double d = 0;
  st = napi_get_value_double(env, o, &d);
  rp(&r, "double of object: st=%d ", (int)st);
  fmt_last_error(env, &r);
  rp(&r, "\n");
  rp(&r, "read again: ");
  fmt_last_error(env, &r);
  rp(&r, "\n");
  napi_get_undefined(env, &x);
  rp(&r, "after get_undefined: ");
  fmt_last_error(env, &r);
  rp(&r, "\n");
  napi_throw_error(env, NULL, "pending");
  st = napi_create_object(env, &o);
  rp(&r, "create_object with exception pending: st=%d ", (int)st);
  fmt_last_error(env, &r);
  rp(&r, "\n");
  st = napi_get_undefined(env, &x);
  rp(&r, "get_undefined with exception pending: st=%d ", (int)st);
  fmt_last_error(env, &r);
  rp(&r, "\n");
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  rp(&r, "is_exception_pending: %d ", (int)pending);
  fmt_last_error(env, &r);
  fmt_exc(env, &r);
  rp(&r, "\n");
  static const struct { const char* label; napi_status (*fn)(napi_env, napi_value); } checks[] = {
      {"detach object", napi_detach_arraybuffer}, {"freeze number", napi_object_freeze}};
  for (size_t i = 0; i < 2; i++) {
    st = checks[i].fn(env, i == 0 ? o : dbl(env, 1));
    rp(&r, "%s: st=%d ", checks[i].label, (int)st);
    fmt_last_error(env, &r);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  return rp_done(env, &r);
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor props[] = {
      TH_METHOD("typed", Typed),         TH_METHOD("keys", Keys),
      TH_METHOD("errors", Errors),       TH_METHOD("integrity", Integrity),
      TH_METHOD("externals", Externals), TH_METHOD("instance", Instance),
      TH_METHOD("strings", Strings),     TH_METHOD("last_error", LastError),
      TH_METHOD("throwing", Throwing),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
