// ABI agreement check: napi-python's cxx/include headers vs. the official
// Node-API headers (npm package node-api-headers).
//
//   g++ -std=c++17 -fsyntax-only -I<node-api-headers>/include
//       tests/abi/check_abi.cc
//
// Compiles cleanly iff, for NAPI_VERSION 10 (non-experimental):
//   * every official function exists in ours with the same type (after
//     mapping ours::T -> official::T for every enum / struct / handle tag),
//   * every official enumerator exists in ours with the same value and
//     belongs to the corresponding enum type,
//   * every public typedef maps to the same type,
//   * every struct has the same size, alignment, field offsets and field
//     types,
//   * the registration macros name the same entry symbols.
// -DNAPI_PYTHON_ABI_SELFTEST_BREAK adds deliberately mismatched pairs; the
// build must then FAIL (proves the checks bite).
//
// How: each header set is included inside its own namespace, with
// NAPI_EXTERN defined as `typedef`, so every function declaration becomes a
// function-type typedef (no extern "C" clashes between the two sets).

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cstddef>
#include <type_traits>

// NAPI_NO_RETURN on a typedef'd napi_fatal_error is meaningless; hush it.
#pragma GCC diagnostic ignored "-Wattributes"

#ifdef NAPI_EXPERIMENTAL
#error "check_abi.cc compares the non-experimental surface; see check_abi_experimental.cc"
#endif
#ifndef NAPI_VERSION
#define NAPI_VERSION 10
#endif

#define ABI_STR2(x) #x
#define ABI_STR(x) ABI_STR2(x)

// ---------------------------------------------------------------- ours ----
#define NAPI_EXTERN typedef
namespace ours {
#include "../../cxx/include/node_api.h"
constexpr size_t auto_length = NAPI_AUTO_LENGTH;
constexpr long version_experimental = NAPI_VERSION_EXPERIMENTAL;
constexpr int module_version = NAPI_MODULE_VERSION;
constexpr const char* initializer = ABI_STR(NAPI_MODULE_INITIALIZER);
constexpr const char* get_api_version = ABI_STR(NODE_API_MODULE_GET_API_VERSION);
#ifdef NODE_API_HAS_FLOAT16_ARRAY
constexpr bool has_float16 = true;
#else
constexpr bool has_float16 = false;
#endif
}  // namespace ours

// Forget every macro our headers defined, so the official ones start clean.
#undef NAPI_EXTERN
#undef NAPI_CDECL
#undef NAPI_AUTO_LENGTH
#undef NAPI_VERSION_EXPERIMENTAL
#undef EXTERN_C_START
#undef EXTERN_C_END
#undef NAPI_MODULE_EXPORT
#undef NAPI_NO_RETURN
#undef NAPI_MODULE_VERSION
#undef NAPI_MODULE_INITIALIZER_X
#undef NAPI_MODULE_INITIALIZER_X_HELPER
#undef NAPI_MODULE_INITIALIZER_BASE
#undef NODE_API_MODULE_GET_API_VERSION_BASE
#undef NAPI_MODULE_INITIALIZER
#undef NODE_API_MODULE_GET_API_VERSION
#undef NAPI_MODULE_INIT
#undef NAPI_MODULE
#undef NAPI_MODULE_X
#undef NODE_API_HAS_FLOAT16_ARRAY
#undef NAPI_PYTHON_CONST_BASIC_ENV

// ------------------------------------------------------------ official ----
#define NAPI_EXTERN typedef
namespace official {
#include <node_api.h>
constexpr size_t auto_length = NAPI_AUTO_LENGTH;
constexpr long version_experimental = NAPI_VERSION_EXPERIMENTAL;
constexpr int module_version = NAPI_MODULE_VERSION;
constexpr const char* initializer = ABI_STR(NAPI_MODULE_INITIALIZER);
constexpr const char* get_api_version = ABI_STR(NODE_API_MODULE_GET_API_VERSION);
#ifdef NODE_API_HAS_FLOAT16_ARRAY
constexpr bool has_float16 = true;
#else
constexpr bool has_float16 = false;
#endif
}  // namespace official
#undef NAPI_EXTERN

// -------------------------------------------------- type mapping trait ----
// Map<T>::type rewrites every ours:: leaf type inside T into its official::
// counterpart.  Anything unmapped stays an ours:: type and so compares
// unequal: forgetting a mapping fails loudly, never silently.
template <class T> struct Map { using type = T; };
template <class T> struct Map<T*> { using type = typename Map<T>::type*; };
template <class T> struct Map<const T> { using type = const typename Map<T>::type; };
template <class T> struct Map<volatile T> { using type = volatile typename Map<T>::type; };
template <class T> struct Map<const volatile T> {
  using type = const volatile typename Map<T>::type;
};
template <class T, size_t N> struct Map<T[N]> { using type = typename Map<T>::type[N]; };
template <class R, class... A> struct Map<R(A...)> {
  using type = typename Map<R>::type(typename Map<A>::type...);
};

