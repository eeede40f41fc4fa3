/* Test addon for binary data: ArrayBuffer (plain, external, detach),
 * typed arrays of every element type, DataView, Node Buffers (plain, copy,
 * external, from an ArrayBuffer), napi_adjust_external_memory, and the
 * zero-copy / pinning behaviour of Python buffers seen through them.
 *
 * Data pointers travel to Python as plain integers (addresses), so the tests
 * can compare them with the address Python itself sees (ctypes, numpy).
 * Functions named *Status call a napi function with the given (possibly bad)
 * input and return [status, exception-or-undefined], clearing any exception
 * the call left pending so the test can inspect it. */
#include <stdlib.h>
#include "test_helpers.h"

/* Element sizes by napi_typedarray_type (0..11; 11 is Float16Array). */
static const size_t kElementSize[] = {1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8, 2};
#define N_TYPES (sizeof kElementSize / sizeof kElementSize[0])

/* ---- small helpers --------------------------------------------------------- */

static napi_value addr_value(napi_env env, const void* p) {
  return th_int(env, (int64_t)(uintptr_t)p);
}

/* [length, address]: what the *Info functions below return. */
static napi_value length_and_address(napi_env env, size_t len, const void* data) {
  napi_value out;
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_int(env, (int64_t)len)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, addr_value(env, data)));
  return out;
}

/* An integer argument: a number or a BigInt (int64). */
static bool i64_arg(napi_env env, napi_value v, int64_t* out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) {
    th_throw_last_error(env, "napi_typeof");
    return false;
  }
  if (t == napi_bigint) {
    bool lossless;
    if (napi_get_value_bigint_int64(env, v, out, &lossless) != napi_ok) {
      th_throw_last_error(env, "napi_get_value_bigint_int64");
      return false;
    }
    return true;
  }
  if (napi_get_value_int64(env, v, out) != napi_ok) {
    th_throw_last_error(env, "napi_get_value_int64");
    return false;
  }
  return true;
}

/* A size argument; -1 stands for SIZE_MAX. */
static bool size_arg(napi_env env, napi_value v, size_t* out) {
  int64_t i;
  if (!i64_arg(env, v, &i)) return false;
  *out = (size_t)i;
  return true;
}

static bool double_arg(napi_env env, napi_value v, double* out) {
  if (napi_get_value_double(env, v, out) != napi_ok) {
    th_throw_last_error(env, "napi_get_value_double");
    return false;
  }
  return true;
}

/* [status, exception-or-undefined]; clears the pending exception if any. */
static napi_value status_pair(napi_env env, napi_status status) {
  napi_value out, exc = NULL;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) napi_get_and_clear_last_exception(env, &exc);
  if (exc == NULL) exc = th_undefined(env);
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_status(env, status)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, exc));
  return out;
}

static bool set_prop(napi_env env, napi_value obj, const char* key, napi_value v) {
  return napi_set_named_property(env, obj, key, v) == napi_ok;
}

/* The address napi_get_arraybuffer_info reports for an ArrayBuffer. */
static void* ab_data(napi_env env, napi_value ab) {
  void* data = NULL;
  if (napi_get_arraybuffer_info(env, ab, &data, NULL) != napi_ok) return NULL;
  return data;
}

/* ---- ArrayBuffer ------------------------------------------------------------- */

/* createArrayBuffer(n): data[i] = i & 0xff, written through the data pointer. */
static napi_value CreateArrayBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[1], ab;
  size_t n;
  void* data = NULL;
  th_args(env, info, 1, argv);
  if (!size_arg(env, argv[0], &n)) return NULL;
  NODE_API_CALL(env, napi_create_arraybuffer(env, n, &data, &ab));
  NODE_API_ASSERT(env, n == 0 || data != NULL, "data pointer for a non-empty buffer");
  for (size_t i = 0; i < n; i++) ((uint8_t*)data)[i] = (uint8_t)i;
  return ab;
}

/* createArrayBufferRaw(n): untouched, to see that it is zero-filled. */
static napi_value CreateArrayBufferRaw(napi_env env, napi_callback_info info) {
  napi_value argv[1], ab;
  size_t n;
  void* data = NULL;
  th_args(env, info, 1, argv);
  if (!size_arg(env, argv[0], &n)) return NULL;
  NODE_API_CALL(env, napi_create_arraybuffer(env, n, &data, &ab));
  return ab;
}

/* createArrayBufferStatus(n): [status, exception] (huge sizes). */
static napi_value CreateArrayBufferStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1], ab;
  size_t n;
  void* data = NULL;
  th_args(env, info, 1, argv);
  if (!size_arg(env, argv[0], &n)) return NULL;
  return status_pair(env, napi_create_arraybuffer(env, n, &data, &ab));
}

/* arrayBufferInfo(ab): [byteLength, address]. */
static napi_value ArrayBufferInfo(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void* data = (void*)1;
  size_t len = 12345;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_arraybuffer_info(env, argv[0], &data, &len));
  return length_and_address(env, len, data);
}

static napi_value ArrayBufferInfoStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void* data;
  size_t len;
  th_args(env, info, 1, argv);
  return th_status(env, napi_get_arraybuffer_info(env, argv[0], &data, &len));
}

static napi_value IsArrayBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  bool r = false;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_is_arraybuffer(env, argv[0], &r));
  return th_bool(env, r);
}

/* ---- external ArrayBuffer / Buffer ------------------------------------------ */

#define HINT_MAGIC ((void*)(uintptr_t)0x5eed)

static int g_ext_ab_finalized = 0;
static int g_ext_buf_finalized = 0;
static int g_bad_hint = 0;
static bool g_verbose = false;
static void* g_last_external = NULL;

static void FinalizeExternalArrayBuffer(napi_env env, void* data, void* hint) {
  if (hint != HINT_MAGIC) g_bad_hint++;
  g_ext_ab_finalized++;
  if (g_verbose) {
    printf("external arraybuffer finalized\n");
    fflush(stdout);
  }
  free(data);
}

