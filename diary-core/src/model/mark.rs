//! Marks, kinds of work and their history.

use super::{Counting, EntryKind};
use crate::grading::Ratio;
use crate::ids::{ClassId, MarkId, PeriodId, PersonId, SchoolId, SubjectId, WorkKindId};
use serde::Serialize;
use time::{Date, OffsetDateTime};

/// A kind of work (control form) with its default weight, e.g. "test", 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkKind {
    /// Identifier.
    pub id: WorkKindId,
    /// The school.
    pub school: SchoolId,
    /// Name, e.g. "Test".
    pub name: String,
    /// Weight of a mark of this kind unless the teacher sets another.
    pub default_weight: Ratio,
    /// Smallest weight a teacher may set.
    pub min_weight: Ratio,
    /// Largest weight a teacher may set.
    pub max_weight: Ratio,
}

/// What is needed to create a [`WorkKind`]. Weights are decimals with at
/// most two places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWorkKind {
    /// Name.
    pub name: String,
    /// Default weight.
    pub default_weight: Ratio,
    /// Smallest weight allowed.
    pub min_weight: Ratio,
    /// Largest weight allowed.
    pub max_weight: Ratio,
}

/// A mark (or a sign such as "н") in a student's diary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mark {
    /// Identifier.
    pub id: MarkId,
    /// The student.
    pub student: PersonId,
    /// The subject.
    pub subject: SubjectId,
    /// The student's class on the lesson date.
    pub class: ClassId,
    /// The period the lesson date falls in.
    pub period: PeriodId,
    /// The lesson the mark belongs to.
    pub date: Date,
    /// A mark, or a sign that never counts.
    pub entry: EntryKind,
    /// Code of the mark's scale.
    pub scale: String,
    /// As written in the diary: "5", "B+", "17.5/20", "н".
    pub label: String,
    /// Numeric worth on its scale (0 for signs).
    pub value: Ratio,
    /// For points: the maximum.
    pub out_of: Option<Ratio>,
    /// Kind of work.
    pub work_kind: WorkKindId,
    /// Weight.
    pub weight: Ratio,
    /// Whether it counts in the average.
    pub counting: Counting,
    /// The teacher's comment.
    pub comment: Option<String>,
    /// Who gave it.
    pub teacher: PersonId,
    /// When it was entered (UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub entered_at: OffsetDateTime,
    /// The mark this one retakes.
    pub retake_of: Option<MarkId>,
    /// Whether it was deleted (kept, with its history).
    pub deleted: bool,
}

/// What a teacher enters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMark {
    /// The student.
    pub student: PersonId,
    /// The subject.
    pub subject: SubjectId,
    /// The lesson date; it must fall in a period and in the student's
    /// enrolment.
    pub date: Date,
    /// A mark or a sign.
    pub entry: EntryKind,
    /// The value as written ("5", "B+", "17.5"); ignored for signs.
    pub value: String,
    /// For points scales: the maximum.
    pub out_of: Option<String>,
    /// Scale code ("ru5", "fr20", or a school's own); `None`: the scale of
    /// the subject's grading rule.
    pub scale: Option<String>,
    /// Kind of work.
    pub work_kind: WorkKindId,
    /// Weight; `None`: the kind's default.
    pub weight: Option<Ratio>,
    /// Whether it counts.
    pub counting: Counting,
    /// Comment.
    pub comment: Option<String>,
    /// The mark this one retakes.
    pub retake_of: Option<MarkId>,
}

impl NewMark {
    /// A plain mark on the subject's scale with the kind's default weight.
    pub fn grade(
        student: PersonId,
        subject: SubjectId,
        date: Date,
        value: &str,
        work_kind: WorkKindId,
    ) -> NewMark {
        NewMark {
            student,
            subject,
            date,
            entry: EntryKind::Grade,
            value: value.into(),
            out_of: None,
            scale: None,
            work_kind,
            weight: None,
            counting: Counting::Always,
            comment: None,
            retake_of: None,
        }
    }
}

/// A change to a mark; `None` keeps the current value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MarkEdit {
    /// New entry kind.
    pub entry: Option<EntryKind>,
    /// New value as written.
    pub value: Option<String>,
    /// New points maximum.
    pub out_of: Option<String>,
    /// New kind of work.
    pub work_kind: Option<WorkKindId>,
    /// New weight.
    pub weight: Option<Ratio>,
    /// New counting policy.
    pub counting: Option<Counting>,
    /// New comment.
    pub comment: Option<String>,
}

/// One change in a mark's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkChange {
    /// The mark.
    pub mark: MarkId,
    /// "update" or "delete".
    pub action: String,
    /// Who changed it.
    pub changed_by: PersonId,
    /// When (UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub changed_at: OffsetDateTime,
    /// Why.
    pub reason: String,
    /// The label before.
    pub old_label: String,
    /// The label after (`None` for a deletion).
    pub new_label: Option<String>,
}
