/* A ReadableStream made the way napi-rs makes one for a Rust Stream it returns:
 * napi_get_global + "ReadableStream", new ReadableStream({pull, cancel[, type:
 * "bytes"]}) with napi_new_instance; pull(controller) binds the controller's enqueue
 * and close (Function.prototype.bind, as napi-rs's FunctionRef does) and returns a
 * promise.
 *
 *   makeStream(chunks, mode = 0, errorAt = -1) -> the stream
 *     mode 0: pull enqueues chunks[i] (or closes) and returns a resolved promise;
 *     mode 1: the same from an async work's complete callback, pull's promise
 *             settled there (reads wait across loop turns);
 *     mode 2: a "bytes" source (the chunks are Buffers), as mode 0.
 *     At i == errorAt pull calls controller.error(Error "source failed") instead.
 *   pulls() -> how many times pull ran for the last stream made (others' pulls, a
 *     stream of an earlier case read ahead on a later loop, do not count)
 *   lastCancel() -> the reason the last cancel(reason) was given (undefined: none)
 *   isReadableStream(v) -> napi_instanceof(v, globalThis.ReadableStream)
 *   readAll(stream) -> a promise of the array of chunks, read through
 *     stream.getReader() and read.bind(reader) as napi-rs's Reader reads one. */
#include "test_helpers.h"

#include <stdlib.h>

typedef struct {
  napi_ref chunks;
  uint32_t i, n;
  int32_t mode, error_at;
} Source;

static int32_t g_pulls = 0;   /* pulls of the last stream made (g_last) */
static void* g_last = NULL;
static napi_ref g_last_cancel = NULL;

static napi_value bound(napi_env env, napi_value obj, const char* name) {
  napi_value fn, bind, out;
  NODE_API_CALL(env, napi_get_named_property(env, obj, name, &fn));
  NODE_API_CALL(env, napi_get_named_property(env, fn, "bind", &bind));
  NODE_API_CALL(env, napi_call_function(env, fn, bind, 1, &obj, &out));
  return out;
}

/* One step of the source: enqueue the next chunk, close, or error the stream. */
static void source_step(napi_env env, Source* s, napi_value controller) {
  napi_value undefined, result;
  napi_get_undefined(env, &undefined);
  if ((int32_t)s->i == s->error_at) {
    napi_value fn, msg, err;
    napi_get_named_property(env, controller, "error", &fn);
    napi_create_string_utf8(env, "source failed", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
    napi_call_function(env, controller, fn, 1, &err, &result);
    s->i++;
    return;
  }
  if (s->i < s->n) {
    napi_value chunks, chunk, enqueue = bound(env, controller, "enqueue");
    napi_get_reference_value(env, s->chunks, &chunks);
    napi_get_element(env, chunks, s->i++, &chunk);
    napi_call_function(env, undefined, enqueue, 1, &chunk, &result);
  } else {
    napi_value close = bound(env, controller, "close");
    napi_call_function(env, undefined, close, 0, NULL, &result);
  }
}

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref controller;
  Source* source;
} Later;

static void later_execute(napi_env env, void* data) {}

static void later_complete(napi_env env, napi_status status, void* data) {
  Later* l = (Later*)data;
  napi_value controller, undefined;
  napi_get_reference_value(env, l->controller, &controller);
  source_step(env, l->source, controller);
  napi_get_undefined(env, &undefined);
  napi_resolve_deferred(env, l->deferred, undefined);
  napi_delete_reference(env, l->controller);
  napi_delete_async_work(env, l->work);
  free(l);
}

static napi_value Pull(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value controller, promise, undefined;
  void* data;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, &controller, NULL, &data));
  Source* s = (Source*)data;
  if (s == g_last) g_pulls++;
  napi_deferred deferred;
  NODE_API_CALL(env, napi_create_promise(env, &deferred, &promise));
  if (s->mode == 1) {
    Later* l = (Later*)calloc(1, sizeof *l);
    napi_value name;
    l->deferred = deferred;
    l->source = s;
    NODE_API_CALL(env, napi_create_reference(env, controller, 1, &l->controller));
    NODE_API_CALL(env, napi_create_string_utf8(env, "pull", NAPI_AUTO_LENGTH, &name));
    NODE_API_CALL(env, napi_create_async_work(env, NULL, name, later_execute, later_complete,
                                              l, &l->work));
    NODE_API_CALL(env, napi_queue_async_work(env, l->work));
    return promise;
  }
  source_step(env, s, controller);
  bool pending = false;
  NODE_API_CALL(env, napi_is_exception_pending(env, &pending));
  if (pending) return NULL;  /* enqueue threw: pull throws it */
  NODE_API_CALL(env, napi_get_undefined(env, &undefined));
  NODE_API_CALL(env, napi_resolve_deferred(env, deferred, undefined));
  return promise;
}

static napi_value Cancel(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value reason;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, &reason, NULL, NULL));
  if (argc < 1) napi_get_undefined(env, &reason);
  /* kept in an array: Node-API 9 refers to objects only */
  napi_value holder;
  if (g_last_cancel != NULL) napi_delete_reference(env, g_last_cancel);
  NODE_API_CALL(env, napi_create_array(env, &holder));
  NODE_API_CALL(env, napi_set_element(env, holder, 0, reason));
  NODE_API_CALL(env, napi_create_reference(env, holder, 1, &g_last_cancel));
  return NULL;
}

static void free_source(napi_env env, void* data, void* hint) {
  Source* s = (Source*)data;
  if (s == g_last) g_last = NULL;
  napi_delete_reference(env, s->chunks);
  free(s);
}

