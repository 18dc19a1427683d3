//! Erasure and anonymisation (P6; 152-FZ art. 21, GDPR art. 17): after the
//! school's retention period, on the person's request or a court's order,
//! a person's identifying data is removed or replaced by a pseudonym in one
//! transaction. What must stay for the school's records stays, no longer
//! identifying anyone: marks, attendance, visits and the meal ledger keep
//! their person id (so class averages and statistics do not change), the
//! access log keeps its entries (it holds ids, not names, and its chain
//! still verifies). A destruction record says what, when, by whom and on
//! what ground. A person with current ties to a school — enrolled,
//! working there, or representing a current student — is not erased.

use super::Diary;
use crate::access::{Action, Facts};
use crate::actor::Actor;
use crate::auth::secret;
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::model::{ErasureGround, ErasureRecord};
use crate::storage::Db;
use crate::storage::{self, erasure as store};
use crate::text;

const KIND: &str = "erasure";

/// Why the person cannot be erased yet, if they have current ties.
fn current_ties(c: Db<'_>, person: PersonId, today: time::Date) -> Result<Option<String>> {
    if storage::enrolments_of_student(c, person)?
        .iter()
        .any(|e| e.end.is_none_or(|end| end >= today))
    {
        return Ok(Some("is still enrolled: end the enrolment first".into()));
    }
    if storage::is_staff_anywhere(c, person)? {
        return Ok(Some("still works at a school".into()));
    }
    for g in storage::children_of(c, person)? {
        if storage::enrolments_of_student(c, g.student)?
            .iter()
            .any(|e| e.end.is_none_or(|end| end >= today))
        {
            return Ok(Some("represents a student still enrolled".into()));
        }
    }
    Ok(None)
}

impl Diary {
    /// Erases a person's identifying data (the admins of a school the
    /// person belongs to, or the operator): name, birth date and SNILS
    /// become a pseudonym; contacts, one-time codes, guardianships and
    /// notification settings are deleted; sessions, the account and trusted
    /// grants are revoked; messages and replies the person wrote lose their
    /// text; corrections and applications lose the data they held. A `note`
    /// (up to 2000 characters) may name the request. Refused (Conflict)
    /// while the person has current ties, and for a person already erased.
    pub fn erase_person(
        &self,
        actor: &Actor,
        person: PersonId,
        ground: ErasureGround,
        note: Option<&str>,
    ) -> Result<ErasureRecord> {
        let note = text::optional_free_text("note", note, 2000)?;
        let now = self.clock.now();
        let mut raw = [0u8; 4];
        secret::fill(&mut raw)?;
        let pseudonym = format!(
            "P-{}",
            raw.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        self.write_people(actor, |p| {
            p.known_person(person, KIND, true)?;
            let st = p.standing.clone();
            let schools = storage::schools_of_person(p.c, person)?;
            let facts = Facts {
                operator: st.operator,
                admin: schools.iter().any(|s| st.admin_of.contains(s)),
                member: schools.iter().any(|s| st.member_of.contains(s)),
                ..Facts::default()
            };
            let school = schools
                .iter()
                .find(|s| st.admin_of.contains(s))
                .or(schools.first())
                .copied();
            p.decide(
                &facts,
                Action::ErasePersonalData,
                Some(person),
                school,
                KIND,
                true,
            )?;
            if store::of_person(p.c, person)?.is_some() {
                return Err(Error::Conflict(
                    "the person's data was already erased".into(),
                ));
            }
            if let Some(why) = current_ties(p.c, person, now.date())? {
                return Err(Error::Conflict(format!("the person {why}")));
            }
            let before = storage::person(p.c, person)?;
            let mut erased = Vec::new();
            if let Some(snils) = &before.snils {
                let n = p.c.execute(
                    "UPDATE access_application SET applicant_surname = 'Erased',
                       applicant_first_name = 'Erased', applicant_patronymic = NULL,
                       applicant_birth_date = '1900-01-01', applicant_snils = NULL, note = NULL
                     WHERE applicant_snils = ?1",
                    [snils.digits()],
                )?;
                erased.push(("applications_by_snils".to_owned(), n as u64));
            }
            erased.extend(store::erase_all(p.c, person, now.unix_timestamp())?);
            erased.push((
                "identity".to_owned(),
                store::pseudonymise(p.c, person, &pseudonym)?,
            ));
            store::record(
                p.c,
                person,
                school,
                ground,
                note.as_deref(),
                &erased,
                p.actor,
                now.unix_timestamp(),
            )?;
            store::of_person(p.c, person)?
                .ok_or_else(|| Error::Internal("erasure record vanished".into()))
        })
    }

    /// The record of a person's erasure (the admins of a school the person
    /// belonged to, or the operator); `None` when not erased.
    pub fn erasure_record(&self, actor: &Actor, person: PersonId) -> Result<Option<ErasureRecord>> {
        self.read_marks(actor, |p| {
            p.known_person(person, KIND, false)?;
            let st = p.standing.clone();
            let schools = storage::schools_of_person(p.c, person)?;
            let facts = Facts {
                operator: st.operator,
                admin: schools.iter().any(|s| st.admin_of.contains(s)),
                member: schools.iter().any(|s| st.member_of.contains(s)),
                ..Facts::default()
            };
            p.decide(
                &facts,
                Action::ErasePersonalData,
                Some(person),
                schools.first().copied(),
                KIND,
                false,
            )?;
            store::of_person(p.c, person)
        })
    }
}
