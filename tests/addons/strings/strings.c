/* Test addon for Node-API strings: creation from UTF-8 / Latin-1 / UTF-16,
 * extraction into caller buffers (length query, truncation, termination),
 * property keys and external strings.
 *
 * Raw bytes travel as hex strings and UTF-16 code units as arrays of numbers,
 * so the tests do not depend on how buffers are mapped. Lengths given as -1
 * mean NAPI_AUTO_LENGTH. */
#include <stdlib.h>
#include "test_helpers.h"

#define MARKER 0xAA
#define MARKER16 0xAAAA

static size_t length_arg(napi_env env, napi_value v, bool* ok) {
  double d;
  *ok = napi_get_value_double(env, v, &d) == napi_ok;
  if (!*ok) {
    th_throw_last_error(env, "length argument");
    return 0;
  }
  return d < 0 ? NAPI_AUTO_LENGTH : (size_t)d;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes a hex string argument into buf (always NUL-terminated after the
 * decoded bytes); returns the number of bytes or -1 after throwing. */
static long hex_arg(napi_env env, napi_value v, char* buf, size_t cap) {
  char hex[1024];
  if (!th_utf8_arg(env, v, hex, sizeof hex)) return -1;
  size_t n = strlen(hex);
  if (n % 2 || n / 2 + 1 > cap) {
    napi_throw_error(env, NULL, "bad hex argument");
    return -1;
  }
  for (size_t i = 0; i < n / 2; i++) {
    int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      napi_throw_error(env, NULL, "bad hex digit");
      return -1;
    }
    buf[i] = (char)(hi * 16 + lo);
  }
  buf[n / 2] = 0;
  return (long)(n / 2);
}

/* Reads an array of numbers into units (NUL-terminated); returns the count
 * or -1 after throwing. */
static long units_arg(napi_env env, napi_value arr, char16_t* units, size_t cap) {
  uint32_t n;
  if (napi_get_array_length(env, arr, &n) != napi_ok || n + 1 > cap) {
    th_throw_last_error(env, "units argument");
    return -1;
  }
  for (uint32_t i = 0; i < n; i++) {
    napi_value e;
    uint32_t u;
    if (napi_get_element(env, arr, i, &e) != napi_ok ||
        napi_get_value_uint32(env, e, &u) != napi_ok) {
      th_throw_last_error(env, "units element");
      return -1;
    }
    units[i] = (char16_t)u;
  }
  units[n] = 0;
  return (long)n;
}

static napi_value hex_of(napi_env env, const unsigned char* p, size_t n) {
  char out[2048];
  static const char digits[] = "0123456789abcdef";
  if (n * 2 + 1 > sizeof out) n = (sizeof out - 1) / 2;
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[p[i] >> 4];
    out[2 * i + 1] = digits[p[i] & 15];
  }
  out[2 * n] = 0;
  return th_str(env, out);
}

static napi_value units_of(napi_env env, const char16_t* p, size_t n) {
  napi_value arr;
  if (napi_create_array(env, &arr) != napi_ok) return NULL;
  for (size_t i = 0; i < n; i++)
    if (napi_set_element(env, arr, (uint32_t)i, th_int(env, p[i])) != napi_ok) return NULL;
  return arr;
}

/* ---- creation --------------------------------------------------------- */

/* createUtf8(hex, length) */
static napi_value CreateUtf8(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  th_args(env, info, 2, argv);
  char buf[512];
  bool ok;
  if (hex_arg(env, argv[0], buf, sizeof buf) < 0) return NULL;
  size_t len = length_arg(env, argv[1], &ok);
  if (!ok) return NULL;
  NODE_API_CALL(env, napi_create_string_utf8(env, buf, len, &v));
  return v;
}

/* createLatin1(hex, length) */
static napi_value CreateLatin1(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  th_args(env, info, 2, argv);
  char buf[512];
  bool ok;
  if (hex_arg(env, argv[0], buf, sizeof buf) < 0) return NULL;
  size_t len = length_arg(env, argv[1], &ok);
  if (!ok) return NULL;
  NODE_API_CALL(env, napi_create_string_latin1(env, buf, len, &v));
  return v;
}

