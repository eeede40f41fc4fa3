//! The async runtime behind the addon's `#[napi] async fn`s: each task gets its own
//! thread, which polls it and parks until woken. Enough for tests (a handful of
//! tasks); published addons use tokio.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

use napi::bindgen_prelude::{
  register_async_runtime, AsyncRuntime, AsyncRuntimeRejection, AsyncRuntimeTask, Result,
};

struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
  fn wake(self: Arc<Self>) {
    self.0.unpark();
  }
  fn wake_by_ref(self: &Arc<Self>) {
    self.0.unpark();
  }
}

/// Polls `fut` on this thread until it is ready, parking in between.
fn run_to_completion(mut fut: Pin<&mut dyn Future<Output = ()>>) {
  let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
  let mut cx = Context::from_waker(&waker);
  while fut.as_mut().poll(&mut cx) == Poll::Pending {
    thread::park();
  }
}

struct ThreadPerTask;

// Safety: the threads run only the tasks they were given; a task still pending at
// exit keeps its thread parked, which the process ends with (the addon image is
// never unloaded under napi-python).
unsafe impl AsyncRuntime for ThreadPerTask {
  fn spawn(
    &self,
    task: AsyncRuntimeTask,
  ) -> std::result::Result<(), AsyncRuntimeRejection<AsyncRuntimeTask>> {
    thread::spawn(move || {
      let mut task = task;
      let pinned: Pin<&mut AsyncRuntimeTask> = Pin::new(&mut task);
      run_to_completion(pinned);
    });
    Ok(())
  }

  fn block_on(&self, future: Pin<&mut dyn Future<Output = ()>>) -> Result<()> {
    run_to_completion(future);
    Ok(())
  }

  fn shutdown(&self) -> Result<()> {
    Ok(())
  }
}

#[napi_derive::module_init]
fn init() {
  register_async_runtime(ThreadPerTask);
}
