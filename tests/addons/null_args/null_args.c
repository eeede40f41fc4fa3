/* Every Node-API function called with a NULL env and with NULL pointer arguments:
 * each call must return a status (napi_invalid_arg, as Node does), never crash.
 * nullEnvStatuses() and nullArgStatuses() return {name: status}. */
#include <node_api.h>
#include <stdlib.h>

#define RECORD(obj, name, expr)                                  \
  do {                                                           \
    napi_status s_ = (expr);                                     \
    napi_value v_;                                               \
    napi_create_int32(env, (int32_t)s_, &v_);                    \
    napi_set_named_property(env, (obj), (name), v_);             \
  } while (0)

static napi_value NullEnvStatuses(napi_env env, napi_callback_info info) {
  napi_value out, v;
  napi_create_object(env, &out);
  napi_get_undefined(env, &v);
  napi_env e = NULL;
  bool b;
  double d;
  int32_t i32;
  uint32_t u32;
  int64_t i64;
  size_t n;
  void* p;
  napi_valuetype t;
  napi_ref ref = NULL;
  napi_handle_scope hs;
  napi_escapable_handle_scope ehs;
  const napi_extended_error_info* ei;
  RECORD(out, "napi_get_undefined", napi_get_undefined(e, &v));
  RECORD(out, "napi_get_null", napi_get_null(e, &v));
  RECORD(out, "napi_get_global", napi_get_global(e, &v));
  RECORD(out, "napi_get_boolean", napi_get_boolean(e, true, &v));
  RECORD(out, "napi_create_object", napi_create_object(e, &v));
  RECORD(out, "napi_create_array", napi_create_array(e, &v));
  RECORD(out, "napi_create_array_with_length", napi_create_array_with_length(e, 1, &v));
  RECORD(out, "napi_create_double", napi_create_double(e, 1, &v));
  RECORD(out, "napi_create_int32", napi_create_int32(e, 1, &v));
  RECORD(out, "napi_create_uint32", napi_create_uint32(e, 1, &v));
  RECORD(out, "napi_create_int64", napi_create_int64(e, 1, &v));
  RECORD(out, "napi_create_string_utf8", napi_create_string_utf8(e, "a", 1, &v));
  RECORD(out, "napi_create_string_latin1", napi_create_string_latin1(e, "a", 1, &v));
  RECORD(out, "napi_create_symbol", napi_create_symbol(e, NULL, &v));
  RECORD(out, "napi_create_function", napi_create_function(e, "f", 1, NullEnvStatuses, NULL, &v));
  RECORD(out, "napi_create_error", napi_create_error(e, NULL, v, &v));
  RECORD(out, "napi_typeof", napi_typeof(e, v, &t));
  RECORD(out, "napi_get_value_double", napi_get_value_double(e, v, &d));
  RECORD(out, "napi_get_value_int32", napi_get_value_int32(e, v, &i32));
  RECORD(out, "napi_get_value_uint32", napi_get_value_uint32(e, v, &u32));
  RECORD(out, "napi_get_value_int64", napi_get_value_int64(e, v, &i64));
  RECORD(out, "napi_get_value_bool", napi_get_value_bool(e, v, &b));
  RECORD(out, "napi_get_value_string_utf8", napi_get_value_string_utf8(e, v, NULL, 0, &n));
  RECORD(out, "napi_coerce_to_bool", napi_coerce_to_bool(e, v, &v));
  RECORD(out, "napi_set_property", napi_set_property(e, out, v, v));
  RECORD(out, "napi_get_property", napi_get_property(e, out, v, &v));
  RECORD(out, "napi_set_named_property", napi_set_named_property(e, out, "x", v));
  RECORD(out, "napi_get_named_property", napi_get_named_property(e, out, "x", &v));
  RECORD(out, "napi_set_element", napi_set_element(e, out, 0, v));
  RECORD(out, "napi_get_element", napi_get_element(e, out, 0, &v));
  RECORD(out, "napi_is_array", napi_is_array(e, v, &b));
  RECORD(out, "napi_strict_equals", napi_strict_equals(e, v, v, &b));
  RECORD(out, "napi_call_function", napi_call_function(e, v, v, 0, NULL, &v));
  RECORD(out, "napi_make_callback", napi_make_callback(e, NULL, v, v, 0, NULL, &v));
  RECORD(out, "napi_new_instance", napi_new_instance(e, v, 0, NULL, &v));
  RECORD(out, "napi_instanceof", napi_instanceof(e, v, v, &b));
  RECORD(out, "napi_get_cb_info", napi_get_cb_info(e, info, &n, NULL, NULL, NULL));
  RECORD(out, "napi_wrap", napi_wrap(e, out, NULL, NULL, NULL, NULL));
  RECORD(out, "napi_unwrap", napi_unwrap(e, out, &p));
  RECORD(out, "napi_create_external", napi_create_external(e, NULL, NULL, NULL, &v));
  RECORD(out, "napi_create_reference", napi_create_reference(e, out, 1, &ref));
  RECORD(out, "napi_open_handle_scope", napi_open_handle_scope(e, &hs));
  RECORD(out, "napi_open_escapable_handle_scope", napi_open_escapable_handle_scope(e, &ehs));
  RECORD(out, "napi_throw", napi_throw(e, v));
  RECORD(out, "napi_throw_error", napi_throw_error(e, NULL, "x"));
  RECORD(out, "napi_is_exception_pending", napi_is_exception_pending(e, &b));
  RECORD(out, "napi_get_last_error_info", napi_get_last_error_info(e, &ei));
  RECORD(out, "napi_get_version", napi_get_version(e, &u32));
  RECORD(out, "napi_create_promise", napi_create_promise(e, NULL, &v));
  RECORD(out, "napi_create_buffer", napi_create_buffer(e, 1, &p, &v));
  RECORD(out, "napi_create_arraybuffer", napi_create_arraybuffer(e, 1, &p, &v));
  RECORD(out, "napi_set_instance_data", napi_set_instance_data(e, NULL, NULL, NULL));
  RECORD(out, "napi_get_instance_data", napi_get_instance_data(e, &p));
  RECORD(out, "napi_add_env_cleanup_hook", napi_add_env_cleanup_hook(e, NULL, NULL));
  RECORD(out, "napi_create_date", napi_create_date(e, 0, &v));
  RECORD(out, "napi_create_bigint_int64", napi_create_bigint_int64(e, 0, &v));
  RECORD(out, "napi_object_freeze", napi_object_freeze(e, out));
  RECORD(out, "napi_type_tag_object", napi_type_tag_object(e, out, NULL));
  RECORD(out, "napi_run_script", napi_run_script(e, v, &v));
  return out;
}

