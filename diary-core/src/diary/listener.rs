//! The host's change listener: each committed change, handed over after
//! the commit on a delivery thread of the handle's own, so that a slow or
//! failing listener never holds a lock, delays a write or undoes one.

use super::{Diary, Inner};
use crate::model::FeedChange;
use crate::storage::feed;
use crate::storage::Db;
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Receives every change this handle's writes commit (all of them: the
/// host's own process sees everything, as with the file itself), in
/// commit order, on the handle's delivery thread. A panic is caught and
/// the change dropped for this listener; the write stays committed. It may
/// call back into the diary (e.g. to read the new mark). Dropping the
/// diary delivers what was committed and waits for the thread to end.
pub trait ChangeListener: Send + Sync + fmt::Debug {
    /// One committed change.
    fn on_change(&self, change: &FeedChange);
}

/// Changes read from the file per step of a delivery.
const BATCH: u32 = 256;

/// The handle's listener, its queue of committed ranges of the feed, and
/// the delivery thread.
#[derive(Debug, Default)]
pub(super) struct Listening {
    shared: Arc<Shared>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    listener: Option<Arc<dyn ChangeListener>>,
    /// Committed ranges `(after, through]` of feed positions to deliver.
    pending: VecDeque<(i64, i64)>,
    /// A range is being delivered.
    busy: bool,
    /// The delivery thread runs.
    running: bool,
    /// The handle was dropped: deliver what is queued, then stop.
    closed: bool,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Listening {
    /// Queues the positions a write just committed, if a listener waits.
    pub(super) fn committed(&self, after: i64, through: i64) {
        if through <= after {
            return;
        }
        let mut s = self.shared.state();
        if s.listener.is_some() {
            s.pending.push_back((after, through));
            self.shared.changed.notify_all();
        }
    }
}

impl Drop for Listening {
    /// Closing the handle delivers what was committed and not yet heard,
    /// then ends the delivery thread (which holds the connection until
    /// then), so that nothing outlives the handle.
    fn drop(&mut self) {
        self.shared.state().closed = true;
        self.shared.changed.notify_all();
        let handle = self
            .thread
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(h) = handle {
            // A listener may hold the last reference to the diary and drop
            // it from the delivery thread itself: that thread cannot wait
            // for itself, and ends on its own once it returns.
            if !ON_DELIVERY_THREAD.with(std::cell::Cell::get) {
                let _ = h.join();
            }
        }
    }
}

impl Diary {
    /// Sets (or with `None` removes) the host's change listener of this
    /// handle. Changes committed from then on are delivered; removing it
    /// drops what was not delivered yet.
    pub fn set_change_listener(&self, listener: Option<Arc<dyn ChangeListener>>) {
        let shared = &self.listening.shared;
        let mut s = shared.state();
        if listener.is_none() {
            s.pending.clear();
        }
        s.listener = listener;
        if s.listener.is_some() && !s.running {
            s.running = true;
            let shared = Arc::clone(shared);
            let inner = Arc::clone(&self.inner);
            let spawned = std::thread::Builder::new()
                .name("diary-change-listener".into())
                .spawn(move || deliver_until_closed(&shared, &inner));
            match spawned {
                Ok(h) => {
                    *self
                        .listening
                        .thread
                        .lock()
                        .unwrap_or_else(|p| p.into_inner()) = Some(h)
                }
                Err(_) => {
                    // Without a thread nothing could be delivered: say so
                    // by not keeping the listener.
                    s.running = false;
                    s.listener = None;
                }
            }
        }
    }

    /// Waits until every change committed so far has been delivered to
    /// the listener (at most `timeout`); true when it has. For tests, and
    /// for hosts shutting down.
    pub fn wait_for_change_listener(&self, timeout: Duration) -> bool {
        let shared = &self.listening.shared;
        let end = Instant::now() + timeout;
        let mut s = shared.state();
        while !s.pending.is_empty() || s.busy {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            s = shared
                .changed
                .wait_timeout(s, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        true
    }
}

thread_local! {
    /// Set on a delivery thread (without allocating: asking for the current
    /// thread's handle would leave an allocation behind at exit).
    static ON_DELIVERY_THREAD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The delivery thread: takes committed ranges in order and hands their
/// changes to the listener, reading them from the file in batches (a bulk
/// import's run of marks becomes one change per mark).
fn deliver_until_closed(shared: &Shared, inner: &Mutex<Inner>) {
    ON_DELIVERY_THREAD.with(|f| f.set(true));
    loop {
        let (range, listener) = {
            let mut s = shared.state();
            loop {
                if let Some(r) = s.pending.pop_front() {
                    s.busy = true;
                    break (r, s.listener.clone());
                }
                if s.closed {
                    s.running = false;
                    shared.changed.notify_all();
                    return;
                }
                s = shared.changed.wait(s).unwrap_or_else(|p| p.into_inner());
            }
        };
        if let Some(l) = listener {
            deliver(inner, &*l, range);
        }
        shared.state().busy = false;
        shared.changed.notify_all();
    }
}

fn deliver(inner: &Mutex<Inner>, listener: &dyn ChangeListener, (after, through): (i64, i64)) {
    let mut from = after;
    while from < through {
        let batch = {
            let g = inner.lock().unwrap_or_else(|p| p.into_inner());
            read_batch(g.db(), from, through)
        };
        let Ok(batch) = batch else {
            return;
        };
        let Some(last) = batch.last().map(|c| c.seq) else {
            return;
        };
        for change in &batch {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                listener.on_change(change)
            }));
        }
        from = last;
    }
}

fn read_batch(c: Db<'_>, from: i64, through: i64) -> crate::error::Result<Vec<FeedChange>> {
    let mut out = Vec::new();
    for s in feed::range(c, from, through, BATCH)? {
        out.extend(feed::expand(c, s, from, BATCH)?);
        if out.len() >= BATCH as usize {
            break;
        }
    }
    out.retain(|c| c.seq <= through);
    out.sort_by_key(|c| c.seq);
    out.truncate(BATCH as usize);
    Ok(out)
}
