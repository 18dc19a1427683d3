//! Where [`super::lessons_of_day::Days`] reads what makes a class's day —
//! its timetable, the bells, the day's changes and the lessons' notes.
//!
//! Timetable versions and bell schedules are read once per class and
//! school in a call (a few rows each) and chosen per date in memory, the
//! way the per-date queries choose them. Changes and notes are read per
//! date, unless the call announced the dates it will cover
//! ([`Sources::over`]): then each class's changes and notes of the whole
//! range come in three queries, so that a year's feed or a class's
//! attendance over a year costs in proportion to its lessons, not a dozen
//! queries per class and day. Everything lives as long as one call (one
//! transaction).

use crate::error::Result;
use crate::ids::{ClassId, SchoolId};
use crate::model::{Bell, BellSchedule, Timetable, TimetableLesson};
use crate::schedule::ChangeRow;
use crate::storage::db::Db;
use crate::storage::timetable as tt;
use std::collections::HashMap;
use time::Date;

/// A class's changes and notes over the announced dates.
#[derive(Default)]
struct Ranged {
    changes: HashMap<Date, Vec<ChangeRow>>,
    moved_in: HashMap<Date, Vec<ChangeRow>>,
    notes: HashMap<tt::NoteSlot, tt::LessonNote>,
}

/// The timetables and bell schedules a [`Sources`] read (reference rows,
/// which a handle's cache may keep between calls).
#[derive(Default)]
pub(crate) struct KnownSources {
    timetables: HashMap<ClassId, Vec<Timetable>>,
    bells: HashMap<SchoolId, Vec<BellSchedule>>,
}

/// One call's sources of class days; see the module documentation.
pub(crate) struct Sources<'c> {
    c: Db<'c>,
    range: Option<(Date, Date)>,
    known: KnownSources,
    ranged: HashMap<ClassId, Ranged>,
}

impl<'c> Sources<'c> {
    pub(crate) fn new(c: Db<'c>) -> Self {
        Sources {
            c,
            range: None,
            known: KnownSources::default(),
            ranged: HashMap::new(),
        }
    }

    /// These sources, starting from timetables and bells read earlier.
    pub(crate) fn knowing(self, known: KnownSources) -> Self {
        Sources { known, ..self }
    }

    /// The timetables and bells read, to keep.
    pub(crate) fn into_known(self) -> KnownSources {
        self.known
    }

    /// Sources for a call that will ask about dates `from`..=`to`.
    pub(crate) fn over(c: Db<'c>, from: Date, to: Date) -> Self {
        Sources {
            range: (from <= to).then_some((from, to)),
            ..Sources::new(c)
        }
    }

    fn versions(&mut self, class: ClassId) -> Result<&[Timetable]> {
        if !self.known.timetables.contains_key(&class) {
            let v = tt::timetables(self.c, class)?;
            self.known.timetables.insert(class, v);
        }
        Ok(&self.known.timetables[&class])
    }

    /// The version of a class's timetable in force on a date (of those
    /// covering it, the one starting latest; the newer one of two starting
    /// the same day), as `tt::timetable_on` chooses it.
    pub(crate) fn timetable_on(
        &mut self,
        class: ClassId,
        date: Date,
    ) -> Result<Option<&Timetable>> {
        Ok(self
            .versions(class)?
            .iter()
            .filter(|t| t.valid_from <= date && t.valid_until.is_none_or(|u| u >= date))
            .max_by_key(|t| (t.valid_from, t.id.0)))
    }

    /// The timetable's lessons of a class on a date's weekday (before
    /// changes).
    pub(crate) fn planned(&mut self, class: ClassId, date: Date) -> Result<Vec<TimetableLesson>> {
        Ok(self
            .timetable_on(class, date)?
            .map(|t| {
                t.lessons
                    .iter()
                    .filter(|l| l.weekday == date.weekday())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The bells for a school, shift and date: of the schedules covering the
    /// date and its weekday, the one starting latest (the newer of two
    /// starting the same day), as `tt::bells_on` chooses it.
    pub(crate) fn bells_on(&mut self, school: SchoolId, shift: u8, date: Date) -> Result<&[Bell]> {
        if !self.known.bells.contains_key(&school) {
            let v = tt::bell_schedules(self.c, school)?;
            self.known.bells.insert(school, v);
        }
        let weekday = date.weekday().number_from_monday();
        Ok(self.known.bells[&school]
            .iter()
            .filter(|b| {
                b.shift == shift
                    && b.valid_from <= date
                    && b.valid_until.is_none_or(|u| u >= date)
                    && b.weekdays.contains(&weekday)
            })
            .max_by_key(|b| (b.valid_from, b.id.0))
            .map_or(&[][..], |b| &b.bells[..]))
    }

    /// The class's data over the announced range, if `date` lies in it.
    fn ranged(&mut self, class: ClassId, date: Date) -> Result<Option<&Ranged>> {
        let Some((from, to)) = self.range.filter(|(f, t)| *f <= date && date <= *t) else {
            return Ok(None);
        };
        if !self.ranged.contains_key(&class) {
            let (on, moved) = tt::changes_between(self.c, class, from, to)?;
            let mut r = Ranged::default();
            for ch in on {
                r.changes.entry(ch.key.date).or_default().push(ch);
            }
            for ch in moved {
                if let Some(d) = ch.to_date {
                    r.moved_in.entry(d).or_default().push(ch);
                }
            }
            r.notes = tt::lesson_notes_between(self.c, class, from, to)?
                .into_iter()
                .collect();
            self.ranged.insert(class, r);
        }
        Ok(self.ranged.get(&class))
    }

    /// The changes of a class on a date (at their original slot).
    pub(crate) fn changes_on(&mut self, class: ClassId, date: Date) -> Result<Vec<ChangeRow>> {
        match self.ranged(class, date)? {
            Some(r) => Ok(r.changes.get(&date).cloned().unwrap_or_default()),
            None => tt::changes_on(self.c, class, date),
        }
    }

    /// Lessons of a class moved to a date from elsewhere.
    pub(crate) fn moved_to(&mut self, class: ClassId, date: Date) -> Result<Vec<ChangeRow>> {
        match self.ranged(class, date)? {
            Some(r) => Ok(r.moved_in.get(&date).cloned().unwrap_or_default()),
            None => tt::moved_to(self.c, class, date),
        }
    }

    /// The note of a lesson (topic, test), if any was written.
    pub(crate) fn note(&mut self, key: &crate::model::LessonKey) -> Result<Option<tt::LessonNote>> {
        let slot = (key.date, key.number, key.group.map_or(0, |g| g.0));
        match self.ranged(key.class, key.date)? {
            Some(r) => Ok(r.notes.get(&slot).cloned()),
            None => tt::lesson_note(self.c, key),
        }
    }
}
