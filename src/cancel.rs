//! Cooperative cancellation: one process-wide flag that `main`'s signal handler (SIGINT,
//! SIGTERM) sets and the long loops check: `pipeline` between documents, `export::write`
//! between buffer flushes. A cancelled `write` removes its temporary folder and leaves the
//! previous export as it was.
//!
//! The flag is the only global state of the library, because a signal is process-wide. No
//! library code sets it; a program that never installs a handler never sees it set.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};

static FLAG: LazyLock<Arc<AtomicBool>> = LazyLock::new(|| Arc::new(AtomicBool::new(false)));

/// The flag, for a signal handler to set (e.g. `signal_hook::flag::register`).
pub fn flag() -> Arc<AtomicBool> {
    Arc::clone(&FLAG)
}

/// Ask the running work to stop.
pub fn request() {
    FLAG.store(true, Ordering::SeqCst);
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    FLAG.load(Ordering::Relaxed)
}

/// The error of work stopped by [`request`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}

/// `Err(Interrupted)` (as an `io::Error` of kind `Interrupted`) once a stop was asked for.
pub fn check() -> std::io::Result<()> {
    if requested() {
        Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            Interrupted,
        ))
    } else {
        Ok(())
    }
}