static napi_value MakeStream(napi_env env, napi_callback_info info) {
  napi_value argv[3], global, ctor, source, pull, cancel, stream;
  size_t argc = th_args(env, info, 3, argv);
  Source* s = (Source*)calloc(1, sizeof *s);
  s->error_at = -1;
  NODE_API_CALL(env, napi_create_reference(env, argv[0], 1, &s->chunks));
  NODE_API_CALL(env, napi_get_array_length(env, argv[0], &s->n));
  if (argc > 1) NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &s->mode));
  if (argc > 2) NODE_API_CALL(env, napi_get_value_int32(env, argv[2], &s->error_at));
  g_pulls = 0;
  g_last = s;
  NODE_API_CALL(env, napi_create_object(env, &source));
  NODE_API_CALL(env, napi_create_function(env, "pull", NAPI_AUTO_LENGTH, Pull, s, &pull));
  NODE_API_CALL(env, napi_set_named_property(env, source, "pull", pull));
  NODE_API_CALL(env, napi_create_function(env, "cancel", NAPI_AUTO_LENGTH, Cancel, s, &cancel));
  NODE_API_CALL(env, napi_set_named_property(env, source, "cancel", cancel));
  NODE_API_CALL(env, napi_add_finalizer(env, source, s, free_source, NULL, NULL));
  if (s->mode == 2)
    NODE_API_CALL(env, napi_set_named_property(env, source, "type", th_str(env, "bytes")));
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_named_property(env, global, "ReadableStream", &ctor));
  NODE_API_CALL(env, napi_new_instance(env, ctor, 1, &source, &stream));
  return stream;
}

static napi_value Pulls(napi_env env, napi_callback_info info) {
  return th_int(env, g_pulls);
}

static napi_value LastCancel(napi_env env, napi_callback_info info) {
  napi_value holder, v;
  if (g_last_cancel == NULL) return th_undefined(env);
  NODE_API_CALL(env, napi_get_reference_value(env, g_last_cancel, &holder));
  NODE_API_CALL(env, napi_get_element(env, holder, 0, &v));
  return v;
}

static napi_value IsReadableStream(napi_env env, napi_callback_info info) {
  napi_value argv[1], global, ctor;
  th_args(env, info, 1, argv);
  bool is = false;
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_named_property(env, global, "ReadableStream", &ctor));
  NODE_API_CALL(env, napi_instanceof(env, argv[0], ctor, &is));
  return th_bool(env, is);
}

/* readAll: read() -> promise; its then(onStep, onError) pushes the value and reads
 * again until done, then resolves the outer promise with the array. */
typedef struct {
  napi_ref read, chunks;
  napi_deferred deferred;
} ReadAll;

static napi_value on_step(napi_env env, napi_callback_info info);
static napi_value on_error(napi_env env, napi_callback_info info);

static void read_next(napi_env env, ReadAll* r) {
  napi_value read, undefined, promise, then, fns[2];
  napi_get_reference_value(env, r->read, &read);
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, read, 0, NULL, &promise);
  napi_get_named_property(env, promise, "then", &then);
  napi_create_function(env, "onStep", NAPI_AUTO_LENGTH, on_step, r, &fns[0]);
  napi_create_function(env, "onError", NAPI_AUTO_LENGTH, on_error, r, &fns[1]);
  napi_call_function(env, promise, then, 2, fns, &promise);
}

static void read_done(napi_env env, ReadAll* r) {
  napi_delete_reference(env, r->read);
  napi_delete_reference(env, r->chunks);
  free(r);
}

static napi_value on_step(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value step, done, value, chunks;
  void* data;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, &step, NULL, &data));
  ReadAll* r = (ReadAll*)data;
  bool is_done = false;
  NODE_API_CALL(env, napi_get_named_property(env, step, "done", &done));
  NODE_API_CALL(env, napi_get_value_bool(env, done, &is_done));
  NODE_API_CALL(env, napi_get_reference_value(env, r->chunks, &chunks));
  if (is_done) {
    napi_resolve_deferred(env, r->deferred, chunks);
    read_done(env, r);
    return NULL;
  }
  uint32_t n;
  NODE_API_CALL(env, napi_get_named_property(env, step, "value", &value));
  NODE_API_CALL(env, napi_get_array_length(env, chunks, &n));
  NODE_API_CALL(env, napi_set_element(env, chunks, n, value));
  read_next(env, r);
  return NULL;
}

static napi_value on_error(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value reason;
  void* data;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, &reason, NULL, &data));
  ReadAll* r = (ReadAll*)data;
  napi_reject_deferred(env, r->deferred, reason);
  read_done(env, r);
  return NULL;
}

static napi_value ReadAllFn(napi_env env, napi_callback_info info) {
  napi_value argv[1], get_reader, reader, promise, chunks;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_named_property(env, argv[0], "getReader", &get_reader));
  NODE_API_CALL(env, napi_call_function(env, argv[0], get_reader, 0, NULL, &reader));
  ReadAll* r = (ReadAll*)calloc(1, sizeof *r);
  NODE_API_CALL(env, napi_create_reference(env, bound(env, reader, "read"), 1, &r->read));
  NODE_API_CALL(env, napi_create_array(env, &chunks));
  NODE_API_CALL(env, napi_create_reference(env, chunks, 1, &r->chunks));
  NODE_API_CALL(env, napi_create_promise(env, &r->deferred, &promise));
  read_next(env, r);
  return promise;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor table[] = {
    TH_METHOD("makeStream", MakeStream),
    TH_METHOD("pulls", Pulls),
    TH_METHOD("lastCancel", LastCancel),
    TH_METHOD("isReadableStream", IsReadableStream),
    TH_METHOD("readAll", ReadAllFn),
  };
  TH_EXPORT_TABLE(env, exports, table);
  return exports;
}
