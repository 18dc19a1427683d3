//! Consent to the processing of personal data (P6; 152-FZ art. 9, GDPR
//! art. 7): each school (the data operator) publishes versioned texts per
//! purpose; a person — or for a child a legal representative — gives,
//! refuses or withdraws consent, online or in person, or the school records
//! a signed paper form. The history is append-only (triggers refuse any
//! change). The library enforces what a refusal or withdrawal stops:
//! `visits_meals` stops recording entries, exits, orders, meals and
//! payments for that person at that school. The other purposes (photos,
//! messaging, contacts) are recorded for the host to honour.

use super::people::person_facts;
use super::placement::Placement;
use super::Diary;
use crate::access::{Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{PersonId, SchoolId};
use crate::model::{ConsentChannel, ConsentDecision, ConsentPurpose, ConsentRecord, ConsentText};
use crate::storage::{self, consents as store};
use crate::text;

const KIND: &str = "consents";

/// Refuses processing `purpose` data of `person` at `school` when their
/// latest decision refused or withdrew it.
pub(crate) fn require(
    p: &Placement<'_>,
    person: PersonId,
    school: SchoolId,
    purpose: ConsentPurpose,
) -> Result<()> {
    match store::current(p.c, person, school, purpose)? {
        Some(r) if r.decision != ConsentDecision::Given => Err(Error::Conflict(format!(
            "consent to processing for {purpose} was {} on {}: nothing is recorded for this person",
            r.decision,
            r.at.date()
        ))),
        _ => Ok(()),
    }
}

/// The actor's facts for `person`'s consents at `school`: admins only of
/// that school.
fn facts(
    p: &mut Placement<'_>,
    actor: &Actor,
    person: PersonId,
    school: SchoolId,
) -> Result<Facts> {
    p.known_person(person, KIND, false)?;
    let st = p.standing.clone();
    let mut f = person_facts(p.c, &st, actor, person)?;
    f.admin = st.admin_of.contains(&school);
    Ok(f)
}

impl Diary {
    /// Publishes the next version of a school's consent text for a purpose
    /// (its admins): 1–20 000 characters.
    pub fn publish_consent_text(
        &self,
        actor: &Actor,
        school: SchoolId,
        purpose: ConsentPurpose,
        body: &str,
    ) -> Result<ConsentText> {
        let body = text::free_text("body", body, 20_000)?;
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            p.known_school(school, KIND, true)?;
            let f = p.standing.facts_for(Some(school));
            p.decide(
                &f,
                Action::ManageConsentTexts,
                None,
                Some(school),
                KIND,
                true,
            )?;
            store::publish(p.c, school, purpose, &body, p.actor, now)
        })
    }

    /// Every version of a school's consent texts (its members and admins).
    pub fn consent_texts(&self, actor: &Actor, school: SchoolId) -> Result<Vec<ConsentText>> {
        self.read_marks(actor, |p| {
            p.known_school(school, KIND, false)?;
            p.decide_school(
                school,
                crate::access::StructureAction::ReadStructure,
                KIND,
                false,
            )?;
            store::texts(p.c, school)
        })
    }

    /// Records a decision on the latest version of `school`'s text for
    /// `purpose` about `person`: by the person, a legal representative of a
    /// child, or the school's admins (from a paper form). The person must
    /// belong to the school; withdrawing needs an earlier consent.
    pub fn record_consent(
        &self,
        actor: &Actor,
        person: PersonId,
        school: SchoolId,
        purpose: ConsentPurpose,
        decision: ConsentDecision,
        channel: ConsentChannel,
    ) -> Result<ConsentRecord> {
        let now = self.clock.now().unix_timestamp();
        self.write_people(actor, |p| {
            let f = facts(p, actor, person, school)?;
            p.decide(
                &f,
                Action::RecordConsent,
                Some(person),
                Some(school),
                KIND,
                true,
            )?;
            if !storage::schools_of_person(p.c, person)?.contains(&school) {
                return Err(Error::invalid(
                    "school",
                    "the person does not belong to this school",
                ));
            }
            let version = store::latest_version(p.c, school, purpose)?.ok_or_else(|| {
                Error::invalid(
                    "purpose",
                    format!("the school has published no consent text for {purpose}"),
                )
            })?;
            if decision == ConsentDecision::Withdrawn
                && store::current(p.c, person, school, purpose)?
                    .is_none_or(|r| r.decision != ConsentDecision::Given)
            {
                return Err(Error::Conflict(format!(
                    "there is no consent for {purpose} to withdraw"
                )));
            }
            store::record(
                p.c, school, person, purpose, version, decision, channel, p.actor, now,
            )
        })
    }

    /// A person's consent history, oldest first (the person, a child's
    /// guardians, admins of a school of the person — each admin sees their
    /// school's records).
    pub fn consents(&self, actor: &Actor, person: PersonId) -> Result<Vec<ConsentRecord>> {
        self.read_marks(actor, |p| {
            p.known_person(person, KIND, false)?;
            let st = p.standing.clone();
            let f = person_facts(p.c, &st, actor, person)?;
            let school = storage::schools_of_person(p.c, person)?.first().copied();
            p.decide(&f, Action::ReadConsents, Some(person), school, KIND, false)?;
            let family = f.student || f.guardian;
            Ok(store::history(p.c, person)?
                .into_iter()
                .filter(|r| family || st.admin_of.contains(&r.school))
                .collect())
        })
    }
}
