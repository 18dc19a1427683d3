//! [`Diary`]: the entry point. It owns the database connection and the clock;
//! each method validates its input, asks the access rules, and stores the
//! change in one transaction.

mod access_log;
mod accounts;
mod announcements;
mod applications;
mod attendance;
mod audience;
mod averages;
mod cache;
mod changes;
mod chat;
mod conversations;
mod export;
pub use accounts::{IssuedCredentials, Session, SessionInfo};
pub use announcements::AnnouncementVersion;
pub use averages::{FinalMark, HypotheticalMark, PeriodAverage, SubjectAverage};
pub use changes::{FEED_RETENTION_DAYS, MAX_FEED_PAGE};
pub use export::{AverageRecord, MarkRecord};
pub use listener::ChangeListener;
pub use messages::ReplySignature;
pub use office_csv::MAX_MIN_MARKS;
pub use oneroster_import::OneRosterImport;
pub use regional::RegionalStatistic;
mod calendar;
mod calendar_feed;
mod classes;
mod consents;
mod contacts;
mod corrections;
mod day_sources;
mod day_views;
mod directory;
mod erasure;
mod grading;
mod lesson_changes;
mod lessons;
mod lessons_of_day;
mod link_codes;
mod listener;
mod maintenance;
mod marks;
mod meals;
mod meetings;
mod meetings_calendar;
mod merge;
mod messages;
mod moderation;
mod notifications;
mod office_csv;
mod oneroster;
mod oneroster_import;
mod overview;
mod people;
mod personal_data;
mod placement;
mod recovery;
mod regional;
mod remarks;
mod report_cards;
mod rollover;
mod scope;
mod settings;
mod slots;
mod student_day;
mod timetable;
mod transfer_codes;
mod trusted;
mod visits;

use crate::actor::Actor;
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::storage::{self, Durability};
use cache::RefCache;
use placement::Placement;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use storage::engine::{Engine, Purpose};

/// Settings for opening a [`Diary`].
#[derive(Clone)]
pub struct OpenOptions {
    /// The time source (the system clock by default).
    pub clock: Arc<dyn Clock>,
    /// Commit durability (see [`Durability`]).
    pub durability: Durability,
    /// How the host delivers codes and notices; without one, the calls
    /// that must send something are refused.
    pub delivery: Option<Arc<dyn crate::delivery::Delivery>>,
    /// The host's notifier for news that reaches people (announcements,
    /// messages, invitations); without one, none are produced. It can also
    /// be set later with [`Diary::set_notifier`].
    pub notifier: Option<Arc<dyn crate::delivery::Notifier>>,
    /// Create, open an existing file only, or open read-only (see
    /// [`storage::OpenMode`]).
    pub mode: storage::OpenMode,
    /// How long a call waits for another connection's lock before it
    /// fails with [`Error::Busy`] (default [`storage::BUSY_TIMEOUT`], 5 s).
    pub busy_timeout: std::time::Duration,
    /// The key of an encrypted file (1–1024 bytes; SQLCipher, in builds
    /// with the `sqlcipher` feature — other builds refuse a key): a new
    /// file is created encrypted, an existing one opened with it, and
    /// backups are encrypted with it too. See docs/privacy.md.
    pub key: Option<String>,
}

impl std::fmt::Debug for OpenOptions {
    /// Every setting but the key, which is shown only as set or not.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenOptions")
            .field("durability", &self.durability)
            .field("mode", &self.mode)
            .field("busy_timeout", &self.busy_timeout)
            .field("delivery", &self.delivery.is_some())
            .field("notifier", &self.notifier.is_some())
            .field("key", &self.key.as_ref().map(|_| "<set>"))
            .finish()
    }
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            clock: Arc::new(SystemClock),
            durability: Durability::Normal,
            delivery: None,
            notifier: None,
            mode: storage::OpenMode::Create,
            busy_timeout: storage::BUSY_TIMEOUT,
            key: None,
        }
    }
}