static void FinalizeExternalBuffer(napi_env env, void* data, void* hint) {
  if (hint != HINT_MAGIC) g_bad_hint++;
  g_ext_buf_finalized++;
  if (g_verbose) {
    printf("external buffer finalized\n");
    fflush(stdout);
  }
  free(data);
}

/* createExternalArrayBuffer(n): malloc'd, data[i] = i*7+1, counted finalizer. */
static napi_value CreateExternalArrayBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[1], ab;
  size_t n;
  th_args(env, info, 1, argv);
  if (!size_arg(env, argv[0], &n)) return NULL;
  uint8_t* data = malloc(n ? n : 1);
  for (size_t i = 0; i < n; i++) data[i] = (uint8_t)(i * 7 + 1);
  napi_status s = napi_create_external_arraybuffer(env, data, n,
                                                   FinalizeExternalArrayBuffer,
                                                   HINT_MAGIC, &ab);
  if (s != napi_ok) {
    free(data);
    th_throw_last_error(env, "napi_create_external_arraybuffer");
    return NULL;
  }
  g_last_external = data;
  return ab;
}

static uint8_t g_static_bytes[8] = {10, 20, 30, 40, 50, 60, 70, 80};

/* createExternalArrayBufferStatic(): over static memory, no finalizer. */
static napi_value CreateExternalArrayBufferStatic(napi_env env, napi_callback_info info) {
  napi_value ab;
  NODE_API_CALL(env, napi_create_external_arraybuffer(
      env, g_static_bytes, sizeof g_static_bytes, NULL, NULL, &ab));
  return ab;
}

/* createExternalBuffer(n): malloc'd, data[i] = i*3+2, counted finalizer. */
static napi_value CreateExternalBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[1], buf;
  size_t n;
  th_args(env, info, 1, argv);
  if (!size_arg(env, argv[0], &n)) return NULL;
  uint8_t* data = malloc(n ? n : 1);
  for (size_t i = 0; i < n; i++) data[i] = (uint8_t)(i * 3 + 2);
  napi_status s = napi_create_external_buffer(env, n, data, FinalizeExternalBuffer,
                                              HINT_MAGIC, &buf);
  if (s != napi_ok) {
    free(data);
    th_throw_last_error(env, "napi_create_external_buffer");
    return NULL;
  }
  g_last_external = data;
  return buf;
}

/* createExternalBufferStatic(): over static memory, no finalizer. */
static napi_value CreateExternalBufferStatic(napi_env env, napi_callback_info info) {
  napi_value buf;
  NODE_API_CALL(env, napi_create_external_buffer(
      env, sizeof g_static_bytes, g_static_bytes, NULL, NULL, &buf));
  return buf;
}

/* createExternalHuge(kind): an external ArrayBuffer (kind 0) or Buffer (kind 1) whose
 * length does not fit: a RangeError, the static bytes left alone. */
static napi_value CreateExternalHuge(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  int32_t kind;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &kind));
  if (kind == 0)
    NODE_API_CALL(env, napi_create_external_arraybuffer(env, g_static_bytes, SIZE_MAX, NULL,
                                                        NULL, &v));
  else
    NODE_API_CALL(env, napi_create_external_buffer(env, SIZE_MAX, g_static_bytes, NULL, NULL,
                                                   &v));
  return v;
}

static napi_value StaticBytesAddress(napi_env env, napi_callback_info info) {
  return addr_value(env, g_static_bytes);
}

/* finalizeCounts(): {arraybuffer, buffer, badHint}. */
static napi_value FinalizeCounts(napi_env env, napi_callback_info info) {
  napi_value out;
  NODE_API_CALL(env, napi_create_object(env, &out));
  set_prop(env, out, "arraybuffer", th_int(env, g_ext_ab_finalized));
  set_prop(env, out, "buffer", th_int(env, g_ext_buf_finalized));
  set_prop(env, out, "badHint", th_int(env, g_bad_hint));
  return out;
}

static napi_value LastExternalAddress(napi_env env, napi_callback_info info) {
  return addr_value(env, g_last_external);
}

/* setVerbose(bool): finalizers print a line to stdout (for the exit test). */
static napi_value SetVerbose(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_bool(env, argv[0], &g_verbose));
  return NULL;
}

static napi_value Noop(napi_env env, napi_callback_info info) {
  return NULL;
}

/* echo(v): returns its argument. */
static napi_value Echo(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  return argv[0];
}

/* ---- detach ---------------------------------------------------------------- */

static napi_value DetachArrayBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_detach_arraybuffer(env, argv[0]));
  return NULL;
}

static napi_value DetachStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  return status_pair(env, napi_detach_arraybuffer(env, argv[0]));
}

static napi_value IsDetachedArrayBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  bool r = true;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_is_detached_arraybuffer(env, argv[0], &r));
  return th_bool(env, r);
}

/* ---- typed arrays ------------------------------------------------------------ */

/* createTypedArray(type, arraybuffer, byteOffset, length) */
static napi_value CreateTypedArray(napi_env env, napi_callback_info info) {
  napi_value argv[4], out;
  int32_t type;
  size_t offset, length;
  th_args(env, info, 4, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &type));
  if (!size_arg(env, argv[2], &offset) || !size_arg(env, argv[3], &length)) return NULL;
  NODE_API_CALL(env, napi_create_typedarray(env, (napi_typedarray_type)type, length,
                                            argv[1], offset, &out));
  return out;
}

static napi_value CreateTypedArrayStatus(napi_env env, napi_callback_info info) {
  napi_value argv[4], out;
  int32_t type;
  size_t offset, length;
  th_args(env, info, 4, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &type));
  if (!size_arg(env, argv[2], &offset) || !size_arg(env, argv[3], &length)) return NULL;
  return status_pair(env, napi_create_typedarray(env, (napi_typedarray_type)type,
                                                 length, argv[1], offset, &out));
}

/* newTypedArray(type, length): a fresh ArrayBuffer of the exact size and a
 * typed array over all of it. */