#define ABI_MAP(T) \
  template <> struct Map<ours::T> { using type = official::T; };
// enums and anonymous-struct typedefs
ABI_MAP(napi_status)
ABI_MAP(napi_valuetype)
ABI_MAP(napi_typedarray_type)
ABI_MAP(napi_property_attributes)
ABI_MAP(napi_key_collection_mode)
ABI_MAP(napi_key_filter)
ABI_MAP(napi_key_conversion)
ABI_MAP(napi_threadsafe_function_release_mode)
ABI_MAP(napi_threadsafe_function_call_mode)
ABI_MAP(napi_property_descriptor)
ABI_MAP(napi_extended_error_info)
ABI_MAP(napi_type_tag)
ABI_MAP(napi_node_version)
ABI_MAP(napi_module)
// opaque handle tags
ABI_MAP(napi_env__)
ABI_MAP(napi_value__)
ABI_MAP(napi_ref__)
ABI_MAP(napi_handle_scope__)
ABI_MAP(napi_escapable_handle_scope__)
ABI_MAP(napi_callback_info__)
ABI_MAP(napi_deferred__)
ABI_MAP(napi_callback_scope__)
ABI_MAP(napi_async_context__)
ABI_MAP(napi_async_work__)
ABI_MAP(napi_threadsafe_function__)
ABI_MAP(napi_async_cleanup_hook_handle__)
ABI_MAP(uv_loop_s)

template <class A, class B>
constexpr bool same_abi = std::is_same<typename Map<A>::type, B>::value;

constexpr bool str_eq(const char* a, const char* b) {
  while (*a && *a == *b) { ++a; ++b; }
  return *a == *b;
}

