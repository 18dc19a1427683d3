//! SQL for the append-only access log and its hash chain.

use crate::error::Result;
use crate::ids::{PersonId, SchoolId};
use crate::model::{AccessLogEntry, LogVerification};
use crate::storage::db::{
    next_chunk, params, values_list, Db, DbError, DbResult, OptionalExtension, Param, Row, Rows,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use time::OffsetDateTime;

/// An access to record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct LogEvent {
    pub actor: Option<PersonId>,
    pub acting_as: &'static str,
    pub child: Option<PersonId>,
    pub school: Option<SchoolId>,
    pub data_kind: &'static str,
    pub write: bool,
    pub allowed: bool,
}

impl LogEvent {
    /// The chain the entry joins: its school's, 0 for no school.
    pub(crate) fn chain(&self) -> i64 {
        chain_of(self.school)
    }
}

/// The hash of the chain's start.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[allow(clippy::too_many_arguments)]
fn entry_hash(
    prev: &str,
    id: i64,
    at: i64,
    actor: Option<i64>,
    acting_as: &str,
    child: Option<i64>,
    school: Option<i64>,
    kind: &str,
    action: &str,
    allowed: bool,
) -> String {
    let mut h = Sha256::new();
    let opt = |v: Option<i64>| v.map_or("-".to_owned(), |x| x.to_string());
    h.update(format!(
        "{prev}|{id}|{at}|{}|{acting_as}|{}|{}|{kind}|{action}|{}",
        opt(actor),
        opt(child),
        opt(school),
        u8::from(allowed)
    ));
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * bytes.len());
    for b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

/// The chain an entry belongs to: its school's, or school 0's for entries
/// of no school (no school has id 0).
fn chain_of(school: Option<SchoolId>) -> i64 {
    school.map_or(0, |s| s.0)
}

/// Where the schools' chains begin: the last id of the one chain that
/// entries older than schema version 38 share (0 in a diary created at
/// it), and the hash every school's chain starts from (that entry's, or
/// the genesis hash).
fn split(c: Db<'_>) -> Result<(i64, String)> {
    // Two lookups by key rather than a join, which a planner without
    // statistics may turn into a scan of the whole log.
    let last: i64 = c.cached_row("SELECT last_shared_id FROM access_log_split", (), |r| {
        r.get(0)
    })?;
    if last == 0 {
        return Ok((0, GENESIS.to_owned()));
    }
    // The shared chain's last entry gone: every school's chain then fails
    // to verify from its first entry, as it should.
    Ok((last, hash_of(c, last)?.unwrap_or_default()))
}

/// The hash an entry appended to `chain` now links to.
fn tail(c: Db<'_>, chain: i64, split: &(i64, String)) -> Result<String> {
    let last: Option<(i64, String)> = c
        .cached_row(
            "SELECT id, hash FROM access_log WHERE school_id = ?1 ORDER BY id DESC LIMIT 1",
            [chain],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match last {
        Some((id, hash)) if id > split.0 => hash,
        _ => split.1.clone(),
    })
}

/// Appends events in the caller's write transaction, each to its school's
/// chain, reading the tails inside it (never from a cache: another
/// process may have appended since).
pub(crate) fn append(c: Db<'_>, events: &[LogEvent], now: i64) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let split = split(c)?;
    let ids = next_ids(c, events.len())?;
    let mut tails: Vec<(i64, String)> = Vec::new();
    let mut hashes = Vec::with_capacity(events.len());
    for (e, &id) in events.iter().zip(&ids) {
        let chain = chain_of(e.school);
        let at = match tails.iter().position(|(k, _)| *k == chain) {
            Some(i) => i,
            None => {
                tails.push((chain, tail(c, chain, &split)?));
                tails.len() - 1
            }
        };
        let hash = entry_hash(
            &tails[at].1,
            id,
            now,
            e.actor.map(|p| p.0),
            e.acting_as,
            e.child.map(|p| p.0),
            e.school.map(|s| s.0),
            e.data_kind,
            action_of(e),
            e.allowed,
        );
        tails[at].1.clone_from(&hash);
        hashes.push((id, hash));
    }
    insert(c, events, &hashes, now)
}

