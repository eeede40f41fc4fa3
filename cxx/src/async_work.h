// What the async-work pool (async_work.cc) tells threadsafe functions (tsfn.cc).
#pragma once

namespace napi_python {

// Any thread: whether the calling thread is one of the pool's.
bool on_pool_thread();
// A pool thread starts (+1) or stops (-1) sleeping in a blocking call to a full
// threadsafe function: a fork does not wait for it (async_work_fork_prepare).
void pool_thread_blocked(int delta);

}  // namespace napi_python