/// An open school diary, backed by one SQLite file (or memory).
///
/// `Diary` is `Send + Sync`: share it between threads (e.g. in an `Arc`);
/// calls are serialised on its connection.
#[derive(Debug)]
pub struct Diary {
    inner: Arc<Mutex<Inner>>,
    /// The host's change listener and its delivery queue.
    listening: listener::Listening,
    clock: Arc<dyn Clock>,
    delivery: Option<Arc<dyn crate::delivery::Delivery>>,
    /// The host's notifier (settable while open).
    notifier: std::sync::RwLock<Option<Arc<dyn crate::delivery::Notifier>>>,
    /// The host's signature verifiers by scheme (settable while open).
    verifiers: std::sync::RwLock<
        std::collections::HashMap<String, Arc<dyn crate::signature::SignatureVerifier>>,
    >,
    /// How long a call waits for another connection's lock.
    busy_timeout: std::time::Duration,
    /// The file's encryption key, for encrypted backups.
    key: Option<storage::Key>,
}

/// The connection and the reference cache that belongs to it.
#[derive(Debug)]
struct Inner {
    engine: Engine,
    cache: RefCache,
    /// Opened read-only: writes and logged reads are refused.
    read_only: bool,
    /// The queue for the write lock shared with this process's other
    /// handles on the same file (none in memory).
    turnstile: Option<storage::turnstile::Shared>,
}

impl Inner {
    fn new(engine: Engine, read_only: bool) -> Self {
        Inner {
            engine,
            cache: RefCache::default(),
            read_only,
            turnstile: None,
        }
    }

    /// The connection as the storage functions take it.
    fn db(&self) -> storage::Db<'_> {
        self.engine.db()
    }

    /// Waits for this handle's turn at the write lock among the process's
    /// handles on the same file (until the thread's lock-wait deadline).
    fn take_turn(
        turnstile: &Option<storage::turnstile::Shared>,
    ) -> Result<Option<storage::turnstile::Turn<'_>>> {
        turnstile
            .as_deref()
            .map(|t| t.enter(storage::busy::deadline()))
            .transpose()
    }
}

impl Diary {
    /// Opens the diary file at `path`, creating it if it does not exist and
    /// bringing its schema up to date.
    ///
    /// Refused, leaving the file untouched: a file that is not a diary
    /// database ([`Error::NotADiary`]) or one written by a newer version
    /// ([`Error::VersionTooNew`]).
    ///
    /// With the `postgres` feature, `path` may instead be a PostgreSQL URL
    /// (`postgresql://user@host/db`, optionally with
    /// `?options=-c%20search_path%3Dname` for a schema of its own, created
    /// when missing): the same diary, with the same rules, on a server
    /// several application servers share (docs/scale-out.md). Without the
    /// feature a URL is refused with [`Error::InvalidInput`].
    pub fn open(path: impl AsRef<Path>) -> Result<Diary> {
        Self::open_with(path, OpenOptions::default())
    }

    /// [`Diary::open`] with explicit options.
    pub fn open_with(path: impl AsRef<Path>, options: OpenOptions) -> Result<Diary> {
        let read_only = options.mode == storage::OpenMode::ReadOnly;
        let inner = if storage::engine::is_postgres_url(path.as_ref()) {
            Inner::new(open_postgres(path.as_ref(), &options)?, read_only)
        } else {
            let conn = storage::open_file(
                path.as_ref(),
                options.durability,
                options.mode,
                options.key.as_deref(),
            )?;
            let mut inner = Inner::new(Engine::Sqlite(conn), read_only);
            inner.turnstile = storage::turnstile::Turnstile::of_file(path.as_ref());
            inner
        };
        Ok(Diary {
            inner: Arc::new(Mutex::new(inner)),
            listening: Default::default(),
            clock: options.clock,
            delivery: options.delivery,
            notifier: std::sync::RwLock::new(options.notifier),
            verifiers: Default::default(),
            busy_timeout: options.busy_timeout,
            key: options.key.map(storage::Key),
        })
    }

    /// A private diary in memory, for tests and scripts; gone when dropped.
    pub fn open_in_memory() -> Result<Diary> {
        Self::open_in_memory_with(OpenOptions::default())
    }

    /// [`Diary::open_in_memory`] with explicit options (e.g. a manual clock).
    pub fn open_in_memory_with(options: OpenOptions) -> Result<Diary> {
        if options.key.is_some() {
            return Err(Error::invalid(
                "key",
                "a diary in memory is not stored, so not encrypted",
            ));
        }
        Ok(Diary {
            inner: Arc::new(Mutex::new(Inner::new(
                Engine::Sqlite(storage::open_memory()?),
                false,
            ))),
            listening: Default::default(),
            clock: options.clock,
            delivery: options.delivery,
            notifier: std::sync::RwLock::new(options.notifier),
            verifiers: Default::default(),
            busy_timeout: options.busy_timeout,
            key: options.key.map(storage::Key),
        })
    }

