//! Waiting for another connection's lock. SQLite's own busy timeout sleeps
//! in steps that grow to 100 ms, so a connection that wants the lock for a
//! moment (a read appending its access-log entries) keeps losing it to
//! writers that retake it at once. This handler polls in short, growing
//! steps (50 µs to 1 ms) until the calling diary's deadline, so waiting
//! connections take turns. The deadline is per thread: a call sets it for
//! its duration ([`Deadline`]).

use std::cell::Cell;
use std::time::{Duration, Instant};

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Sets the calling thread's deadline for lock waits until dropped.
#[derive(Debug)]
pub(crate) struct Deadline(Option<Instant>);

impl Deadline {
    pub(crate) fn start(wait: Duration) -> Deadline {
        Deadline(DEADLINE.with(|d| d.replace(Some(Instant::now() + wait))))
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        DEADLINE.with(|d| d.set(self.0));
    }
}

/// The calling thread's deadline for lock waits (the default busy timeout
/// from now when no call has set one).
pub(crate) fn deadline() -> Instant {
    DEADLINE
        .with(Cell::get)
        .unwrap_or_else(|| Instant::now() + super::BUSY_TIMEOUT)
}

/// The busy handler installed on every connection: `true` to try again.
pub(crate) fn handler(attempt: i32) -> bool {
    let deadline = deadline();
    let now = Instant::now();
    if now >= deadline {
        return false;
    }
    let step = Duration::from_micros((50u64 << attempt.clamp(0, 5)).min(MAX_STEP_US));
    std::thread::sleep(step.min(deadline - now));
    true
}

/// The longest pause between two tries, in microseconds.
const MAX_STEP_US: u64 = 250;
