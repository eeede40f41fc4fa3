/*
 * napi-python: Node.js-specific Node-API types (async work, thread-safe
 * functions, cleanup hooks, module registration).
 *
 * Written for napi-python; ABI-compatible with the Node.js header of the
 * same name (see tests/abi/check_abi.cc).
 */
#ifndef NAPI_PYTHON_NODE_API_TYPES_H
#define NAPI_PYTHON_NODE_API_TYPES_H

#include "js_native_api_types.h"

/* Module entry point and the optional "which API version" query. */
typedef napi_value(NAPI_CDECL* napi_addon_register_func)(napi_env env,
                                                         napi_value exports);
typedef int32_t(NAPI_CDECL* node_api_addon_get_api_version_func)(void);

typedef struct napi_callback_scope__* napi_callback_scope;
typedef struct napi_async_context__* napi_async_context;
typedef struct napi_async_work__* napi_async_work;

#if NAPI_VERSION >= 3
typedef void(NAPI_CDECL* napi_cleanup_hook)(void* arg);
#endif

#if NAPI_VERSION >= 4
typedef struct napi_threadsafe_function__* napi_threadsafe_function;

typedef enum {
  napi_tsfn_release = 0,
  napi_tsfn_abort = 1,
} napi_threadsafe_function_release_mode;

typedef enum {
  napi_tsfn_nonblocking = 0,
  napi_tsfn_blocking = 1,
} napi_threadsafe_function_call_mode;
#endif

/* execute runs off the main thread and must not touch JS values. */
typedef void(NAPI_CDECL* napi_async_execute_callback)(napi_env env,
                                                      void* data);
typedef void(NAPI_CDECL* napi_async_complete_callback)(napi_env env,
                                                       napi_status status,
                                                       void* data);

#if NAPI_VERSION >= 4
typedef void(NAPI_CDECL* napi_threadsafe_function_call_js)(
    napi_env env, napi_value js_callback, void* context, void* data);
#endif

typedef struct {
  uint32_t major;
  uint32_t minor;
  uint32_t patch;
  const char* release;
} napi_node_version;

#if NAPI_VERSION >= 8
typedef struct napi_async_cleanup_hook_handle__*
    napi_async_cleanup_hook_handle;
typedef void(NAPI_CDECL* napi_async_cleanup_hook)(
    napi_async_cleanup_hook_handle handle, void* data);
#endif

#endif /* NAPI_PYTHON_NODE_API_TYPES_H */
