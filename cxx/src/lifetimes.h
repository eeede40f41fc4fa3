// Lifetimes (lifetimes.cc): the handle stack's slow paths, handle scopes and
// references (napi_ref). The handle stack itself and call_into_module are in env.h
// (the hot path inlines them).
#pragma once

#include "env.h"

#include <cstdint>

namespace napi_python {

// GIL: applies the reference operations threads without the GIL queued; at exit,
// the last drain, after which they are dropped.
void drain_deferred_references();
void stop_deferred_references();

// GIL: `ref` carries a finalizer (the reference napi_wrap or napi_add_finalizer
// returned): its deletion calls `cancel` first, so that the finalizer will not run if
// it has not yet (finalizers.cc passes cancel_finalizer_of; other references pay
// nothing).
void ref_carries_finalizer(napi_ref ref, void (*cancel)(napi_ref));

#ifdef NAPI_PYTHON_DEBUG_COUNTERS
// Counters build (counters_report.cc): references alive, and those whose value died.
void reference_gauges(int64_t* live, int64_t* empty);
#endif

}  // namespace napi_python