static napi_value NewTypedArray(napi_env env, napi_callback_info info) {
  napi_value argv[2], ab, out;
  int32_t type;
  size_t length;
  void* data;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &type));
  if (!size_arg(env, argv[1], &length)) return NULL;
  NODE_API_ASSERT(env, type >= 0 && (size_t)type < N_TYPES, "type in range");
  NODE_API_CALL(env, napi_create_arraybuffer(env, length * kElementSize[type], &data, &ab));
  NODE_API_CALL(env, napi_create_typedarray(env, (napi_typedarray_type)type, length,
                                            ab, 0, &out));
  return out;
}

/* typedArrayInfo(ta): {type, length, byteOffset, data, buffer, bufferData}. */
static napi_value TypedArrayInfo(napi_env env, napi_callback_info info) {
  napi_value argv[1], out, ab = NULL;
  napi_typedarray_type type = (napi_typedarray_type)-1;
  size_t length = 12345, offset = 12345;
  void* data = (void*)1;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_typedarray_info(env, argv[0], &type, &length, &data,
                                              &ab, &offset));
  NODE_API_CALL(env, napi_create_object(env, &out));
  set_prop(env, out, "type", th_int(env, (int64_t)type));
  set_prop(env, out, "length", th_int(env, (int64_t)length));
  set_prop(env, out, "byteOffset", th_int(env, (int64_t)offset));
  set_prop(env, out, "data", addr_value(env, data));
  set_prop(env, out, "buffer", ab ? ab : th_undefined(env));
  set_prop(env, out, "bufferData", addr_value(env, ab ? ab_data(env, ab) : NULL));
  return out;
}

/* typedArrayInfoNoBuffer(ta): {type, length, byteOffset, data}, the ArrayBuffer not
 * asked for (NULL out-parameter). */
static napi_value TypedArrayInfoNoBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  napi_typedarray_type type = (napi_typedarray_type)-1;
  size_t length = 12345, offset = 12345;
  void* data = (void*)1;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_typedarray_info(env, argv[0], &type, &length, &data,
                                              NULL, &offset));
  NODE_API_CALL(env, napi_create_object(env, &out));
  set_prop(env, out, "type", th_int(env, (int64_t)type));
  set_prop(env, out, "length", th_int(env, (int64_t)length));
  set_prop(env, out, "byteOffset", th_int(env, (int64_t)offset));
  set_prop(env, out, "data", addr_value(env, data));
  return out;
}

static napi_value TypedArrayInfoStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1], ab;
  napi_typedarray_type type;
  size_t length, offset;
  void* data;
  th_args(env, info, 1, argv);
  return th_status(env, napi_get_typedarray_info(env, argv[0], &type, &length, &data,
                                                 &ab, &offset));
}

static napi_value IsTypedArray(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  bool r = false;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_is_typedarray(env, argv[0], &r));
  return th_bool(env, r);
}

/* Element access through the data pointer napi_get_typedarray_info gives.
 * Float16 elements are read and written as their raw 16-bit pattern. */
static bool element_ptr(napi_env env, napi_value ta, napi_value index_v,
                        napi_typedarray_type* type, void** p) {
  size_t length;
  void* data;
  int64_t index;
  if (napi_get_typedarray_info(env, ta, type, &length, &data, NULL, NULL) != napi_ok) {
    th_throw_last_error(env, "napi_get_typedarray_info");
    return false;
  }
  if (!i64_arg(env, index_v, &index)) return false;
  if (index < 0 || (size_t)index >= length) {
    napi_throw_range_error(env, NULL, "element index out of range");
    return false;
  }
  *p = (uint8_t*)data + (size_t)index * kElementSize[*type];
  return true;
}

/* typedArrayGet(ta, i) */
static napi_value TypedArrayGet(napi_env env, napi_callback_info info) {
  napi_value argv[2], out = NULL;
  napi_typedarray_type type;
  void* p;
  th_args(env, info, 2, argv);
  if (!element_ptr(env, argv[0], argv[1], &type, &p)) return NULL;
  switch (type) {
    case napi_int8_array: return th_int(env, *(int8_t*)p);
    case napi_uint8_array:
    case napi_uint8_clamped_array: return th_int(env, *(uint8_t*)p);
    case napi_int16_array: return th_int(env, *(int16_t*)p);
    case napi_uint16_array: return th_int(env, *(uint16_t*)p);
    case napi_int32_array: return th_int(env, *(int32_t*)p);
    case napi_uint32_array: return th_int(env, *(uint32_t*)p);
    case napi_float32_array: napi_create_double(env, *(float*)p, &out); return out;
    case napi_float64_array: napi_create_double(env, *(double*)p, &out); return out;
    case napi_bigint64_array: napi_create_bigint_int64(env, *(int64_t*)p, &out); return out;
    case napi_biguint64_array: napi_create_bigint_uint64(env, *(uint64_t*)p, &out); return out;
    case napi_float16_array: return th_int(env, *(uint16_t*)p);
  }
  napi_throw_error(env, NULL, "unknown typed array type");
  return NULL;
}

/* typedArraySet(ta, i, value): value is a number (a BigInt for the 64-bit
 * integer types is accepted too). */
static napi_value TypedArraySet(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  napi_typedarray_type type;
  void* p;
  double d = 0;
  int64_t i = 0;
  th_args(env, info, 3, argv);
  if (!element_ptr(env, argv[0], argv[1], &type, &p)) return NULL;
  if (type == napi_float32_array || type == napi_float64_array) {
    if (!double_arg(env, argv[2], &d)) return NULL;
  } else if (type == napi_biguint64_array) {
    napi_valuetype t;
    NODE_API_CALL(env, napi_typeof(env, argv[2], &t));
    if (t == napi_bigint) {
      uint64_t u;
      bool lossless;
      NODE_API_CALL(env, napi_get_value_bigint_uint64(env, argv[2], &u, &lossless));
      *(uint64_t*)p = u;
      return NULL;
    }
    if (!i64_arg(env, argv[2], &i)) return NULL;
  } else {
    if (!i64_arg(env, argv[2], &i)) return NULL;
  }
  switch (type) {
    case napi_int8_array: *(int8_t*)p = (int8_t)i; break;
    case napi_uint8_array:
    case napi_uint8_clamped_array: *(uint8_t*)p = (uint8_t)i; break;
    case napi_int16_array: *(int16_t*)p = (int16_t)i; break;
    case napi_uint16_array: *(uint16_t*)p = (uint16_t)i; break;
    case napi_int32_array: *(int32_t*)p = (int32_t)i; break;
    case napi_uint32_array: *(uint32_t*)p = (uint32_t)i; break;
    case napi_float32_array: *(float*)p = (float)d; break;
    case napi_float64_array: *(double*)p = d; break;
    case napi_bigint64_array: *(int64_t*)p = i; break;
    case napi_biguint64_array: *(uint64_t*)p = (uint64_t)i; break;
    case napi_float16_array: *(uint16_t*)p = (uint16_t)i; break;
  }
  return NULL;
}