/* createUtf16([unit, ...], length) */
static napi_value CreateUtf16(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  th_args(env, info, 2, argv);
  char16_t units[256];
  bool ok;
  if (units_arg(env, argv[0], units, 256) < 0) return NULL;
  size_t len = length_arg(env, argv[1], &ok);
  if (!ok) return NULL;
  NODE_API_CALL(env, napi_create_string_utf16(env, units, len, &v));
  return v;
}

/* createStatuses() -> {name: status} for bad creation arguments. */
static napi_value CreateStatuses(napi_env env, napi_callback_info info) {
  napi_value out, v;
  static const char text[] = "abc";
  static const char16_t text16[] = {'a', 'b', 'c', 0};
  const size_t too_long = (size_t)INT32_MAX + 1;
  NODE_API_CALL(env, napi_create_object(env, &out));
#define REC(name, expr) \
  NODE_API_CALL(env, napi_set_named_property(env, out, name, th_status(env, (expr))))
  REC("utf8_null_str_len0", napi_create_string_utf8(env, NULL, 0, &v));
  REC("utf8_null_str_len1", napi_create_string_utf8(env, NULL, 1, &v));
  REC("utf8_null_str_auto", napi_create_string_utf8(env, NULL, NAPI_AUTO_LENGTH, &v));
  REC("utf8_null_result", napi_create_string_utf8(env, text, 3, NULL));
  REC("utf8_too_long", napi_create_string_utf8(env, text, too_long, &v));
  REC("utf8_null_env", napi_create_string_utf8(NULL, text, 3, &v));
  REC("latin1_null_str_len0", napi_create_string_latin1(env, NULL, 0, &v));
  REC("latin1_null_str_len1", napi_create_string_latin1(env, NULL, 1, &v));
  REC("latin1_null_result", napi_create_string_latin1(env, text, 3, NULL));
  REC("latin1_too_long", napi_create_string_latin1(env, text, too_long, &v));
  REC("utf16_null_str_len0", napi_create_string_utf16(env, NULL, 0, &v));
  REC("utf16_null_str_len1", napi_create_string_utf16(env, NULL, 1, &v));
  REC("utf16_null_result", napi_create_string_utf16(env, text16, 3, NULL));
  REC("utf16_too_long", napi_create_string_utf16(env, text16, too_long, &v));
  REC("key_utf8_null_result", node_api_create_property_key_utf8(env, text, 3, NULL));
  REC("key_latin1_null_result", node_api_create_property_key_latin1(env, text, 3, NULL));
  REC("key_utf16_null_result", node_api_create_property_key_utf16(env, text16, 3, NULL));
  REC("key_utf8_null_str_len1", node_api_create_property_key_utf8(env, NULL, 1, &v));
  REC("key_utf8_too_long", node_api_create_property_key_utf8(env, text, too_long, &v));
#undef REC
  return out;
}

/* emptyFromNull(kind) -> the string made from (NULL, 0). */
static napi_value EmptyFromNull(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  char kind[16];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  if (!strcmp(kind, "utf8")) NODE_API_CALL(env, napi_create_string_utf8(env, NULL, 0, &v));
  else if (!strcmp(kind, "latin1")) NODE_API_CALL(env, napi_create_string_latin1(env, NULL, 0, &v));
  else NODE_API_CALL(env, napi_create_string_utf16(env, NULL, 0, &v));
  return v;
}

/* ---- extraction ------------------------------------------------------- */

/* getUtf8(str, bufsize) -> {len, hex}: hex covers bufsize + 4 bytes of a
 * buffer pre-filled with 0xAA, so writes past bufsize are visible. */
static napi_value GetUtf8(napi_env env, napi_callback_info info) {
  napi_value argv[2], out;
  th_args(env, info, 2, argv);
  uint32_t bufsize;
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[1], &bufsize));
  NODE_API_ASSERT(env, bufsize <= 256, "bufsize <= 256");
  unsigned char buf[260];
  memset(buf, MARKER, sizeof buf);
  size_t len = 9999;
  NODE_API_CALL(env, napi_get_value_string_utf8(env, argv[0], (char*)buf, bufsize, &len));
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_set_named_property(env, out, "len", th_int(env, (int64_t)len)));
  NODE_API_CALL(env, napi_set_named_property(env, out, "hex", hex_of(env, buf, bufsize + 4)));
  return out;
}

