"""An addon calling napi_* with NULL pointers gets a status, never a crash."""

import pytest

from conftest import load_test_addon
from napi_status import Status


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("null_args")


def test_null_env_is_invalid_arg_everywhere(addon):
    statuses = addon.nullEnvStatuses()
    assert len(statuses) > 50
    wrong = {name: Status(s).name for name, s in statuses.items() if s != Status.napi_invalid_arg}
    assert wrong == {}


def test_null_pointer_arguments_are_invalid_arg(addon):
    statuses = addon.nullArgStatuses()
    assert len(statuses) > 50
    wrong = {name: Status(s).name for name, s in statuses.items() if s != Status.napi_invalid_arg}
    assert wrong == {}


# What Node 20 returns for each case of tests/addons/null_cases (measured by
# tests/node_reference/measure.sh: that addon run in node, each case in its own
# process); where Node crashes or lacks the function, the comment says so and the
# status is ours.
NODE_STATUSES = {
    "napi_get_null": Status.napi_invalid_arg,
    "napi_get_global": Status.napi_invalid_arg,
    "napi_get_boolean": Status.napi_invalid_arg,
    "napi_create_array_with_length": Status.napi_invalid_arg,
    "napi_create_int32": Status.napi_invalid_arg,
    "napi_create_uint32": Status.napi_invalid_arg,
    "napi_create_int64": Status.napi_invalid_arg,
    "napi_create_string_utf8_null_len0": Status.napi_ok,
    "napi_create_string_utf8_null_auto": Status.napi_invalid_arg,
    "napi_create_string_latin1_null_str": Status.napi_invalid_arg,
    "napi_create_string_latin1_null_result": Status.napi_invalid_arg,
    "napi_create_string_utf16_null_result": Status.napi_invalid_arg,
    "napi_create_string_utf8_too_long": Status.napi_invalid_arg,
    "node_api_create_property_key_utf8_null_str": Status.napi_invalid_arg,
    "node_api_create_property_key_latin1_null_str": Status.napi_invalid_arg,
    "node_api_create_property_key_utf16_null_str": Status.napi_invalid_arg,
    "node_api_create_property_key_utf8_null_result": Status.napi_invalid_arg,
    "node_api_create_external_string_latin1_null_str": Status.napi_invalid_arg,
    "node_api_create_external_string_latin1_null_result": Status.napi_invalid_arg,
    "node_api_create_external_string_utf16_null_str": Status.napi_invalid_arg,
    "napi_create_symbol_null_result": Status.napi_invalid_arg,
    "napi_create_symbol_number_description": Status.napi_string_expected,
    "node_api_symbol_for_null_result": Status.napi_invalid_arg,
    "node_api_symbol_for_null_len5": Status.napi_invalid_arg,
    "napi_create_function_null_result": Status.napi_invalid_arg,
    "napi_create_function_null_name": Status.napi_ok,
    "napi_create_error_null_result": Status.napi_invalid_arg,
    "napi_create_error_number_msg": Status.napi_string_expected,
    "napi_create_error_number_code": Status.napi_string_expected,
    "napi_create_type_error_null_msg": Status.napi_invalid_arg,
    "napi_create_range_error_null_msg": Status.napi_invalid_arg,
    "node_api_create_syntax_error_null_msg": Status.napi_invalid_arg,
    "napi_throw_error_null_msg": Status.napi_invalid_arg,
    "napi_throw_type_error_null_msg": Status.napi_invalid_arg,
    "napi_throw_range_error_null_msg": Status.napi_invalid_arg,
    "node_api_throw_syntax_error_null_msg": Status.napi_invalid_arg,
    "napi_get_value_int32_null_result": Status.napi_invalid_arg,
    "napi_get_value_int32_null_value": Status.napi_invalid_arg,
    "napi_get_value_uint32_null_result": Status.napi_invalid_arg,
    "napi_get_value_int64_null_result": Status.napi_invalid_arg,
    "napi_get_value_bool_null_result": Status.napi_invalid_arg,
    "napi_get_value_bool_null_value": Status.napi_invalid_arg,
    "napi_get_value_string_latin1_null_buf_null_result": Status.napi_invalid_arg,
    "napi_get_value_string_utf16_null_buf_null_result": Status.napi_invalid_arg,
    "napi_get_value_string_utf8_null_buf": Status.napi_ok,
    "napi_get_value_string_utf8_buf_null_result": Status.napi_ok,
    "napi_get_value_string_utf8_number": Status.napi_string_expected,
    "napi_coerce_to_bool_null_value": Status.napi_invalid_arg,
    "napi_coerce_to_bool_null_result": Status.napi_invalid_arg,
    "napi_coerce_to_number_null_value": Status.napi_invalid_arg,
    "napi_coerce_to_number_null_result": Status.napi_invalid_arg,
    "napi_coerce_to_object_null_value": Status.napi_invalid_arg,
    "napi_coerce_to_object_null_result": Status.napi_invalid_arg,
    "napi_coerce_to_string_null_result": Status.napi_invalid_arg,
    "napi_get_prototype_null_result": Status.napi_invalid_arg,
    "node_api_set_prototype_null_object": Status.napi_invalid_arg,  # newer than Node 20
    "node_api_set_prototype_null_value": Status.napi_invalid_arg,  # newer than Node 20
    "napi_get_property_names_null_object": Status.napi_invalid_arg,
    "napi_get_all_property_names_null_result": Status.napi_invalid_arg,
    "napi_get_all_property_names_null_object": Status.napi_invalid_arg,
    "napi_get_property_null_key": Status.napi_invalid_arg,
    "napi_get_property_null_object": Status.napi_invalid_arg,
    "napi_get_property_on_undefined": Status.napi_object_expected,
    "napi_has_property_null_key": Status.napi_invalid_arg,
    "napi_has_property_null_result": Status.napi_invalid_arg,
    "napi_delete_property_null_key": Status.napi_invalid_arg,
    "napi_delete_property_null_result": Status.napi_ok,
    "napi_has_own_property_null_key": Status.napi_invalid_arg,
    "napi_has_own_property_number_key": Status.napi_name_expected,
    "napi_has_named_property_null_name": Status.napi_invalid_arg,
    "napi_has_named_property_null_result": Status.napi_invalid_arg,
    "napi_get_named_property_null_result": Status.napi_invalid_arg,
    "napi_set_named_property_null_value": Status.napi_invalid_arg,
    "napi_set_element_null_value": Status.napi_invalid_arg,
    "napi_set_element_null_object": Status.napi_invalid_arg,
    "napi_has_element_null_result": Status.napi_invalid_arg,
    "napi_delete_element_null_result": Status.napi_ok,
    "napi_define_properties_nameless": Status.napi_name_expected,  # Node 20 crashes
    "napi_define_properties_null_object": Status.napi_invalid_arg,
    "napi_get_array_length_null_result": Status.napi_invalid_arg,
    "napi_get_array_length_not_array": Status.napi_array_expected,
    "napi_is_array_null_result": Status.napi_invalid_arg,
    "napi_strict_equals_null_result": Status.napi_invalid_arg,
    "napi_call_function_null_func": Status.napi_invalid_arg,
    "napi_call_function_not_function": Status.napi_invalid_arg,
    "napi_call_function_null_result": Status.napi_ok,
    "napi_new_instance_null_result": Status.napi_invalid_arg,
    "napi_new_instance_null_argv": Status.napi_invalid_arg,
    "napi_instanceof_null_object": Status.napi_invalid_arg,
    "napi_instanceof_null_result": Status.napi_invalid_arg,
    "napi_instanceof_not_function": Status.napi_function_expected,
    "napi_get_new_target_null_result": Status.napi_invalid_arg,
    "napi_get_new_target_null_info": Status.napi_invalid_arg,
    "napi_get_cb_info_all_null": Status.napi_ok,
    "napi_define_class_null_name": Status.napi_invalid_arg,
    "napi_define_class_null_properties": Status.napi_invalid_arg,
    "napi_define_class_null_result": Status.napi_invalid_arg,
    "napi_define_class_nameless_property": Status.napi_name_expected,  # Node 20 crashes
    "napi_wrap_null_native": Status.napi_ok,
    "napi_wrap_twice": Status.napi_invalid_arg,
    "napi_wrap_number": Status.napi_invalid_arg,
    "napi_unwrap_not_wrapped": Status.napi_invalid_arg,
    "napi_remove_wrap_null_result": Status.napi_ok,
    "napi_remove_wrap_null_object": Status.napi_invalid_arg,
    "napi_type_tag_object_null_object": Status.napi_invalid_arg,
    "napi_type_tag_object_number": Status.napi_ok,
    "napi_type_tag_object_undefined": Status.napi_pending_exception,
    "napi_check_object_type_tag_number": Status.napi_ok,
    "napi_check_object_type_tag_undefined": Status.napi_pending_exception,
    "napi_check_object_type_tag_null_result": Status.napi_invalid_arg,
    "napi_create_external_null_result": Status.napi_invalid_arg,
    "napi_create_external_null_data": Status.napi_ok,
    "napi_get_value_external_null_result": Status.napi_invalid_arg,
    "napi_get_value_external_not_external": Status.napi_invalid_arg,
    "napi_create_reference_null_value": Status.napi_invalid_arg,
    "napi_create_reference_null_result": Status.napi_invalid_arg,
    "napi_reference_ref_null_ref": Status.napi_invalid_arg,
    "napi_reference_unref_null_ref": Status.napi_invalid_arg,
    "napi_get_reference_value_null_result": Status.napi_invalid_arg,
    "napi_open_handle_scope_null_result": Status.napi_invalid_arg,
    "napi_open_escapable_handle_scope_null_result": Status.napi_invalid_arg,
    "napi_close_escapable_handle_scope_null": Status.napi_invalid_arg,
    "napi_escape_handle_null_escapee": Status.napi_invalid_arg,
    "napi_escape_handle_null_result": Status.napi_invalid_arg,
    "napi_create_promise_null_deferred": Status.napi_invalid_arg,
    "napi_create_promise_null_promise": Status.napi_invalid_arg,
    "napi_resolve_deferred_null_value": Status.napi_invalid_arg,
    "napi_is_promise_null_value": Status.napi_invalid_arg,
    "napi_is_promise_null_result": Status.napi_invalid_arg,
    "napi_create_date_null_result": Status.napi_invalid_arg,
    "napi_is_date_null_value": Status.napi_invalid_arg,
    "napi_is_date_null_result": Status.napi_invalid_arg,
    "napi_get_date_value_null_result": Status.napi_invalid_arg,
    "napi_get_date_value_not_date": Status.napi_date_expected,
    "napi_create_bigint_int64_null_result": Status.napi_invalid_arg,
    "napi_create_bigint_uint64_null_result": Status.napi_invalid_arg,
    "napi_create_bigint_words_null_words": Status.napi_invalid_arg,
    "napi_create_bigint_words_null_words_count0": Status.napi_invalid_arg,
    "napi_create_bigint_words_too_many": Status.napi_invalid_arg,
    "napi_get_value_bigint_int64_null_lossless": Status.napi_invalid_arg,
    "napi_get_value_bigint_int64_null_result": Status.napi_invalid_arg,
    "napi_get_value_bigint_uint64_null_result": Status.napi_invalid_arg,
    "napi_get_value_bigint_int64_number": Status.napi_bigint_expected,
    "napi_get_value_bigint_words_null_count": Status.napi_invalid_arg,
    "napi_create_arraybuffer_null_result": Status.napi_invalid_arg,
    "napi_create_arraybuffer_null_data": Status.napi_ok,
    "napi_get_arraybuffer_info_null_value": Status.napi_invalid_arg,
    "napi_get_arraybuffer_info_not_arraybuffer": Status.napi_invalid_arg,
    "napi_get_arraybuffer_info_null_outputs": Status.napi_ok,
    "napi_is_arraybuffer_null_result": Status.napi_invalid_arg,
    "napi_detach_arraybuffer_null": Status.napi_invalid_arg,
    "napi_detach_arraybuffer_not_arraybuffer": Status.napi_arraybuffer_expected,
    "napi_is_detached_arraybuffer_null_result": Status.napi_invalid_arg,
    "napi_is_detached_arraybuffer_null_value": Status.napi_invalid_arg,
    "napi_create_typedarray_null_arraybuffer": Status.napi_invalid_arg,
    "napi_create_typedarray_null_result": Status.napi_invalid_arg,
    "napi_create_typedarray_not_arraybuffer": Status.napi_invalid_arg,
    "napi_create_typedarray_bad_type": Status.napi_invalid_arg,
    "napi_get_typedarray_info_null_value": Status.napi_invalid_arg,
    "napi_get_typedarray_info_null_outputs": Status.napi_ok,
    "napi_get_typedarray_info_not_typedarray": Status.napi_invalid_arg,
    "napi_is_typedarray_null_result": Status.napi_invalid_arg,
    "napi_create_dataview_null_arraybuffer": Status.napi_invalid_arg,
    "napi_create_dataview_null_result": Status.napi_invalid_arg,
    "napi_create_dataview_not_arraybuffer": Status.napi_invalid_arg,
    "napi_get_dataview_info_null_value": Status.napi_invalid_arg,
    "napi_get_dataview_info_not_dataview": Status.napi_invalid_arg,
    "napi_get_dataview_info_null_outputs": Status.napi_ok,
    "napi_is_dataview_null_result": Status.napi_invalid_arg,
    "napi_create_buffer_null_result": Status.napi_invalid_arg,
    "napi_create_buffer_null_data": Status.napi_ok,
    "napi_create_buffer_copy_null_data": Status.napi_invalid_arg,  # Node 20 crashes
    "napi_create_buffer_copy_null_result": Status.napi_invalid_arg,
    "napi_create_external_buffer_null_result": Status.napi_invalid_arg,
    "napi_get_buffer_info_null_value": Status.napi_invalid_arg,
    "napi_get_buffer_info_not_buffer": Status.napi_invalid_arg,
    "napi_get_buffer_info_null_outputs": Status.napi_ok,
    "napi_is_buffer_null_result": Status.napi_invalid_arg,
    "napi_is_buffer_null_value": Status.napi_invalid_arg,
    "node_api_create_buffer_from_arraybuffer_null_arraybuffer": Status.napi_invalid_arg,  # newer than Node 20
    "node_api_create_buffer_from_arraybuffer_null_result": Status.napi_invalid_arg,  # newer than Node 20
    "napi_is_error_null_value": Status.napi_invalid_arg,
    "napi_is_error_null_result": Status.napi_invalid_arg,
    "napi_is_exception_pending_null_result": Status.napi_invalid_arg,
    "napi_adjust_external_memory_null_result": Status.napi_invalid_arg,
    "napi_add_env_cleanup_hook_null_fun": Status.napi_invalid_arg,
    "napi_remove_env_cleanup_hook_null_fun": Status.napi_invalid_arg,
    "napi_remove_env_cleanup_hook_not_added": Status.napi_ok,
    "napi_add_async_cleanup_hook_null_hook": Status.napi_invalid_arg,
    "napi_remove_async_cleanup_hook_null": Status.napi_invalid_arg,
    "napi_create_async_work_null_execute": Status.napi_invalid_arg,
    "napi_create_async_work_null_name": Status.napi_invalid_arg,
    "napi_create_async_work_null_result": Status.napi_invalid_arg,
    "napi_delete_async_work_null": Status.napi_invalid_arg,
    "napi_queue_async_work_null": Status.napi_invalid_arg,
    "napi_cancel_async_work_null": Status.napi_invalid_arg,
    "napi_async_init_null_name": Status.napi_invalid_arg,
    "napi_async_init_null_result": Status.napi_invalid_arg,
    "napi_async_destroy_null": Status.napi_invalid_arg,
    "napi_open_callback_scope_null_result": Status.napi_invalid_arg,
    "napi_close_callback_scope_null": Status.napi_invalid_arg,
    "napi_create_threadsafe_function_null_result": Status.napi_invalid_arg,
    "napi_create_threadsafe_function_no_func_no_call_js": Status.napi_invalid_arg,
    "napi_create_threadsafe_function_null_name": Status.napi_invalid_arg,
    "napi_create_threadsafe_function_zero_threads": Status.napi_invalid_arg,
    "napi_get_uv_event_loop_null_result": Status.napi_invalid_arg,
    "node_api_post_finalizer_null_cb": Status.napi_invalid_arg,  # Node 20: napi_ok, and a crash when it runs
    "napi_add_finalizer_null_object": Status.napi_invalid_arg,
    "napi_add_finalizer_null_cb": Status.napi_invalid_arg,
    "napi_add_finalizer_number": Status.napi_invalid_arg,
    "napi_object_seal_null": Status.napi_invalid_arg,
    "napi_object_freeze_number": Status.napi_ok,
    "napi_object_freeze_undefined": Status.napi_object_expected,
    "napi_object_seal_string": Status.napi_ok,
    "napi_run_script_null_script": Status.napi_invalid_arg,
    "napi_run_script_null_result": Status.napi_invalid_arg,
    "napi_run_script_number": Status.napi_string_expected,
    "napi_fatal_exception_null": Status.napi_invalid_arg,
    "napi_throw_null": Status.napi_invalid_arg,
}


@pytest.fixture(scope="module")
def cases():
    return load_test_addon("null_cases")


def test_null_and_invalid_arguments_give_nodes_statuses(cases):
    got = {cases.name(i): cases.run(i) for i in range(cases.count())}
    assert set(got) == set(NODE_STATUSES)
    wrong = {name: (Status(s).name, NODE_STATUSES[name].name) for name, s in got.items()
             if s != NODE_STATUSES[name]}
    assert wrong == {}
