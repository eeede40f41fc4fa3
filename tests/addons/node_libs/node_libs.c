/* An addon that calls the libraries Node links in and exports to addons (zlib,
 * Brotli, OpenSSL), as @ossiana/node-libcurl does: their functions are left
 * undefined in the .node file for the process to provide. Under napi-python the
 * system's libz, libbrotli* and libcrypto provide them (napi_python/_loader.py).
 *
 * No headers of those libraries are needed: the few functions used are declared
 * below with their public C signatures. */
#include "test_helpers.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

unsigned long crc32(unsigned long crc, const unsigned char* buf, unsigned int len);
unsigned long adler32(unsigned long adler, const unsigned char* buf, unsigned int len);
int compress(unsigned char* dest, unsigned long* dest_len, const unsigned char* source,
             unsigned long source_len);
int uncompress(unsigned char* dest, unsigned long* dest_len, const unsigned char* source,
               unsigned long source_len);
int BrotliEncoderCompress(int quality, int lgwin, int mode, size_t input_size,
                          const uint8_t* input_buffer, size_t* encoded_size,
                          uint8_t* encoded_buffer);
int BrotliDecoderDecompress(size_t encoded_size, const uint8_t* encoded_buffer,
                            size_t* decoded_size, uint8_t* decoded_buffer);
unsigned char* SHA256(const unsigned char* data, size_t count, unsigned char* md);

static napi_value str(napi_env env, const char* s) {
  napi_value v;
  NODE_API_CALL(env, napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v));
  return v;
}

/* [crc32, adler32, zlib round trip, brotli round trip, sha256 hex] of a string */
static napi_value digest(napi_env env, napi_callback_info info) {
  size_t argc = 1, len;
  napi_value arg, result;
  char text[256];
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  NODE_API_CALL(env, napi_get_value_string_utf8(env, arg, text, sizeof text, &len));
  const unsigned char* in = (const unsigned char*)text;
  char buf[80];
  unsigned char packed[512], unpacked[256], md[32];
  NODE_API_CALL(env, napi_create_array_with_length(env, 5, &result));

  snprintf(buf, sizeof buf, "%lu", crc32(crc32(0, NULL, 0), in, (unsigned)len));
  NODE_API_CALL(env, napi_set_element(env, result, 0, str(env, buf)));
  snprintf(buf, sizeof buf, "%lu", adler32(adler32(0, NULL, 0), in, (unsigned)len));
  NODE_API_CALL(env, napi_set_element(env, result, 1, str(env, buf)));

  unsigned long packed_len = sizeof packed, unpacked_len = sizeof unpacked - 1;
  int z = compress(packed, &packed_len, in, len);
  if (z == 0) z = uncompress(unpacked, &unpacked_len, packed, packed_len);
  unpacked[z == 0 ? unpacked_len : 0] = 0;
  NODE_API_CALL(env, napi_set_element(env, result, 2, str(env, (char*)unpacked)));

  size_t encoded = sizeof packed, decoded = sizeof unpacked - 1;
  int ok = BrotliEncoderCompress(11, 22, 0, len, in, &encoded, packed) &&
           BrotliDecoderDecompress(encoded, packed, &decoded, unpacked) == 1;
  unpacked[ok ? decoded : 0] = 0;
  NODE_API_CALL(env, napi_set_element(env, result, 3, str(env, (char*)unpacked)));

  SHA256(in, len, md);
  for (int i = 0; i < 32; i++) snprintf(buf + 2 * i, 3, "%02x", md[i]);
  NODE_API_CALL(env, napi_set_element(env, result, 4, str(env, buf)));
  return result;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor props[] = {TH_METHOD("digest", digest)};
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