static napi_value NullArgStatuses(napi_env env, napi_callback_info info) {
  napi_value out, obj, v, str, num;
  napi_create_object(env, &out);
  napi_create_object(env, &obj);
  napi_get_undefined(env, &v);
  napi_create_string_utf8(env, "s", 1, &str);
  napi_create_double(env, 1.5, &num);
  size_t n;
  RECORD(out, "napi_get_undefined", napi_get_undefined(env, NULL));
  RECORD(out, "napi_create_object", napi_create_object(env, NULL));
  RECORD(out, "napi_create_array", napi_create_array(env, NULL));
  RECORD(out, "napi_create_double", napi_create_double(env, 1, NULL));
  RECORD(out, "napi_create_string_utf8", napi_create_string_utf8(env, "a", 1, NULL));
  RECORD(out, "napi_create_string_utf8_null_str", napi_create_string_utf8(env, NULL, 3, &v));
  RECORD(out, "napi_create_string_utf16", napi_create_string_utf16(env, NULL, 3, &v));
  RECORD(out, "napi_create_function", napi_create_function(env, "f", 1, NULL, NULL, &v));
  RECORD(out, "napi_typeof", napi_typeof(env, NULL, NULL));
  RECORD(out, "napi_typeof_null_value", napi_typeof(env, NULL, (napi_valuetype*)&n));
  RECORD(out, "napi_get_value_double", napi_get_value_double(env, num, NULL));
  RECORD(out, "napi_get_value_double_null_value", napi_get_value_double(env, NULL, (double*)&n));
  RECORD(out, "napi_get_value_string_utf8", napi_get_value_string_utf8(env, str, NULL, 0, NULL));
  RECORD(out, "napi_get_value_string_utf8_null_value", napi_get_value_string_utf8(env, NULL, NULL, 0, &n));
  RECORD(out, "napi_set_property", napi_set_property(env, obj, NULL, v));
  RECORD(out, "napi_set_property_null_object", napi_set_property(env, NULL, str, v));
  RECORD(out, "napi_set_property_null_value", napi_set_property(env, obj, str, NULL));
  RECORD(out, "napi_get_property", napi_get_property(env, obj, str, NULL));
  RECORD(out, "napi_set_named_property", napi_set_named_property(env, obj, NULL, v));
  RECORD(out, "napi_get_named_property", napi_get_named_property(env, obj, NULL, &v));
  RECORD(out, "napi_has_own_property", napi_has_own_property(env, obj, str, NULL));
  RECORD(out, "napi_get_element", napi_get_element(env, obj, 0, NULL));
  RECORD(out, "napi_define_properties", napi_define_properties(env, obj, 1, NULL));
  RECORD(out, "napi_get_property_names", napi_get_property_names(env, obj, NULL));
  RECORD(out, "napi_call_function", napi_call_function(env, v, NULL, 0, NULL, &v));
  RECORD(out, "napi_call_function_null_argv", napi_call_function(env, v, obj, 2, NULL, &v));
  RECORD(out, "napi_make_callback", napi_make_callback(env, NULL, v, NULL, 0, NULL, &v));
  RECORD(out, "napi_make_callback_null_recv", napi_make_callback(env, NULL, NULL, obj, 0, NULL, &v));
  RECORD(out, "napi_make_callback_null_argv", napi_make_callback(env, NULL, v, obj, 2, NULL, &v));
  RECORD(out, "napi_new_instance", napi_new_instance(env, NULL, 0, NULL, &v));
  RECORD(out, "napi_define_class", napi_define_class(env, "C", 1, NULL, NULL, 0, NULL, &v));
  RECORD(out, "napi_get_cb_info", napi_get_cb_info(env, NULL, &n, NULL, NULL, NULL));
  RECORD(out, "napi_get_cb_info_null_argc", napi_get_cb_info(env, info, NULL, &v, NULL, NULL));
  RECORD(out, "napi_unwrap", napi_unwrap(env, obj, NULL));
  RECORD(out, "napi_wrap_null_object", napi_wrap(env, NULL, NULL, NULL, NULL, NULL));
  RECORD(out, "napi_create_reference", napi_create_reference(env, NULL, 1, NULL));
  RECORD(out, "napi_delete_reference", napi_delete_reference(env, NULL));
  RECORD(out, "napi_get_reference_value", napi_get_reference_value(env, NULL, &v));
  RECORD(out, "napi_close_handle_scope", napi_close_handle_scope(env, NULL));
  RECORD(out, "napi_escape_handle", napi_escape_handle(env, NULL, v, &v));
  RECORD(out, "napi_throw", napi_throw(env, NULL));
  RECORD(out, "napi_create_error", napi_create_error(env, NULL, NULL, &v));
  RECORD(out, "napi_get_last_error_info", napi_get_last_error_info(env, NULL));
  RECORD(out, "napi_get_and_clear_last_exception", napi_get_and_clear_last_exception(env, NULL));
  RECORD(out, "napi_strict_equals", napi_strict_equals(env, NULL, v, (bool*)&n));
  RECORD(out, "napi_create_bigint_words", napi_create_bigint_words(env, 0, 1, NULL, &v));
  RECORD(out, "napi_get_value_bigint_words", napi_get_value_bigint_words(env, v, NULL, NULL, NULL));
  RECORD(out, "napi_get_date_value", napi_get_date_value(env, NULL, (double*)&n));
  RECORD(out, "napi_create_external", napi_create_external(env, NULL, NULL, NULL, NULL));
  RECORD(out, "napi_get_value_external", napi_get_value_external(env, NULL, (void**)&n));
  RECORD(out, "napi_type_tag_object", napi_type_tag_object(env, obj, NULL));
  RECORD(out, "napi_check_object_type_tag", napi_check_object_type_tag(env, obj, NULL, (bool*)&n));
  RECORD(out, "napi_add_finalizer", napi_add_finalizer(env, obj, NULL, NULL, NULL, NULL));
  RECORD(out, "napi_get_instance_data", napi_get_instance_data(env, NULL));
  RECORD(out, "napi_get_version", napi_get_version(env, NULL));
  RECORD(out, "napi_get_node_version", napi_get_node_version(env, NULL));
  RECORD(out, "node_api_get_module_file_name", node_api_get_module_file_name(env, NULL));
  RECORD(out, "napi_coerce_to_string", napi_coerce_to_string(env, NULL, &v));
  RECORD(out, "napi_instanceof", napi_instanceof(env, obj, NULL, (bool*)&n));
  RECORD(out, "napi_object_freeze", napi_object_freeze(env, NULL));
  RECORD(out, "napi_get_prototype", napi_get_prototype(env, NULL, &v));
  return out;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"nullEnvStatuses", NULL, NullEnvStatuses, NULL, NULL, NULL, napi_enumerable, NULL},
      {"nullArgStatuses", NULL, NullArgStatuses, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, 2, props);
  return exports;
}
