//! The lessons a date has: derived from the class's timetable, the changes
//! on that date and the school calendar, never stored twice.
//!
//! [`Days`] answers "which lessons, for whom, on which day" within one call
//! and remembers what it read (calendars, classes, enrolments, groups,
//! subject names, each class's day), so that a summary over a year or a
//! class reads each of them once. It lives only as long as one read or
//! write; after a write in the same call, start a new one.

use super::day_sources::Sources;
use crate::access::{Facts, Standing};
use crate::actor::Actor;
use crate::calendar;
use crate::error::{Error, Result};
use crate::ids::{ClassId, GroupId, PersonId, SchoolId, SubjectId, YearId};
use crate::model::{Class, Enrolment, Holiday, Lesson, LessonKey};
use crate::schedule;
use crate::storage::db::Db;
use crate::storage::{self, timetable as tt};
use crate::text;
use std::collections::HashMap;
use time::{Date, Duration};

/// The reference rows a [`Days`] has read: calendars, years, classes,
/// subject names, enrolments, group members, timetables and bells. All of
/// them live in tables the reference generation watches
/// (`storage/generation.rs`), so a handle's reference cache may keep them
/// from one read call to the next ([`super::placement::Placement::days_over`]).
#[derive(Default)]
pub(crate) struct KnownDays {
    calendars: HashMap<SchoolId, (u8, Vec<Holiday>)>,
    years: HashMap<YearId, (Date, Date)>,
    classes: HashMap<ClassId, Class>,
    subjects: HashMap<SubjectId, String>,
    enrolments: HashMap<PersonId, Vec<Enrolment>>,
    members: HashMap<GroupId, Vec<PersonId>>,
    sources: super::day_sources::KnownSources,
}

impl std::fmt::Debug for KnownDays {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnownDays")
            .field("classes", &self.classes.len())
            .field("enrolments", &self.enrolments.len())
            .finish_non_exhaustive()
    }
}

/// One call's view of the school days; see the module documentation.
pub(crate) struct Days<'c> {
    c: Db<'c>,
    known: KnownDays,
    days: HashMap<(ClassId, Date), Vec<Lesson>, crate::fasthash::FastBuild>,
    sources: Sources<'c>,
}

impl<'c> Days<'c> {
    pub(crate) fn new(c: Db<'c>) -> Self {
        Days {
            c,
            known: KnownDays::default(),
            days: HashMap::default(),
            sources: Sources::new(c),
        }
    }

    /// [`Days::over`], starting from reference rows read earlier in the
    /// same snapshot or under the same reference generation.
    pub(crate) fn resume(c: Db<'c>, from: Date, to: Date, mut known: KnownDays) -> Self {
        let sources = Sources::over(c, from, to).knowing(std::mem::take(&mut known.sources));
        Days {
            c,
            known,
            days: HashMap::default(),
            sources,
        }
    }

    /// The reference rows this call read, to keep for the next.
    pub(crate) fn into_known(self) -> KnownDays {
        KnownDays {
            sources: self.sources.into_known(),
            ..self.known
        }
    }

    /// Days for a call that will ask about dates `from`..=`to`: each class's
    /// changes and notes of the range are read at once (see
    /// [`super::day_sources`]).
    pub(crate) fn over(c: Db<'c>, from: Date, to: Date) -> Self {
        Days {
            sources: Sources::over(c, from, to),
            ..Days::new(c)
        }
    }

    /// A class, read once.
    pub(crate) fn class(&mut self, id: ClassId) -> Result<&Class> {
        if !self.known.classes.contains_key(&id) {
            let cl = storage::class(self.c, id)?;
            self.known.classes.insert(id, cl);
        }
        Ok(&self.known.classes[&id])
    }

    /// Whether the school works on `date` (weekday and holidays).
    pub(crate) fn working_day(&mut self, school: SchoolId, date: Date) -> Result<bool> {
        if !self.known.calendars.contains_key(&school) {
            let days = storage::school(self.c, school)?.days_per_week;
            let holidays = storage::holidays(self.c, school)?;
            self.known.calendars.insert(school, (days, holidays));
        }
        let (days, holidays) = &self.known.calendars[&school];
        Ok(calendar::is_working_day(*days, holidays, date))
    }

