/* Property semantics and coercions, compared with Node (tests/test_props.py).
 *
 * Most functions return [status, result, exception]: the napi_status of one call,
 * its result (or undefined), and the exception it left pending (cleared), or
 * undefined; so that the test sees exactly what the addon would see. */
#include "test_helpers.h"

static napi_value outcome(napi_env env, napi_status st, napi_value result) {
  napi_value arr, exc = NULL;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) napi_get_and_clear_last_exception(env, &exc);
  if (exc == NULL) napi_get_undefined(env, &exc);
  if (result == NULL) napi_get_undefined(env, &result);
  napi_create_array_with_length(env, 3, &arr);
  napi_set_element(env, arr, 0, th_status(env, st));
  napi_set_element(env, arr, 1, result);
  napi_set_element(env, arr, 2, exc);
  return arr;
}

static napi_value Ctor(napi_env env, napi_callback_info info) {
  napi_value self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  return self;
}

static napi_value ReturnThis(napi_env env, napi_callback_info info) {
  napi_value self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  return self;
}

static napi_value ReturnData(napi_env env, napi_callback_info info) {
  void* data;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, NULL, &data));
  return th_int(env, (int64_t)(intptr_t)data);
}

/* makeClass(): a class with prototype and static members, string- and symbol-keyed,
 * then (as node-addon-api's ObjectWrap does for Node-API < 5) a Symbol()-keyed
 * external defined on the class afterwards, and the same on a plain function.
 * K's prototype has a getter-only accessor, racc (16).
 * Returns {K, protoSym, staticSym, laterSym, fn, laterStatus, fnStatus}. */
static napi_value MakeClass(napi_env env, napi_callback_info info) {
  napi_value one, two, three, cls, proto_sym, static_sym, later_sym, ext, fn, out, desc;
  static int payload = 7;
  NODE_API_CALL(env, napi_create_int32(env, 1, &one));
  NODE_API_CALL(env, napi_create_int32(env, 2, &two));
  NODE_API_CALL(env, napi_create_int32(env, 3, &three));
  NODE_API_CALL(env, napi_create_string_utf8(env, "protoSym", NAPI_AUTO_LENGTH, &desc));
  NODE_API_CALL(env, napi_create_symbol(env, desc, &proto_sym));
  NODE_API_CALL(env, napi_create_string_utf8(env, "staticSym", NAPI_AUTO_LENGTH, &desc));
  NODE_API_CALL(env, napi_create_symbol(env, desc, &static_sym));
  napi_property_descriptor props[] = {
      {"ro", NULL, NULL, NULL, NULL, one, napi_enumerable, NULL},
      {"rw", NULL, NULL, NULL, NULL, two, napi_writable | napi_enumerable, NULL},
      {"hello", NULL, ReturnData, NULL, NULL, NULL, napi_default, (void*)11},
      {"create", NULL, ReturnData, NULL, NULL, NULL, napi_static, (void*)12},
      {"VERSION", NULL, NULL, NULL, NULL, three, napi_static, NULL},
      {"sacc", NULL, NULL, ReturnData, NULL, NULL, napi_static, (void*)13},
      {"racc", NULL, NULL, ReturnData, NULL, NULL, napi_default, (void*)16},
      {NULL, proto_sym, ReturnData, NULL, NULL, NULL, napi_default, (void*)14},
      {NULL, static_sym, ReturnData, NULL, NULL, NULL, napi_static, (void*)15},
  };
  NODE_API_CALL(env, napi_define_class(env, "K", NAPI_AUTO_LENGTH, Ctor, NULL,
                                       sizeof props / sizeof *props, props, &cls));
  NODE_API_CALL(env, napi_create_symbol(env, NULL, &later_sym));
  NODE_API_CALL(env, napi_create_external(env, &payload, NULL, NULL, &ext));
  napi_property_descriptor later = {NULL, later_sym, NULL, NULL, NULL, ext, napi_default, NULL};
  napi_status later_status = napi_define_properties(env, cls, 1, &later);
  NODE_API_CALL(env, napi_create_function(env, "f", NAPI_AUTO_LENGTH, ReturnThis, NULL, &fn));
  napi_status fn_status = napi_define_properties(env, fn, 1, &later);
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_set_named_property(env, out, "K", cls));
  NODE_API_CALL(env, napi_set_named_property(env, out, "protoSym", proto_sym));
  NODE_API_CALL(env, napi_set_named_property(env, out, "staticSym", static_sym));
  NODE_API_CALL(env, napi_set_named_property(env, out, "laterSym", later_sym));
  NODE_API_CALL(env, napi_set_named_property(env, out, "fn", fn));
  NODE_API_CALL(env, napi_set_named_property(env, out, "laterStatus", th_status(env, later_status)));
  NODE_API_CALL(env, napi_set_named_property(env, out, "fnStatus", th_status(env, fn_status)));
  return out;
}