// ------------------------------------------------------------ functions ---
// Every function of the official v10 lists (symbols.js); the test checks
// this list against symbols.js so it cannot silently go stale.
#define ABI_FUNCTIONS(X) \
  X(napi_acquire_threadsafe_function) \
  X(napi_add_async_cleanup_hook) \
  X(napi_add_env_cleanup_hook) \
  X(napi_add_finalizer) \
  X(napi_adjust_external_memory) \
  X(napi_async_destroy) \
  X(napi_async_init) \
  X(napi_call_function) \
  X(napi_call_threadsafe_function) \
  X(napi_cancel_async_work) \
  X(napi_check_object_type_tag) \
  X(napi_close_callback_scope) \
  X(napi_close_escapable_handle_scope) \
  X(napi_close_handle_scope) \
  X(napi_coerce_to_bool) \
  X(napi_coerce_to_number) \
  X(napi_coerce_to_object) \
  X(napi_coerce_to_string) \
  X(napi_create_array) \
  X(napi_create_array_with_length) \
  X(napi_create_arraybuffer) \
  X(napi_create_async_work) \
  X(napi_create_bigint_int64) \
  X(napi_create_bigint_uint64) \
  X(napi_create_bigint_words) \
  X(napi_create_buffer) \
  X(napi_create_buffer_copy) \
  X(napi_create_dataview) \
  X(napi_create_date) \
  X(napi_create_double) \
  X(napi_create_error) \
  X(napi_create_external) \
  X(napi_create_external_arraybuffer) \
  X(napi_create_external_buffer) \
  X(napi_create_function) \
  X(napi_create_int32) \
  X(napi_create_int64) \
  X(napi_create_object) \
  X(napi_create_promise) \
  X(napi_create_range_error) \
  X(napi_create_reference) \
  X(napi_create_string_latin1) \
  X(napi_create_string_utf16) \
  X(napi_create_string_utf8) \
  X(napi_create_symbol) \
  X(napi_create_threadsafe_function) \
  X(napi_create_type_error) \
  X(napi_create_typedarray) \
  X(napi_create_uint32) \
  X(napi_define_class) \
  X(napi_define_properties) \
  X(napi_delete_async_work) \
  X(napi_delete_element) \
  X(napi_delete_property) \
  X(napi_delete_reference) \
  X(napi_detach_arraybuffer) \
  X(napi_escape_handle) \
  X(napi_fatal_error) \
  X(napi_fatal_exception) \
  X(napi_get_all_property_names) \
  X(napi_get_and_clear_last_exception) \
  X(napi_get_array_length) \
  X(napi_get_arraybuffer_info) \
  X(napi_get_boolean) \
  X(napi_get_buffer_info) \
  X(napi_get_cb_info) \
  X(napi_get_dataview_info) \
  X(napi_get_date_value) \
  X(napi_get_element) \
  X(napi_get_global) \
  X(napi_get_instance_data) \
  X(napi_get_last_error_info) \
  X(napi_get_named_property) \
  X(napi_get_new_target) \
  X(napi_get_node_version) \
  X(napi_get_null) \
  X(napi_get_property) \
  X(napi_get_property_names) \
  X(napi_get_prototype) \
  X(napi_get_reference_value) \
  X(napi_get_threadsafe_function_context) \
  X(napi_get_typedarray_info) \
  X(napi_get_undefined) \
  X(napi_get_uv_event_loop) \
  X(napi_get_value_bigint_int64) \
  X(napi_get_value_bigint_uint64) \
  X(napi_get_value_bigint_words) \
  X(napi_get_value_bool) \
  X(napi_get_value_double) \
  X(napi_get_value_external) \
  X(napi_get_value_int32) \
  X(napi_get_value_int64) \
  X(napi_get_value_string_latin1) \
  X(napi_get_value_string_utf16) \
  X(napi_get_value_string_utf8) \
  X(napi_get_value_uint32) \
  X(napi_get_version) \
  X(napi_has_element) \
  X(napi_has_named_property) \
  X(napi_has_own_property) \
  X(napi_has_property) \
  X(napi_instanceof) \
  X(napi_is_array) \
  X(napi_is_arraybuffer) \
  X(napi_is_buffer) \
  X(napi_is_dataview) \
  X(napi_is_date) \
  X(napi_is_detached_arraybuffer) \
  X(napi_is_error) \
  X(napi_is_exception_pending) \
  X(napi_is_promise) \
  X(napi_is_typedarray) \
  X(napi_make_callback) \
  X(napi_module_register) \
  X(napi_new_instance) \
  X(napi_object_freeze) \
  X(napi_object_seal) \
  X(napi_open_callback_scope) \
  X(napi_open_escapable_handle_scope) \
  X(napi_open_handle_scope) \
  X(napi_queue_async_work) \
  X(napi_ref_threadsafe_function) \
  X(napi_reference_ref) \
  X(napi_reference_unref) \
  X(napi_reject_deferred) \
  X(napi_release_threadsafe_function) \
  X(napi_remove_async_cleanup_hook) \
  X(napi_remove_env_cleanup_hook) \
  X(napi_remove_wrap) \
  X(napi_resolve_deferred) \
  X(napi_run_script) \
  X(napi_set_element) \
  X(napi_set_instance_data) \
  X(napi_set_named_property) \
  X(napi_set_property) \
  X(napi_strict_equals) \
  X(napi_throw) \
  X(napi_throw_error) \
  X(napi_throw_range_error) \
  X(napi_throw_type_error) \
  X(napi_type_tag_object) \
  X(napi_typeof) \
  X(napi_unref_threadsafe_function) \
  X(napi_unwrap) \
  X(napi_wrap) \
  X(node_api_create_buffer_from_arraybuffer) \
  X(node_api_create_external_string_latin1) \
  X(node_api_create_external_string_utf16) \
  X(node_api_create_property_key_latin1) \
  X(node_api_create_property_key_utf16) \
  X(node_api_create_property_key_utf8) \
  X(node_api_create_syntax_error) \
  X(node_api_get_module_file_name) \
  X(node_api_symbol_for) \
  X(node_api_throw_syntax_error)

