//! A cache of the reference data that mark operations look up on every call
//! (classes, enrolments, periods, subjects, kinds of work, scales, rules,
//! teaching assignments, guardianships, the actor's standing, and what
//! school-day reads look up: timetables, bells, calendars, subject names).
//!
//! It lives beside the connection, under the same lock. It is emptied after
//! every write that is not a mark write (those are the only writes that can
//! change reference data) and whenever the reference generation
//! (`storage/generation.rs`, bumped by triggers on every table it reads)
//! shows that someone else changed reference data; every transaction reads
//! the generation inside its snapshot before using the cache. Mark writes
//! keep it: they change no reference data, so a rolled-back mark write
//! leaves it valid too; marks, registers and log entries committed by other
//! handles leave it valid as well.

use crate::access::Standing;
use crate::actor::Actor;
use crate::fasthash::FastMap;
use crate::grading::{GradingRule, Scale};
use crate::ids::{ClassId, PersonId, ScaleId, SchoolId, SubjectId, WorkKindId, YearId};
use crate::model::{Class, Enrolment, Period, Subject, WorkKind};
use std::collections::HashMap;
use std::sync::Arc;

/// Cached reference data; see the module documentation.
#[derive(Debug, Default)]
pub(crate) struct RefCache {
    /// The reference generation the cache was filled at.
    pub generation: i64,
    pub standing: FastMap<Actor, Arc<Standing>>,
    pub enrolments: FastMap<PersonId, Vec<Enrolment>>,
    pub classes: FastMap<ClassId, Class>,
    pub periods: FastMap<YearId, Vec<(Period, bool)>>,
    /// Whether (teacher, class, subject, student) is taught: the class, or a group of it with the student.
    pub teaches: FastMap<(PersonId, ClassId, SubjectId, PersonId), bool>,
    /// (guardian, legal representative) of (actor, student).
    pub guardian_of: FastMap<(PersonId, PersonId), (bool, bool)>,
    pub subjects: FastMap<SubjectId, Subject>,
    pub kinds: FastMap<WorkKindId, WorkKind>,
    pub scales: FastMap<SchoolId, Arc<HashMap<ScaleId, Scale>>>,
    pub scale_codes: FastMap<(SchoolId, String), Arc<Scale>>,
    /// Families' visibility window (days) by school.
    pub family_windows: FastMap<SchoolId, Option<crate::model::VisibilityWindow>>,
    pub rules: FastMap<(SchoolId, SubjectId), Arc<GradingRule>>,
    /// The rules frozen by closing a period, by the rule version then newest.
    pub frozen_rules: FastMap<(SchoolId, SubjectId, i64), Arc<GradingRule>>,
    /// What an actor is to a person for the scope check, and the person's
    /// first school (see `diary/scope.rs`).
    pub person_scope: FastMap<(Actor, PersonId), (crate::access::Facts, Option<SchoolId>)>,
    /// What school-day reads looked up: calendars, classes, timetables,
    /// bells, subject names, enrolments, group members (taken out for a
    /// call and put back after it, see `Placement::days_over`).
    pub days: Option<super::lessons_of_day::KnownDays>,
}

impl RefCache {
    /// Forgets everything (keeps the data version).
    pub fn clear(&mut self) {
        let v = self.generation;
        *self = RefCache {
            generation: v,
            ..RefCache::default()
        };
    }
}
