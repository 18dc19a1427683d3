//! Parents' one-time link codes (A5): the class teacher or an admin issues a
//! code for a child; the parent enters it in their own account and becomes
//! the child's guardian. A parent linked to several children, in different
//! classes and schools, sees them all with [`Diary::children`].

use super::people::person_facts;
use super::Diary;
use crate::access::{acting_as, decide_action, Action};
use crate::actor::Actor;
use crate::auth::secret;
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::model::{Guardianship, LinkCode, Relation};
use crate::storage::{self, link_codes, settings};
use time::Duration;

/// Wrong link codes one person may enter per hour before further tries are
/// refused (a code has about 59 bits, so this only stops noise).
pub const LINK_FAILURES_PER_HOUR: i64 = 10;

impl Diary {
    /// Issues a one-time link code for `student` (their class teacher or a
    /// school admin). Whoever redeems it becomes the student's guardian with
    /// `relation`, and a legal representative if `legal_representative`.
    /// The code is returned once, stored only hashed, and expires after the
    /// installation's `link_code_days`.
    pub fn issue_link_code(
        &self,
        actor: &Actor,
        student: PersonId,
        relation: Relation,
        legal_representative: bool,
    ) -> Result<LinkCode> {
        let code = secret::link_code()?;
        let hash = secret::token_hash(&secret::normalise_link_code(&code));
        let now = self.clock.now();
        self.write_people(actor, |p| {
            let c = p.c;
            p.known_person(student, "link_code", true)?;
            // The code belongs to the school the pupil attends today, else
            // to the one they attended last.
            let today = now.date();
            let Some(home) = storage::enrolments_of_student(c, student)?
                .into_iter()
                .max_by_key(|e| (e.covers(today), e.start, e.id.0))
                .map(|e| e.school)
            else {
                return Err(Error::invalid("student", "is not enrolled at any school"));
            };
            let st = p.standing.clone();
            let facts = person_facts(c, &st, actor, student)?;
            let school = storage::schools_of_person(c, student)?.first().copied();
            let decision = decide_action(&facts, Action::IssueLinkCode);
            p.note(
                Some(student),
                school,
                "link_code",
                true,
                acting_as(&facts),
                decision.is_ok(),
            );
            decision?;
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("link codes are issued by a person"))?;
            let days = settings::account_settings(c)?.link_code_days;
            let expires = now + Duration::days(days);
            let link = Guardianship {
                student,
                guardian: student,
                relation,
                legal_representative,
            };
            link_codes::insert(
                c,
                home,
                &link,
                &hash,
                by,
                now.unix_timestamp(),
                expires.unix_timestamp(),
            )?;
            Ok(LinkCode {
                code: code.clone(),
                student,
                relation,
                legal_representative,
                expires_at: expires,
            })
        })
    }

    /// Redeems a link code: the acting person becomes the child's guardian.
    /// A wrong, used or expired code is refused with one error that does not
    /// say which; after ten wrong codes in an hour, further tries are
    /// refused. The code works once.
    pub fn redeem_link_code(&self, actor: &Actor, code: &str) -> Result<Guardianship> {
        let me = actor
            .person()
            .ok_or_else(|| Error::denied("a link code is redeemed by a person"))?;
        let hash = secret::token_hash(&secret::normalise_link_code(code));
        let now = self.clock.now();
        let hour_ago = (now - Duration::HOUR).unix_timestamp();
        let found = self.write_people(actor, |p| {
            let c = p.c;
            storage::person(c, me)?;
            if link_codes::failures_since(c, me, hour_ago)? >= LINK_FAILURES_PER_HOUR {
                return Ok(Err(Error::invalid(
                    "code",
                    "too many wrong codes in the last hour; try again later",
                )));
            }
            let Some((id, mut link)) = link_codes::live(c, &hash, now.unix_timestamp())? else {
                // Kept: the failure counts even though the call fails.
                link_codes::record_failure(c, me, now.unix_timestamp())?;
                return Ok(Err(Error::invalid(
                    "code",
                    "unknown, used or expired link code",
                )));
            };
            if link.student == me {
                return Ok(Err(Error::invalid(
                    "code",
                    "a student cannot become their own guardian",
                )));
            }
            link.guardian = me;
            storage::insert_guardianship(c, &link, now.unix_timestamp())?;
            link_codes::mark_used(c, id, me, now.unix_timestamp())?;
            let school = storage::schools_of_person(c, link.student)?
                .first()
                .copied();
            let role = if link.legal_representative {
                "legal_representative"
            } else {
                "guardian"
            };
            p.note(Some(link.student), school, "guardians", true, role, true);
            Ok(Ok(link))
        })?;
        found
    }
}
