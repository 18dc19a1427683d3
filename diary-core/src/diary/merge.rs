//! Merging two profiles that turn out to be the same person (issue 17): a
//! parent registered once by hand and once through an application, a
//! student entered twice. Every reference to the duplicate — enrolments,
//! guardianships, marks, attendance, messages, consents, accounts… all
//! columns the schema declares as pointing at a person — moves to the kept
//! profile in one transaction; a row that would repeat one the kept
//! profile already has (the same guardianship, the same register entry)
//! stays with the duplicate and is dropped. The duplicate remains as a
//! tombstone pointing at the kept profile, because the access log, which
//! is never rewritten, names it; a record says what moved, when, by whom
//! and why.

use super::Diary;
use crate::access::{Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::model::Person;
use crate::storage::db::params;
use crate::storage::Db;
use crate::storage::{self, merge as store};
use crate::text;

const KIND: &str = "merge";

/// Tables whose person columns do not move: the person table itself, and
/// the records of merges and erasures (which name both sides as they were).
const FIXED: &[&str] = &["person", "merge_record", "erasure_record"];

impl Diary {
    /// Merges `duplicate` into `keep` (an admin of a school each of them
    /// belongs to, or the operator) with a `reason` (1–500 characters).
    /// Refused (Conflict) when both have a SNILS and they differ, when
    /// their birth dates differ, when one is the other's guardian, when
    /// either was erased or merged already, or when both are enrolled now
    /// (end one enrolment first). The kept profile gets the duplicate's
    /// SNILS when it had none; if only the duplicate had an account, the
    /// account moves (otherwise the duplicate's is dropped with its
    /// sessions).
    pub fn merge_people(
        &self,
        actor: &Actor,
        keep: PersonId,
        duplicate: PersonId,
        reason: &str,
    ) -> Result<Person> {
        let reason = text::required("reason", reason, 500)?;
        if keep == duplicate {
            return Err(Error::invalid("duplicate", "is the profile to keep"));
        }
        let now = self.clock.now();
        self.write_people(actor, |p| {
            let k = p.known_person(keep, KIND, true)?;
            let d = p.known_person(duplicate, KIND, true)?;
            let st = p.standing.clone();
            let admin_of = |person| -> Result<bool> {
                Ok(storage::schools_of_person(p.c, person)?
                    .iter()
                    .any(|s| st.admin_of.contains(s)))
            };
            let facts = Facts {
                operator: st.operator,
                admin: admin_of(keep)? && admin_of(duplicate)?,
                member: true,
                ..Facts::default()
            };
            let school = storage::schools_of_person(p.c, keep)?.first().copied();
            p.decide(
                &facts,
                Action::MergePeople,
                Some(duplicate),
                school,
                KIND,
                true,
            )?;
            if let (Some(a), Some(b)) = (&k.snils, &d.snils) {
                if a != b {
                    return Err(Error::Conflict(
                        "the profiles have different SNILS: they are two people".into(),
                    ));
                }
            }
            if k.birth_date != d.birth_date {
                return Err(Error::Conflict(
                    "the profiles have different birth dates: correct one first if it is a typo"
                        .into(),
                ));
            }
            let related = storage::guardians_of(p.c, keep)?
                .iter()
                .any(|g| g.guardian == duplicate)
                || storage::guardians_of(p.c, duplicate)?
                    .iter()
                    .any(|g| g.guardian == keep);
            if related {
                return Err(Error::Conflict(
                    "one profile is the other's guardian: they are two people".into(),
                ));
            }
            for id in [keep, duplicate] {
                if storage::erasure::of_person(p.c, id)?.is_some()
                    || merged_into(p.c, id)?.is_some()
                {
                    return Err(Error::Conflict(format!(
                        "person {id} was erased or merged already"
                    )));
                }
            }
            let today = now.date();
            let current = |id| -> Result<bool> {
                Ok(storage::enrolments_of_student(p.c, id)?
                    .iter()
                    .any(|e| e.start <= today && e.end.is_none_or(|end| end >= today)))
            };
            if current(keep)? && current(duplicate)? {
                return Err(Error::Conflict(
                    "both profiles are enrolled now: end one enrolment first".into(),
                ));
            }
            // The SNILS moves with the person (it is unique: free it first).
            let snils = d.snils.clone();
            p.c.execute(
                "UPDATE person SET snils = NULL, merged_into = ?2 WHERE id = ?1",
                params![duplicate.0, keep.0],
            )?;
            if k.snils.is_none() {
                if let Some(s) = &snils {
                    p.c.execute(
                        "UPDATE person SET snils = ?2 WHERE id = ?1",
                        params![keep.0, s.digits()],
                    )?;
                }
            }
            let mut moved = Vec::new();
            for (table, column) in store::person_columns(p.c)? {
                if FIXED.contains(&table.as_str()) {
                    continue;
                }
                let (n, dropped) = store::repoint(p.c, &table, &column, duplicate, keep)?;
                if n > 0 || dropped > 0 {
                    moved.push(serde_json::json!({
                        "column": format!("{table}.{column}"),
                        "moved": n,
                        "dropped": dropped,
                    }));
                }
            }
            let moved =
                serde_json::to_string(&moved).map_err(|e| Error::Internal(e.to_string()))?;
            store::record(
                p.c,
                keep,
                duplicate,
                &reason,
                &moved,
                p.actor,
                now.unix_timestamp(),
            )?;
            p.note(
                Some(keep),
                school,
                KIND,
                true,
                crate::access::acting_as(&facts),
                true,
            );
            storage::person(p.c, keep)
        })
    }
}

/// The profile a person was merged into, if any.
fn merged_into(c: Db<'_>, id: PersonId) -> Result<Option<PersonId>> {
    Ok(c.query_row(
        "SELECT merged_into FROM person WHERE id = ?1",
        [id.0],
        |r| r.get::<_, Option<i64>>(0),
    )?
    .map(PersonId))
}
