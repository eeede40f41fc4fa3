/* NULL and invalid arguments, one case at a time, for the statuses Node returns
 * (tests/test_null_args.py holds what Node 20 returned for each case, measured by
 * running this very addon in node). count() gives the number of cases, name(i) the
 * name of case i and run(i) its napi_status; an exception a case leaves pending is
 * cleared. Cases where Node aborts the process are marked "abort" in the test. */
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

/* Newer than the official headers here: declared as Node declares them. */
NAPI_EXTERN napi_status NAPI_CDECL node_api_post_finalizer(napi_env env, napi_finalize finalize_cb,
                                                          void* finalize_data, void* finalize_hint);
NAPI_EXTERN napi_status NAPI_CDECL node_api_set_prototype(napi_env env, napi_value object,
                                                         napi_value value);

static napi_value Dummy(napi_env env, napi_callback_info info) { return NULL; }
static void DummyFinalize(napi_env env, void* data, void* hint) {}
static void DummyHook(void* arg) {}
static void DummyExecute(napi_env env, void* data) {}

#define CASES(X)                                                                                 \
  X("napi_get_null", napi_get_null(env, NULL))                                                   \
  X("napi_get_global", napi_get_global(env, NULL))                                               \
  X("napi_get_boolean", napi_get_boolean(env, true, NULL))                                       \
  X("napi_create_array_with_length", napi_create_array_with_length(env, 2, NULL))                \
  X("napi_create_int32", napi_create_int32(env, 1, NULL))                                        \
  X("napi_create_uint32", napi_create_uint32(env, 1, NULL))                                      \
  X("napi_create_int64", napi_create_int64(env, 1, NULL))                                        \
  X("napi_create_string_utf8_null_len0", napi_create_string_utf8(env, NULL, 0, &v))              \
  X("napi_create_string_utf8_null_auto", napi_create_string_utf8(env, NULL, NAPI_AUTO_LENGTH, &v)) \
  X("napi_create_string_latin1_null_str", napi_create_string_latin1(env, NULL, 3, &v))           \
  X("napi_create_string_latin1_null_result", napi_create_string_latin1(env, "a", 1, NULL))       \
  X("napi_create_string_utf16_null_result", napi_create_string_utf16(env, u"a", 1, NULL))        \
  X("napi_create_string_utf8_too_long", napi_create_string_utf8(env, "a", (size_t)INT32_MAX + 1, &v)) \
  X("node_api_create_property_key_utf8_null_str", node_api_create_property_key_utf8(env, NULL, 3, &v)) \
  X("node_api_create_property_key_latin1_null_str", node_api_create_property_key_latin1(env, NULL, 3, &v)) \
  X("node_api_create_property_key_utf16_null_str", node_api_create_property_key_utf16(env, NULL, 3, &v)) \
  X("node_api_create_property_key_utf8_null_result", node_api_create_property_key_utf8(env, "a", 1, NULL)) \
  X("node_api_create_external_string_latin1_null_str", node_api_create_external_string_latin1(env, NULL, 3, NULL, NULL, &v, &b)) \
  X("node_api_create_external_string_latin1_null_result", node_api_create_external_string_latin1(env, latin, 1, NULL, NULL, NULL, &b)) \
  X("node_api_create_external_string_utf16_null_str", node_api_create_external_string_utf16(env, NULL, 3, NULL, NULL, &v, &b)) \
  X("napi_create_symbol_null_result", napi_create_symbol(env, NULL, NULL))                       \
  X("napi_create_symbol_number_description", napi_create_symbol(env, num, &v))                   \
  X("node_api_symbol_for_null_result", node_api_symbol_for(env, "a", 1, NULL))                   \
  X("node_api_symbol_for_null_len5", node_api_symbol_for(env, NULL, 5, &v))                      \
  X("napi_create_function_null_result", napi_create_function(env, "f", 1, Dummy, NULL, NULL))    \
  X("napi_create_function_null_name", napi_create_function(env, NULL, 0, Dummy, NULL, &v))       \
  X("napi_create_error_null_result", napi_create_error(env, NULL, str, NULL))                    \
  X("napi_create_error_number_msg", napi_create_error(env, NULL, num, &v))                       \
  X("napi_create_error_number_code", napi_create_error(env, num, str, &v))                       \
  X("napi_create_type_error_null_msg", napi_create_type_error(env, NULL, NULL, &v))              \
  X("napi_create_range_error_null_msg", napi_create_range_error(env, NULL, NULL, &v))            \
  X("node_api_create_syntax_error_null_msg", node_api_create_syntax_error(env, NULL, NULL, &v))  \
  X("napi_throw_error_null_msg", napi_throw_error(env, NULL, NULL))                              \
  X("napi_throw_type_error_null_msg", napi_throw_type_error(env, NULL, NULL))                    \
  X("napi_throw_range_error_null_msg", napi_throw_range_error(env, NULL, NULL))                  \
  X("node_api_throw_syntax_error_null_msg", node_api_throw_syntax_error(env, NULL, NULL))        \
  X("napi_get_value_int32_null_result", napi_get_value_int32(env, num, NULL))                    \
  X("napi_get_value_int32_null_value", napi_get_value_int32(env, NULL, &i32))                    \
  X("napi_get_value_uint32_null_result", napi_get_value_uint32(env, num, NULL))                  \
  X("napi_get_value_int64_null_result", napi_get_value_int64(env, num, NULL))                    \
  X("napi_get_value_bool_null_result", napi_get_value_bool(env, t, NULL))                        \
  X("napi_get_value_bool_null_value", napi_get_value_bool(env, NULL, &b))                        \
  X("napi_get_value_string_latin1_null_buf_null_result", napi_get_value_string_latin1(env, str, NULL, 0, NULL)) \
  X("napi_get_value_string_utf16_null_buf_null_result", napi_get_value_string_utf16(env, str, NULL, 0, NULL)) \
  X("napi_get_value_string_utf8_null_buf", napi_get_value_string_utf8(env, str, NULL, 0, &n))    \
  X("napi_get_value_string_utf8_buf_null_result", napi_get_value_string_utf8(env, str, buf, sizeof buf, NULL)) \
  X("napi_get_value_string_utf8_number", napi_get_value_string_utf8(env, num, buf, sizeof buf, &n)) \
  X("napi_coerce_to_bool_null_value", napi_coerce_to_bool(env, NULL, &v))                        \
  X("napi_coerce_to_bool_null_result", napi_coerce_to_bool(env, num, NULL))                      \
  X("napi_coerce_to_number_null_value", napi_coerce_to_number(env, NULL, &v))                    \
  X("napi_coerce_to_number_null_result", napi_coerce_to_number(env, num, NULL))                  \
  X("napi_coerce_to_object_null_value", napi_coerce_to_object(env, NULL, &v))                    \
  X("napi_coerce_to_object_null_result", napi_coerce_to_object(env, num, NULL))                  \
  X("napi_coerce_to_string_null_result", napi_coerce_to_string(env, num, NULL))                  \
  X("napi_get_prototype_null_result", napi_get_prototype(env, obj, NULL))                        \
  X("node_api_set_prototype_null_object", node_api_set_prototype(env, NULL, obj))                \
  X("node_api_set_prototype_null_value", node_api_set_prototype(env, obj, NULL))                 \
  X("napi_get_property_names_null_object", napi_get_property_names(env, NULL, &v))               \
  X("napi_get_all_property_names_null_result", napi_get_all_property_names(env, obj, napi_key_own_only, napi_key_all_properties, napi_key_keep_numbers, NULL)) \
  X("napi_get_all_property_names_null_object", napi_get_all_property_names(env, NULL, napi_key_own_only, napi_key_all_properties, napi_key_keep_numbers, &v)) \
  X("napi_get_property_null_key", napi_get_property(env, obj, NULL, &v))                         \
  X("napi_get_property_null_object", napi_get_property(env, NULL, str, &v))                      \
  X("napi_get_property_on_undefined", napi_get_property(env, undef, str, &v))                    \
  X("napi_has_property_null_key", napi_has_property(env, obj, NULL, &b))                         \
  X("napi_has_property_null_result", napi_has_property(env, obj, str, NULL))                     \
  X("napi_delete_property_null_key", napi_delete_property(env, obj, NULL, &b))                   \
  X("napi_delete_property_null_result", napi_delete_property(env, obj, str, NULL))               \
  X("napi_has_own_property_null_key", napi_has_own_property(env, obj, NULL, &b))                 \
  X("napi_has_own_property_number_key", napi_has_own_property(env, obj, num, &b))                \
  X("napi_has_named_property_null_name", napi_has_named_property(env, obj, NULL, &b))            \
  X("napi_has_named_property_null_result", napi_has_named_property(env, obj, "a", NULL))         \
  X("napi_get_named_property_null_result", napi_get_named_property(env, obj, "a", NULL))         \
  X("napi_set_named_property_null_value", napi_set_named_property(env, obj, "a", NULL))          \
  X("napi_set_element_null_value", napi_set_element(env, arr, 0, NULL))                          \
  X("napi_set_element_null_object", napi_set_element(env, NULL, 0, num))                         \
  X("napi_has_element_null_result", napi_has_element(env, arr, 0, NULL))                         \
  X("napi_delete_element_null_result", napi_delete_element(env, arr, 0, NULL))                   \
  X("napi_define_properties_nameless", napi_define_properties(env, obj, 1, nameless))            \
  X("napi_define_properties_null_object", napi_define_properties(env, NULL, 1, named))           \
  X("napi_get_array_length_null_result", napi_get_array_length(env, arr, NULL))                  \
  X("napi_get_array_length_not_array", napi_get_array_length(env, obj, &u32))                    \
  X("napi_is_array_null_result", napi_is_array(env, arr, NULL))                                  \
  X("napi_strict_equals_null_result", napi_strict_equals(env, num, num, NULL))                   \
  X("napi_call_function_null_func", napi_call_function(env, undef, NULL, 0, NULL, &v))           \
  X("napi_call_function_not_function", napi_call_function(env, undef, obj, 0, NULL, &v))         \
  X("napi_call_function_null_result", napi_call_function(env, undef, fn, 0, NULL, NULL))         \
  X("napi_new_instance_null_result", napi_new_instance(env, fn, 0, NULL, NULL))                  \
  X("napi_new_instance_null_argv", napi_new_instance(env, fn, 1, NULL, &v))                      \
  X("napi_instanceof_null_object", napi_instanceof(env, NULL, fn, &b))                           \
  X("napi_instanceof_null_result", napi_instanceof(env, obj, fn, NULL))                          \
  X("napi_instanceof_not_function", napi_instanceof(env, obj, obj, &b))                          \
  X("napi_get_new_target_null_result", napi_get_new_target(env, info, NULL))                     \
  X("napi_get_new_target_null_info", napi_get_new_target(env, NULL, &v))                         \
  X("napi_get_cb_info_all_null", napi_get_cb_info(env, info, NULL, NULL, NULL, NULL))            \
  X("napi_define_class_null_name", napi_define_class(env, NULL, 0, Dummy, NULL, 0, NULL, &v))    \
  X("napi_define_class_null_properties", napi_define_class(env, "C", 1, Dummy, NULL, 1, NULL, &v)) \
  X("napi_define_class_null_result", napi_define_class(env, "C", 1, Dummy, NULL, 0, NULL, NULL)) \
  X("napi_define_class_nameless_property", napi_define_class(env, "C", 1, Dummy, NULL, 1, nameless, &v)) \
  X("napi_wrap_null_native", napi_wrap(env, obj2, NULL, NULL, NULL, NULL))                       \
  X("napi_wrap_twice", napi_wrap(env, wrapped, &n, NULL, NULL, NULL))                            \
  X("napi_wrap_number", napi_wrap(env, num, &n, NULL, NULL, NULL))                               \
  X("napi_unwrap_not_wrapped", napi_unwrap(env, obj, &p))                                        \
  X("napi_remove_wrap_null_result", napi_remove_wrap(env, wrapped, NULL))                        \
  X("napi_remove_wrap_null_object", napi_remove_wrap(env, NULL, &p))                             \
  X("napi_type_tag_object_null_object", napi_type_tag_object(env, NULL, &tag))                   \
  X("napi_type_tag_object_number", napi_type_tag_object(env, num, &tag))                         \
  X("napi_type_tag_object_undefined", napi_type_tag_object(env, undef, &tag))                    \
  X("napi_check_object_type_tag_number", napi_check_object_type_tag(env, num, &tag, &b))          \
  X("napi_check_object_type_tag_undefined", napi_check_object_type_tag(env, undef, &tag, &b))    \
  X("napi_check_object_type_tag_null_result", napi_check_object_type_tag(env, obj, &tag, NULL))  \
  X("napi_create_external_null_result", napi_create_external(env, &n, NULL, NULL, NULL))         \
  X("napi_create_external_null_data", napi_create_external(env, NULL, NULL, NULL, &v))           \
  X("napi_get_value_external_null_result", napi_get_value_external(env, ext, NULL))              \
  X("napi_get_value_external_not_external", napi_get_value_external(env, obj, &p))               \
  X("napi_create_reference_null_value", napi_create_reference(env, NULL, 1, &ref))               \
  X("napi_create_reference_null_result", napi_create_reference(env, obj, 1, NULL))               \
  X("napi_reference_ref_null_ref", napi_reference_ref(env, NULL, &u32))                          \
  X("napi_reference_unref_null_ref", napi_reference_unref(env, NULL, &u32))                      \
  X("napi_get_reference_value_null_result", napi_get_reference_value(env, objref, NULL))         \
  X("napi_open_handle_scope_null_result", napi_open_handle_scope(env, NULL))                     \
  X("napi_open_escapable_handle_scope_null_result", napi_open_escapable_handle_scope(env, NULL)) \
  X("napi_close_escapable_handle_scope_null", napi_close_escapable_handle_scope(env, NULL))      \
  X("napi_escape_handle_null_escapee", napi_escape_handle(env, escapable, NULL, &v))             \
  X("napi_escape_handle_null_result", napi_escape_handle(env, escapable, num, NULL))             \
  X("napi_create_promise_null_deferred", napi_create_promise(env, NULL, &v))                     \
  X("napi_create_promise_null_promise", napi_create_promise(env, &deferred, NULL))               \
  X("napi_resolve_deferred_null_value", napi_resolve_deferred(env, deferred, NULL))              \
  X("napi_is_promise_null_value", napi_is_promise(env, NULL, &b))                                \
  X("napi_is_promise_null_result", napi_is_promise(env, obj, NULL))                              \
  X("napi_create_date_null_result", napi_create_date(env, 0, NULL))                              \
  X("napi_is_date_null_value", napi_is_date(env, NULL, &b))                                      \
  X("napi_is_date_null_result", napi_is_date(env, date, NULL))                                   \
  X("napi_get_date_value_null_result", napi_get_date_value(env, date, NULL))                     \
  X("napi_get_date_value_not_date", napi_get_date_value(env, obj, &d))                           \
  X("napi_create_bigint_int64_null_result", napi_create_bigint_int64(env, 1, NULL))              \
  X("napi_create_bigint_uint64_null_result", napi_create_bigint_uint64(env, 1, NULL))            \
  X("napi_create_bigint_words_null_words", napi_create_bigint_words(env, 0, 2, NULL, &v))        \
  X("napi_create_bigint_words_null_words_count0", napi_create_bigint_words(env, 0, 0, NULL, &v)) \
  X("napi_create_bigint_words_too_many", napi_create_bigint_words(env, 0, (size_t)INT32_MAX + 1, words, &v)) \
  X("napi_get_value_bigint_int64_null_lossless", napi_get_value_bigint_int64(env, big, &i64, NULL)) \
  X("napi_get_value_bigint_int64_null_result", napi_get_value_bigint_int64(env, big, NULL, &b))  \
  X("napi_get_value_bigint_uint64_null_result", napi_get_value_bigint_uint64(env, big, NULL, &b)) \
  X("napi_get_value_bigint_int64_number", napi_get_value_bigint_int64(env, num, &i64, &b))       \
  X("napi_get_value_bigint_words_null_count", napi_get_value_bigint_words(env, big, &sign, NULL, words)) \
  X("napi_create_arraybuffer_null_result", napi_create_arraybuffer(env, 4, &p, NULL))            \
  X("napi_create_arraybuffer_null_data", napi_create_arraybuffer(env, 4, NULL, &v))              \
  X("napi_get_arraybuffer_info_null_value", napi_get_arraybuffer_info(env, NULL, &p, &n))        \
  X("napi_get_arraybuffer_info_not_arraybuffer", napi_get_arraybuffer_info(env, obj, &p, &n))    \
  X("napi_get_arraybuffer_info_null_outputs", napi_get_arraybuffer_info(env, ab, NULL, NULL))    \
  X("napi_is_arraybuffer_null_result", napi_is_arraybuffer(env, ab, NULL))                       \
  X("napi_detach_arraybuffer_null", napi_detach_arraybuffer(env, NULL))                          \
  X("napi_detach_arraybuffer_not_arraybuffer", napi_detach_arraybuffer(env, obj))                \
  X("napi_is_detached_arraybuffer_null_result", napi_is_detached_arraybuffer(env, ab, NULL))     \
  X("napi_is_detached_arraybuffer_null_value", napi_is_detached_arraybuffer(env, NULL, &b))      \
  X("napi_create_typedarray_null_arraybuffer", napi_create_typedarray(env, napi_uint8_array, 1, NULL, 0, &v)) \
  X("napi_create_typedarray_null_result", napi_create_typedarray(env, napi_uint8_array, 1, ab, 0, NULL)) \
  X("napi_create_typedarray_not_arraybuffer", napi_create_typedarray(env, napi_uint8_array, 1, obj, 0, &v)) \
  X("napi_create_typedarray_bad_type", napi_create_typedarray(env, (napi_typedarray_type)99, 1, ab, 0, &v)) \
  X("napi_get_typedarray_info_null_value", napi_get_typedarray_info(env, NULL, NULL, NULL, NULL, NULL, NULL)) \
  X("napi_get_typedarray_info_null_outputs", napi_get_typedarray_info(env, ta, NULL, NULL, NULL, NULL, NULL)) \
  X("napi_get_typedarray_info_not_typedarray", napi_get_typedarray_info(env, obj, NULL, &n, NULL, NULL, NULL)) \
  X("napi_is_typedarray_null_result", napi_is_typedarray(env, ta, NULL))                         \
  X("napi_create_dataview_null_arraybuffer", napi_create_dataview(env, 1, NULL, 0, &v))          \
  X("napi_create_dataview_null_result", napi_create_dataview(env, 1, ab, 0, NULL))               \
  X("napi_create_dataview_not_arraybuffer", napi_create_dataview(env, 1, obj, 0, &v))            \
  X("napi_get_dataview_info_null_value", napi_get_dataview_info(env, NULL, &n, &p, NULL, NULL))  \
  X("napi_get_dataview_info_not_dataview", napi_get_dataview_info(env, obj, &n, &p, NULL, NULL)) \
  X("napi_get_dataview_info_null_outputs", napi_get_dataview_info(env, dv, NULL, NULL, NULL, NULL)) \
  X("napi_is_dataview_null_result", napi_is_dataview(env, dv, NULL))                             \
  X("napi_create_buffer_null_result", napi_create_buffer(env, 4, &p, NULL))                      \
  X("napi_create_buffer_null_data", napi_create_buffer(env, 4, NULL, &v))                        \
  X("napi_create_buffer_copy_null_data", napi_create_buffer_copy(env, 4, NULL, &p, &v))          \
  X("napi_create_buffer_copy_null_result", napi_create_buffer_copy(env, 1, "a", &p, NULL))       \
  X("napi_create_external_buffer_null_result", napi_create_external_buffer(env, 1, latin, NULL, NULL, NULL)) \
  X("napi_get_buffer_info_null_value", napi_get_buffer_info(env, NULL, &p, &n))                  \
  X("napi_get_buffer_info_not_buffer", napi_get_buffer_info(env, obj, &p, &n))                   \
  X("napi_get_buffer_info_null_outputs", napi_get_buffer_info(env, bufv, NULL, NULL))            \
  X("napi_is_buffer_null_result", napi_is_buffer(env, bufv, NULL))                               \
  X("napi_is_buffer_null_value", napi_is_buffer(env, NULL, &b))                                  \
  X("node_api_create_buffer_from_arraybuffer_null_arraybuffer", node_api_create_buffer_from_arraybuffer(env, NULL, 0, 1, &v)) \
  X("node_api_create_buffer_from_arraybuffer_null_result", node_api_create_buffer_from_arraybuffer(env, ab, 0, 1, NULL)) \
  X("napi_is_error_null_value", napi_is_error(env, NULL, &b))                                    \
  X("napi_is_error_null_result", napi_is_error(env, obj, NULL))                                  \
  X("napi_is_exception_pending_null_result", napi_is_exception_pending(env, NULL))               \
  X("napi_adjust_external_memory_null_result", napi_adjust_external_memory(env, 1, NULL))        \
  X("napi_add_env_cleanup_hook_null_fun", napi_add_env_cleanup_hook(env, NULL, NULL))            \
  X("napi_remove_env_cleanup_hook_null_fun", napi_remove_env_cleanup_hook(env, NULL, NULL))      \
  X("napi_remove_env_cleanup_hook_not_added", napi_remove_env_cleanup_hook(env, DummyHook, &n))  \
  X("napi_add_async_cleanup_hook_null_hook", napi_add_async_cleanup_hook(env, NULL, NULL, NULL)) \
  X("napi_remove_async_cleanup_hook_null", napi_remove_async_cleanup_hook(NULL))                 \
  X("napi_create_async_work_null_execute", napi_create_async_work(env, NULL, str, NULL, NULL, NULL, &work)) \
  X("napi_create_async_work_null_name", napi_create_async_work(env, NULL, NULL, DummyExecute, NULL, NULL, &work)) \
  X("napi_create_async_work_null_result", napi_create_async_work(env, NULL, str, DummyExecute, NULL, NULL, NULL)) \
  X("napi_delete_async_work_null", napi_delete_async_work(env, NULL))                            \
  X("napi_queue_async_work_null", napi_queue_async_work(env, NULL))                              \
  X("napi_cancel_async_work_null", napi_cancel_async_work(env, NULL))                            \
  X("napi_async_init_null_name", napi_async_init(env, NULL, NULL, &actx))                        \
  X("napi_async_init_null_result", napi_async_init(env, NULL, str, NULL))                        \
  X("napi_async_destroy_null", napi_async_destroy(env, NULL))                                    \
  X("napi_open_callback_scope_null_result", napi_open_callback_scope(env, obj, NULL, NULL))      \
  X("napi_close_callback_scope_null", napi_close_callback_scope(env, NULL))                      \
  X("napi_create_threadsafe_function_null_result", napi_create_threadsafe_function(env, fn, NULL, str, 0, 1, NULL, NULL, NULL, NULL, NULL)) \
  X("napi_create_threadsafe_function_no_func_no_call_js", napi_create_threadsafe_function(env, NULL, NULL, str, 0, 1, NULL, NULL, NULL, NULL, &tsfn)) \
  X("napi_create_threadsafe_function_null_name", napi_create_threadsafe_function(env, fn, NULL, NULL, 0, 1, NULL, NULL, NULL, NULL, &tsfn)) \
  X("napi_create_threadsafe_function_zero_threads", napi_create_threadsafe_function(env, fn, NULL, str, 0, 0, NULL, NULL, NULL, NULL, &tsfn)) \
  X("napi_get_uv_event_loop_null_result", napi_get_uv_event_loop(env, NULL))                     \
  X("node_api_post_finalizer_null_cb", node_api_post_finalizer(env, NULL, NULL, NULL))           \
  X("napi_add_finalizer_null_object", napi_add_finalizer(env, NULL, &n, DummyFinalize, NULL, NULL)) \
  X("napi_add_finalizer_null_cb", napi_add_finalizer(env, obj, &n, NULL, NULL, NULL))            \
  X("napi_add_finalizer_number", napi_add_finalizer(env, num, &n, DummyFinalize, NULL, NULL))    \
  X("napi_object_seal_null", napi_object_seal(env, NULL))                                        \
  X("napi_object_freeze_number", napi_object_freeze(env, num))                                   \
  X("napi_object_freeze_undefined", napi_object_freeze(env, undef))                              \
  X("napi_object_seal_string", napi_object_seal(env, str))                                       \
  X("napi_run_script_null_script", napi_run_script(env, NULL, &v))                               \
  X("napi_run_script_null_result", napi_run_script(env, str, NULL))                              \
  X("napi_run_script_number", napi_run_script(env, num, &v))                                     \
  X("napi_fatal_exception_null", napi_fatal_exception(env, NULL))                                \
  X("napi_throw_null", napi_throw(env, NULL))