/* typedArraySum(ta): sum of the elements as a double (non-BigInt types;
 * Float16 counts raw bit patterns). */
static napi_value TypedArraySum(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  napi_typedarray_type type;
  size_t length;
  void* data;
  double sum = 0;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_typedarray_info(env, argv[0], &type, &length, &data,
                                              NULL, NULL));
  for (size_t k = 0; k < length; k++) {
    switch (type) {
      case napi_int8_array: sum += ((int8_t*)data)[k]; break;
      case napi_uint8_array:
      case napi_uint8_clamped_array: sum += ((uint8_t*)data)[k]; break;
      case napi_int16_array: sum += ((int16_t*)data)[k]; break;
      case napi_uint16_array:
      case napi_float16_array: sum += ((uint16_t*)data)[k]; break;
      case napi_int32_array: sum += ((int32_t*)data)[k]; break;
      case napi_uint32_array: sum += ((uint32_t*)data)[k]; break;
      case napi_float32_array: sum += ((float*)data)[k]; break;
      case napi_float64_array: sum += ((double*)data)[k]; break;
      case napi_bigint64_array: sum += (double)((int64_t*)data)[k]; break;
      case napi_biguint64_array: sum += (double)((uint64_t*)data)[k]; break;
    }
  }
  NODE_API_CALL(env, napi_create_double(env, sum, &out));
  return out;
}

/* ---- DataView ---------------------------------------------------------------- */

/* createDataView(arraybuffer, byteOffset, byteLength) */
static napi_value CreateDataView(napi_env env, napi_callback_info info) {
  napi_value argv[3], out;
  size_t offset, length;
  th_args(env, info, 3, argv);
  if (!size_arg(env, argv[1], &offset) || !size_arg(env, argv[2], &length)) return NULL;
  NODE_API_CALL(env, napi_create_dataview(env, length, argv[0], offset, &out));
  return out;
}

static napi_value CreateDataViewStatus(napi_env env, napi_callback_info info) {
  napi_value argv[3], out;
  size_t offset, length;
  th_args(env, info, 3, argv);
  if (!size_arg(env, argv[1], &offset) || !size_arg(env, argv[2], &length)) return NULL;
  return status_pair(env, napi_create_dataview(env, length, argv[0], offset, &out));
}

/* dataViewInfo(dv): {byteLength, data, byteOffset, buffer, bufferData}. */
static napi_value DataViewInfo(napi_env env, napi_callback_info info) {
  napi_value argv[1], out, ab = NULL;
  size_t length = 12345, offset = 12345;
  void* data = (void*)1;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_dataview_info(env, argv[0], &length, &data, &ab, &offset));
  NODE_API_CALL(env, napi_create_object(env, &out));
  set_prop(env, out, "byteLength", th_int(env, (int64_t)length));
  set_prop(env, out, "byteOffset", th_int(env, (int64_t)offset));
  set_prop(env, out, "data", addr_value(env, data));
  set_prop(env, out, "buffer", ab ? ab : th_undefined(env));
  set_prop(env, out, "bufferData", addr_value(env, ab ? ab_data(env, ab) : NULL));
  return out;
}

static napi_value DataViewInfoStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1], ab;
  size_t length, offset;
  void* data;
  th_args(env, info, 1, argv);
  return th_status(env, napi_get_dataview_info(env, argv[0], &length, &data, &ab, &offset));
}

static napi_value IsDataView(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  bool r = false;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_is_dataview(env, argv[0], &r));
  return th_bool(env, r);
}

/* dataViewWrite(dv, offset, byte): writes through the DataView's data pointer. */
static napi_value DataViewWrite(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  size_t length, offset;
  int64_t byte;
  void* data;
  th_args(env, info, 3, argv);
  NODE_API_CALL(env, napi_get_dataview_info(env, argv[0], &length, &data, NULL, NULL));
  if (!size_arg(env, argv[1], &offset) || !i64_arg(env, argv[2], &byte)) return NULL;
  NODE_API_ASSERT(env, offset < length, "offset within the view");
  ((uint8_t*)data)[offset] = (uint8_t)byte;
  return NULL;
}

/* ---- Buffer ------------------------------------------------------------------ */

/* createBuffer(n): data[i] = i*31+5, written through the data pointer. */
static napi_value CreateBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[1], buf;
  size_t n;
  void* data = NULL;
  th_args(env, info, 1, argv);
  if (!size_arg(env, argv[0], &n)) return NULL;
  NODE_API_CALL(env, napi_create_buffer(env, n, &data, &buf));
  NODE_API_ASSERT(env, n == 0 || data != NULL, "data pointer for a non-empty buffer");
  for (size_t i = 0; i < n; i++) ((uint8_t*)data)[i] = (uint8_t)(i * 31 + 5);
  return buf;
}

/* createBufferWithAddress(n): [buffer, the data address create_buffer gave]. */
static napi_value CreateBufferWithAddress(napi_env env, napi_callback_info info) {
  napi_value argv[1], buf, out;
  size_t n;
  void* data = NULL;
  th_args(env, info, 1, argv);
  if (!size_arg(env, argv[0], &n)) return NULL;
  NODE_API_CALL(env, napi_create_buffer(env, n, &data, &buf));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, buf));
  NODE_API_CALL(env, napi_set_element(env, out, 1, addr_value(env, data)));
  return out;
}

