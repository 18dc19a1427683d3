//! Taking turns for the write lock among the handles of one process.
//!
//! SQLite's write lock is not a queue: a connection that commits and at once
//! begins its next write usually retakes the lock before a waiting
//! connection's next poll, so a read that only needs the lock for a moment
//! (to append its access-log entries) can wait for many writes in a row.
//! Within one process, every handle on the same file passes this turnstile
//! before it asks SQLite for the write lock, and the turnstile admits them
//! strictly first come, first served. Other processes still compete at
//! SQLite's lock, polled by [`super::busy`].
//!
//! A waiter gives up at its thread's lock-wait deadline (the same one the
//! busy handler uses) with [`Error::Busy`]; giving up removes it from the
//! queue, so one impatient caller never blocks the ones behind it.

use crate::error::{Error, Result};
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, Weak};
use std::time::Instant;

/// The queue for one database file.
#[derive(Debug, Default)]
pub(crate) struct Turnstile {
    state: Mutex<State>,
    turn: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// Whether a handle is between passing the turnstile and leaving it.
    held: bool,
    /// Waiting tickets, oldest first.
    queue: VecDeque<u64>,
    next_ticket: u64,
}

/// Held while a handle takes and uses the write lock; the next in line is
/// admitted when it is dropped.
#[derive(Debug)]
pub(crate) struct Turn<'a>(&'a Turnstile);

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut s = self.0.lock();
        s.held = false;
        drop(s);
        self.0.turn.notify_all();
    }
}

/// The process's turnstiles, one per file (by canonical path), kept while
/// a handle on the file is open.
type Registry = Mutex<HashMap<PathBuf, Weak<Turnstile>>>;

fn registry() -> MutexGuard<'static, HashMap<PathBuf, Weak<Turnstile>>> {
    static ALL: OnceLock<Registry> = OnceLock::new();
    ALL.get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

/// A handle's share of its file's turnstile; the last share of a file
/// takes the file out of the registry (and an empty registry frees its
/// table), so that nothing stays allocated once every handle is closed.
#[derive(Debug)]
pub(crate) struct Shared {
    turnstile: Arc<Turnstile>,
    key: PathBuf,
}

impl std::ops::Deref for Shared {
    type Target = Turnstile;
    fn deref(&self) -> &Turnstile {
        &self.turnstile
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        let mut all = registry();
        // Under the registry's lock no other handle can take a share.
        if Arc::strong_count(&self.turnstile) == 1 {
            all.remove(&self.key);
            if all.is_empty() {
                *all = HashMap::new();
            }
        }
    }
}

impl Turnstile {
    /// The turnstile of the file at `path` (shared by every handle of this
    /// process on that file), or `None` when the file cannot be named
    /// canonically (then handles compete at SQLite's lock only).
    pub(crate) fn of_file(path: &Path) -> Option<Shared> {
        let key = std::fs::canonicalize(path).ok()?;
        let mut all = registry();
        let turnstile = match all.get(&key).and_then(Weak::upgrade) {
            Some(t) => t,
            None => {
                let t = Arc::new(Turnstile::default());
                all.insert(key.clone(), Arc::downgrade(&t));
                t
            }
        };
        Some(Shared { turnstile, key })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is consistent after every statement: a panic elsewhere
        // cannot leave it half-changed.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for this caller's turn until `deadline`.
    pub(crate) fn enter(&self, deadline: Instant) -> Result<Turn<'_>> {
        let mut s = self.lock();
        let ticket = s.next_ticket;
        s.next_ticket += 1;
        s.queue.push_back(ticket);
        loop {
            if !s.held && s.queue.front() == Some(&ticket) {
                s.queue.pop_front();
                s.held = true;
                return Ok(Turn(self));
            }
            let now = Instant::now();
            if now >= deadline {
                s.queue.retain(|t| *t != ticket);
                drop(s);
                // The one behind may now be first.
                self.turn.notify_all();
                return Err(Error::Busy(
                    "another handle of this process kept the diary's write lock beyond the \
                     busy timeout; nothing was changed, and the call is safe to retry"
                        .into(),
                ));
            }
            s = self
                .turn
                .wait_timeout(s, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn admits_in_arrival_order() {
        let t = Arc::new(Turnstile::default());
        let first = t.enter(Instant::now() + Duration::from_secs(5)).unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut threads = Vec::new();
        for i in 0..4 {
            let (t2, order) = (t.clone(), order.clone());
            threads.push(std::thread::spawn(move || {
                let _turn = t2.enter(Instant::now() + Duration::from_secs(5)).unwrap();
                order.lock().unwrap().push(i);
            }));
            // Each has queued before the next arrives.
            while t.lock().queue.len() < i + 1 {
                std::thread::yield_now();
            }
        }
        drop(first);
        for h in threads {
            h.join().unwrap();
        }
        assert_eq!(*order.lock().unwrap(), vec![0, 1, 2, 3]);
    }

    #[test]
    fn a_waiter_gives_up_at_its_deadline_and_leaves_the_queue() {
        let t = Turnstile::default();
        let held = t.enter(Instant::now() + Duration::from_secs(5)).unwrap();
        let err = t
            .enter(Instant::now() + Duration::from_millis(20))
            .unwrap_err();
        assert!(matches!(err, Error::Busy(_)), "{err:?}");
        assert!(t.lock().queue.is_empty());
        drop(held);
        // The next caller is admitted at once.
        let _again = t.enter(Instant::now() + Duration::from_millis(1)).unwrap();
    }

    #[test]
    fn handles_on_one_file_share_a_turnstile() {
        let dir = std::env::temp_dir().join(format!("turnstile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("a.diary");
        std::fs::write(&f, b"").unwrap();
        let a = Turnstile::of_file(&f).unwrap();
        let b = Turnstile::of_file(&dir.join(".").join("a.diary")).unwrap();
        assert!(Arc::ptr_eq(&a.turnstile, &b.turnstile));
        let key = a.key.clone();
        drop(a);
        assert!(registry().contains_key(&key), "b still holds it");
        drop(b);
        assert!(
            !registry().contains_key(&key),
            "the last share leaves the registry"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