static napi_value GetLatin1(napi_env env, napi_callback_info info) {
  napi_value argv[2], out;
  th_args(env, info, 2, argv);
  uint32_t bufsize;
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[1], &bufsize));
  NODE_API_ASSERT(env, bufsize <= 256, "bufsize <= 256");
  unsigned char buf[260];
  memset(buf, MARKER, sizeof buf);
  size_t len = 9999;
  NODE_API_CALL(env, napi_get_value_string_latin1(env, argv[0], (char*)buf, bufsize, &len));
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_set_named_property(env, out, "len", th_int(env, (int64_t)len)));
  NODE_API_CALL(env, napi_set_named_property(env, out, "hex", hex_of(env, buf, bufsize + 4)));
  return out;
}

/* getUtf16(str, bufsize) -> {len, units}: units covers bufsize + 2 units of a
 * buffer pre-filled with 0xAAAA. */
static napi_value GetUtf16(napi_env env, napi_callback_info info) {
  napi_value argv[2], out;
  th_args(env, info, 2, argv);
  uint32_t bufsize;
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[1], &bufsize));
  NODE_API_ASSERT(env, bufsize <= 256, "bufsize <= 256");
  char16_t buf[260];
  for (int i = 0; i < 260; i++) buf[i] = MARKER16;
  size_t len = 9999;
  NODE_API_CALL(env, napi_get_value_string_utf16(env, argv[0], buf, bufsize, &len));
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_set_named_property(env, out, "len", th_int(env, (int64_t)len)));
  NODE_API_CALL(env, napi_set_named_property(env, out, "units", units_of(env, buf, bufsize + 2)));
  return out;
}

/* lengthOf(kind, str): the length query (buf NULL). */
static napi_value LengthOf(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  char kind[16];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  size_t len = 9999;
  if (!strcmp(kind, "utf8"))
    NODE_API_CALL(env, napi_get_value_string_utf8(env, argv[1], NULL, 0, &len));
  else if (!strcmp(kind, "latin1"))
    NODE_API_CALL(env, napi_get_value_string_latin1(env, argv[1], NULL, 0, &len));
  else
    NODE_API_CALL(env, napi_get_value_string_utf16(env, argv[1], NULL, 0, &len));
  return th_int(env, (int64_t)len);
}

/* lengthQueryIgnoresBufsize(str): with buf NULL a nonzero bufsize is ignored. */
static napi_value LengthQueryIgnoresBufsize(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  size_t len = 9999;
  NODE_API_CALL(env, napi_get_value_string_utf8(env, argv[0], NULL, 2, &len));
  return th_int(env, (int64_t)len);
}

/* getUtf8NoResult(str, bufsize) -> hex: result pointer NULL is allowed when a
 * buffer is given. */
static napi_value GetUtf8NoResult(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  uint32_t bufsize;
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[1], &bufsize));
  NODE_API_ASSERT(env, bufsize <= 256, "bufsize <= 256");
  unsigned char buf[260];
  memset(buf, MARKER, sizeof buf);
  NODE_API_CALL(env, napi_get_value_string_utf8(env, argv[0], (char*)buf, bufsize, NULL));
  return hex_of(env, buf, bufsize + 4);
}

/* statusGet(kind, value, mode): mode "normal" (buffer + result), "nulls"
 * (buf NULL and result NULL), "nullvalue" (value NULL). */
static napi_value StatusGet(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  th_args(env, info, 3, argv);
  char kind[16], mode[16];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  if (!th_utf8_arg(env, argv[2], mode, sizeof mode)) return NULL;
  char buf[16];
  char16_t buf16[16];
  size_t len;
  napi_value value = argv[1];
  bool nulls = !strcmp(mode, "nulls");
  if (!strcmp(mode, "nullvalue")) value = NULL;
  napi_status s;
  if (!strcmp(kind, "utf8"))
    s = napi_get_value_string_utf8(env, value, nulls ? NULL : buf, 16, nulls ? NULL : &len);
  else if (!strcmp(kind, "latin1"))
    s = napi_get_value_string_latin1(env, value, nulls ? NULL : buf, 16, nulls ? NULL : &len);
  else
    s = napi_get_value_string_utf16(env, value, nulls ? NULL : buf16, 16, nulls ? NULL : &len);
  return th_status(env, s);
}