static napi_value CreateBufferStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1], buf;
  size_t n;
  void* data = NULL;
  th_args(env, info, 1, argv);
  if (!size_arg(env, argv[0], &n)) return NULL;
  return status_pair(env, napi_create_buffer(env, n, &data, &buf));
}

/* createBufferCopy(src): copies the bytes of a buffer argument;
 * returns [copy, address of the copy's data (result_data), address of src]. */
static napi_value CreateBufferCopy(napi_env env, napi_callback_info info) {
  napi_value argv[1], buf, out;
  void* src;
  void* copy = NULL;
  size_t n;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_buffer_info(env, argv[0], &src, &n));
  NODE_API_CALL(env, napi_create_buffer_copy(env, n, src, &copy, &buf));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, buf));
  NODE_API_CALL(env, napi_set_element(env, out, 1, addr_value(env, copy)));
  NODE_API_CALL(env, napi_set_element(env, out, 2, addr_value(env, src)));
  return out;
}

/* createBufferCopyText(): a copy of "hello, buffer" (13 bytes, no NUL),
 * made with result_data == NULL. */
static napi_value CreateBufferCopyText(napi_env env, napi_callback_info info) {
  napi_value buf;
  static const char text[] = "hello, buffer";
  NODE_API_CALL(env, napi_create_buffer_copy(env, sizeof text - 1, text, NULL, &buf));
  return buf;
}

#if NAPI_VERSION >= 10
/* createBufferFromArrayBuffer(ab, offset, length) */
static napi_value CreateBufferFromArrayBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[3], out;
  size_t offset, length;
  th_args(env, info, 3, argv);
  if (!size_arg(env, argv[1], &offset) || !size_arg(env, argv[2], &length)) return NULL;
  NODE_API_CALL(env, node_api_create_buffer_from_arraybuffer(env, argv[0], offset,
                                                             length, &out));
  return out;
}

static napi_value CreateBufferFromArrayBufferStatus(napi_env env, napi_callback_info info) {
  napi_value argv[3], out;
  size_t offset, length;
  th_args(env, info, 3, argv);
  if (!size_arg(env, argv[1], &offset) || !size_arg(env, argv[2], &length)) return NULL;
  return status_pair(env, node_api_create_buffer_from_arraybuffer(env, argv[0], offset,
                                                                  length, &out));
}
#endif

/* bufferInfo(b): [length, address]. */
static napi_value BufferInfo(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void* data = (void*)1;
  size_t len = 12345;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_buffer_info(env, argv[0], &data, &len));
  return length_and_address(env, len, data);
}

/* dataPointers(v): whether napi_get_buffer_info, napi_get_typedarray_info without
 * and with the ArrayBuffer give a data pointer (true) or NULL (false), as
 * [buffer, typedarray, typedarrayWithBuffer]: addresses differ between runtimes,
 * NULL or not is compared with Node (node_driver.js). */
static napi_value DataPointers(napi_env env, napi_callback_info info) {
  napi_value argv[1], out, ab;
  void *buffer_data = (void*)1, *ta_data = (void*)1, *ta_ab_data = (void*)1;
  size_t len;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_buffer_info(env, argv[0], &buffer_data, &len));
  NODE_API_CALL(env, napi_get_typedarray_info(env, argv[0], NULL, NULL, &ta_data, NULL, NULL));
  NODE_API_CALL(env, napi_get_typedarray_info(env, argv[0], NULL, NULL, &ta_ab_data, &ab, NULL));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_bool(env, buffer_data != NULL)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, ta_data != NULL)));
  NODE_API_CALL(env, napi_set_element(env, out, 2, th_bool(env, ta_ab_data != NULL)));
  return out;
}

static napi_value BufferInfoStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void* data;
  size_t len;
  th_args(env, info, 1, argv);
  return th_status(env, napi_get_buffer_info(env, argv[0], &data, &len));
}

static napi_value IsBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  bool r = false;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_is_buffer(env, argv[0], &r));
  return th_bool(env, r);
}

/* bufferWrite(b, offset, byte) / bufferRead(b, offset) through get_buffer_info. */
static napi_value BufferWrite(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  void* data;
  size_t len, offset;
  int64_t byte;
  th_args(env, info, 3, argv);
  NODE_API_CALL(env, napi_get_buffer_info(env, argv[0], &data, &len));
  if (!size_arg(env, argv[1], &offset) || !i64_arg(env, argv[2], &byte)) return NULL;
  NODE_API_ASSERT(env, offset < len, "offset within the buffer");
  ((uint8_t*)data)[offset] = (uint8_t)byte;
  return NULL;
}

static napi_value BufferRead(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  void* data;
  size_t len, offset;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_buffer_info(env, argv[0], &data, &len));
  if (!size_arg(env, argv[1], &offset)) return NULL;
  NODE_API_ASSERT(env, offset < len, "offset within the buffer");
  return th_int(env, ((uint8_t*)data)[offset]);
}

/* bufferFill(b, byte) */
static napi_value BufferFill(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  void* data;
  size_t len;
  int64_t byte;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_buffer_info(env, argv[0], &data, &len));
  if (!i64_arg(env, argv[1], &byte)) return NULL;
  if (len) memset(data, (int)(uint8_t)byte, len);
  return NULL;
}

/* hashBuffer(b): [adler32, length, address], reading through
 * napi_get_buffer_info (the zero-copy path the benchmark measures). */
static napi_value HashBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  const uint8_t* data;
  size_t len;
  uint32_t a = 1, b = 0;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_buffer_info(env, argv[0], (void**)&data, &len));
  for (size_t i = 0; i < len; i++) {
    a = (a + data[i]) % 65521;
    b = (b + a) % 65521;
  }
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_int(env, ((int64_t)b << 16) | a)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_int(env, (int64_t)len)));
  NODE_API_CALL(env, napi_set_element(env, out, 2, addr_value(env, data)));
  return out;
}

/* ---- references (pinning) --------------------------------------------------- */

#define N_REFS 16
static napi_ref g_refs[N_REFS];