/// Ids for `n` new entries, ascending and above every committed entry's.
///
/// SQLite has one writer at a time: the largest id plus one. On PostgreSQL
/// the appenders of different schools run at once, so ids come from the
/// column's sequence (schema version 39); an id drawn by a transaction
/// that then rolls back is a gap, which the chains do not mind (each entry
/// links to its school's previous one, whatever their ids).
fn next_ids(c: Db<'_>, n: usize) -> Result<Vec<i64>> {
    if c.is_sqlite() {
        let last: i64 = c.cached_row("SELECT coalesce(max(id), 0) FROM access_log", (), |r| {
            r.get(0)
        })?;
        return Ok((1..).map(|i| last + i).take(n).collect());
    }
    let count = i64::try_from(n).unwrap_or(i64::MAX);
    let mut st = c.prepare_cached(
        "SELECT nextval(pg_get_serial_sequence('access_log', 'id')) FROM generate_series(1, CAST(?1 AS BIGINT))",
    )?;
    let mut ids = st
        .query_map([count], |r| r.get(0))?
        .collect::<DbResult<Vec<i64>>>()?;
    ids.sort_unstable();
    Ok(ids)
}

fn action_of(e: &LogEvent) -> &'static str {
    if e.write {
        "write"
    } else {
        "read"
    }
}

/// The columns of an entry, in the order [`insert`] binds them.
const COLUMNS: usize = 10;

/// Writes the entries, each with its (id, hash), in few statements.
fn insert(c: Db<'_>, events: &[LogEvent], hashes: &[(i64, String)], now: i64) -> Result<()> {
    let mut done = 0;
    while done < events.len() {
        let n = next_chunk(events.len() - done);
        let mut st = c.prepare_cached(&format!(
            "INSERT INTO access_log (id, at, actor_id, acting_as, child_id, school_id, data_kind, action, allowed, hash)
             VALUES {}",
            values_list(n, COLUMNS)
        ))?;
        let mut i = 1;
        for (e, (id, hash)) in events[done..done + n].iter().zip(&hashes[done..done + n]) {
            let (actor, child, chain) = (
                e.actor.map(|p| p.0),
                e.child.map(|p| p.0),
                chain_of(e.school),
            );
            let action = action_of(e);
            let values: [&dyn Param; COLUMNS] = [
                id,
                &now,
                &actor,
                &e.acting_as,
                &child,
                &chain,
                &e.data_kind,
                &action,
                &e.allowed,
                hash,
            ];
            for v in values {
                st.bind_at(i, v)?;
                i += 1;
            }
        }
        st.execute_bound()?;
        done += n;
    }
    Ok(())
}

/// The entry's school: no school is NULL on SQLite and 0 on PostgreSQL,
/// where the distribution column is never NULL (no school has id 0).
fn school_at(r: &Row<'_>, i: usize) -> DbResult<Option<i64>> {
    Ok(r.get::<_, Option<i64>>(i)?.filter(|&s| s != 0))
}

fn entry_row(r: &Row<'_>) -> DbResult<AccessLogEntry> {
    let at: i64 = r.get(1)?;
    Ok(AccessLogEntry {
        id: r.get(0)?,
        at: OffsetDateTime::from_unix_timestamp(at).map_err(|e| DbError::undecodable(1, e))?,
        actor: r.get::<_, Option<i64>>(2)?.map(PersonId),
        acting_as: r.get(3)?,
        child: r.get::<_, Option<i64>>(4)?.map(PersonId),
        // No school is NULL on SQLite and 0 on PostgreSQL, where the
        // distribution column is never NULL (no school has id 0).
        school: r
            .get::<_, Option<i64>>(5)?
            .filter(|&s| s != 0)
            .map(SchoolId),
        data_kind: r.get(6)?,
        action: r.get(7)?,
        allowed: r.get(8)?,
        hash: r.get(9)?,
    })
}

const SELECT: &str =
    "SELECT id, at, actor_id, acting_as, child_id, school_id, data_kind, action, allowed, hash FROM access_log";

