//! Teachers' remarks about behaviour, preparation or praise (D10), visible
//! to the student and their family.

use super::attendance::any_class;
use super::placement::MARKS;
use super::student_day::authorize_child;
use super::Diary;
use crate::access::{acting_as, decide_action, Action};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{PersonId, SubjectId};
use crate::model::{Remark, RemarkKind};
use crate::storage::{self, attendance as att};
use crate::text;
use time::Date;

impl Diary {
    /// Writes a remark about a student on a date, optionally about a
    /// subject: the student's teachers (of that subject, if given), their
    /// class teacher and admins.
    pub fn add_remark(
        &self,
        actor: &Actor,
        student: PersonId,
        date: Date,
        subject: Option<SubjectId>,
        kind: RemarkKind,
        remark: &str,
    ) -> Result<Remark> {
        let remark = text::free_text("text", remark, 2000)?;
        let now = self.clock.now();
        if date > now.date() {
            return Err(Error::invalid(
                "date",
                "a remark is about today or an earlier day",
            ));
        }
        self.write_people(actor, |p| {
            let class = any_class(p, student, date, "remarks", true)?;
            let year = storage::year(p.c, class.year)?;
            let (first, last) = crate::calendar::school_event_range(std::slice::from_ref(&year));
            text::date_within("date", date, first, last)?;
            if let Some(s) = subject {
                super::scope::subject_of(p.c, class.school, s, "subject")?;
            }
            let facts = p.facts_in(student, class.id, subject, false, MARKS)?;
            let decision = decide_action(&facts, Action::WriteRemark);
            p.note(
                Some(student),
                Some(class.school),
                "remarks",
                true,
                acting_as(&facts),
                decision.is_ok(),
            );
            decision?;
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("remarks are written by a person"))?;
            let id = att::insert_remark(
                p.c,
                student,
                by,
                class.school,
                date,
                subject,
                kind,
                &remark,
                now.unix_timestamp(),
            )?;
            att::remarks_of(p.c, student, date, date)?
                .into_iter()
                .find(|r| r.id == id)
                .ok_or_else(|| Error::Internal("remark vanished".into()))
        })
    }

    /// A student's remarks between two dates (who may read the student's day).
    pub fn remarks(
        &self,
        actor: &Actor,
        student: PersonId,
        from: Date,
        to: Date,
    ) -> Result<Vec<Remark>> {
        if to < from {
            return Err(Error::invalid("to", "must not be before from"));
        }
        self.read_marks(actor, |p| {
            let class = any_class(p, student, to, "remarks", false)?;
            let (_, window) = authorize_child(
                p,
                student,
                &class,
                "remarks",
                Action::ReadMarks,
                false,
                MARKS,
            )?;
            let from = window.map_or(from, |w| from.max(w));
            att::remarks_of(p.c, student, from, to)
        })
    }
}
