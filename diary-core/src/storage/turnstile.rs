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
//!
//! Reads append their access-log entries after their snapshot
//! ([`Turnstile::append_grouped`]): while one handle appends, the entries of
//! the reads that queue up behind it wait together, and the next of them to
//! be admitted appends them all in one transaction (a group commit). Each
//! read still returns only once its own entries are committed; under load,
//! eight concurrent reads cost one write transaction instead of eight.

use super::access_log::LogEvent;
use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet, VecDeque};
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
    /// Reads' log entries waiting to be appended, by their ticket.
    pending: Vec<(u64, LogBatch)>,
    /// What became of the batches another handle appended, by ticket.
    appended: HashMap<u64, Result<()>>,
}

/// The access-log entries of one read, with the time they are stamped.
#[derive(Debug, Clone)]
pub(crate) struct LogBatch {
    pub events: Vec<LogEvent>,
    pub now: i64,
}

/// While a handle appends a group of batches: if it unwinds, the others'
/// batches are reported as not appended and the turn is released, so that
/// nobody waits for an outcome that never comes.
struct Leading<'a> {
    turnstile: &'a Turnstile,
    others: Vec<u64>,
    outcome: Option<Result<()>>,
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        let outcome = self.outcome.take().unwrap_or_else(|| {
            Err(Error::Internal(
                "appending the access log failed unexpectedly; the data was not returned".into(),
            ))
        });
        let mut s = self.turnstile.lock();
        for t in self.others.drain(..) {
            s.appended.insert(t, outcome.clone());
        }
        s.held = false;
        drop(s);
        self.turnstile.turn.notify_all();
    }
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

    /// Appends a read's log entries: queues `batch`, and when this caller's
    /// turn comes appends every batch queued by then with `write` (in one
    /// transaction) — unless another handle's turn came first and appended
    /// it, in which case that handle's outcome is this caller's. Gives up
    /// with [`Error::Busy`] at `deadline` only while the batch is still
    /// waiting; once a handle is appending it, its outcome is awaited.
    pub(crate) fn append_grouped(
        &self,
        deadline: Instant,
        batch: LogBatch,
        write: impl FnOnce(&[LogBatch]) -> Result<()>,
    ) -> Result<()> {
        let mut s = self.lock();
        let ticket = s.next_ticket;
        s.next_ticket += 1;
        s.queue.push_back(ticket);
        s.pending.push((ticket, batch));
        loop {
            if let Some(outcome) = s.appended.remove(&ticket) {
                return outcome;
            }
            if !s.held && s.queue.front() == Some(&ticket) {
                s.held = true;
                let group = std::mem::take(&mut s.pending);
                let tickets: HashSet<u64> = group.iter().map(|(t, _)| *t).collect();
                s.queue.retain(|t| !tickets.contains(t));
                drop(s);
                let mut leading = Leading {
                    turnstile: self,
                    others: tickets.into_iter().filter(|t| *t != ticket).collect(),
                    outcome: None,
                };
                let batches: Vec<LogBatch> = group.into_iter().map(|(_, b)| b).collect();
                let outcome = write(&batches);
                leading.outcome = Some(outcome.clone());
                return outcome;
            }
            let waiting = s.pending.iter().any(|(t, _)| *t == ticket);
            let now = Instant::now();
            if waiting && now >= deadline {
                s.pending.retain(|(t, _)| *t != ticket);
                s.queue.retain(|t| *t != ticket);
                drop(s);
                self.turn.notify_all();
                return Err(Error::Busy(
                    "another handle of this process kept the diary's write lock beyond the \
                     busy timeout; the access log could not be written, so the read's data \
                     was not returned, and the call is safe to retry"
                        .into(),
                ));
            }
            // A batch being appended by another handle has its outcome soon.
            let wait = if waiting {
                deadline - now
            } else {
                std::time::Duration::from_millis(100)
            };
            s = self
                .turn
                .wait_timeout(s, wait)
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

    /// Queues `n` batches behind a held turn from as many threads, then
    /// releases the turn; returns each thread's outcome and the sizes of the
    /// groups `write` was called with.
    fn grouped(
        n: usize,
        write: impl Fn(&[LogBatch]) -> Result<()> + Send + Sync + 'static,
    ) -> (Vec<Result<()>>, Vec<usize>) {
        let t = Arc::new(Turnstile::default());
        let held = t.enter(Instant::now() + Duration::from_secs(5)).unwrap();
        let groups = Arc::new(Mutex::new(Vec::new()));
        let write = Arc::new(write);
        let mut threads = Vec::new();
        for i in 0..n {
            let (t2, groups, write) = (t.clone(), groups.clone(), write.clone());
            threads.push(std::thread::spawn(move || {
                let batch = LogBatch {
                    events: Vec::new(),
                    now: i as i64,
                };
                t2.append_grouped(Instant::now() + Duration::from_secs(5), batch, |b| {
                    groups.lock().unwrap().push(b.len());
                    write(b)
                })
            }));
            while t.lock().pending.len() < i + 1 {
                std::thread::yield_now();
            }
        }
        drop(held);
        let outcomes = threads.into_iter().map(|h| h.join().unwrap()).collect();
        let groups = groups.lock().unwrap().clone();
        assert!(t.lock().queue.is_empty() && t.lock().appended.is_empty());
        assert!(!t.lock().held);
        (outcomes, groups)
    }

    #[test]
    fn reads_queued_behind_a_turn_are_appended_in_one_group() {
        let (outcomes, groups) = grouped(5, |_| Ok(()));
        assert!(outcomes.iter().all(Result::is_ok));
        assert_eq!(groups, vec![5], "one append for all five reads");
    }

    #[test]
    fn a_failed_group_append_fails_every_read_in_it() {
        let (outcomes, groups) = grouped(3, |_| Err(Error::DiskFull("full".into())));
        assert_eq!(groups, vec![3]);
        assert!(outcomes
            .iter()
            .all(|o| matches!(o, Err(Error::DiskFull(_)))));
    }

    #[test]
    fn a_group_append_that_panics_fails_the_others_and_frees_the_turn() {
        let t = Arc::new(Turnstile::default());
        let held = t.enter(Instant::now() + Duration::from_secs(5)).unwrap();
        let deadline = || Instant::now() + Duration::from_secs(5);
        let batch = || LogBatch {
            events: Vec::new(),
            now: 0,
        };
        let t1 = t.clone();
        let leader =
            std::thread::spawn(move || t1.append_grouped(deadline(), batch(), |_| panic!("boom")));
        while t.lock().pending.is_empty() {
            std::thread::yield_now();
        }
        let t2 = t.clone();
        let follower =
            std::thread::spawn(move || t2.append_grouped(deadline(), batch(), |_| Ok(())));
        while t.lock().pending.len() < 2 {
            std::thread::yield_now();
        }
        drop(held);
        assert!(leader.join().is_err(), "the leader's panic unwinds");
        assert!(matches!(follower.join().unwrap(), Err(Error::Internal(_))));
        // The turn is free again.
        let _next = t.enter(Instant::now() + Duration::from_millis(10)).unwrap();
    }

    #[test]
    fn a_waiting_batch_gives_up_at_its_deadline() {
        let t = Turnstile::default();
        let held = t.enter(Instant::now() + Duration::from_secs(5)).unwrap();
        let batch = LogBatch {
            events: Vec::new(),
            now: 0,
        };
        let err = t
            .append_grouped(
                Instant::now() + Duration::from_millis(20),
                batch,
                |_| Ok(()),
            )
            .unwrap_err();
        assert!(matches!(err, Error::Busy(_)), "{err:?}");
        assert!(t.lock().pending.is_empty() && t.lock().queue.is_empty());
        drop(held);
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
