//! Correcting a person's data (issue 17): an admin of the person's school
//! corrects a name, birth date or SNILS with a reason (applied at once);
//! the person — or a child's legal representative — proposes a correction
//! that an admin approves (applied then) or rejects with a note; one
//! proposal waits at a time. The data is checked as at registration (text
//! rules, birth date, SNILS checksum) and a SNILS or, without one, a name
//! and birth date another person has is a Conflict. Every correction keeps
//! before and after, who and when, and is logged under the person.

use super::people::{checked_person, person_facts};
use super::placement::Placement;
use super::Diary;
use crate::access::{acting_as, decide_action, Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{CorrectionId, PersonId};
use crate::model::{CorrectionStatus, NewPerson, PersonCorrection};
use crate::storage::{self, corrections as store};
use crate::text;

const KIND: &str = "person";

/// Decides `action` on `person`'s data for the actor, logged under the
/// person; someone with no relation to the person gets "not found".
fn decided(
    p: &mut Placement<'_>,
    actor: &Actor,
    person: PersonId,
    action: Action,
    write: bool,
) -> Result<Facts> {
    p.known_person(person, KIND, write)?;
    let st = p.standing.clone();
    let facts = person_facts(p.c, &st, actor, person)?;
    let school = storage::schools_of_person(p.c, person)?.first().copied();
    let decision = decide_action(&facts, action);
    p.note(
        Some(person),
        school,
        KIND,
        write,
        acting_as(&facts),
        decision.is_ok(),
    );
    decision.map(|_| facts)
}

/// The checked new data, and the reason.
fn checked(new: &NewPerson, reason: &str, today: time::Date) -> Result<(store::Data, String)> {
    let c = checked_person(new, today)?;
    let reason = text::required("reason", reason, 500)?;
    Ok((
        store::Data {
            surname: c.surname.clone(),
            first_name: c.first_name.clone(),
            patronymic: c.patronymic.clone(),
            birth_date: c.birth_date,
            snils: c.snils.as_ref().map(|s| s.digits().to_owned()),
        },
        reason,
    ))
}

/// Writes `data` to the person's row.
pub(super) fn apply(p: &mut Placement<'_>, person: PersonId, data: &store::Data) -> Result<()> {
    let snils = data
        .snils
        .as_deref()
        .map(crate::snils::Snils::parse)
        .transpose()?;
    store::rewrite(
        p.c,
        person,
        &storage::people::PersonRecord {
            surname: &data.surname,
            first_name: &data.first_name,
            patronymic: data.patronymic.as_deref(),
            birth_date: data.birth_date,
            snils: snils.as_ref(),
        },
    )
}

impl Diary {
    /// Corrects a person's data at once (an admin of one of the person's
    /// schools), with a reason kept with before and after.
    pub fn correct_person(
        &self,
        actor: &Actor,
        person: PersonId,
        new: &NewPerson,
        reason: &str,
    ) -> Result<PersonCorrection> {
        let now = self.clock.now();
        let (after, reason) = checked(new, reason, now.date())?;
        self.write_people(actor, |p| {
            decided(p, actor, person, Action::CorrectPersonData, true)?;
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("corrections are made by a person"))?;
            let before = store::Data::of(&storage::person(p.c, person)?);
            if before == after {
                return Err(Error::invalid("person", "nothing would change"));
            }
            apply(p, person, &after)?;
            let id = store::insert(
                p.c,
                person,
                &before,
                &after,
                &reason,
                me,
                now.unix_timestamp(),
                CorrectionStatus::Applied,
            )?;
            Ok(store::get(p.c, id)?
                .ok_or_else(|| Error::not_found("correction", id.0))?
                .0)
        })
    }

    /// Proposes a correction of one's own data (or, as a legal
    /// representative, a child's); it waits for an admin. One proposal per
    /// person waits at a time (Conflict).
    pub fn propose_person_correction(
        &self,
        actor: &Actor,
        person: PersonId,
        new: &NewPerson,
        reason: &str,
    ) -> Result<PersonCorrection> {
        let now = self.clock.now();
        let (after, reason) = checked(new, reason, now.date())?;
        self.write_people(actor, |p| {
            decided(p, actor, person, Action::ProposePersonCorrection, true)?;
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("corrections are proposed by a person"))?;
            let before = store::Data::of(&storage::person(p.c, person)?);
            if before == after {
                return Err(Error::invalid("person", "nothing would change"));
            }
            let id = store::insert(
                p.c,
                person,
                &before,
                &after,
                &reason,
                me,
                now.unix_timestamp(),
                CorrectionStatus::Pending,
            )?;
            Ok(store::get(p.c, id)?
                .ok_or_else(|| Error::not_found("correction", id.0))?
                .0)
        })
    }

    /// Approves (the data is changed, checked again) or rejects a waiting
    /// proposal (an admin of the person's school), with an optional note.
    pub fn decide_person_correction(
        &self,
        actor: &Actor,
        id: CorrectionId,
        approve: bool,
        note: Option<&str>,
    ) -> Result<PersonCorrection> {
        let note = text::optional_free_text("note", note, 500)?;
        let now = self.clock.now();
        self.write_people(actor, |p| {
            crate::limits::id("correction", id.0)?;
            let (k, after) =
                store::get(p.c, id)?.ok_or_else(|| Error::not_found("correction", id.0))?;
            decided(p, actor, k.person, Action::CorrectPersonData, true).map_err(|e| match e {
                Error::NotFound { .. } => Error::not_found("correction", id.0),
                e => e,
            })?;
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("corrections are decided by a person"))?;
            if k.status != CorrectionStatus::Pending {
                return Err(Error::Conflict(format!(
                    "correction {id} was already decided"
                )));
            }
            if approve {
                // The data may have changed since: the proposal's "before"
                // must still be the data.
                let current = store::Data::of(&storage::person(p.c, k.person)?);
                if store::Data::of(&k.before) != current {
                    return Err(Error::Conflict(
                        "the person's data changed since the proposal; ask for a new one".into(),
                    ));
                }
                apply(p, k.person, &after)?;
            }
            let status = if approve {
                CorrectionStatus::Applied
            } else {
                CorrectionStatus::Rejected
            };
            store::decide(p.c, id, status, me, now.unix_timestamp(), note.as_deref())?;
            Ok(store::get(p.c, id)?
                .ok_or_else(|| Error::not_found("correction", id.0))?
                .0)
        })
    }

    /// The corrections of a person's data, oldest first (the person, a
    /// child's legal representatives, the school's admins).
    pub fn person_corrections(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Vec<PersonCorrection>> {
        self.read_marks(actor, |p| {
            decided(p, actor, person, Action::ReadPersonCorrections, false)?;
            store::of_person(p.c, person)
        })
    }
}