#define ABI_CHECK_FN_PAIR(a, b)                                    \
  static_assert(std::is_function<official::b>::value, #b);         \
  static_assert(same_abi<ours::a, official::b>,                    \
                "function signature differs: " #a);
#define ABI_CHECK_FN(f) ABI_CHECK_FN_PAIR(f, f)
ABI_FUNCTIONS(ABI_CHECK_FN)

// ---------------------------------------------------------- enumerators ---
#define ABI_CHECK_ENUM_PAIR(a, b)                                        \
  static_assert(static_cast<long long>(ours::a) ==                       \
                    static_cast<long long>(official::b),                 \
                "enumerator value differs: " #a);                        \
  static_assert(same_abi<decltype(ours::a), decltype(official::b)>,      \
                "enumerator belongs to a different enum: " #a);
#define ABI_CHECK_ENUM(e) ABI_CHECK_ENUM_PAIR(e, e)

#define ABI_ENUMERATORS(X)                                                   \
  /* napi_status */                                                          \
  X(napi_ok) X(napi_invalid_arg) X(napi_object_expected)                     \
  X(napi_string_expected) X(napi_name_expected) X(napi_function_expected)    \
  X(napi_number_expected) X(napi_boolean_expected) X(napi_array_expected)    \
  X(napi_generic_failure) X(napi_pending_exception) X(napi_cancelled)        \
  X(napi_escape_called_twice) X(napi_handle_scope_mismatch)                  \
  X(napi_callback_scope_mismatch) X(napi_queue_full) X(napi_closing)         \
  X(napi_bigint_expected) X(napi_date_expected) X(napi_arraybuffer_expected) \
  X(napi_detachable_arraybuffer_expected) X(napi_would_deadlock)             \
  X(napi_no_external_buffers_allowed) X(napi_cannot_run_js)                  \
  /* napi_valuetype */                                                       \
  X(napi_undefined) X(napi_null) X(napi_boolean) X(napi_number)              \
  X(napi_string) X(napi_symbol) X(napi_object) X(napi_function)              \
  X(napi_external) X(napi_bigint)                                            \
  /* napi_typedarray_type */                                                 \
  X(napi_int8_array) X(napi_uint8_array) X(napi_uint8_clamped_array)         \
  X(napi_int16_array) X(napi_uint16_array) X(napi_int32_array)               \
  X(napi_uint32_array) X(napi_float32_array) X(napi_float64_array)           \
  X(napi_bigint64_array) X(napi_biguint64_array) X(napi_float16_array)       \
  /* napi_property_attributes */                                             \
  X(napi_default) X(napi_writable) X(napi_enumerable) X(napi_configurable)   \
  X(napi_static) X(napi_default_method) X(napi_default_jsproperty)           \
  /* napi_key_* */                                                           \
  X(napi_key_include_prototypes) X(napi_key_own_only)                        \
  X(napi_key_all_properties) X(napi_key_writable) X(napi_key_enumerable)     \
  X(napi_key_configurable) X(napi_key_skip_strings) X(napi_key_skip_symbols) \
  X(napi_key_keep_numbers) X(napi_key_numbers_to_strings)                    \
  /* thread-safe function modes */                                           \
  X(napi_tsfn_release) X(napi_tsfn_abort)                                    \
  X(napi_tsfn_nonblocking) X(napi_tsfn_blocking)
ABI_ENUMERATORS(ABI_CHECK_ENUM)

// ------------------------------------------------------------- typedefs ---
#define ABI_CHECK_TYPE(T)                                                   \
  static_assert(same_abi<ours::T, official::T>, "typedef differs: " #T);   \
  static_assert(sizeof(ours::T) == sizeof(official::T), "sizeof " #T);     \
  static_assert(alignof(ours::T) == alignof(official::T), "alignof " #T);
#define ABI_CHECK_ENUM_TYPE(T)                                              \
  ABI_CHECK_TYPE(T)                                                         \
  static_assert(std::is_same<std::underlying_type<ours::T>::type,           \
                             std::underlying_type<official::T>::type>::value, \
                "underlying type of " #T);

ABI_CHECK_TYPE(napi_env)
ABI_CHECK_TYPE(node_api_nogc_env)
ABI_CHECK_TYPE(node_api_basic_env)
ABI_CHECK_TYPE(napi_value)
ABI_CHECK_TYPE(napi_ref)
ABI_CHECK_TYPE(napi_handle_scope)
ABI_CHECK_TYPE(napi_escapable_handle_scope)
ABI_CHECK_TYPE(napi_callback_info)
ABI_CHECK_TYPE(napi_deferred)
ABI_CHECK_TYPE(napi_callback)
ABI_CHECK_TYPE(napi_finalize)
ABI_CHECK_TYPE(node_api_nogc_finalize)
ABI_CHECK_TYPE(node_api_basic_finalize)
ABI_CHECK_TYPE(node_api_noenv_finalize)
ABI_CHECK_TYPE(napi_addon_register_func)
ABI_CHECK_TYPE(node_api_addon_get_api_version_func)
ABI_CHECK_TYPE(napi_callback_scope)
ABI_CHECK_TYPE(napi_async_context)
ABI_CHECK_TYPE(napi_async_work)
ABI_CHECK_TYPE(napi_cleanup_hook)
ABI_CHECK_TYPE(napi_threadsafe_function)
ABI_CHECK_TYPE(napi_async_execute_callback)
ABI_CHECK_TYPE(napi_async_complete_callback)
ABI_CHECK_TYPE(napi_threadsafe_function_call_js)
ABI_CHECK_TYPE(napi_async_cleanup_hook_handle)
ABI_CHECK_TYPE(napi_async_cleanup_hook)
ABI_CHECK_ENUM_TYPE(napi_status)
ABI_CHECK_ENUM_TYPE(napi_valuetype)
ABI_CHECK_ENUM_TYPE(napi_typedarray_type)
ABI_CHECK_ENUM_TYPE(napi_property_attributes)
ABI_CHECK_ENUM_TYPE(napi_key_collection_mode)
ABI_CHECK_ENUM_TYPE(napi_key_filter)
ABI_CHECK_ENUM_TYPE(napi_key_conversion)
ABI_CHECK_ENUM_TYPE(napi_threadsafe_function_release_mode)
ABI_CHECK_ENUM_TYPE(napi_threadsafe_function_call_mode)
ABI_CHECK_TYPE(napi_property_descriptor)
ABI_CHECK_TYPE(napi_extended_error_info)
ABI_CHECK_TYPE(napi_type_tag)
ABI_CHECK_TYPE(napi_node_version)
ABI_CHECK_TYPE(napi_module)

// ---------------------------------------------------------- struct layout -
#define ABI_CHECK_FIELD(S, f)                                               \
  static_assert(offsetof(ours::S, f) == offsetof(official::S, f),          \
                "offset of " #S "::" #f);                                  \
  static_assert(same_abi<decltype(ours::S::f), decltype(official::S::f)>, \
                "type of " #S "::" #f);

ABI_CHECK_FIELD(napi_property_descriptor, utf8name)
ABI_CHECK_FIELD(napi_property_descriptor, name)
ABI_CHECK_FIELD(napi_property_descriptor, method)
ABI_CHECK_FIELD(napi_property_descriptor, getter)
ABI_CHECK_FIELD(napi_property_descriptor, setter)
ABI_CHECK_FIELD(napi_property_descriptor, value)
ABI_CHECK_FIELD(napi_property_descriptor, attributes)
ABI_CHECK_FIELD(napi_property_descriptor, data)
ABI_CHECK_FIELD(napi_extended_error_info, error_message)
ABI_CHECK_FIELD(napi_extended_error_info, engine_reserved)
ABI_CHECK_FIELD(napi_extended_error_info, engine_error_code)
ABI_CHECK_FIELD(napi_extended_error_info, error_code)
ABI_CHECK_FIELD(napi_type_tag, lower)
ABI_CHECK_FIELD(napi_type_tag, upper)
ABI_CHECK_FIELD(napi_node_version, major)
ABI_CHECK_FIELD(napi_node_version, minor)
ABI_CHECK_FIELD(napi_node_version, patch)
ABI_CHECK_FIELD(napi_node_version, release)
ABI_CHECK_FIELD(napi_module, nm_version)
ABI_CHECK_FIELD(napi_module, nm_flags)
ABI_CHECK_FIELD(napi_module, nm_filename)
ABI_CHECK_FIELD(napi_module, nm_register_func)
ABI_CHECK_FIELD(napi_module, nm_modname)
ABI_CHECK_FIELD(napi_module, nm_priv)
ABI_CHECK_FIELD(napi_module, reserved)

// --------------------------------------------------------------- macros ---
static_assert(ours::auto_length == official::auto_length, "NAPI_AUTO_LENGTH");
static_assert(ours::version_experimental == official::version_experimental,
              "NAPI_VERSION_EXPERIMENTAL");
static_assert(ours::module_version == official::module_version,
              "NAPI_MODULE_VERSION");
static_assert(str_eq(ours::initializer, official::initializer),
              "NAPI_MODULE_INITIALIZER symbol name");
static_assert(str_eq(ours::initializer, "napi_register_module_v1"),
              "NAPI_MODULE_INITIALIZER symbol name");
static_assert(str_eq(ours::get_api_version, official::get_api_version),
              "NODE_API_MODULE_GET_API_VERSION symbol name");
static_assert(ours::has_float16 == official::has_float16,
              "NODE_API_HAS_FLOAT16_ARRAY");

// ------------------------------------------------------- self-test break --
#ifdef NAPI_PYTHON_ABI_SELFTEST_BREAK
// Each of these compares two things that really differ; each must fail.
ABI_CHECK_FN_PAIR(napi_create_int32, napi_create_uint32)  // int32 vs uint32
ABI_CHECK_ENUM_PAIR(napi_closing, napi_queue_full)        // 16 vs 15
static_assert(offsetof(ours::napi_node_version, minor) ==
                  offsetof(official::napi_node_version, major),
              "selftest: offsets differ");
#endif