/// The entries about one child, oldest first.
pub(crate) fn of_child(c: Db<'_>, child: PersonId) -> Result<Vec<AccessLogEntry>> {
    let mut st = c.prepare_cached(&format!("{SELECT} WHERE child_id = ?1 ORDER BY id"))?;
    let rows = st
        .query_map([child.0], entry_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The entries of what one person did, oldest first.
pub(crate) fn by_actor(c: Db<'_>, actor: PersonId) -> Result<Vec<AccessLogEntry>> {
    let mut st = c.prepare_cached(&format!("{SELECT} WHERE actor_id = ?1 ORDER BY id"))?;
    let rows = st
        .query_map([actor.0], entry_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// The entries of one school, oldest first.
pub(crate) fn of_school(c: Db<'_>, school: SchoolId) -> Result<Vec<AccessLogEntry>> {
    let mut st = c.prepare_cached(&format!("{SELECT} WHERE school_id = ?1 ORDER BY id"))?;
    let rows = st
        .query_map([school.0], entry_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

/// Which chains a verification or an anchor covers.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LogScope<'a> {
    /// Every chain (the operator).
    All,
    /// These schools' chains (their admins).
    Schools(&'a BTreeSet<SchoolId>),
}

impl LogScope<'_> {
    fn covers(self, chain: i64) -> bool {
        match self {
            LogScope::All => true,
            LogScope::Schools(s) => s.contains(&SchoolId(chain)),
        }
    }
}

/// The chains being verified: each one's last hash so far.
struct Chains<'a> {
    /// Every row continues one chain (the shared one before the split).
    shared: bool,
    /// The hash a chain without rows so far starts from.
    start: &'a str,
    heads: HashMap<i64, String>,
}

impl Chains<'_> {
    /// Recomputes the rows' hashes: the number of rows of the chains
    /// `counted` accepts, and the first row whose hash does not match.
    fn check(
        &mut self,
        rows: &mut Rows<'_>,
        counted: impl Fn(i64) -> bool,
    ) -> Result<(u64, Option<i64>)> {
        let mut entries = 0u64;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let school: i64 = r.get::<_, Option<i64>>(5)?.unwrap_or(0);
            if counted(school) {
                entries += 1;
            }
            let chain = if self.shared { 0 } else { school };
            let prev = self.heads.get(&chain).map_or(self.start, String::as_str);
            let stored: String = r.get(9)?;
            let expected = entry_hash(
                prev,
                id,
                r.get(1)?,
                r.get(2)?,
                &r.get::<_, String>(3)?,
                r.get(4)?,
                school_at(&r, 5)?,
                &r.get::<_, String>(6)?,
                &r.get::<_, String>(7)?,
                r.get(8)?,
            );
            if stored != expected {
                return Ok((entries, Some(id)));
            }
            self.heads.insert(chain, stored);
        }
        Ok((entries, None))
    }
}

/// Recomputes every hash of the chains in `scope`. Entries older than the
/// split form one chain, which every scope verifies whole (the schools'
/// chains start from its end); `entries` counts the scope's own.
pub(crate) fn verify(c: Db<'_>, scope: LogScope<'_>) -> Result<LogVerification> {
    let split = split(c)?;
    let mut entries = 0u64;
    let broken = |entries: u64, id: i64| -> Result<LogVerification> {
        Ok(LogVerification {
            entries,
            first_broken: Some(id),
            last_id: newest(c, scope)?,
            anchor_matches: None,
        })
    };
    if split.0 > 0 {
        let mut st = c.prepare_cached(&format!("{SELECT} WHERE id <= ?1 ORDER BY id"))?;
        let mut rows = st.query([split.0])?;
        let mut shared = Chains {
            shared: true,
            start: GENESIS,
            heads: HashMap::new(),
        };
        let (n, bad) = shared.check(&mut rows, |chain| scope.covers(chain))?;
        entries += n;
        if let Some(id) = bad {
            return broken(entries, id);
        }
    }
    let mut chains = Chains {
        shared: false,
        start: &split.1,
        heads: HashMap::new(),
    };
    let (n, bad) = match scope {
        LogScope::All => {
            let mut st = c.prepare_cached(&format!("{SELECT} WHERE id > ?1 ORDER BY id"))?;
            let mut rows = st.query([split.0])?;
            chains.check(&mut rows, |_| true)?
        }
        LogScope::Schools(schools) => {
            let mut st = c.prepare_cached(&format!(
                "{SELECT} WHERE school_id = ?1 AND id > ?2 ORDER BY id"
            ))?;
            let (mut n, mut bad) = (0, None::<i64>);
            for school in schools {
                let mut rows = st.query(params![school.0, split.0])?;
                let (m, b) = chains.check(&mut rows, |_| true)?;
                n += m;
                bad = match (bad, b) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
            }
            (n, bad)
        }
    };
    entries += n;
    if let Some(id) = bad {
        return broken(entries, id);
    }
    Ok(LogVerification {
        entries,
        first_broken: None,
        last_id: newest(c, scope)?,
        anchor_matches: None,
    })
}

/// The newest entry's id in `scope`.
fn newest(c: Db<'_>, scope: LogScope<'_>) -> Result<Option<i64>> {
    Ok(match scope {
        LogScope::All => c.cached_row("SELECT max(id) FROM access_log", (), |r| r.get(0))?,
        LogScope::Schools(schools) => {
            let mut best = None;
            for s in schools {
                let id: Option<i64> = c.cached_row(
                    "SELECT max(id) FROM access_log WHERE school_id = ?1",
                    [s.0],
                    |r| r.get(0),
                )?;
                best = best.max(id);
            }
            best
        }
    })
}

/// An anchor of `scope` as of entry `upto` (the newest entry of the scope
/// when `None`), or `None` when the scope has no entries.
///
/// An anchor in the shared chain (at or before the split) is that entry's
/// own hash, which covers every entry before it. After the split it is a
/// digest of the head, as of `upto`, of every chain of the scope: cutting
/// any of them short or rewriting it changes the digest.
pub(crate) fn anchor(
    c: Db<'_>,
    scope: LogScope<'_>,
    upto: Option<i64>,
) -> Result<Option<crate::model::LogAnchor>> {
    let Some(upto) = upto.map_or_else(|| newest(c, scope), |u| Ok(Some(u)))? else {
        return Ok(None);
    };
    let split = split(c)?;
    if upto <= split.0 {
        return Ok(hash_of(c, upto)?.map(|hash| crate::model::LogAnchor { id: upto, hash }));
    }
    let mut heads: Vec<(i64, i64, String)> = Vec::new();
    let mut st = c.prepare_cached(
        "SELECT id, hash FROM access_log WHERE school_id = ?1 AND id > ?2 AND id <= ?3
         ORDER BY id DESC LIMIT 1",
    )?;
    let chains: Vec<i64> = match scope {
        LogScope::All => {
            let mut all = c.prepare_cached(
                "SELECT DISTINCT school_id FROM access_log WHERE id > ?1 AND id <= ?2",
            )?;
            let v = all
                .query_map(params![split.0, upto], |r| r.get(0))?
                .collect::<DbResult<Vec<i64>>>()?;
            v
        }
        LogScope::Schools(schools) => schools.iter().map(|s| s.0).collect(),
    };
    for chain in chains {
        let head: Option<(i64, String)> = st
            .query_row(params![chain, split.0, upto], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some((id, hash)) = head {
            heads.push((chain, id, hash));
        }
    }
    heads.sort();
    let mut h = Sha256::new();
    h.update(format!("diary access log anchor 1|{upto}|{}\n", split.1));
    for (chain, id, hash) in &heads {
        h.update(format!("{chain}|{id}|{hash}\n"));
    }
    Ok(Some(crate::model::LogAnchor {
        id: upto,
        hash: hex(&h.finalize()),
    }))
}

/// The hash stored for entry `id`, if it exists.
fn hash_of(c: Db<'_>, id: i64) -> Result<Option<String>> {
    Ok(
        c.cached_row("SELECT hash FROM access_log WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::migrations::{run_steps, run_steps_until};
    use rusqlite::Connection;

    fn event(school: Option<i64>) -> LogEvent {
        LogEvent {
            actor: Some(PersonId(7)),
            acting_as: "teacher",
            child: Some(PersonId(9)),
            school: school.map(SchoolId),
            data_kind: "marks",
            write: false,
            allowed: true,
        }
    }

    fn schools(ids: &[i64]) -> BTreeSet<SchoolId> {
        ids.iter().map(|&s| SchoolId(s)).collect()
    }

    /// Rewrites entry `id` in place, as someone with the file could.
    fn tamper(c: &Connection, id: i64) {
        c.execute_batch("DROP TRIGGER IF EXISTS access_log_no_update")
            .unwrap();
        c.execute("UPDATE access_log SET data_kind = 'x' WHERE id = ?1", [id])
            .unwrap();
    }

    /// A file of version 37 holds one shared chain. Migration 38 keeps it
    /// unhashed again: its anchors stay valid, every scope verifies it,
    /// and the schools' chains continue from its end, each on its own.
    #[test]
    fn the_shared_chain_of_older_files_goes_on_as_one_chain_per_school() {
        let c = Connection::open_in_memory().unwrap();
        run_steps_until(&c, 37).unwrap();
        // The old append: one chain over every entry, no school as NULL.
        let mut prev = GENESIS.to_owned();
        for (id, school) in [(1, Some(1)), (2, Some(2)), (3, None), (4, Some(1))] {
            let hash = entry_hash(
                &prev,
                id,
                100,
                Some(7),
                "teacher",
                Some(9),
                school,
                "marks",
                "read",
                true,
            );
            c.execute(
                "INSERT INTO access_log VALUES (?1, 100, 7, 'teacher', 9, ?2, 'marks', 'read', 1, ?3)",
                params![id, school, hash],
            )
            .unwrap();
            prev = hash;
        }
        let old_anchor = crate::model::LogAnchor {
            id: 4,
            hash: prev.clone(),
        };
        run_steps(&c, 37).unwrap();
        let db = Db::Sqlite(&c);
        append(
            db,
            &[event(Some(2)), event(Some(1)), event(None), event(Some(2))],
            200,
        )
        .unwrap();
        append(db, &[event(Some(1))], 300).unwrap();
        // School 2's first new entry links to the shared chain's end.
        let first_of_2: String = c
            .query_row("SELECT hash FROM access_log WHERE id = 5", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            first_of_2,
            entry_hash(
                &prev,
                5,
                200,
                Some(7),
                "teacher",
                Some(9),
                Some(2),
                "marks",
                "read",
                true
            )
        );
        let all = verify(db, LogScope::All).unwrap();
        assert_eq!(
            (all.entries, all.first_broken, all.last_id),
            (9, None, Some(9))
        );
        let one = schools(&[1]);
        let v = verify(db, LogScope::Schools(&one)).unwrap();
        assert_eq!((v.entries, v.first_broken, v.last_id), (4, None, Some(9)));
        assert_eq!(
            anchor(db, LogScope::All, Some(4)).unwrap(),
            Some(old_anchor)
        );
        let before = anchor(db, LogScope::Schools(&one), None).unwrap().unwrap();
        let before_all = anchor(db, LogScope::All, None).unwrap().unwrap();
        // Rewriting school 2's chain breaks it alone.
        tamper(&c, 8);
        let two = schools(&[2]);
        assert_eq!(
            verify(db, LogScope::Schools(&two)).unwrap().first_broken,
            Some(8)
        );
        assert_eq!(
            verify(db, LogScope::Schools(&one)).unwrap().first_broken,
            None
        );
        assert_eq!(verify(db, LogScope::All).unwrap().first_broken, Some(8));
        assert_eq!(
            anchor(db, LogScope::Schools(&one), Some(before.id)).unwrap(),
            Some(before)
        );
        // The heads' hashes are as stored: the change in place is the
        // chain's to find, as above; an anchor finds cuts and re-chaining.
        assert_eq!(
            anchor(db, LogScope::All, Some(before_all.id)).unwrap(),
            Some(before_all)
        );
        // Rewriting the shared chain breaks every school's.
        tamper(&c, 2);
        assert_eq!(
            verify(db, LogScope::Schools(&one)).unwrap().first_broken,
            Some(2)
        );
    }

    /// Cutting a school's chain short is invisible to the chain (what is
    /// left still links) and caught by the anchor of its scope.
    #[test]
    fn a_chain_cut_short_is_caught_by_its_anchor() {
        let c = Connection::open_in_memory().unwrap();
        super::super::migrations::migrate(&c).unwrap();
        let db = Db::Sqlite(&c);
        append(
            db,
            &[event(Some(1)), event(Some(2)), event(Some(1)), event(None)],
            100,
        )
        .unwrap();
        let one = schools(&[1]);
        let a1 = anchor(db, LogScope::Schools(&one), None).unwrap().unwrap();
        let all = anchor(db, LogScope::All, None).unwrap().unwrap();
        assert_eq!((a1.id, all.id), (3, 4));
        c.execute_batch("DROP TRIGGER access_log_no_delete; DELETE FROM access_log WHERE id = 3")
            .unwrap();
        assert_eq!(
            verify(db, LogScope::Schools(&one)).unwrap().first_broken,
            None
        );
        assert_ne!(
            anchor(db, LogScope::Schools(&one), Some(3)).unwrap(),
            Some(a1)
        );
        assert_ne!(anchor(db, LogScope::All, Some(4)).unwrap(), Some(all));
        // School 2's admin's anchor does not cover school 1.
        let two = schools(&[2]);
        let a2 = anchor(db, LogScope::Schools(&two), None).unwrap().unwrap();
        assert_eq!(a2.id, 2);
    }
}