/* holdRef(v): a strong reference; returns its slot. */
static napi_value HoldRef(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  for (int i = 0; i < N_REFS; i++) {
    if (g_refs[i] == NULL) {
      NODE_API_CALL(env, napi_create_reference(env, argv[0], 1, &g_refs[i]));
      return th_int(env, i);
    }
  }
  napi_throw_error(env, NULL, "no free reference slot");
  return NULL;
}

static bool slot_arg(napi_env env, napi_value v, int32_t* slot) {
  if (napi_get_value_int32(env, v, slot) != napi_ok || *slot < 0 || *slot >= N_REFS ||
      g_refs[*slot] == NULL) {
    napi_throw_error(env, NULL, "bad reference slot");
    return false;
  }
  return true;
}

static napi_value RefValue(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  int32_t slot;
  th_args(env, info, 1, argv);
  if (!slot_arg(env, argv[0], &slot)) return NULL;
  NODE_API_CALL(env, napi_get_reference_value(env, g_refs[slot], &out));
  return out;
}

/* refRead(slot, offset) / refWrite(slot, offset, byte): the bytes of the
 * buffer a reference holds, reached later (after the passing call returned). */
static bool ref_bytes(napi_env env, napi_value slot_v, uint8_t** data, size_t* len) {
  int32_t slot;
  napi_value v;
  if (!slot_arg(env, slot_v, &slot)) return false;
  if (napi_get_reference_value(env, g_refs[slot], &v) != napi_ok ||
      napi_get_buffer_info(env, v, (void**)data, len) != napi_ok) {
    th_throw_last_error(env, "reading the referenced buffer");
    return false;
  }
  return true;
}

static napi_value RefRead(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  uint8_t* data;
  size_t len, offset;
  th_args(env, info, 2, argv);
  if (!ref_bytes(env, argv[0], &data, &len) || !size_arg(env, argv[1], &offset)) return NULL;
  NODE_API_ASSERT(env, offset < len, "offset within the buffer");
  return th_int(env, data[offset]);
}

static napi_value RefWrite(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  uint8_t* data;
  size_t len, offset;
  int64_t byte;
  th_args(env, info, 3, argv);
  if (!ref_bytes(env, argv[0], &data, &len) || !size_arg(env, argv[1], &offset) ||
      !i64_arg(env, argv[2], &byte))
    return NULL;
  NODE_API_ASSERT(env, offset < len, "offset within the buffer");
  data[offset] = (uint8_t)byte;
  return NULL;
}

static napi_value DropRef(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int32_t slot;
  th_args(env, info, 1, argv);
  if (!slot_arg(env, argv[0], &slot)) return NULL;
  NODE_API_CALL(env, napi_delete_reference(env, g_refs[slot]));
  g_refs[slot] = NULL;
  return NULL;
}

/* callWithData(buffer, fn): takes the buffer's data pointer, calls fn(), then
 * reads the buffer info again; returns [fn's result, same pointer and length
 * as before the call, first byte read through the old pointer]. */
static napi_value CallWithData(napi_env env, napi_callback_info info) {
  napi_value argv[2], global, result, out;
  uint8_t* before;
  uint8_t* after;
  size_t len_before, len_after;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_buffer_info(env, argv[0], (void**)&before, &len_before));
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_call_function(env, global, argv[1], 0, NULL, &result));
  NODE_API_CALL(env, napi_get_buffer_info(env, argv[0], (void**)&after, &len_after));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, result));
  NODE_API_CALL(env, napi_set_element(env, out, 1,
                                      th_bool(env, before == after && len_before == len_after)));
  NODE_API_CALL(env, napi_set_element(env, out, 2,
                                      th_int(env, len_before ? before[0] : -1)));
  return out;
}

/* ---- napi_adjust_external_memory ------------------------------------------- */

static napi_value AdjustExternalMemory(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t change, adjusted = -12345;
  th_args(env, info, 1, argv);
  if (!i64_arg(env, argv[0], &change)) return NULL;
  NODE_API_CALL(env, napi_adjust_external_memory(env, change, &adjusted));
  return th_int(env, adjusted);
}

/* ---- NULL arguments and pending exceptions ---------------------------------- */

#define RECORD(obj, name, call) set_prop(env, (obj), (name), th_status(env, (call)))

/* nullArgStatuses(): {"function.param": status} with that one argument NULL
 * (optional out-parameters are expected to be accepted: napi_ok). */