/* externalValue(ext): the int the external points to (checks the symbol-keyed
 * external read back from the class is the one stored). */
static napi_value ExternalValue(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void* data = NULL;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_external(env, argv[0], &data));
  return th_int(env, *(int*)data);
}

static napi_value SetProp(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  th_args(env, info, 3, argv);
  return outcome(env, napi_set_property(env, argv[0], argv[1], argv[2]), NULL);
}

static napi_value GetProp(napi_env env, napi_callback_info info) {
  napi_value argv[2], r = NULL;
  th_args(env, info, 2, argv);
  napi_status st = napi_get_property(env, argv[0], argv[1], &r);
  return outcome(env, st, r);
}

static napi_value HasProp(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool r = false;
  th_args(env, info, 2, argv);
  napi_status st = napi_has_property(env, argv[0], argv[1], &r);
  return outcome(env, st, th_bool(env, r));
}

static napi_value HasOwnProp(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool r = false;
  th_args(env, info, 2, argv);
  napi_status st = napi_has_own_property(env, argv[0], argv[1], &r);
  return outcome(env, st, th_bool(env, r));
}

static napi_value DeleteProp(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool r = false;
  th_args(env, info, 2, argv);
  napi_status st = napi_delete_property(env, argv[0], argv[1], &r);
  return outcome(env, st, th_bool(env, r));
}

/* defineValue(obj, key, value, attributes) */
static napi_value DefineValue(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  int32_t attrs = 0;
  th_args(env, info, 4, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[3], &attrs));
  napi_property_descriptor d = {NULL, argv[1], NULL, NULL, NULL, argv[2],
                                (napi_property_attributes)attrs, NULL};
  return outcome(env, napi_define_properties(env, argv[0], 1, &d), NULL);
}

/* defineGetter(obj, key): an accessor returning 99. */
static napi_value Get99(napi_env env, napi_callback_info info) { return th_int(env, 99); }
static napi_value DefineGetter(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  napi_property_descriptor d = {NULL, argv[1], NULL, Get99, NULL, NULL, napi_configurable, NULL};
  return outcome(env, napi_define_properties(env, argv[0], 1, &d), NULL);
}

static napi_value CoerceToString(napi_env env, napi_callback_info info) {
  napi_value argv[1], r = NULL;
  th_args(env, info, 1, argv);
  napi_status st = napi_coerce_to_string(env, argv[0], &r);
  return outcome(env, st, r);
}

static napi_value CoerceToNumber(napi_env env, napi_callback_info info) {
  napi_value argv[1], r = NULL;
  th_args(env, info, 1, argv);
  napi_status st = napi_coerce_to_number(env, argv[0], &r);
  return outcome(env, st, r);
}

static napi_value CoerceToBool(napi_env env, napi_callback_info info) {
  napi_value argv[1], r = NULL;
  th_args(env, info, 1, argv);
  napi_status st = napi_coerce_to_bool(env, argv[0], &r);
  return outcome(env, st, r);
}

static napi_value CoerceToObject(napi_env env, napi_callback_info info) {
  napi_value argv[1], r = NULL;
  th_args(env, info, 1, argv);
  napi_status st = napi_coerce_to_object(env, argv[0], &r);
  return outcome(env, st, r);
}

/* Weak references to symbols. */
static napi_ref sym_ref = NULL;

/* weakRefToNewSymbol(): a weak reference to a fresh local symbol nothing holds. */
static napi_value WeakRefToNewSymbol(napi_env env, napi_callback_info info) {
  napi_value sym;
  if (sym_ref != NULL) napi_delete_reference(env, sym_ref);
  sym_ref = NULL;
  NODE_API_CALL(env, napi_create_symbol(env, NULL, &sym));
  NODE_API_CALL(env, napi_create_reference(env, sym, 0, &sym_ref));
  return NULL;
}

