// Debug counters: how many handles, handle scopes, references, finalizers and
// runtime objects the core created and freed. Compiled in only with the CMake option
// NAPI_PYTHON_DEBUG_COUNTERS (off by default): without it every macro here expands
// to nothing and Counted<> is an empty base, so a release build pays nothing.
//
// Python reads them with napi_python._core.debug_counters() (None in a release
// build); tests/conftest.py checks them after every test (docs/internals.rst).
#pragma once

#include <cstdint>

#ifdef NAPI_PYTHON_DEBUG_COUNTERS
#include <atomic>
#endif

// X(name): one counter each. Pairs are "<what>_created" / "<what>_freed" (or the
// verbs of the concept); the balance rules live in tests/conftest.py.
#define NAPI_PYTHON_DEBUG_COUNTER_LIST(X) \
  X(handles_created)          /* references a handle stack took (napi_values) */ \
  X(handles_freed)            /* ... released (call's end, grace FIFO), or    \
                                 handed over as a callback's result */         \
  X(scopes_opened)            /* napi_open_(escapable_)handle_scope */         \
  X(scopes_closed)            /* closed by the addon, or with the call */      \
  X(references_created)       /* napi_ref */                                   \
  X(references_deleted)                                                        \
  X(finalizers_registered)    /* wrap, externals, add_finalizer, post... */    \
  X(finalizers_ran)                                                            \
  X(finalizers_ran_in_gc)     /* of those: basic finalizers run in a dealloc */ \
  X(finalizers_cancelled)     /* napi_remove_wrap */                           \
  X(finalizers_dropped)       /* queued after teardown: never run */           \
  X(native_states_created)    /* NativeState: wrap/tag/finalizers of a value */ \
  X(native_states_freed)                                                       \
  X(wraps_created)                                                             \
  X(wraps_removed)            /* napi_remove_wrap */                           \
  X(externals_created)                                                         \
  X(externals_freed)                                                           \
  X(async_works_created)                                                       \
  X(async_works_freed)                                                         \
  X(tsfns_created)                                                             \
  X(tsfns_freed)                                                               \
  X(async_cleanup_hooks_added)                                                 \
  X(async_cleanup_hooks_removed)

namespace napi_python {
namespace debug {

enum Counter : int {
#define NAPI_PYTHON_X(name) name,
  NAPI_PYTHON_DEBUG_COUNTER_LIST(NAPI_PYTHON_X)
#undef NAPI_PYTHON_X
  kCounterCount
};

#ifdef NAPI_PYTHON_DEBUG_COUNTERS
// Relaxed atomics: threadsafe functions and async work are freed on any thread.
inline std::atomic<int64_t> counters[kCounterCount];  // (C++17: one in the library)
inline void count(Counter c, int64_t n = 1) {
  counters[c].fetch_add(n, std::memory_order_relaxed);
}
#endif

// A base class that counts its constructions and destructions (empty, and free,
// without counters).
template <Counter created, Counter freed>
struct Counted {
#ifdef NAPI_PYTHON_DEBUG_COUNTERS
  Counted() { count(created); }
  Counted(const Counted&) { count(created); }
  Counted& operator=(const Counted&) = default;
  ~Counted() { count(freed); }
#endif
};

}  // namespace debug
}  // namespace napi_python

#ifdef NAPI_PYTHON_DEBUG_COUNTERS
#define NAPI_COUNT(name) ::napi_python::debug::count(::napi_python::debug::name)
#define NAPI_COUNT_N(name, n) \
  ::napi_python::debug::count(::napi_python::debug::name, static_cast<int64_t>(n))
// Code that only exists in the counters build (bookkeeping for the gauges).
#define NAPI_IF_COUNTERS(...) __VA_ARGS__
#else
#define NAPI_COUNT(name) ((void)0)
#define NAPI_COUNT_N(name, n) ((void)0)
#define NAPI_IF_COUNTERS(...)
#endif
