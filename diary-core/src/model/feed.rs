//! The change feed: what hosts read to keep their screens, caches and
//! notifications in step with the diary (see docs/integration.md).

use super::enums::{FeedEntity, FeedOperation};
use crate::ids::{ClassId, PersonId, SchoolId, SubjectId};
use serde::Serialize;
use time::Date;

/// One committed change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedChange {
    /// The change's place in the feed: larger for every later change
    /// (1 ≤ seq < 2^63).
    pub seq: i64,
    /// When it was written (Unix seconds, the diary's clock).
    pub at: i64,
    /// The school it belongs to.
    pub school: SchoolId,
    /// What it is about.
    pub entity: FeedEntity,
    /// The id of what changed: the mark, homework, lesson change, remark,
    /// notice, enrolment, lesson or timetable; the lesson of an attendance
    /// record; the period of a period mark (0 for year, exam and final
    /// marks).
    pub id: i64,
    /// Created, changed or deleted.
    pub operation: FeedOperation,
    /// The student it concerns, when it concerns one.
    pub student: Option<PersonId>,
    /// The class it concerns, when known.
    pub class: Option<ClassId>,
    /// The subject, when it has one.
    pub subject: Option<SubjectId>,
    /// The school day it is about: a mark's lesson day, a lesson's day,
    /// homework's due day, a timetable's first day, a notice's first day.
    pub date: Option<Date>,
    /// The value before (a mark's or period mark's label, an attendance
    /// status), for changes and deletions.
    pub old_value: Option<String>,
    /// The value after, for creations and changes.
    pub new_value: Option<String>,
    /// A word more: a period mark's kind (period, year, exam, final), a
    /// lesson change's kind, a remark's kind, a notice's status, an
    /// enrolment's end reason, `individual` homework, a `test` lesson.
    pub detail: Option<String>,
}

/// One page of the feed for an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedPage {
    /// The changes the actor may see, oldest first.
    pub changes: Vec<FeedChange>,
    /// Where to continue: pass it to the next call. It moves past changes
    /// the actor may not see as well, so a short page is not the end.
    pub next_cursor: i64,
    /// More changes (visible or not) wait after `next_cursor`.
    pub more: bool,
}
