/*
 * napi-python: engine-neutral Node-API types.
 *
 * Written for napi-python.  ABI-compatible with the Node.js header of the
 * same name: every type name, enumerator value and struct layout matches,
 * so addon sources compile unchanged against either set.  Checked by
 * tests/abi/check_abi.cc.
 */
#ifndef NAPI_PYTHON_JS_NATIVE_API_TYPES_H
#define NAPI_PYTHON_JS_NATIVE_API_TYPES_H

/* API level selection.  NAPI_EXPERIMENTAL selects everything. */
#define NAPI_VERSION_EXPERIMENTAL 2147483647
#ifndef NAPI_VERSION
#ifdef NAPI_EXPERIMENTAL
#define NAPI_VERSION NAPI_VERSION_EXPERIMENTAL
#else
#define NAPI_VERSION 8
#endif
#endif

/* Must stay usable from plain C. */
#include <stddef.h>
#include <stdint.h>

#if !defined __cplusplus || (defined(_MSC_VER) && _MSC_VER < 1900)
typedef uint16_t char16_t;
#endif

#ifndef NAPI_CDECL
#ifdef _WIN32
#define NAPI_CDECL __cdecl
#else
#define NAPI_CDECL
#endif
#endif

/* With NAPI_EXPERIMENTAL the "basic" env is const-qualified, so that code
 * running in a GC-time finalizer can only be handed to APIs that accept a
 * basic env.  The opt-out macros keep the older, non-const spelling. */
#if defined(NAPI_EXPERIMENTAL) &&                                   \
    !defined(NODE_API_EXPERIMENTAL_NOGC_ENV_OPT_OUT) &&             \
    !defined(NODE_API_EXPERIMENTAL_BASIC_ENV_OPT_OUT)
#define NAPI_PYTHON_CONST_BASIC_ENV 1
#else
#define NAPI_PYTHON_CONST_BASIC_ENV 0
#endif

/* ---- opaque handles ---------------------------------------------------- */
typedef struct napi_env__* napi_env;
#if NAPI_PYTHON_CONST_BASIC_ENV
typedef const struct napi_env__* node_api_nogc_env;
#else
typedef struct napi_env__* node_api_nogc_env;
#endif
typedef node_api_nogc_env node_api_basic_env;

typedef struct napi_value__* napi_value;
typedef struct napi_ref__* napi_ref;
typedef struct napi_handle_scope__* napi_handle_scope;
typedef struct napi_escapable_handle_scope__* napi_escapable_handle_scope;
typedef struct napi_callback_info__* napi_callback_info;
typedef struct napi_deferred__* napi_deferred;

/* ---- enums ------------------------------------------------------------- */
typedef enum {
  napi_default = 0,
  napi_writable = 1,
  napi_enumerable = 2,
  napi_configurable = 4,
  napi_static = 1024, /* class-level member (napi_define_class only) */
#if NAPI_VERSION >= 8
  napi_default_method = 1 | 4,         /* writable | configurable */
  napi_default_jsproperty = 1 | 2 | 4, /* writable|enumerable|configurable */
#endif
} napi_property_attributes;

typedef enum {
  napi_undefined = 0,
  napi_null = 1,
  napi_boolean = 2,
  napi_number = 3,
  napi_string = 4,
  napi_symbol = 5,
  napi_object = 6,
  napi_function = 7,
  napi_external = 8,
  napi_bigint = 9,
} napi_valuetype;

#define NODE_API_HAS_FLOAT16_ARRAY
typedef enum {
  napi_int8_array = 0,
  napi_uint8_array = 1,
  napi_uint8_clamped_array = 2,
  napi_int16_array = 3,
  napi_uint16_array = 4,
  napi_int32_array = 5,
  napi_uint32_array = 6,
  napi_float32_array = 7,
  napi_float64_array = 8,
  napi_bigint64_array = 9,
  napi_biguint64_array = 10,
  napi_float16_array = 11,
} napi_typedarray_type;

typedef enum {
  napi_ok = 0,
  napi_invalid_arg = 1,
  napi_object_expected = 2,
  napi_string_expected = 3,
  napi_name_expected = 4,
  napi_function_expected = 5,
  napi_number_expected = 6,
  napi_boolean_expected = 7,
  napi_array_expected = 8,
  napi_generic_failure = 9,
  napi_pending_exception = 10,
  napi_cancelled = 11,
  napi_escape_called_twice = 12,
  napi_handle_scope_mismatch = 13,
  napi_callback_scope_mismatch = 14,
  napi_queue_full = 15,
  napi_closing = 16,
  napi_bigint_expected = 17,
  napi_date_expected = 18,
  napi_arraybuffer_expected = 19,
  napi_detachable_arraybuffer_expected = 20,
  napi_would_deadlock = 21, /* reserved, never returned */
  napi_no_external_buffers_allowed = 22,
  napi_cannot_run_js = 23,
} napi_status;

/* ---- callbacks --------------------------------------------------------- */
typedef napi_value(NAPI_CDECL* napi_callback)(napi_env env,
                                              napi_callback_info info);
typedef void(NAPI_CDECL* napi_finalize)(napi_env env, void* data, void* hint);

#if NAPI_PYTHON_CONST_BASIC_ENV
typedef void(NAPI_CDECL* node_api_nogc_finalize)(node_api_nogc_env env,
                                                 void* data,
                                                 void* hint);
#else
typedef napi_finalize node_api_nogc_finalize;
#endif
typedef node_api_nogc_finalize node_api_basic_finalize;

/* Finalizer that receives no env at all (may run on any thread). */
typedef void(NAPI_CDECL* node_api_noenv_finalize)(void* data, void* hint);

/* ---- structs ----------------------------------------------------------- */
typedef struct {
  const char* utf8name; /* exactly one of utf8name / name is non-NULL */
  napi_value name;
  napi_callback method;
  napi_callback getter;
  napi_callback setter;
  napi_value value;
  napi_property_attributes attributes;
  void* data;
} napi_property_descriptor;

typedef struct {
  const char* error_message;
  void* engine_reserved;
  uint32_t engine_error_code;
  napi_status error_code;
} napi_extended_error_info;

#if NAPI_VERSION >= 6
typedef enum {
  napi_key_include_prototypes = 0,
  napi_key_own_only = 1,
} napi_key_collection_mode;

typedef enum {
  napi_key_all_properties = 0,
  napi_key_writable = 1,
  napi_key_enumerable = 2,
  napi_key_configurable = 4,
  napi_key_skip_strings = 8,
  napi_key_skip_symbols = 16,
} napi_key_filter;

typedef enum {
  napi_key_keep_numbers = 0,
  napi_key_numbers_to_strings = 1,
} napi_key_conversion;
#endif

#if NAPI_VERSION >= 8
typedef struct {
  uint64_t lower;
  uint64_t upper;
} napi_type_tag;
#endif

#endif /* NAPI_PYTHON_JS_NATIVE_API_TYPES_H */