static napi_value NullArgStatuses(napi_env env, napi_callback_info info) {
  napi_value out, ab, ta, dv, buf, v, num;
  void* data;
  size_t len, off;
  bool b;
  napi_typedarray_type type;
  int64_t adjusted;
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_create_arraybuffer(env, 8, &data, &ab));
  NODE_API_CALL(env, napi_create_typedarray(env, napi_uint8_array, 8, ab, 0, &ta));
  NODE_API_CALL(env, napi_create_dataview(env, 8, ab, 0, &dv));
  NODE_API_CALL(env, napi_create_buffer(env, 8, &data, &buf));
  NODE_API_CALL(env, napi_create_int32(env, 1, &num));

  RECORD(out, "create_arraybuffer.result", napi_create_arraybuffer(env, 4, &data, NULL));
  RECORD(out, "create_arraybuffer.data", napi_create_arraybuffer(env, 4, NULL, &v));
  RECORD(out, "create_external_arraybuffer.result",
         napi_create_external_arraybuffer(env, g_static_bytes, 8, NULL, NULL, NULL));
  RECORD(out, "get_arraybuffer_info.arraybuffer",
         napi_get_arraybuffer_info(env, NULL, &data, &len));
  RECORD(out, "get_arraybuffer_info.outs", napi_get_arraybuffer_info(env, ab, NULL, NULL));
  RECORD(out, "is_arraybuffer.value", napi_is_arraybuffer(env, NULL, &b));
  RECORD(out, "is_arraybuffer.result", napi_is_arraybuffer(env, ab, NULL));
  RECORD(out, "detach_arraybuffer.arraybuffer", napi_detach_arraybuffer(env, NULL));
  RECORD(out, "is_detached_arraybuffer.value", napi_is_detached_arraybuffer(env, NULL, &b));
  RECORD(out, "is_detached_arraybuffer.result", napi_is_detached_arraybuffer(env, ab, NULL));
  RECORD(out, "create_typedarray.arraybuffer",
         napi_create_typedarray(env, napi_uint8_array, 1, NULL, 0, &v));
  RECORD(out, "create_typedarray.result",
         napi_create_typedarray(env, napi_uint8_array, 1, ab, 0, NULL));
  RECORD(out, "get_typedarray_info.typedarray",
         napi_get_typedarray_info(env, NULL, &type, &len, &data, &v, &off));
  RECORD(out, "get_typedarray_info.outs",
         napi_get_typedarray_info(env, ta, NULL, NULL, NULL, NULL, NULL));
  RECORD(out, "is_typedarray.value", napi_is_typedarray(env, NULL, &b));
  RECORD(out, "is_typedarray.result", napi_is_typedarray(env, ta, NULL));
  RECORD(out, "create_dataview.arraybuffer", napi_create_dataview(env, 1, NULL, 0, &v));
  RECORD(out, "create_dataview.result", napi_create_dataview(env, 1, ab, 0, NULL));
  RECORD(out, "get_dataview_info.dataview",
         napi_get_dataview_info(env, NULL, &len, &data, &v, &off));
  RECORD(out, "get_dataview_info.outs", napi_get_dataview_info(env, dv, NULL, NULL, NULL, NULL));
  RECORD(out, "is_dataview.value", napi_is_dataview(env, NULL, &b));
  RECORD(out, "is_dataview.result", napi_is_dataview(env, dv, NULL));
  RECORD(out, "create_buffer.result", napi_create_buffer(env, 4, &data, NULL));
  RECORD(out, "create_buffer.data", napi_create_buffer(env, 4, NULL, &v));
  RECORD(out, "create_buffer_copy.result",
         napi_create_buffer_copy(env, 4, g_static_bytes, &data, NULL));
  RECORD(out, "create_buffer_copy.result_data",
         napi_create_buffer_copy(env, 4, g_static_bytes, NULL, &v));
  RECORD(out, "create_external_buffer.result",
         napi_create_external_buffer(env, 8, g_static_bytes, NULL, NULL, NULL));
#if NAPI_VERSION >= 10
  RECORD(out, "create_buffer_from_arraybuffer.arraybuffer",
         node_api_create_buffer_from_arraybuffer(env, NULL, 0, 1, &v));
  RECORD(out, "create_buffer_from_arraybuffer.result",
         node_api_create_buffer_from_arraybuffer(env, ab, 0, 1, NULL));
#endif
  RECORD(out, "get_buffer_info.value", napi_get_buffer_info(env, NULL, &data, &len));
  RECORD(out, "get_buffer_info.outs", napi_get_buffer_info(env, buf, NULL, NULL));
  RECORD(out, "is_buffer.value", napi_is_buffer(env, NULL, &b));
  RECORD(out, "is_buffer.result", napi_is_buffer(env, buf, NULL));
  RECORD(out, "adjust_external_memory.result", napi_adjust_external_memory(env, 0, NULL));
  (void)num;
  (void)adjusted;
  return out;
}

/* nullEnvStatuses(): {"function": status} for every function with env NULL. */
static napi_value NullEnvStatuses(napi_env env, napi_callback_info info) {
  napi_value out, ab, ta, dv, buf, v;
  void* data;
  size_t len, off;
  bool b;
  napi_typedarray_type type;
  int64_t adjusted;
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_create_arraybuffer(env, 8, &data, &ab));
  NODE_API_CALL(env, napi_create_typedarray(env, napi_uint8_array, 8, ab, 0, &ta));
  NODE_API_CALL(env, napi_create_dataview(env, 8, ab, 0, &dv));
  NODE_API_CALL(env, napi_create_buffer(env, 8, &data, &buf));

  RECORD(out, "create_arraybuffer", napi_create_arraybuffer(NULL, 4, &data, &v));
  RECORD(out, "create_external_arraybuffer",
         napi_create_external_arraybuffer(NULL, g_static_bytes, 8, NULL, NULL, &v));
  RECORD(out, "get_arraybuffer_info", napi_get_arraybuffer_info(NULL, ab, &data, &len));
  RECORD(out, "is_arraybuffer", napi_is_arraybuffer(NULL, ab, &b));
  RECORD(out, "detach_arraybuffer", napi_detach_arraybuffer(NULL, ab));
  RECORD(out, "is_detached_arraybuffer", napi_is_detached_arraybuffer(NULL, ab, &b));
  RECORD(out, "create_typedarray",
         napi_create_typedarray(NULL, napi_uint8_array, 1, ab, 0, &v));
  RECORD(out, "get_typedarray_info",
         napi_get_typedarray_info(NULL, ta, &type, &len, &data, &v, &off));
  RECORD(out, "is_typedarray", napi_is_typedarray(NULL, ta, &b));
  RECORD(out, "create_dataview", napi_create_dataview(NULL, 1, ab, 0, &v));
  RECORD(out, "get_dataview_info", napi_get_dataview_info(NULL, dv, &len, &data, &v, &off));
  RECORD(out, "is_dataview", napi_is_dataview(NULL, dv, &b));
  RECORD(out, "create_buffer", napi_create_buffer(NULL, 4, &data, &v));
  RECORD(out, "create_buffer_copy", napi_create_buffer_copy(NULL, 4, g_static_bytes, &data, &v));
  RECORD(out, "create_external_buffer",
         napi_create_external_buffer(NULL, 8, g_static_bytes, NULL, NULL, &v));
#if NAPI_VERSION >= 10
  RECORD(out, "create_buffer_from_arraybuffer",
         node_api_create_buffer_from_arraybuffer(NULL, ab, 0, 1, &v));
#endif
  RECORD(out, "get_buffer_info", napi_get_buffer_info(NULL, buf, &data, &len));
  RECORD(out, "is_buffer", napi_is_buffer(NULL, buf, &b));
  RECORD(out, "adjust_external_memory", napi_adjust_external_memory(NULL, 0, &adjusted));
  return out;
}

