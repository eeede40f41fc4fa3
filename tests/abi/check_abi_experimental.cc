// Compile-time check of the NAPI_EXPERIMENTAL surface of napi-python's
// headers.  The node-api-headers npm package strips experimental blocks, so
// this cannot be compared against it; the expected types are written out
// here from Node's js_native_api_types.h / js_native_api.h.
//
//   g++ -std=c++17 -fsyntax-only -Icxx/include tests/abi/check_abi_experimental.cc
//   (add -DNODE_API_EXPERIMENTAL_BASIC_ENV_OPT_OUT to check the opt-out)

#define NAPI_EXPERIMENTAL
#include "../../cxx/include/node_api.h"

#include <type_traits>

static_assert(NAPI_VERSION == NAPI_VERSION_EXPERIMENTAL, "NAPI_VERSION");
static_assert(NAPI_VERSION_EXPERIMENTAL == 2147483647, "experimental version");

#if defined(NODE_API_EXPERIMENTAL_BASIC_ENV_OPT_OUT) || \
    defined(NODE_API_EXPERIMENTAL_NOGC_ENV_OPT_OUT)
using basic_env_t = napi_env__*;
#else
using basic_env_t = const napi_env__*;
#endif
using basic_finalize_t = void (*)(basic_env_t, void*, void*);

static_assert(std::is_same<node_api_basic_env, basic_env_t>::value, "basic env");
static_assert(std::is_same<node_api_nogc_env, basic_env_t>::value, "nogc env");
static_assert(std::is_same<node_api_basic_finalize, basic_finalize_t>::value,
              "basic finalize");
static_assert(std::is_same<node_api_nogc_finalize, basic_finalize_t>::value,
              "nogc finalize");
static_assert(std::is_same<napi_finalize, void (*)(napi_env__*, void*, void*)>::value,
              "napi_finalize keeps a non-const env");

#ifndef NODE_API_EXPERIMENTAL_HAS_POST_FINALIZER
#error "NODE_API_EXPERIMENTAL_HAS_POST_FINALIZER not defined"
#endif
#ifndef NODE_API_EXPERIMENTAL_HAS_SET_PROTOTYPE
#error "NODE_API_EXPERIMENTAL_HAS_SET_PROTOTYPE not defined"
#endif

static_assert(std::is_same<decltype(&node_api_post_finalizer),
                           napi_status (*)(basic_env_t, napi_finalize, void*,
                                           void*)>::value,
              "node_api_post_finalizer");
static_assert(std::is_same<decltype(&node_api_set_prototype),
                           napi_status (*)(napi_env, napi_value,
                                           napi_value)>::value,
              "node_api_set_prototype");

// A sample of the GC-safe ("basic env") entry points.
static_assert(std::is_same<decltype(&napi_delete_reference),
                           napi_status (*)(basic_env_t, napi_ref)>::value,
              "napi_delete_reference");
static_assert(std::is_same<decltype(&napi_wrap),
                           napi_status (*)(napi_env, napi_value, void*,
                                           basic_finalize_t, void*,
                                           napi_ref*)>::value,
              "napi_wrap");
static_assert(std::is_same<decltype(&napi_set_instance_data),
                           napi_status (*)(basic_env_t, void*, napi_finalize,
                                           void*)>::value,
              "napi_set_instance_data");

#ifdef NAPI_PYTHON_ABI_SELFTEST_BREAK
static_assert(std::is_same<decltype(&napi_delete_reference),
                           napi_status (*)(napi_env, napi_ref)>::value,
              "selftest: must fail unless opted out");
#endif