#define NAME(n, expr) n,
static const char* const kNames[] = {CASES(NAME)};
#define N_CASES ((int)(sizeof kNames / sizeof kNames[0]))

static napi_status run_case(napi_env env, napi_callback_info info, int i) {
  napi_value v = NULL, obj, obj2, arr, str, num, t, undef, fn, ext, date, big, ab, ta, dv, bufv;
  napi_value wrapped;
  napi_ref ref, objref;
  napi_deferred deferred = NULL;
  napi_escapable_handle_scope escapable;
  napi_async_work work;
  napi_async_context actx;
  napi_threadsafe_function tsfn;
  napi_type_tag tag = {1, 2};
  uint64_t words[2] = {1, 2};
  int sign;
  int32_t i32;
  int64_t i64;
  uint32_t u32;
  double d;
  size_t n;
  void* p;
  bool b;
  char buf[16];
  static char latin[] = "a";
  napi_property_descriptor nameless[] = {{NULL, NULL, Dummy, NULL, NULL, NULL, napi_default, NULL}};
  napi_property_descriptor named[] = {{"x", NULL, Dummy, NULL, NULL, NULL, napi_default, NULL}};
  napi_create_object(env, &obj);
  napi_create_object(env, &obj2);
  napi_create_object(env, &wrapped);
  napi_wrap(env, wrapped, &n, NULL, NULL, NULL);
  napi_create_array_with_length(env, 1, &arr);
  napi_create_string_utf8(env, "s", 1, &str);
  napi_create_double(env, 1.5, &num);
  napi_get_boolean(env, true, &t);
  napi_get_undefined(env, &undef);
  napi_create_function(env, "f", 1, Dummy, NULL, &fn);
  napi_create_external(env, &n, NULL, NULL, &ext);
  napi_create_date(env, 0, &date);
  napi_create_bigint_int64(env, 5, &big);
  napi_create_arraybuffer(env, 8, &p, &ab);
  napi_create_typedarray(env, napi_uint8_array, 4, ab, 0, &ta);
  napi_create_dataview(env, 4, ab, 0, &dv);
  napi_create_buffer(env, 4, &p, &bufv);
  napi_create_reference(env, obj, 1, &objref);
  napi_open_escapable_handle_scope(env, &escapable);
  if (strcmp(kNames[i], "napi_resolve_deferred_null_value") == 0)
    napi_create_promise(env, &deferred, &v);
  napi_status s = napi_generic_failure;
  int k = 0;
#define RUN(name, expr) \
  if (i == k++) s = (expr);
  CASES(RUN)
  napi_close_escapable_handle_scope(env, escapable);
  napi_delete_reference(env, objref);
  if (deferred != NULL && s != napi_ok) napi_resolve_deferred(env, deferred, undef);
  (void)ref; (void)work; (void)actx; (void)tsfn; (void)sign; (void)i32; (void)i64; (void)d;
  return s;
}

