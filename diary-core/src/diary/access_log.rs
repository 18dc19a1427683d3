//! Keeping the access log honest against someone with the file: anchors
//! the host stores outside it, and the operator's repair of a schema that
//! was altered (see docs/security.md for which attacker each stops).

use super::Diary;
use crate::access::{Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::model::{LogAnchor, LogVerification};
use crate::storage::{self, access_log};
use std::path::Path;

impl Diary {
    /// The access log's newest entry as an anchor (school admins and the
    /// operator). A host that stores anchors outside the file (its own
    /// database, a signed record) can later prove with
    /// [`Diary::verify_access_log_against`] that no entry up to the anchor
    /// was removed or rewritten.
    pub fn access_log_head(&self, actor: &Actor) -> Result<Option<LogAnchor>> {
        self.read(actor, |p| {
            let facts = verify_facts(p);
            p.decide(&facts, Action::VerifyLog, None, None, "access_log", false)?;
            access_log::head(p.c)
        })
    }

    /// [`Diary::verify_access_log`], and that the anchor's entry is still
    /// there with the same hash: a log cut short before the anchor, or
    /// rewritten and re-chained, fails (`anchor_matches` false,
    /// `first_broken` the anchor's id at the latest).
    pub fn verify_access_log_against(
        &self,
        actor: &Actor,
        anchor: &LogAnchor,
    ) -> Result<LogVerification> {
        if anchor.id <= 0 || anchor.hash.len() != 64 {
            return Err(Error::invalid(
                "anchor",
                "an anchor is a positive id and a 64-digit hash from access_log_head",
            ));
        }
        self.read(actor, |p| {
            let facts = verify_facts(p);
            p.decide(&facts, Action::VerifyLog, None, None, "access_log", false)?;
            let mut v = access_log::verify(p.c)?;
            let matches = access_log::hash_of(p.c, anchor.id)?.as_deref() == Some(&anchor.hash);
            v.anchor_matches = Some(matches);
            if !matches {
                v.first_broken = Some(v.first_broken.map_or(anchor.id, |b| b.min(anchor.id)));
            }
            Ok(v)
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

fn verify_facts(p: &super::placement::Placement<'_>) -> Facts {
    Facts {
        operator: p.standing.operator,
        admin: !p.standing.admin_of.is_empty(),
        ..Facts::default()
    }
}
