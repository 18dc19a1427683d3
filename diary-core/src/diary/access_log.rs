//! Keeping the access log honest against someone with the file: anchors
//! the host stores outside it, and the operator's repair of a schema that
//! was altered (see docs/security.md for which attacker each stops).

use super::Diary;
use crate::access::{Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::SchoolId;
use crate::model::{LogAnchor, LogVerification};
use crate::storage::access_log::LogScope;
use crate::storage::{self, access_log};
use std::collections::BTreeSet;
use std::path::Path;

impl Diary {
    /// An anchor of the access log (school admins and the operator), for
    /// the host to store outside the diary (its own database, a signed
    /// record): later, [`Diary::verify_access_log_against`] proves that no
    /// entry up to it was removed or rewritten.
    ///
    /// Each school's entries form their own chain. An admin's anchor
    /// covers the chains of the schools they administer, the operator's
    /// every chain; its `id` is the newest entry it covers and its `hash` a
    /// digest of each covered chain's newest entry (an anchor taken before
    /// schema version 38, when one chain held every entry, is that entry's
    /// own hash and stays valid). Verify an anchor as the same kind of
    /// actor that took it: an admin's anchor covers the schools they
    /// administered then.
    pub fn access_log_head(&self, actor: &Actor) -> Result<Option<LogAnchor>> {
        // Settled: on PostgreSQL, schools append at once and their ids are
        // drawn before they commit; an anchor taken while entry 95 of one
        // school is uncommitted and 96 of another is not would later fail
        // to match.
        self.read_settled(actor, |p| {
            let scope = verify_scope(p)?;
            access_log::anchor(p.c, scope.scope(), None)
        })
    }

    /// [`Diary::verify_access_log`], and that the chains are still as they
    /// were when the anchor was taken: a log cut short before the anchor,
    /// or rewritten and re-chained, fails (`anchor_matches` false,
    /// `first_broken` the anchor's id at the latest).
    pub fn verify_access_log_against(
        &self,
        actor: &Actor,
        anchor: &LogAnchor,
    ) -> Result<LogVerification> {
        let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
        if anchor.id <= 0 || anchor.hash.len() != 64 || !anchor.hash.bytes().all(hex) {
            return Err(Error::invalid(
                "anchor",
                "an anchor is a positive id and a hash of 64 lowercase hexadecimal digits from access_log_head",
            ));
        }
        self.read(actor, |p| {
            let scope = verify_scope(p)?;
            let mut v = access_log::verify(p.c, scope.scope())?;
            let now = access_log::anchor(p.c, scope.scope(), Some(anchor.id))?;
            let matches = now.is_some_and(|a| a.hash == anchor.hash);
            v.anchor_matches = Some(matches);
            if !matches {
                v.first_broken = Some(v.first_broken.map_or(anchor.id, |b| b.min(anchor.id)));
            }
            Ok(v)
        })
    }

    /// Recomputes the access log's hash chains (school admins: their
    /// schools' chains; the operator: every chain): any entry changed or
    /// removed breaks its chain. `entries` counts the entries of the chains
    /// verified, `last_id` is the newest of them.
    pub fn verify_access_log(&self, actor: &Actor) -> Result<LogVerification> {
        self.read(actor, |p| {
            let scope = verify_scope(p)?;
            access_log::verify(p.c, scope.scope())
        })
    }

    /// Repairs a file refused with [`Error::Corrupt`] because its triggers or
    /// indexes are not the library's own (the installation's operator, with
    /// the file closed elsewhere): recreates the library's triggers and
    /// indexes, removes foreign ones, and records the repair in the access
    /// log. Missing or altered tables cannot be repaired; restore a backup.
    /// Returns what was repaired. Verify the access log afterwards: a
    /// dropped append-only trigger means entries may have been removed.
    pub fn repair_schema(path: impl AsRef<Path>) -> Result<Vec<String>> {
        let conn = storage::open_for_repair(path.as_ref())?;
        let tx =
            rusqlite::Transaction::new_unchecked(&conn, rusqlite::TransactionBehavior::Immediate)?;
        let done = storage::schema::repair(storage::Db::Sqlite(&tx))?;
        if !done.is_empty() {
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            access_log::append(
                storage::Db::Sqlite(&tx),
                &[access_log::LogEvent {
                    actor: None,
                    acting_as: "operator",
                    child: None,
                    school: None,
                    data_kind: "schema_repair",
                    write: true,
                    allowed: true,
                }],
                now,
            )?;
        }
        tx.commit()?;
        Ok(done)
    }
}

/// The chains an actor may verify, decided by the policy.
enum Scope {
    All,
    Schools(BTreeSet<SchoolId>),
}

impl Scope {
    fn scope(&self) -> LogScope<'_> {
        match self {
            Scope::All => LogScope::All,
            Scope::Schools(s) => LogScope::Schools(s),
        }
    }
}

fn verify_scope(p: &mut super::placement::Placement<'_>) -> Result<Scope> {
    let facts = Facts {
        operator: p.standing.operator,
        admin: !p.standing.admin_of.is_empty(),
        ..Facts::default()
    };
    p.decide(&facts, Action::VerifyLog, None, None, "access_log", false)?;
    Ok(if p.standing.operator {
        Scope::All
    } else {
        Scope::Schools(p.standing.admin_of.clone())
    })
}