static napi_value Count(napi_env env, napi_callback_info info) {
  napi_value r;
  napi_create_int32(env, N_CASES, &r);
  return r;
}

static int32_t arg_index(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t i = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], &i) != napi_ok || i < 0 || i >= N_CASES)
    return -1;
  return i;
}

static napi_value Name(napi_env env, napi_callback_info info) {
  int32_t i = arg_index(env, info);
  napi_value r;
  napi_create_string_utf8(env, i < 0 ? "" : kNames[i], NAPI_AUTO_LENGTH, &r);
  return r;
}

static napi_value Run(napi_env env, napi_callback_info info) {
  int32_t i = arg_index(env, info);
  if (i < 0) {
    napi_throw_range_error(env, NULL, "no such case");
    return NULL;
  }
  napi_status s = run_case(env, info, i);
  napi_value ignored, r;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) napi_get_and_clear_last_exception(env, &ignored);
  napi_create_int32(env, (int32_t)s, &r);
  return r;
}

/* The Node-API version the module declares: NAPI_VERSION, unless the build says
 * otherwise (Node 20, which has not Node-API 10, is run with -DDECLARED_VERSION=9). */
#ifndef DECLARED_VERSION
#define DECLARED_VERSION NAPI_VERSION
#endif
NAPI_MODULE_EXPORT int32_t node_api_module_get_api_version_v1(void) { return DECLARED_VERSION; }

NAPI_MODULE_EXPORT napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"count", NULL, Count, NULL, NULL, NULL, napi_default, NULL},
      {"name", NULL, Name, NULL, NULL, NULL, napi_default, NULL},
      {"run", NULL, Run, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 3, props);
  return exports;
}