/* ---- property keys ---------------------------------------------------- */

/* propertyKey(kind, data, length): data is hex for utf8/latin1, units for utf16. */
static napi_value PropertyKey(napi_env env, napi_callback_info info) {
  napi_value argv[3], v;
  th_args(env, info, 3, argv);
  char kind[16];
  bool ok;
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  size_t len = length_arg(env, argv[2], &ok);
  if (!ok) return NULL;
  if (!strcmp(kind, "utf16")) {
    char16_t units[256];
    if (units_arg(env, argv[1], units, 256) < 0) return NULL;
    NODE_API_CALL(env, node_api_create_property_key_utf16(env, units, len, &v));
  } else {
    char buf[512];
    if (hex_arg(env, argv[1], buf, sizeof buf) < 0) return NULL;
    if (!strcmp(kind, "utf8"))
      NODE_API_CALL(env, node_api_create_property_key_utf8(env, buf, len, &v));
    else
      NODE_API_CALL(env, node_api_create_property_key_latin1(env, buf, len, &v));
  }
  return v;
}

/* objectWithKeys(): an object whose properties are set through keys made by
 * the three property-key functions, then read back by name. */
static napi_value ObjectWithKeys(napi_env env, napi_callback_info info) {
  napi_value obj, k1, k2, k3, v, check;
  static const char16_t u16[] = {'w', 0x00FC, 'r', 'z', 'e', 0};
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, node_api_create_property_key_utf8(env, "alpha", NAPI_AUTO_LENGTH, &k1));
  NODE_API_CALL(env, node_api_create_property_key_latin1(env, "caf\xe9", 4, &k2));
  NODE_API_CALL(env, node_api_create_property_key_utf16(env, u16, NAPI_AUTO_LENGTH, &k3));
  NODE_API_CALL(env, napi_set_property(env, obj, k1, th_int(env, 1)));
  NODE_API_CALL(env, napi_set_property(env, obj, k2, th_int(env, 2)));
  NODE_API_CALL(env, napi_set_property(env, obj, k3, th_int(env, 3)));
  /* the key made by node_api_create_property_key_utf8 finds the property set
   * with a plain name */
  NODE_API_CALL(env, napi_set_named_property(env, obj, "plain", th_int(env, 4)));
  NODE_API_CALL(env, node_api_create_property_key_utf8(env, "plain", 5, &check));
  NODE_API_CALL(env, napi_get_property(env, obj, check, &v));
  int32_t got;
  NODE_API_CALL(env, napi_get_value_int32(env, v, &got));
  NODE_API_ASSERT(env, got == 4, "property found through a property key");
  return obj;
}

/* ---- external strings ------------------------------------------------- */

static int ext_finalize_count;
static int ext_finalize_data_ok;  /* finalizer saw data == the str pointer */
static int ext_finalize_hint_ok;  /* ... and the hint given */
static void* ext_expected_data;
static int ext_hint_token;

static void ext_finalize(napi_env env, void* data, void* hint) {
  ext_finalize_count++;
  ext_finalize_data_ok = (data == ext_expected_data);
  ext_finalize_hint_ok = (hint == &ext_hint_token);
  free(data);
}

static napi_value ExternalResult(napi_env env, napi_value str, bool copied, int before) {
  napi_value out;
  if (napi_create_object(env, &out) != napi_ok) return NULL;
  napi_set_named_property(env, out, "value", str);
  napi_set_named_property(env, out, "copied", th_bool(env, copied));
  napi_set_named_property(env, out, "finalizedDuringCall",
                          th_int(env, ext_finalize_count - before));
  return out;
}

/* externalLatin1(hex, length) -> {value, copied, finalizedDuringCall};
 * the bytes are in malloc'd memory freed by the finalizer. */
static napi_value ExternalLatin1(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  th_args(env, info, 2, argv);
  char tmp[512];
  bool ok;
  long n = hex_arg(env, argv[0], tmp, sizeof tmp);
  if (n < 0) return NULL;
  size_t len = length_arg(env, argv[1], &ok);
  if (!ok) return NULL;
  char* str = malloc((size_t)n + 1);
  memcpy(str, tmp, (size_t)n + 1);
  ext_expected_data = str;
  int before = ext_finalize_count;
  bool copied = false;
  napi_status s = node_api_create_external_string_latin1(
      env, str, len, ext_finalize, &ext_hint_token, &v, &copied);
  if (s != napi_ok) {
    free(str);
    NODE_API_CALL(env, s);
  }
  return ExternalResult(env, v, copied, before);
}

