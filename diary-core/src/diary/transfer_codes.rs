//! Moving a student to a school that does not know them yet: the student's
//! school issues a one-time transfer code (its consent), and the new
//! school enrols the student with it. A school can otherwise enrol only
//! people it already knows: naming another school's student is "not
//! found".

use super::people::{check_no_overlap, effective_year_end};
use super::Diary;
use crate::access::{Action, Facts};
use crate::actor::Actor;
use crate::auth::secret;
use crate::error::{Error, Result};
use crate::ids::{ClassId, PersonId};
use crate::model::{Enrolment, TransferCode};
use crate::storage::{self, settings, transfer_codes};
use time::{Date, Duration};

impl Diary {
    /// Issues a one-time transfer code for `student` (an admin of the
    /// school of the student's latest enrolment). Whoever administers
    /// another school may then enrol the student with
    /// [`Diary::enrol_with_transfer_code`]. The code is returned once,
    /// stored only hashed, and expires after the installation's
    /// `link_code_days`.
    pub fn issue_transfer_code(&self, actor: &Actor, student: PersonId) -> Result<TransferCode> {
        let code = secret::link_code()?;
        let hash = secret::token_hash(&secret::normalise_link_code(&code));
        let now = self.clock.now();
        self.write_people(actor, |p| {
            p.known_person(student, "enrolments", true)?;
            let Some(last) = storage::enrolments_of_student(p.c, student)?.pop() else {
                return Err(Error::invalid("student", "is not enrolled at any school"));
            };
            let facts = Facts {
                admin: p.standing.admin_of.contains(&last.school),
                member: p.standing.member_of.contains(&last.school),
                ..Facts::default()
            };
            p.decide(
                &facts,
                Action::IssueTransferCode,
                Some(student),
                Some(last.school),
                "transfer_code",
                true,
            )?;
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("transfer codes are issued by a person"))?;
            let days = settings::account_settings(p.c)?.link_code_days;
            let expires = now + Duration::days(days);
            transfer_codes::insert(
                p.c,
                student,
                last.school,
                &hash,
                by,
                now.unix_timestamp(),
                expires.unix_timestamp(),
            )?;
            Ok(TransferCode {
                code: code.clone(),
                student,
                expires_at: expires,
            })
        })
    }

    /// Enrols the student a transfer code releases in `class` from `start`
    /// (an admin of the class's school). A wrong, used or expired code is
    /// refused with one error that does not say which; the code works once.
    pub fn enrol_with_transfer_code(
        &self,
        actor: &Actor,
        code: &str,
        class: ClassId,
        start: Date,
    ) -> Result<Enrolment> {
        let hash = secret::token_hash(&secret::normalise_link_code(code));
        let now = self.clock.now();
        self.write_people(actor, |p| {
            let c = p.c;
            let cl = p.known_class(class, "enrolments", true)?;
            let st = p.standing.clone();
            let facts = st.facts_for(Some(cl.school));
            p.decide(
                &facts,
                Action::ManageStructure,
                None,
                Some(cl.school),
                "enrolments",
                true,
            )?;
            let (id, student) = transfer_codes::live(c, &hash, now.unix_timestamp())?
                .ok_or_else(|| Error::invalid("code", "unknown, used or expired transfer code"))?;
            let year = storage::year(c, cl.year)?;
            if start < year.start || start > year.end {
                return Err(Error::invalid(
                    "start",
                    format!(
                        "must lie in the class's year ({} to {})",
                        year.start, year.end
                    ),
                ));
            }
            check_no_overlap(c, &st, student, start, effective_year_end(&year))?;
            let e = storage::insert_enrolment(
                c,
                cl.school,
                student,
                class,
                start,
                now.unix_timestamp(),
            )?;
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("students are enrolled by a person"))?;
            transfer_codes::mark_used(c, id, by, now.unix_timestamp())?;
            p.note(
                Some(student),
                Some(cl.school),
                "enrolments",
                true,
                "school_admin",
                true,
            );
            Ok(e)
        })
    }
}
