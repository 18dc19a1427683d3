//! Trusted persons (P3) and reading the access log (P6).

use super::people::person_facts;
use super::Diary;
use crate::access::{decide_action, Action, Facts, StructureAction::*};
use crate::actor::Actor;
use crate::auth::contact;
use crate::error::{Error, Result};
use crate::ids::{GrantId, PersonId, SchoolId};
use crate::model::{
    AccessLogEntry, GrantStatus, InviteeId, NewInvitation, TrustedGrant, VisibilityWindow,
};
use crate::snils::Snils;
use crate::storage::db::Db;
use crate::storage::{self, trusted::GrantRow};
use crate::text;
use time::Duration;

/// A checked invitee identifier.
enum Key {
    Snils(Snils),
    Phone(String),
}

/// The school a student currently belongs to (latest enrolment, else where
/// they were registered).
fn school_of(c: Db<'_>, student: PersonId) -> Result<SchoolId> {
    if let Some(e) = storage::enrolments_of_student(c, student)?.last() {
        return Ok(e.school);
    }
    storage::schools_of_person(c, student)?
        .first()
        .copied()
        .ok_or_else(|| Error::invalid("student", format!("person {student} belongs to no school")))
}

impl Diary {
    /// Sets a school's rules for trusted persons (school admins): access
    /// opens `delay_hours` (0–24) after acceptance; invitations lapse after
    /// `invitation_days` (1–90).
    pub fn set_trusted_person_rules(
        &self,
        actor: &Actor,
        school: SchoolId,
        delay_hours: u32,
        invitation_days: u32,
    ) -> Result<()> {
        if delay_hours > 24 {
            return Err(Error::invalid("delay_hours", "must be between 0 and 24"));
        }
        if !(1..=90).contains(&invitation_days) {
            return Err(Error::invalid(
                "invitation_days",
                "must be between 1 and 90",
            ));
        }
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", true)?;
            p.decide_school(school, ManageStructure, "structure", true)?;
            storage::trusted::set_school_settings(
                c,
                school,
                i64::from(delay_hours),
                i64::from(invitation_days),
            )
        })
    }

    /// Limits what a school's students and guardians see of individual
    /// entries (marks, days, remarks, attendance) to the last `days` days
    /// (P4), or with `None` lifts the limit (school admins). Summaries —
    /// averages, period and year marks — stay visible to families: the
    /// school reports them to families anyway (docs/access.md).
    pub fn set_family_visibility_window(
        &self,
        actor: &Actor,
        school: SchoolId,
        days: Option<u32>,
    ) -> Result<()> {
        self.set_family_window_rule(actor, school, days.map(VisibilityWindow::Days))
    }

    /// As [`Diary::set_family_visibility_window`], by month: the current
    /// calendar month (`first_day` 1) or the school's own month starting
    /// on day 2–28 (e.g. 25: from the 25th to the 24th); `None` lifts it.
    pub fn set_family_visibility_month(
        &self,
        actor: &Actor,
        school: SchoolId,
        first_day: Option<u32>,
    ) -> Result<()> {
        let rule = match first_day {
            Some(d) => Some(VisibilityWindow::Month {
                first_day: u8::try_from(d)
                    .map_err(|_| Error::invalid("first_day", "a month starts on day 1 to 28"))?,
            }),
            None => None,
        };
        self.set_family_window_rule(actor, school, rule)
    }

    /// Sets (or with `None` lifts) a school's visibility window for
    /// families (school admins).
    pub fn set_family_window_rule(
        &self,
        actor: &Actor,
        school: SchoolId,
        window: Option<VisibilityWindow>,
    ) -> Result<()> {
        let window = window.map(VisibilityWindow::checked).transpose()?;
        self.write(actor, |p| {
            p.known_school(school, "structure", true)?;
            p.decide_school(school, ManageStructure, "structure", true)?;
            storage::trusted::set_family_window(p.c, school, window)
        })
    }

    /// A legal representative invites a relative or nanny, identified by
    /// surname plus SNILS or confirmed mobile number, for one child and
    /// chosen services. The invitee must already have an account, where
    /// they see the invitation. A wrong surname, an unknown SNILS or phone
    /// and a person without an account all give the same error, so that
    /// nobody can probe who is registered. Trusted persons cannot invite
    /// others.
    pub fn invite_trusted_person(
        &self,
        actor: &Actor,
        new: &NewInvitation,
    ) -> Result<TrustedGrant> {
        let surname = text::name("surname", &new.surname)?;
        let key = match &new.invitee {
            InviteeId::Snils(s) => Key::Snils(Snils::parse(s)?),
            InviteeId::Phone(p) => Key::Phone(contact::phone(p)?),
        };
        if new.services.is_empty() {
            return Err(Error::invalid("services", "choose at least one service"));
        }
        if new.window_days.is_some_and(|d| !(1..=366).contains(&d)) {
            return Err(Error::invalid("window_days", "must be between 1 and 366"));
        }
        let now = self.clock.now();
        if new.until.is_some_and(|u| u < now.date()) {
            return Err(Error::invalid("until", "must not be in the past"));
        }
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            p.known_person(new.student, "grants", true)?;
            let facts = person_facts(c, st, actor, new.student)?;
            p.decide(
                &facts,
                Action::InviteTrusted,
                Some(new.student),
                None,
                "grants",
                true,
            )?;
            let inviter = actor
                .person()
                .ok_or_else(|| Error::denied("invitations come from a person"))?;
            let candidates = match &key {
                Key::Snils(s) => storage::trusted::people_with_snils(c, s.digits())?,
                Key::Phone(p) => storage::contacts::people_with(c, "phone", p)?,
            };
            let mut invitee = None;
            for p in candidates {
                let person = storage::person(c, p)?;
                if text::same_name(&person.surname, &surname)
                    && p != new.student
                    && p != inviter
                    && storage::accounts::by_person(c, p)?.is_some()
                {
                    invitee = Some(p);
                    break;
                }
            }
            let invitee = invitee.ok_or_else(|| {
                Error::invalid(
                    "invitee",
                    "no other person with this surname and identifier has an account",
                )
            })?;
            let (_, days) = storage::trusted::school_settings(c, school_of(c, new.student)?)?;
            let row = GrantRow {
                student: new.student,
                inviter,
                invitee,
                services: new.services,
                until: new.until,
                window_days: new.window_days,
                invited_at: now.unix_timestamp(),
                expires_at: (now + Duration::days(days)).unix_timestamp(),
            };
            let id = storage::trusted::insert(c, &row)?;
            storage::trusted::get(c, id, now)
        })
    }

    /// The invitations addressed to the actor, in any state.
    pub fn my_invitations(&self, actor: &Actor) -> Result<Vec<TrustedGrant>> {
        let now = self.clock.now();
        self.read(actor, |p| {
            let c = p.c;
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("invitations are for persons"))?;
            storage::trusted::of_invitee(c, me, now)
        })
    }

    /// Accepts an invitation addressed to the actor; access opens after the
    /// school's delay.
    pub fn accept_invitation(&self, actor: &Actor, grant: GrantId) -> Result<TrustedGrant> {
        self.answer(actor, grant, true)
    }

    /// Declines an invitation addressed to the actor.
    pub fn decline_invitation(&self, actor: &Actor, grant: GrantId) -> Result<TrustedGrant> {
        self.answer(actor, grant, false)
    }

    fn answer(&self, actor: &Actor, grant: GrantId, accept: bool) -> Result<TrustedGrant> {
        let now = self.clock.now();
        self.write(actor, |p| {
            let c = p.c;
            let g = storage::trusted::get(c, grant, now)?;
            // To anyone but the invitee the invitation does not exist.
            let facts = Facts {
                invitee: actor.person() == Some(g.invitee),
                ..Facts::default()
            };
            if decide_action(&facts, Action::AnswerInvitation).is_err() {
                p.note(Some(g.student), None, "grants", true, "unrelated", false);
                return Err(Error::not_found("invitation", grant));
            }
            match g.status {
                GrantStatus::Pending => {}
                GrantStatus::Expired => {
                    return Err(Error::Conflict("the invitation has expired".into()))
                }
                other => {
                    return Err(Error::Conflict(format!(
                        "the invitation was already answered ({other:?})"
                    )))
                }
            }
            if accept {
                let (delay, _) = storage::trusted::school_settings(c, school_of(c, g.student)?)?;
                let opens = now + Duration::hours(delay);
                storage::trusted::set_accepted(
                    c,
                    grant,
                    now.unix_timestamp(),
                    opens.unix_timestamp(),
                )?;
            } else {
                storage::trusted::set_declined(c, grant, now.unix_timestamp())?;
            }
            storage::trusted::get(c, grant, now)
        })
    }

    /// The trusted-person grants for a child (its legal representatives and
    /// guardians, and school admins).
    pub fn trusted_grants(&self, actor: &Actor, student: PersonId) -> Result<Vec<TrustedGrant>> {
        let now = self.clock.now();
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            p.known_person(student, "grants", false)?;
            let facts = person_facts(c, st, actor, student)?;
            p.decide(
                &facts,
                Action::ReadGrants,
                Some(student),
                None,
                "grants",
                false,
            )?;
            storage::trusted::of_student(c, student, now)
        })
    }

    /// Revokes a grant at once (the inviting parent or another legal
    /// representative of the child).
    pub fn revoke_grant(&self, actor: &Actor, grant: GrantId) -> Result<TrustedGrant> {
        let now = self.clock.now();
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            let g = storage::trusted::get(c, grant, now)?;
            if crate::access::conceals(&p.person_scope_facts(g.student)?) {
                p.note(Some(g.student), None, "grants", true, "unrelated", false);
                return Err(Error::not_found("invitation", grant.0));
            }
            let facts = person_facts(c, st, actor, g.student)?;
            p.decide(
                &facts,
                Action::RevokeGrant,
                Some(g.student),
                None,
                "grants",
                true,
            )?;
            if g.revoked_at.is_some() {
                return Err(Error::Conflict("the grant was already revoked".into()));
            }
            storage::trusted::set_revoked(c, grant, now.unix_timestamp())?;
            storage::trusted::get(c, grant, now)
        })
    }

    /// Who accessed a child's data: for the child, its guardians and the
    /// school's admins ("who looked at my child's marks").
    pub fn access_log_of_child(
        &self,
        actor: &Actor,
        student: PersonId,
    ) -> Result<Vec<AccessLogEntry>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            p.known_person(student, "access_log", false)?;
            let facts = person_facts(c, st, actor, student)?;
            p.decide(
                &facts,
                Action::ReadChildLog,
                Some(student),
                None,
                "access_log",
                false,
            )?;
            storage::access_log::of_child(c, student)
        })
    }

    /// A school's access log (its admins).
    pub fn access_log_of_school(
        &self,
        actor: &Actor,
        school: SchoolId,
    ) -> Result<Vec<AccessLogEntry>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            p.known_school(school, "structure", false)?;
            p.decide(
                &st.facts_for(Some(school)),
                Action::ReadSchoolLog,
                None,
                Some(school),
                "access_log",
                false,
            )?;
            storage::access_log::of_school(c, school)
        })
    }
}
