// The counters' report, napi_python._core.debug_counters(): the debug counters
// (debug_counters.h) with gauges of the present state read from the rooms that own
// it (handles, finalizers, references). Nothing in the core calls it.
#include "env.h"
#include "finalizers.h"
#include "lifetimes.h"

using namespace napi_python;

#ifdef NAPI_PYTHON_DEBUG_COUNTERS
static int set_int(PyObject* d, const char* name, int64_t v) {
  PyObject* n = PyLong_FromLongLong(v);
  int r = n != nullptr ? PyDict_SetItemString(d, name, n) : -1;
  Py_XDECREF(n);
  return r;
}
#endif

// A dict of the counters (created/freed pairs, see debug_counters.h) and of gauges
// of the present state, or None when the core was built without counters.
NAPI_EXPORT PyObject* napi_python_debug_counters() {
#ifndef NAPI_PYTHON_DEBUG_COUNTERS
  Py_RETURN_NONE;
#else
  static const char* const names[] = {
#define NAPI_PYTHON_X(name) #name,
      NAPI_PYTHON_DEBUG_COUNTER_LIST(NAPI_PYTHON_X)
#undef NAPI_PYTHON_X
  };
  PyObject* d = PyDict_New();
  if (d == nullptr) return nullptr;
  for (int i = 0; i < debug::kCounterCount; i++)
    if (set_int(d, names[i], debug::counters[i].load(std::memory_order_relaxed)) < 0) {
      Py_DECREF(d);
      return nullptr;
    }
  // Gauges. The handle stack is the calling thread's.
  HandleStack& s = handle_stack();
  size_t states = 0;
  size_t attached = attached_finalizers(&states);
  int64_t refs, empty_refs;
  reference_gauges(&refs, &empty_refs);
  struct {
    const char* name;
    int64_t value;
  } gauges[] = {
      {"handles_open", static_cast<int64_t>(s.owned())},
      {"handles_stale", static_cast<int64_t>(s.owned() - s.height())},
      {"scopes_open", static_cast<int64_t>(s.scopes.size())},
      {"finalizers_queued", static_cast<int64_t>(queued_finalizers())},
      {"finalizers_attached", static_cast<int64_t>(attached)},
      {"native_states_live", static_cast<int64_t>(states)},
      {"references_live", refs},
      {"references_empty", empty_refs},
      {"side_table_buckets", static_cast<int64_t>(side_table_buckets())},
  };
  for (auto& g : gauges)
    if (set_int(d, g.name, g.value) < 0) {
      Py_DECREF(d);
      return nullptr;
    }
  return d;
#endif
}