    fn in_year(&mut self, year: YearId, date: Date) -> Result<bool> {
        if !self.known.years.contains_key(&year) {
            let y = storage::year(self.c, year)?;
            self.known.years.insert(year, (y.start, y.end));
        }
        let (start, end) = self.known.years[&year];
        Ok(start <= date && date <= end)
    }

    /// A subject's name; the first miss reads all of the school's
    /// subjects at once (a day's lessons name several of them).
    fn subject_name(&mut self, school: SchoolId, id: SubjectId) -> Result<String> {
        if !self.known.subjects.contains_key(&id) {
            for s in storage::subjects(self.c, school)? {
                self.known.subjects.entry(s.id).or_insert(s.name);
            }
        }
        if !self.known.subjects.contains_key(&id) {
            let name = storage::subject(self.c, id)?.name;
            self.known.subjects.insert(id, name);
        }
        Ok(self.known.subjects[&id].clone())
    }

    /// The lessons of a class on a date with times, names and notes; empty
    /// on a day off, outside the class's academic year or without a
    /// timetable.
    pub(crate) fn lessons(&mut self, class: ClassId, date: Date) -> Result<Vec<Lesson>> {
        Ok(self.day(class, date)?.to_vec())
    }

    /// [`Days::lessons`], borrowed from the call's cache.
    fn day(&mut self, class: ClassId, date: Date) -> Result<&[Lesson]> {
        if !self.days.contains_key(&(class, date)) {
            let (school, year) = {
                let cl = self.class(class)?;
                (cl.school, cl.year)
            };
            let lessons = if self.in_year(year, date)? {
                self.derive(class, school, date)?
            } else {
                Vec::new()
            };
            self.days.insert((class, date), lessons);
        }
        Ok(&self.days[&(class, date)])
    }

    /// How many of a student's lessons on a date are held (not cancelled or
    /// moved away): [`Days::student_lessons`] counted without copying them.
    pub(crate) fn held_count(&mut self, student: PersonId, date: Date) -> Result<u32> {
        let Some(class) = self.class_id_on(student, date)? else {
            return Ok(0);
        };
        let mut whole = 0u32;
        let mut groups = Vec::new();
        for l in self.day(class, date)? {
            if schedule::is_held(l.status) {
                match l.key.group {
                    None => whole += 1,
                    Some(g) => groups.push(g),
                }
            }
        }
        for g in groups {
            if self.attends(student, Some(g))? {
                whole += 1;
            }
        }
        Ok(whole)
    }

    fn derive(&mut self, class: ClassId, school: SchoolId, date: Date) -> Result<Vec<Lesson>> {
        let changes = self.sources.changes_on(class, date)?;
        let mut moved_in = Vec::new();
        for ch in self.sources.moved_to(class, date)? {
            let original = self
                .sources
                .planned(class, ch.key.date)?
                .into_iter()
                .find(|p| p.number == ch.key.number && p.group == ch.key.group);
            if let Some(o) = original {
                moved_in.push((ch, o));
            }
        }
        let planned_today = if self.working_day(school, date)? {
            self.sources.planned(class, date)?
        } else {
            Vec::new()
        };
        let drafts = schedule::lessons_of_day(class, date, &planned_today, &changes, &moved_in);
        if drafts.is_empty() {
            return Ok(Vec::new());
        }
        let shift = self
            .sources
            .timetable_on(class, date)?
            .map_or(1, |t| t.shift);
        let bells = self.sources.bells_on(school, shift, date)?.to_vec();
        drafts
            .into_iter()
            .map(|d| {
                let bell = bells.iter().find(|b| b.number == d.key.number);
                let note = self.sources.note(&d.key)?;
                Ok(Lesson {
                    key: d.key,
                    start: bell.map(|b| b.start),
                    end: bell.map(|b| b.end),
                    subject: d.subject,
                    subject_name: self.subject_name(school, d.subject)?,
                    teacher: d.teacher,
                    room: d.room,
                    status: d.status,
                    was: d.was,
                    moved_to: d.moved_to,
                    change_reason: d.reason,
                    topic: note.as_ref().and_then(|n| n.topic.clone()),
                    test: note.and_then(|n| n.test),
                })
            })
            .collect()
    }