    /// The diary's clock.
    pub fn clock(&self) -> &dyn Clock {
        &*self.clock
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        let inner = self.lock()?;
        inner.engine.schema_version()
    }

    fn now(&self) -> i64 {
        self.clock.now().unix_timestamp()
    }

    /// Takes this handle's lock (calls on one handle are serialised) and
    /// sets the calling thread's deadline for waiting on other connections'
    /// locks for as long as the guard lives.
    fn lock(&self) -> Result<Locked<'_>> {
        let guard = self.lock_inner()?;
        Ok(Locked {
            _deadline: storage::busy::Deadline::start(self.busy_timeout),
            guard,
        })
    }

    fn lock_inner(&self) -> Result<MutexGuard<'_, Inner>> {
        if Delivering::is_inside(self) {
            return Err(Error::invalid(
                "delivery",
                "the host's delivery must not call back into the diary that is delivering",
            ));
        }
        // A panic while holding the lock cannot leave an open transaction
        // committed (rusqlite rolls back on drop), but it may leave the cache
        // half-filled from a rolled-back transaction: empty it.
        Ok(self.inner.lock().unwrap_or_else(|p| {
            let mut g = p.into_inner();
            g.cache.clear();
            g
        }))
    }

    /// Runs a structural change `f` in one `BEGIN IMMEDIATE` transaction with
    /// the actor's standing; commits on `Ok`, rolls back on `Err`. The
    /// reference cache is emptied either way; refusals are logged.
    fn write<T>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&mut Placement<'_>) -> Result<T>,
    ) -> Result<T> {
        self.with_placement(actor, Purpose::Write, true, f)
    }

    /// Runs `f` in one read transaction (a consistent snapshot).
    fn read<T>(&self, actor: &Actor, f: impl FnOnce(&mut Placement<'_>) -> Result<T>) -> Result<T> {
        self.read_marks(actor, f)
    }

    /// Runs a write `f` that changes no reference data (marks, registers,
    /// homework: tables that `storage::generation` does not watch) in one
    /// write transaction, keeping the reference cache for the next call.
    /// The cache is still checked against the reference generation at the
    /// start of every transaction, so a change another handle made is seen.
    fn write_records<T>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&mut Placement<'_>) -> Result<T>,
    ) -> Result<T> {
        self.with_placement(actor, Purpose::Write, false, f)
    }

    /// Runs a structural change to people's data with access logging; the
    /// reference cache is emptied, as by [`Diary::write`].
    fn write_people<T>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&mut Placement<'_>) -> Result<T>,
    ) -> Result<T> {
        self.with_placement(actor, Purpose::Write, true, f)
    }

    /// Runs `f` in one read transaction with the reference cache.
    fn read_marks<T>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&mut Placement<'_>) -> Result<T>,
    ) -> Result<T> {
        self.with_placement(actor, Purpose::Read, false, f)
    }

    /// Runs `f` in one read transaction that starts once no access-log
    /// append is under way (an anchor of the log: every entry up to the
    /// newest it sees is committed, and none will come before it).
    fn read_settled<T>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&mut Placement<'_>) -> Result<T>,
    ) -> Result<T> {
        self.with_placement(actor, Purpose::Settled, false, f)
    }

    /// Runs `f` in one transaction and writes the access log.
    ///
    /// Writes (`Immediate`) take the write lock at the start and append
    /// their log entries in the same transaction. Reads (`Deferred`) run in
    /// a read transaction — a consistent snapshot that never takes the
    /// write lock and never fails because someone else writes — which ends
    /// before their log entries are appended in a short write transaction
    /// of their own ([`append_log`]): the data is returned only once its
    /// reading is logged. Refusals are logged the same way. The log's tail
    /// is always read inside the transaction that appends to it, and the
    /// reference cache is validated inside the transaction that uses it.
    fn with_placement<T>(
        &self,
        actor: &Actor,
        purpose: Purpose<'static>,
        clears_cache: bool,
        f: impl FnOnce(&mut Placement<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut inner = self.lock()?;
        let result = self.run_logged(&mut inner, actor, purpose, clears_cache, f);
        // An I/O error that is a full disk (or file-size limit) says so.
        result.map_err(|e| inner.engine.refine(e))
    }

    fn run_logged<T>(
        &self,
        inner: &mut Inner,
        actor: &Actor,
        purpose: Purpose<'static>,
        clears_cache: bool,
        f: impl FnOnce(&mut Placement<'_>) -> Result<T>,
    ) -> Result<T> {
        let writes = purpose == Purpose::Write;
        let now = self.clock.now();
        let read_only = inner.read_only;
        if writes && read_only {
            return Err(Error::ReadOnly(
                "the diary was opened read-only; changes are refused".into(),
            ));
        }
        let Inner {
            engine,
            cache,
            turnstile,
            ..
        } = inner;
        let (out, log) = {
            // A write waits its turn among this process's handles first.
            let _turn = if writes {
                Inner::take_turn(turnstile)?
            } else {
                None
            };
            let tx = engine.begin(purpose)?;
            let db = tx.db();
            // Where the change feed stood before this write.
            let feed_before = if writes { storage::feed::head(db)? } else { 0 };
            validate_cache(db, cache)?;
            let (out, log) = {
                let mut p = Placement::new(db, actor, cache, now)?;
                let out = f(&mut p);
                (out, p.take_log())
            };
            match out {
                Ok(v) if writes => {
                    // A write logs its accesses with the change they made,
                    // and stamps its change-feed records with its time.
                    storage::access_log::append(db, &log, now.unix_timestamp())?;
                    let feed_after = storage::feed::head(db)?;
                    if feed_after != feed_before {
                        storage::feed::stamp(db, feed_before, feed_after, now.unix_timestamp())?;
                    }
                    tx.commit()?;
                    // The listener hears of the change only once committed.
                    self.listening.committed(feed_before, feed_after);
                    (Ok(v), Vec::new())
                }
                Ok(v) => {
                    // End the read snapshot before taking the write lock.
                    tx.commit()?;
                    (Ok(v), log)
                }
                Err(e) => (Err(e), log.into_iter().filter(|e| !e.allowed).collect()),
            }
        };
        if clears_cache {
            cache.clear();
        }
        if log.is_empty() {
            return out;
        }
        if read_only {
            // Reading children's data must be logged (P6); a read-only file
            // cannot take the entries.
            return match out {
                Ok(_) => Err(Error::ReadOnly(
                    "the diary was opened read-only, and reads of children's data must be \
                     logged; open it writable (the operator's backup and the log's \
                     verification work read-only)"
                        .into(),
                )),
                Err(e) => Err(e),
            };
        }
        // A read waits longer than a write for its log entries: a long
        // write elsewhere (an import) delays it instead of failing it.
        let _wait = storage::busy::Deadline::start(self.busy_timeout.max(READ_LOG_WAIT));
        match (
            append_log(engine, turnstile, &log, now.unix_timestamp()),
            out,
        ) {
            // The data leaves the library only once its reading is logged.
            (Ok(()), out) => out,
            // A refused call reports its refusal, logged or not.
            (Err(_), Err(e)) => Err(e),
            (Err(e), Ok(_)) => Err(e),
        }
    }
}

/// Opens the PostgreSQL database at `url` (a `postgresql://` URL) with
/// `options`; a key is refused (encryption at rest is the server's).
fn open_postgres(url: &Path, options: &OpenOptions) -> Result<Engine> {
    if options.key.is_some() {
        return Err(Error::invalid(
            "key",
            "a diary on PostgreSQL is encrypted at rest by the server, not by a key",
        ));
    }
    let url = url.to_str().unwrap_or_default();
    #[cfg(feature = "postgres")]
    {
        let _deadline = storage::busy::Deadline::start(options.busy_timeout);
        storage::engine::open_postgres(url, options.mode)
    }
    #[cfg(not(feature = "postgres"))]
    {
        let _ = url;
        Err(Error::invalid(
            "path",
            "a postgresql:// URL needs the library built with the postgres feature",
        ))
    }
}

/// How long a read waits for the lock to append its access-log entries
/// (at least; longer if the handle's busy timeout is longer): reads are not
/// to fail because another process writes, so they outwait even a long
/// import rather than give up after a write's busy timeout.
pub const READ_LOG_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// How often a log append is tried when the lock stays busy beyond the
/// busy timeout (each try already waits up to [`storage::BUSY_TIMEOUT`]).
const LOG_APPEND_TRIES: u32 = 3;

/// Appends `events` to the access log in a short write transaction of its
/// own, reading the chain's tail inside it; a busy lock is retried a few
/// times with a growing pause. Handles of one process on the same file
/// append the entries of reads that wait at the same time in one
/// transaction ([`storage::turnstile::Turnstile::append_grouped`]).
fn append_log(
    engine: &mut Engine,
    turnstile: &Option<storage::turnstile::Shared>,
    events: &[storage::access_log::LogEvent],
    now: i64,
) -> Result<()> {
    let mut last = None;
    for attempt in 0..LOG_APPEND_TRIES {
        let result = match turnstile.as_deref() {
            Some(t) => {
                let batch = storage::turnstile::LogBatch {
                    events: events.to_vec(),
                    now,
                };
                t.append_grouped(storage::busy::deadline(), batch, |group| {
                    append_batches(engine, group)
                })
            }
            None => append_batches(
                engine,
                &[storage::turnstile::LogBatch {
                    events: events.to_vec(),
                    now,
                }],
            ),
        };
        match result {
            Err(e @ Error::Busy(_)) => {
                last = Some(e);
                std::thread::sleep(std::time::Duration::from_millis(20 << attempt));
            }
            other => return other,
        }
    }
    Err(last.unwrap_or_else(|| Error::Busy("the access log could not be written".into())))
}

/// Appends batches of log entries in one write transaction.
fn append_batches(engine: &mut Engine, batches: &[storage::turnstile::LogBatch]) -> Result<()> {
    // The engine takes each chain's lock once, in key order.
    let chains: Vec<i64> = batches
        .iter()
        .flat_map(|b| &b.events)
        .map(storage::access_log::LogEvent::chain)
        .collect();
    let tx = engine.begin(Purpose::Append(&chains))?;
    for b in batches {
        storage::access_log::append(tx.db(), &b.events, b.now)?;
    }
    tx.commit()?;
    Ok(())
}

/// Empties the reference cache if reference data changed since it was
/// filled (by this handle or another). Called inside the transaction that
/// will use the cache — reading the generation starts its snapshot — so
/// that nothing cached is trusted across a transaction boundary.
fn validate_cache(tx: storage::Db<'_>, cache: &mut RefCache) -> Result<()> {
    match storage::generation::current(tx)? {
        Some(g) if g == cache.generation => {}
        Some(g) => {
            cache.clear();
            cache.generation = g;
        }
        None => cache.clear(),
    }
    Ok(())
}

/// A handle's lock with the thread's lock-wait deadline set.
struct Locked<'a> {
    guard: MutexGuard<'a, Inner>,
    _deadline: storage::busy::Deadline,
}

