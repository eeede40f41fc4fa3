/* An addon whose init aborts the process (as some addons assert while loading):
 * `inspect` must have printed its static report before. */
#include <node_api.h>
#include <stdlib.h>

NAPI_MODULE_INIT() {
  napi_value v;
  napi_create_object(env, &v);
  abort();
  return exports;
}