    /// The lesson named by `key`, as it stands on its date.
    pub(crate) fn lesson(&mut self, key: &LessonKey) -> Result<Lesson> {
        let found = self
            .lessons(key.class, key.date)?
            .into_iter()
            .find(|l| l.key == *key);
        match found {
            Some(l) => Ok(l),
            None => Err(Error::not_found(
                "lesson",
                format!(
                    "{} of class {} on {}",
                    key.number,
                    self.class(key.class)?.name(),
                    text::format_date(key.date)
                ),
            )),
        }
    }

    /// The class a student belongs to on a date.
    pub(crate) fn class_on(&mut self, student: PersonId, date: Date) -> Result<Option<Class>> {
        match self.class_id_on(student, date)? {
            Some(id) => Ok(Some(self.class(id)?.clone())),
            None => Ok(None),
        }
    }

    /// [`Days::class_on`], the class's id only.
    pub(crate) fn class_id_on(&mut self, student: PersonId, date: Date) -> Result<Option<ClassId>> {
        if !self.known.enrolments.contains_key(&student) {
            let e = storage::enrolments_of_student(self.c, student)?;
            self.known.enrolments.insert(student, e);
        }
        Ok(self.known.enrolments[&student]
            .iter()
            .rev()
            .find(|e| e.covers(date))
            .map(|e| e.class))
    }

    /// Whether a student belongs to a lesson's audience (the whole class or
    /// their group).
    pub(crate) fn attends(&mut self, student: PersonId, group: Option<GroupId>) -> Result<bool> {
        let Some(g) = group else {
            return Ok(true);
        };
        if !self.known.members.contains_key(&g) {
            let m = storage::group_members(self.c, g)?;
            self.known.members.insert(g, m);
        }
        Ok(self.known.members[&g].contains(&student))
    }

    /// Whether a student is in the lesson: of its class on its date, and of
    /// its group.
    pub(crate) fn is_student_of(&mut self, student: PersonId, key: &LessonKey) -> Result<bool> {
        Ok(self
            .class_on(student, key.date)?
            .is_some_and(|cl| cl.id == key.class)
            && self.attends(student, key.group)?)
    }

    /// A student's lessons on a date (their class's lessons for the whole
    /// class or one of their groups).
    pub(crate) fn student_lessons(&mut self, student: PersonId, date: Date) -> Result<Vec<Lesson>> {
        let Some(class) = self.class_on(student, date)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for l in self.lessons(class.id, date)? {
            if self.attends(student, l.key.group)? {
                out.push(l);
            }
        }
        Ok(out)
    }

    /// A teacher's lessons between two dates: those they teach, and those
    /// the timetable gave them that a substitute took (`was.teacher`),
    /// sorted by date, number and class.
    pub(crate) fn teacher_lessons(
        &mut self,
        teacher: PersonId,
        from: Date,
        to: Date,
    ) -> Result<Vec<Lesson>> {
        let mut out = Vec::new();
        if to < from {
            return Ok(out);
        }
        for school in storage::schools_of_person(self.c, teacher)? {
            for class in tt::classes_with(self.c, school, Some(teacher), None)? {
                for d in 0..=(to - from).whole_days() {
                    out.extend(
                        self.lessons(class, from + Duration::days(d))?
                            .into_iter()
                            .filter(|l| {
                                l.teacher == teacher
                                    || l.was.as_ref().is_some_and(|w| w.teacher == teacher)
                            }),
                    );
                }
            }
        }
        out.sort_by_key(|l| (l.key.date, l.key.number, l.key.class));
        Ok(out)
    }
}

/// The lesson named by `key`, as it stands now (a fresh read).
pub(crate) fn lesson(c: Db<'_>, key: &LessonKey) -> Result<Lesson> {
    Days::new(c).lesson(key)
}

/// Facts for a lesson write: the lesson's teacher now (a substitute too),
/// a teacher assigned to the class and subject, or an admin.
pub(crate) fn lesson_facts(c: Db<'_>, st: &Standing, actor: &Actor, l: &Lesson) -> Result<Facts> {
    let class = storage::class(c, l.key.class)?;
    let mut f = st.facts_for(Some(class.school));
    if let Some(me) = actor.person() {
        f.teaches = l.teacher == me || storage::teaches(c, me, class.id, l.subject, None)?;
        f.class_teacher = class.class_teacher == Some(me);
    }
    Ok(f)
}