static napi_value ExternalUtf16(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  th_args(env, info, 2, argv);
  char16_t tmp[256];
  bool ok;
  long n = units_arg(env, argv[0], tmp, 256);
  if (n < 0) return NULL;
  size_t len = length_arg(env, argv[1], &ok);
  if (!ok) return NULL;
  char16_t* str = malloc(((size_t)n + 1) * sizeof(char16_t));
  memcpy(str, tmp, ((size_t)n + 1) * sizeof(char16_t));
  ext_expected_data = str;
  int before = ext_finalize_count;
  bool copied = false;
  napi_status s = node_api_create_external_string_utf16(
      env, str, len, ext_finalize, &ext_hint_token, &v, &copied);
  if (s != napi_ok) {
    free(str);
    NODE_API_CALL(env, s);
  }
  return ExternalResult(env, v, copied, before);
}

/* [count, data pointer matched, hint matched] for the last finalizer run. */
static napi_value ExternalFinalizeInfo(napi_env env, napi_callback_info info) {
  napi_value out;
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_int(env, ext_finalize_count)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, ext_finalize_data_ok)));
  NODE_API_CALL(env, napi_set_element(env, out, 2, th_bool(env, ext_finalize_hint_ok)));
  return out;
}

/* externalStatic(kind): static storage, no finalizer, copied pointer NULL. */
static napi_value ExternalStatic(napi_env env, napi_callback_info info) {
  static char latin1[] = "static \xe9t\xe9";
  static char16_t utf16[] = {'s', 't', 0xD83D, 0xDE00, 0};
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  char kind[16];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  if (!strcmp(kind, "latin1"))
    NODE_API_CALL(env, node_api_create_external_string_latin1(
        env, latin1, NAPI_AUTO_LENGTH, NULL, NULL, &v, NULL));
  else
    NODE_API_CALL(env, node_api_create_external_string_utf16(
        env, utf16, NAPI_AUTO_LENGTH, NULL, NULL, &v, NULL));
  return v;
}

static napi_value ExternalStatuses(napi_env env, napi_callback_info info) {
  static char latin1[] = "abc";
  static char16_t utf16[] = {'a', 'b', 'c', 0};
  napi_value out;
  bool copied;
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_set_named_property(env, out, "latin1_null_result", th_status(env,
      node_api_create_external_string_latin1(env, latin1, 3, NULL, NULL, NULL, &copied))));
  NODE_API_CALL(env, napi_set_named_property(env, out, "utf16_null_result", th_status(env,
      node_api_create_external_string_utf16(env, utf16, 3, NULL, NULL, NULL, &copied))));
  return out;
}

/* ---- registration ----------------------------------------------------- */

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor props[] = {
      TH_METHOD("createUtf8", CreateUtf8),
      TH_METHOD("createLatin1", CreateLatin1),
      TH_METHOD("createUtf16", CreateUtf16),
      TH_METHOD("createStatuses", CreateStatuses),
      TH_METHOD("emptyFromNull", EmptyFromNull),
      TH_METHOD("getUtf8", GetUtf8),
      TH_METHOD("getLatin1", GetLatin1),
      TH_METHOD("getUtf16", GetUtf16),
      TH_METHOD("lengthOf", LengthOf),
      TH_METHOD("lengthQueryIgnoresBufsize", LengthQueryIgnoresBufsize),
      TH_METHOD("getUtf8NoResult", GetUtf8NoResult),
      TH_METHOD("statusGet", StatusGet),
      TH_METHOD("propertyKey", PropertyKey),
      TH_METHOD("objectWithKeys", ObjectWithKeys),
      TH_METHOD("externalLatin1", ExternalLatin1),
      TH_METHOD("externalUtf16", ExternalUtf16),
      TH_METHOD("externalFinalizeInfo", ExternalFinalizeInfo),
      TH_METHOD("externalStatic", ExternalStatic),
      TH_METHOD("externalStatuses", ExternalStatuses),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
