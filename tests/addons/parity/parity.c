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
 *   classes   napi_define_class with instance and static values and methods of each
 *             attribute set: keys, has_own, writes, deletes on the class, its
 *             prototype and an instance; new.target; constructors returning another value
 *   calls     napi_get_cb_info with argc above and below the arguments, function names
 *             with NULs, wrap twice and remove_wrap, unref at 0, a reference to a
 *             symbol, settling a promise, dates at the edges of the time range
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
    /* napi_define_properties on an error's own properties: the attributes given are
     * the ones its keys show (@napi-rs/canvas redefines `message` enumerable) */
    static const struct { const char* label; const char* key; int code; napi_property_attributes attrs; } defs[] = {
        {"message as jsproperty", "message", 0, napi_default_jsproperty},
        {"message as default", "message", 0, napi_default},
        {"name as jsproperty", "name", 0, napi_default_jsproperty},
        {"code as default", "code", 0, napi_default},
        {"given code as default", "code", 1, napi_default},
        {"extra as enumerable", "extra", 0, napi_enumerable},
    };
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
      napi_value e = NULL, names = NULL, x = NULL, str = NULL;
      napi_create_type_error(env, defs[i].code ? s8(env, "C0") : NULL, s8(env, "first"), &e);
      napi_property_descriptor d = {defs[i].key, NULL, NULL, NULL, NULL, s8(env, "second"),
                                    defs[i].attrs, NULL};
      napi_status st = napi_define_properties(env, e, 1, &d);
      rp(&r, "define %s: st=%d", defs[i].label, (int)st);
      napi_get_all_property_names(env, e, napi_key_own_only, napi_key_enumerable,
                                  napi_key_numbers_to_strings, &names);
      rp(&r, " enumerable=");
      fmt_keys(env, &r, names);
      names = NULL;
      napi_get_all_property_names(env, e, napi_key_own_only, napi_key_writable,
                                  napi_key_numbers_to_strings, &names);
      uint32_t n = 0;
      bool listed = false;
      napi_get_array_length(env, names, &n);
      for (uint32_t j = 0; j < n && !listed; j++) {
        napi_value k = NULL;
        napi_get_element(env, names, j, &k);
        napi_strict_equals(env, k, s8(env, defs[i].key), &listed);
      }
      rp(&r, " writable=%d", (int)listed);
      napi_set_named_property(env, e, defs[i].key, s8(env, "third"));
      napi_get_named_property(env, e, defs[i].key, &x);
      rp(&r, " after set=");
      fmt_value(env, &r, x);
      bool deleted = false, has = false;
      st = napi_delete_property(env, e, s8(env, defs[i].key), &deleted);
      napi_has_own_property(env, e, s8(env, defs[i].key), &has);
      rp(&r, " delete: st=%d deleted=%d own=%d", (int)st, (int)deleted, (int)has);
      st = napi_define_properties(env, e, 1, &d);
      rp(&r, " redefine: st=%d", (int)st);
      napi_coerce_to_string(env, e, &str);
      rp(&r, " string=");
      fmt_value(env, &r, str);
      fmt_exc(env, &r);
      rp(&r, "\n");
    }
  }
  {
    /* an error whose message is deleted reads Error.prototype's ("") */
    napi_value e = NULL, x = NULL, str = NULL;
    napi_create_range_error(env, NULL, s8(env, "gone"), &e);
    bool deleted = false;
    napi_delete_property(env, e, s8(env, "message"), &deleted);
    napi_status st = napi_get_named_property(env, e, "message", &x);
    rp(&r, "message deleted: deleted=%d get st=%d message=", (int)deleted, (int)st);
    fmt_value(env, &r, x);
    napi_coerce_to_string(env, e, &str);
    rp(&r, " string=");
    fmt_value(env, &r, str);
    fmt_exc(env, &r);
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
  {
    /* napi_define_properties over a non-configurable property (its own attributes, or
     * a sealed or frozen object's): JS's ValidateAndApplyPropertyDescriptor allows the
     * same descriptor again, a writable one's new value, and making it read-only */
    static const struct { const char* label; int hold; napi_property_attributes first; } holds[] = {
        {"read-only", 0, napi_enumerable},
        {"writable", 0, napi_writable | napi_enumerable},
        {"sealed", 1, napi_default_jsproperty},
        {"frozen", 2, napi_default_jsproperty},
    };
    static const struct { const char* label; double v; napi_property_attributes attrs; } tries[] = {
        {"same", 1, napi_enumerable},
        {"same writable", 1, napi_writable | napi_enumerable},
        {"other value", 2, napi_writable | napi_enumerable},
        {"not enumerable", 1, napi_default},
        {"configurable", 1, napi_enumerable | napi_configurable},
        {"read-only other value", 3, napi_enumerable},
    };
    for (size_t i = 0; i < sizeof holds / sizeof holds[0]; i++) {
      for (size_t j = 0; j < sizeof tries / sizeof tries[0]; j++) {
        napi_value o = NULL, x = NULL, names = NULL;
        napi_create_object(env, &o);
        napi_property_descriptor d = {"k", NULL, NULL, NULL, NULL, dbl(env, 1), holds[i].first, NULL};
        napi_define_properties(env, o, 1, &d);
        if (holds[i].hold == 1) napi_object_seal(env, o);
        if (holds[i].hold == 2) napi_object_freeze(env, o);
        napi_property_descriptor d2 = {"k", NULL, NULL, NULL, NULL, dbl(env, tries[j].v),
                                       tries[j].attrs, NULL};
        napi_status st = napi_define_properties(env, o, 1, &d2);
        rp(&r, "redefine %s with %s: st=%d", holds[i].label, tries[j].label, (int)st);
        napi_get_named_property(env, o, "k", &x);
        rp(&r, " k=");
        fmt_value(env, &r, x);
        napi_get_all_property_names(env, o, napi_key_own_only, napi_key_writable,
                                    napi_key_numbers_to_strings, &names);
        rp(&r, " writable=");
        fmt_keys(env, &r, names);
        fmt_exc(env, &r);
        rp(&r, "\n");
      }
    }
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

/* ---- classes: attributes, keys, constructors ------------------------------ */

/* new.target and this of a call, as "target=<undefined|fn> this=<...>" */
static napi_value report_target(napi_env env, napi_callback_info info) {
  napi_value target = NULL, self = NULL, out;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  napi_status st = napi_get_new_target(env, info, &target);
  napi_valuetype t = napi_undefined;
  napi_typeof(env, self, &t);
  char buf[64];
  snprintf(buf, sizeof buf, "st=%d target=%s this=%d", (int)st,
           target == NULL ? "NULL" : "set", (int)t);
  napi_create_string_utf8(env, buf, NAPI_AUTO_LENGTH, &out);
  if (target != NULL) napi_set_named_property(env, self, "report", out);
  return out;
}

/* a constructor that returns another object (or what its data says) */
static napi_value ctor_returning(napi_env env, napi_callback_info info) {
  void* data = NULL;
  napi_value self = NULL, other;
  napi_get_cb_info(env, info, NULL, NULL, &self, &data);
  napi_set_named_property(env, self, "fromThis", dbl(env, 1));
  const char* what = data;
  if (!strcmp(what, "object")) {
    napi_create_object(env, &other);
    napi_set_named_property(env, other, "other", dbl(env, 2));
    return other;
  }
  if (!strcmp(what, "number")) return dbl(env, 5);
  if (!strcmp(what, "undefined")) return NULL;
  return self;
}

static void fmt_names(napi_env env, Report* r, napi_value o, napi_key_collection_mode mode,
                      napi_key_filter f) {
  napi_value names = NULL;
  napi_status st = napi_get_all_property_names(env, o, mode, f, napi_key_numbers_to_strings,
                                               &names);
  if (st != napi_ok) rp(r, "st=%d", (int)st);
  else fmt_keys(env, r, names);
  fmt_exc(env, r);
}

static napi_value Classes(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_value cls = NULL, inst = NULL, x = NULL, proto = NULL;
  static const struct { const char* name; napi_property_attributes a; } attrs[] = {
      {"d", napi_default}, {"w", napi_writable}, {"e", napi_enumerable},
      {"c", napi_configurable}, {"wec", napi_default_jsproperty}};
  napi_property_descriptor d[4 * 5];
  char names[4 * 5][16];
  size_t n = 0;
  for (int kind = 0; kind < 4; kind++) {
    for (size_t i = 0; i < 5; i++) {
      /* kind 0: instance value, 1: instance method, 2: static value, 3: static method */
      snprintf(names[n], sizeof names[n], "%s%s%s", kind >= 2 ? "s" : "i",
               kind % 2 ? "m_" : "v_", attrs[i].name);
      napi_property_attributes a = attrs[i].a | (kind >= 2 ? napi_static : 0);
      napi_property_descriptor one = {names[n], NULL, kind % 2 ? noop : NULL, NULL, NULL,
                                      kind % 2 ? NULL : dbl(env, (double)n), a, NULL};
      d[n++] = one;
    }
  }
  napi_status st = napi_define_class(env, "K", NAPI_AUTO_LENGTH, noop, NULL, n, d, &cls);
  rp(&r, "define_class: st=%d\n", (int)st);
  napi_new_instance(env, cls, 0, NULL, &inst);
  napi_get_named_property(env, cls, "prototype", &proto);
  rp(&r, "class own: ");
  fmt_names(env, &r, cls, napi_key_own_only, napi_key_skip_symbols);
  rp(&r, "\nclass own enumerable: ");
  fmt_names(env, &r, cls, napi_key_own_only, napi_key_enumerable | napi_key_skip_symbols);
  rp(&r, "\nclass own writable: ");
  fmt_names(env, &r, cls, napi_key_own_only, napi_key_writable | napi_key_skip_symbols);
  rp(&r, "\nclass own configurable: ");
  fmt_names(env, &r, cls, napi_key_own_only, napi_key_configurable | napi_key_skip_symbols);
  rp(&r, "\nprototype own: ");
  fmt_names(env, &r, proto, napi_key_own_only, napi_key_skip_symbols);
  rp(&r, "\nprototype own enumerable: ");
  fmt_names(env, &r, proto, napi_key_own_only, napi_key_enumerable | napi_key_skip_symbols);
  rp(&r, "\nprototype own writable: ");
  fmt_names(env, &r, proto, napi_key_own_only, napi_key_writable | napi_key_skip_symbols);
  rp(&r, "\ninstance own: ");
  fmt_names(env, &r, inst, napi_key_own_only, napi_key_skip_symbols);
  rp(&r, "\ninstance property_names: ");
  {
    napi_value pn = NULL;
    napi_get_property_names(env, inst, &pn);
    fmt_keys(env, &r, pn);
  }
  rp(&r, "\n");
  /* each property: has_own on the class and the instance, a write through the
   * instance (and the class for static ones), a delete */
  for (size_t i = 0; i < n; i++) {
    bool stat = names[i][0] == 's';
    napi_value target = stat ? cls : inst;
    bool own_c = false, own_i = false, has_i = false, own_p = false;
    napi_has_own_property(env, cls, s8(env, names[i]), &own_c);
    napi_has_own_property(env, inst, s8(env, names[i]), &own_i);
    napi_has_own_property(env, proto, s8(env, names[i]), &own_p);
    napi_has_property(env, inst, s8(env, names[i]), &has_i);
    rp(&r, "%s: own class=%d proto=%d inst=%d has inst=%d", names[i], (int)own_c, (int)own_p,
       (int)own_i, (int)has_i);
    st = napi_set_named_property(env, target, names[i], dbl(env, 99));
    x = NULL;
    napi_get_named_property(env, target, names[i], &x);
    rp(&r, " write=%d now=", (int)st);
    fmt_value(env, &r, x);
    fmt_exc(env, &r);
    own_i = false;
    napi_has_own_property(env, target, s8(env, names[i]), &own_i);
    rp(&r, " own after=%d", (int)own_i);
    bool res = false;
    st = napi_delete_property(env, stat ? cls : proto, s8(env, names[i]), &res);
    rp(&r, " delete=%d/%d", (int)st, (int)res);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  /* new.target: a plain call and a construct */
  {
    napi_value fn = NULL, undef, out = NULL, obj = NULL;
    napi_get_undefined(env, &undef);
    napi_create_function(env, "t", NAPI_AUTO_LENGTH, report_target, NULL, &fn);
    st = napi_call_function(env, undef, fn, 0, NULL, &out);
    rp(&r, "new_target in a call: st=%d ", (int)st);
    fmt_value(env, &r, out);
    rp(&r, "\n");
    napi_value klass = NULL;
    napi_define_class(env, "T", NAPI_AUTO_LENGTH, report_target, NULL, 0, NULL, &klass);
    st = napi_new_instance(env, klass, 0, NULL, &obj);
    napi_valuetype t = napi_undefined;
    napi_typeof(env, obj, &t);
    rp(&r, "new_target in new: st=%d typeof=%d ", (int)st, (int)t);
    fmt_exc(env, &r);
    out = NULL;
    napi_get_named_property(env, obj, "report", &out);
    fmt_value(env, &r, out);
    rp(&r, "\n");
    out = NULL;
    st = napi_call_function(env, undef, klass, 0, NULL, &out);
    rp(&r, "class called without new: st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  /* constructors that return something else */
  static const char* const returns[] = {"object", "number", "undefined", "this"};
  for (size_t i = 0; i < 4; i++) {
    napi_value klass = NULL, obj = NULL, p = NULL, kp = NULL;
    napi_define_class(env, "R", NAPI_AUTO_LENGTH, ctor_returning, (void*)returns[i], 0, NULL,
                      &klass);
    st = napi_new_instance(env, klass, 0, NULL, &obj);
    rp(&r, "constructor returns %s: st=%d", returns[i], (int)st);
    fmt_exc(env, &r);
    bool b = false, has_this = false, has_other = false;
    napi_instanceof(env, obj, klass, &b);
    napi_has_named_property(env, obj, "fromThis", &has_this);
    napi_has_named_property(env, obj, "other", &has_other);
    napi_get_prototype(env, obj, &p);
    napi_get_named_property(env, klass, "prototype", &kp);
    bool same = false;
    napi_strict_equals(env, p, kp, &same);
    rp(&r, " instanceof=%d fromThis=%d other=%d proto===R.prototype=%d\n", (int)b,
       (int)has_this, (int)has_other, (int)same);
  }
  return rp_done(env, &r);
}

/* ---- calls, wraps, references, promises ----------------------------------- */

/* the arguments as napi_get_cb_info gives them for argc = data */
static napi_value report_args(napi_env env, napi_callback_info info) {
  void* data = NULL;
  napi_get_cb_info(env, info, NULL, NULL, NULL, &data);
  size_t cap = (size_t)(uintptr_t)data;
  napi_value argv[6];
  for (size_t i = 0; i < 6; i++) argv[i] = (napi_value)(uintptr_t)0x1;  /* untouched marker */
  size_t argc = cap;
  napi_status st = napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  Report r;
  rp_init(&r);
  rp(&r, "st=%d argc=%zu [", (int)st, argc);
  for (size_t i = 0; i < 6; i++) {
    if (i) rp(&r, ", ");
    if (argv[i] == (napi_value)(uintptr_t)0x1) rp(&r, "-");
    else fmt_value(env, &r, argv[i]);
  }
  rp(&r, "]");
  return rp_done(env, &r);
}

static napi_value Calls(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_status st;
  napi_value undef, x = NULL;
  napi_get_undefined(env, &undef);
  /* argc larger and smaller than the arguments passed */
  static const size_t caps[] = {0, 1, 3, 5};
  for (size_t i = 0; i < 4; i++) {
    napi_value fn, out = NULL, args[3] = {dbl(env, 1), s8(env, "b"), dbl(env, 3)};
    napi_create_function(env, "args", NAPI_AUTO_LENGTH, report_args,
                         (void*)(uintptr_t)caps[i], &fn);
    st = napi_call_function(env, undef, fn, 3, args, &out);
    rp(&r, "cb_info argc %zu of 3: ", caps[i]);
    fmt_value(env, &r, out);
    rp(&r, "\n");
  }
  /* function names: embedded NUL, explicit lengths, and their length property */
  {
    static const struct { const char* label; const char* s; size_t n; } fns[] = {
        {"a\\0b len 3", "a\0b", 3}, {"a\\0b auto", "a\0b", NAPI_AUTO_LENGTH},
        {"empty auto", "", NAPI_AUTO_LENGTH}, {"NULL len 0", NULL, 0},
        {"utf8 c3 a9", "\xc3\xa9", NAPI_AUTO_LENGTH}};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
      napi_value fn = NULL, name = NULL, len = NULL;
      st = napi_create_function(env, fns[i].s, fns[i].n, noop, NULL, &fn);
      napi_get_named_property(env, fn, "name", &name);
      napi_get_named_property(env, fn, "length", &len);
      rp(&r, "function name %s: st=%d name=", fns[i].label, (int)st);
      fmt_value(env, &r, name);
      rp(&r, " length=");
      fmt_value(env, &r, len);
      rp(&r, "\n");
    }
    napi_value cls = NULL, name = NULL;
    st = napi_define_class(env, "C\0D", 3, noop, NULL, 0, NULL, &cls);
    napi_get_named_property(env, cls, "name", &name);
    rp(&r, "class name C\\0D len 3: st=%d name=", (int)st);
    fmt_value(env, &r, name);
    rp(&r, "\n");
    st = napi_define_class(env, "", NAPI_AUTO_LENGTH, noop, NULL, 0, NULL, &cls);
    napi_get_named_property(env, cls, "name", &name);
    rp(&r, "class name empty: st=%d name=", (int)st);
    fmt_value(env, &r, name);
    rp(&r, "\n");
  }
  /* wrap twice, remove_wrap then unwrap */
  {
    static int w1, w2;
    napi_value o;
    void* got = NULL;
    napi_create_object(env, &o);
    st = napi_wrap(env, o, &w1, NULL, NULL, NULL);
    rp(&r, "wrap: st=%d", (int)st);
    st = napi_wrap(env, o, &w2, NULL, NULL, NULL);
    rp(&r, " again: st=%d", (int)st);
    fmt_exc(env, &r);
    napi_unwrap(env, o, &got);
    rp(&r, " unwrap is first=%d\n", (int)(got == &w1));
    got = NULL;
    st = napi_remove_wrap(env, o, &got);
    rp(&r, "remove_wrap: st=%d was first=%d", (int)st, (int)(got == &w1));
    got = &w2;
    st = napi_unwrap(env, o, &got);
    rp(&r, " unwrap after: st=%d", (int)st);
    fmt_exc(env, &r);
    got = NULL;
    st = napi_remove_wrap(env, o, &got);
    rp(&r, " remove again: st=%d", (int)st);
    fmt_exc(env, &r);
    st = napi_wrap(env, o, &w2, NULL, NULL, NULL);
    got = NULL;
    napi_unwrap(env, o, &got);
    rp(&r, " wrap again: st=%d is second=%d\n", (int)st, (int)(got == &w2));
    napi_value plain;
    napi_create_object(env, &plain);
    st = napi_unwrap(env, plain, &got);
    rp(&r, "unwrap never wrapped: st=%d", (int)st);
    fmt_exc(env, &r);
    st = napi_remove_wrap(env, plain, &got);
    rp(&r, " remove_wrap: st=%d", (int)st);
    fmt_exc(env, &r);
    st = napi_remove_wrap(env, plain, NULL);
    rp(&r, " remove_wrap NULL result: st=%d\n", (int)st);
  }
  /* references: unref at 0, counts on a symbol */
  {
    napi_value o, sym;
    napi_ref ref = NULL;
    uint32_t c = 77;
    napi_create_object(env, &o);
    napi_create_reference(env, o, 0, &ref);
    st = napi_reference_unref(env, ref, &c);
    rp(&r, "unref at 0: st=%d count=%u\n", (int)st, c);
    c = 77;
    st = napi_reference_ref(env, ref, &c);
    rp(&r, "ref from 0: st=%d count=%u", (int)st, c);
    st = napi_reference_unref(env, ref, &c);
    rp(&r, " unref: st=%d count=%u\n", (int)st, c);
    napi_delete_reference(env, ref);
    napi_create_symbol(env, s8(env, "r"), &sym);
    ref = NULL;
    st = napi_create_reference(env, sym, 1, &ref);
    rp(&r, "symbol ref 1: st=%d", (int)st);
    fmt_exc(env, &r);
    if (ref != NULL) {
      napi_value back = NULL;
      bool same = false;
      st = napi_get_reference_value(env, ref, &back);
      napi_strict_equals(env, back, sym, &same);
      rp(&r, " value: st=%d same=%d", (int)st, (int)same);
      napi_delete_reference(env, ref);
    }
    rp(&r, "\n");
  }
  /* promises: settle twice */
  {
    napi_deferred d;
    napi_value p;
    st = napi_create_promise(env, &d, &p);
    st = napi_resolve_deferred(env, d, dbl(env, 1));
    rp(&r, "resolve: st=%d\n", (int)st);
    napi_create_promise(env, &d, &p);
    st = napi_reject_deferred(env, d, dbl(env, 1));
    rp(&r, "reject: st=%d", (int)st);
    /* a rejection nobody handles would end Node: handle it */
    napi_value catchf = NULL, h;
    napi_get_named_property(env, p, "catch", &catchf);
    napi_create_function(env, "h", NAPI_AUTO_LENGTH, noop, NULL, &h);
    napi_value argv[1] = {h};
    st = napi_call_function(env, p, catchf, 1, argv, &x);
    rp(&r, " catch: st=%d\n", (int)st);
  }
  /* dates of edge values */
  {
    static const struct { const char* label; double t; } ds[] = {
        {"8.64e15", 8.64e15}, {"8.64e15+1", 8.64e15 + 1}, {"-8.64e15", -8.64e15},
        {"-0", -0.0}, {"1.9", 1.9}, {"-1.9", -1.9}, {"Infinity", INFINITY}};
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
      napi_value dt = NULL;
      double v = 42;
      bool is = false;
      st = napi_create_date(env, ds[i].t, &dt);
      napi_is_date(env, dt, &is);
      napi_status st2 = napi_get_date_value(env, dt, &v);
      rp(&r, "date %s: st=%d is=%d value=%d/", ds[i].label, (int)st, (int)is, (int)st2);
      fmt_double(&r, v);
      rp(&r, " signbit=%d\n", (int)(signbit(v) != 0));
    }
  }
  return rp_done(env, &r);
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor props[] = {
      TH_METHOD("typed", Typed),         TH_METHOD("keys", Keys),
      TH_METHOD("errors", Errors),       TH_METHOD("integrity", Integrity),
      TH_METHOD("externals", Externals), TH_METHOD("instance", Instance),
      TH_METHOD("strings", Strings),     TH_METHOD("last_error", LastError),
      TH_METHOD("throwing", Throwing),   TH_METHOD("classes", Classes),
      TH_METHOD("calls", Calls),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