impl std::ops::Deref for Locked<'_> {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.guard
    }
}

impl std::ops::DerefMut for Locked<'_> {
    fn deref_mut(&mut self) -> &mut Inner {
        &mut self.guard
    }
}

/// Requires a person actor to exist, so that a vouched id of nobody gets a
/// clear error rather than an empty result.
fn known_actor(c: storage::Db<'_>, actor: &Actor) -> Result<()> {
    if let Some(p) = actor.person() {
        storage::person(c, p).map_err(|_| Error::denied(format!("unknown acting person {p}")))?;
    }
    Ok(())
}

thread_local! {
    /// The diary whose host delivery is running on this thread (its
    /// address), if any.
    static DELIVERING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Marks this thread as running `diary`'s host delivery until dropped, so
/// that a callback calling back into the same diary gets an error instead
/// of deadlocking on its lock.
pub(crate) struct Delivering(usize);

impl Delivering {
    pub(crate) fn enter(diary: &Diary) -> Delivering {
        let previous = DELIVERING.with(|d| d.replace(diary as *const Diary as usize));
        Delivering(previous)
    }

    fn is_inside(diary: &Diary) -> bool {
        DELIVERING.with(|d| d.get() == diary as *const Diary as usize)
    }
}

impl Drop for Delivering {
    fn drop(&mut self) {
        DELIVERING.with(|d| d.set(self.0));
    }
}
