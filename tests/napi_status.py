"""The numeric napi_status values (js_native_api_types.h), for tests whose addon
returns a status as a number."""

import enum


class Status(enum.IntEnum):
    napi_ok = 0
    napi_invalid_arg = 1
    napi_object_expected = 2
    napi_string_expected = 3
    napi_name_expected = 4
    napi_function_expected = 5
    napi_number_expected = 6
    napi_boolean_expected = 7
    napi_array_expected = 8
    napi_generic_failure = 9
    napi_pending_exception = 10
    napi_cancelled = 11
    napi_escape_called_twice = 12
    napi_handle_scope_mismatch = 13
    napi_callback_scope_mismatch = 14
    napi_queue_full = 15
    napi_closing = 16
    napi_bigint_expected = 17
    napi_date_expected = 18
    napi_arraybuffer_expected = 19
    napi_detachable_arraybuffer_expected = 20
    napi_would_deadlock = 21
    napi_no_external_buffers_allowed = 22
    napi_cannot_run_js = 23


globals().update(Status.__members__)
