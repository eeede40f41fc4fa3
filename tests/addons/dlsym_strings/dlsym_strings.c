/* An addon that resolves its napi functions with dlsym at load time (as Neon and
 * some napi-rs builds do) and whose data also holds napi-like words that are no
 * functions ("napi_value", "napi_error"): inspect must count only the functions. */
#define _GNU_SOURCE
#include <node_api.h>
#include <dlfcn.h>

typedef napi_status (*create_string_fn)(napi_env, const char*, size_t, napi_value*);
typedef napi_status (*set_named_fn)(napi_env, napi_value, const char*, napi_value);

/* Kept in the binary: messages that name types, not functions. */
const char* const kNotes[] = {"expected a napi_value here", "napi_error: no such thing",
                              "napi_extended_error_info"};

NAPI_MODULE_EXPORT napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  create_string_fn create_string = (create_string_fn)dlsym(RTLD_DEFAULT, "napi_create_string_utf8");
  set_named_fn set_named = (set_named_fn)dlsym(RTLD_DEFAULT, "napi_set_named_property");
  napi_value v;
  if (create_string == NULL || set_named == NULL) return exports;
  create_string(env, kNotes[0], NAPI_AUTO_LENGTH, &v);
  set_named(env, exports, "note", v);
  return exports;
}