/* weakRefTo(value): a weak reference to the value given (its holder keeps it). */
static napi_value WeakRefTo(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  if (sym_ref != NULL) napi_delete_reference(env, sym_ref);
  sym_ref = NULL;
  NODE_API_CALL(env, napi_create_reference(env, argv[0], 0, &sym_ref));
  return NULL;
}

/* refValue(): the weak reference's value, or null once it was collected. */
static napi_value RefValue(napi_env env, napi_callback_info info) {
  napi_value v = NULL;
  NODE_API_CALL(env, napi_get_reference_value(env, sym_ref, &v));
  if (v == NULL) napi_get_null(env, &v);
  return v;
}

static napi_value DeleteRef(napi_env env, napi_callback_info info) {
  if (sym_ref != NULL) NODE_API_CALL(env, napi_delete_reference(env, sym_ref));
  sym_ref = NULL;
  return NULL;
}

/* holderWithSymbolValue(): {v: <a fresh symbol>} and a weak ref to that symbol. */
static napi_value HolderWithSymbolValue(napi_env env, napi_callback_info info) {
  napi_value sym, obj;
  if (sym_ref != NULL) napi_delete_reference(env, sym_ref);
  sym_ref = NULL;
  NODE_API_CALL(env, napi_create_symbol(env, NULL, &sym));
  NODE_API_CALL(env, napi_create_reference(env, sym, 0, &sym_ref));
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "v", sym));
  return obj;
}

/* callMethod(obj, key, ...args): obj[key].call(obj, ...args), as an addon calls a
 * method it looked up. */
static napi_value CallMethod(napi_env env, napi_callback_info info) {
  napi_value argv[4], fn = NULL, r = NULL;
  size_t argc = th_args(env, info, 4, argv);
  napi_status st = napi_get_property(env, argv[0], argv[1], &fn);
  if (st == napi_ok) st = napi_call_function(env, argv[0], fn, argc > 2 ? argc - 2 : 0, argv + 2, &r);
  return outcome(env, st, r);
}

/* jsonStringify(value): the global JSON.stringify(value). */
static napi_value JsonStringify(napi_env env, napi_callback_info info) {
  napi_value argv[1], global, json, stringify, r = NULL;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_named_property(env, global, "JSON", &json));
  NODE_API_CALL(env, napi_get_named_property(env, json, "stringify", &stringify));
  napi_status st = napi_call_function(env, json, stringify, 1, argv, &r);
  return outcome(env, st, r);
}

/* freeze(obj), seal(obj): napi_object_freeze / napi_object_seal; returns obj. */
static napi_value Freeze(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_object_freeze(env, argv[0]));
  return argv[0];
}
static napi_value Seal(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_object_seal(env, argv[0]));
  return argv[0];
}

/* symbolToPrimitive(): the global Symbol.toPrimitive. */
static napi_value SymbolToPrimitive(napi_env env, napi_callback_info info) {
  napi_value global, symbol, r;
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_named_property(env, global, "Symbol", &symbol));
  NODE_API_CALL(env, napi_get_named_property(env, symbol, "toPrimitive", &r));
  return r;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor d[] = {
      TH_METHOD("makeClass", MakeClass),
      TH_METHOD("externalValue", ExternalValue),
      TH_METHOD("setProp", SetProp),
      TH_METHOD("getProp", GetProp),
      TH_METHOD("hasProp", HasProp),
      TH_METHOD("hasOwnProp", HasOwnProp),
      TH_METHOD("deleteProp", DeleteProp),
      TH_METHOD("defineValue", DefineValue),
      TH_METHOD("defineGetter", DefineGetter),
      TH_METHOD("coerceToString", CoerceToString),
      TH_METHOD("coerceToNumber", CoerceToNumber),
      TH_METHOD("coerceToBool", CoerceToBool),
      TH_METHOD("coerceToObject", CoerceToObject),
      TH_METHOD("weakRefToNewSymbol", WeakRefToNewSymbol),
      TH_METHOD("weakRefTo", WeakRefTo),
      TH_METHOD("refValue", RefValue),
      TH_METHOD("deleteRef", DeleteRef),
      TH_METHOD("holderWithSymbolValue", HolderWithSymbolValue),
      TH_METHOD("callMethod", CallMethod),
      TH_METHOD("jsonStringify", JsonStringify),
      TH_METHOD("symbolToPrimitive", SymbolToPrimitive),
      TH_METHOD("freeze", Freeze),
      TH_METHOD("seal", Seal),
  };
  TH_EXPORT_TABLE(env, exports, d);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