/* pendingExceptionStatuses(): each creating function called while an
 * exception is pending ({"function": status}); the exception is cleared. */
static napi_value PendingExceptionStatuses(napi_env env, napi_callback_info info) {
  napi_value out, ab, v, exc;
  void* data;
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_create_arraybuffer(env, 8, &data, &ab));
#define PENDING(name, call)                                  \
  do {                                                       \
    napi_throw_error(env, NULL, "pending");                  \
    napi_status s_ = (call);                                 \
    napi_get_and_clear_last_exception(env, &exc);            \
    set_prop(env, out, (name), th_status(env, s_));          \
  } while (0)
  PENDING("create_arraybuffer", napi_create_arraybuffer(env, 4, &data, &v));
  PENDING("create_external_arraybuffer",
          napi_create_external_arraybuffer(env, g_static_bytes, 8, NULL, NULL, &v));
  PENDING("create_typedarray", napi_create_typedarray(env, napi_uint8_array, 1, ab, 0, &v));
  PENDING("create_dataview", napi_create_dataview(env, 1, ab, 0, &v));
  PENDING("create_buffer", napi_create_buffer(env, 4, &data, &v));
  PENDING("create_buffer_copy", napi_create_buffer_copy(env, 4, g_static_bytes, NULL, &v));
  PENDING("create_external_buffer",
          napi_create_external_buffer(env, 8, g_static_bytes, NULL, NULL, &v));
#if NAPI_VERSION >= 10
  PENDING("create_buffer_from_arraybuffer",
          node_api_create_buffer_from_arraybuffer(env, ab, 0, 1, &v));
#endif
#undef PENDING
  return out;
}

/* ---- registration ------------------------------------------------------------ */

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    TH_METHOD("createArrayBuffer", CreateArrayBuffer),
    TH_METHOD("createArrayBufferRaw", CreateArrayBufferRaw),
    TH_METHOD("createArrayBufferStatus", CreateArrayBufferStatus),
    TH_METHOD("arrayBufferInfo", ArrayBufferInfo),
    TH_METHOD("arrayBufferInfoStatus", ArrayBufferInfoStatus),
    TH_METHOD("isArrayBuffer", IsArrayBuffer),
    TH_METHOD("createExternalArrayBuffer", CreateExternalArrayBuffer),
    TH_METHOD("createExternalArrayBufferStatic", CreateExternalArrayBufferStatic),
    TH_METHOD("createExternalBuffer", CreateExternalBuffer),
    TH_METHOD("createExternalHuge", CreateExternalHuge),
    TH_METHOD("createExternalBufferStatic", CreateExternalBufferStatic),
    TH_METHOD("staticBytesAddress", StaticBytesAddress),
    TH_METHOD("finalizeCounts", FinalizeCounts),
    TH_METHOD("lastExternalAddress", LastExternalAddress),
    TH_METHOD("setVerbose", SetVerbose),
    TH_METHOD("noop", Noop),
    TH_METHOD("echo", Echo),
    TH_METHOD("detachArrayBuffer", DetachArrayBuffer),
    TH_METHOD("detachStatus", DetachStatus),
    TH_METHOD("isDetachedArrayBuffer", IsDetachedArrayBuffer),
    TH_METHOD("createTypedArray", CreateTypedArray),
    TH_METHOD("createTypedArrayStatus", CreateTypedArrayStatus),
    TH_METHOD("newTypedArray", NewTypedArray),
    TH_METHOD("typedArrayInfo", TypedArrayInfo),
    TH_METHOD("typedArrayInfoStatus", TypedArrayInfoStatus),
    TH_METHOD("typedArrayInfoNoBuffer", TypedArrayInfoNoBuffer),
    TH_METHOD("isTypedArray", IsTypedArray),
    TH_METHOD("typedArrayGet", TypedArrayGet),
    TH_METHOD("typedArraySet", TypedArraySet),
    TH_METHOD("typedArraySum", TypedArraySum),
    TH_METHOD("createDataView", CreateDataView),
    TH_METHOD("createDataViewStatus", CreateDataViewStatus),
    TH_METHOD("dataViewInfo", DataViewInfo),
    TH_METHOD("dataViewInfoStatus", DataViewInfoStatus),
    TH_METHOD("isDataView", IsDataView),
    TH_METHOD("dataViewWrite", DataViewWrite),
    TH_METHOD("createBuffer", CreateBuffer),
    TH_METHOD("createBufferWithAddress", CreateBufferWithAddress),
    TH_METHOD("createBufferStatus", CreateBufferStatus),
    TH_METHOD("createBufferCopy", CreateBufferCopy),
    TH_METHOD("createBufferCopyText", CreateBufferCopyText),
#if NAPI_VERSION >= 10
    TH_METHOD("createBufferFromArrayBuffer", CreateBufferFromArrayBuffer),
    TH_METHOD("createBufferFromArrayBufferStatus", CreateBufferFromArrayBufferStatus),
#endif
    TH_METHOD("bufferInfo", BufferInfo),
    TH_METHOD("bufferInfoStatus", BufferInfoStatus),
    TH_METHOD("dataPointers", DataPointers),
    TH_METHOD("isBuffer", IsBuffer),
    TH_METHOD("bufferWrite", BufferWrite),
    TH_METHOD("bufferRead", BufferRead),
    TH_METHOD("bufferFill", BufferFill),
    TH_METHOD("hashBuffer", HashBuffer),
    TH_METHOD("holdRef", HoldRef),
    TH_METHOD("refValue", RefValue),
    TH_METHOD("refRead", RefRead),
    TH_METHOD("refWrite", RefWrite),
    TH_METHOD("dropRef", DropRef),
    TH_METHOD("callWithData", CallWithData),
    TH_METHOD("adjustExternalMemory", AdjustExternalMemory),
    TH_METHOD("nullArgStatuses", NullArgStatuses),
    TH_METHOD("nullEnvStatuses", NullEnvStatuses),
    TH_METHOD("pendingExceptionStatuses", PendingExceptionStatuses),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
