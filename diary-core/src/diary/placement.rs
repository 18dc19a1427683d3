//! Checks a new or edited mark against the school's structure and the access
//! rules. Lookups go through the diary's reference cache, so that a bulk
//! import of a whole year and a single mark both stay fast.

use super::cache::RefCache;
use super::lessons_of_day::Days;
use crate::access::{acting_as, decide_mark, MarkAction, MarkFacts, Standing};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::grading::{GradingRule, Scale, ScaledValue};
use crate::ids::{ClassId, MarkId, PeriodId, PersonId, ScaleId, SchoolId, SubjectId, WorkKindId};
use crate::model::{
    Class, EntryKind, Lesson, LessonKey, NewMark, PeriodKind, Service, Services, WorkKind,
};
use crate::storage::access_log::LogEvent;
use crate::storage::Db;
use crate::storage::{self, MarkRow};
use crate::text;
use std::collections::HashMap;
use std::sync::Arc;
use time::Date;

/// The services of which a trusted person's grant needs one for a check.
pub(crate) type Need = &'static [Service];
/// Marks (and what summarises them, and remarks).
pub(crate) const MARKS: Need = &[Service::Marks];
/// Attendance.
pub(crate) const ATTENDANCE: Need = &[Service::Attendance];
/// Homework.
pub(crate) const HOMEWORK: Need = &[Service::Homework];
/// Lessons and timetable changes.
pub(crate) const TIMETABLE: Need = &[Service::Timetable];
/// School entry and exit.
pub(crate) const VISITS: Need = &[Service::Visits];
/// Meals and the meal balance.
pub(crate) const MEALS: Need = &[Service::Meals];
/// A view of the school day, which shows only the granted parts.
pub(crate) const SCHOOL_DAY: Need = &[
    Service::Marks,
    Service::Homework,
    Service::Attendance,
    Service::Timetable,
];

/// Label written for a sign that is not a mark.
pub(crate) fn sign_label(entry: EntryKind) -> &'static str {
    match entry {
        EntryKind::Grade => "",
        EntryKind::Absent => "н",
        EntryKind::NotSubmitted => "н/с",
        EntryKind::Exempt => "осв",
    }
}

/// A teacher's comment: optional, single-line, at most 2000 characters.
pub(crate) fn comment(c: Option<&str>) -> Result<Option<String>> {
    match c {
        Some(c) if !c.trim().is_empty() => text::required("comment", c, 2000).map(Some),
        _ => Ok(None),
    }
}

/// (student, date) → (class, period, period closed).
type DayMemo = ((PersonId, Date), (ClassId, PeriodId, bool));

/// (student, class, subject, closed): a write already authorised in this
/// call, mapped to the subject's scale.
type SubjectKey = (PersonId, ClassId, SubjectId, bool);

/// What mark checks need for one call: the connection, the actor, and the
/// diary's reference cache.
pub(crate) struct Placement<'c> {
    pub c: Db<'c>,
    pub actor: Option<PersonId>,
    pub standing: Arc<Standing>,
    cache: &'c mut RefCache,
    /// The previous mark's lookups: a batch sorted by student and date
    /// repeats them many times in a row.
    last_day: Option<DayMemo>,
    authorized: crate::fasthash::FastMap<SubjectKey, Arc<Scale>>,
    /// The current instant (from the diary's clock).
    pub now: time::OffsetDateTime,
    /// Trusted-person grants by student, see [`Placement::trusted_grant`].
    trusted: crate::fasthash::FastMap<PersonId, Option<(Services, Option<Date>)>>,
    /// Accesses to log, in order, without repeats.
    log: Vec<LogEvent>,
    logged: std::collections::HashSet<LogEvent>,
    /// Students already resolved through the scope check in this call.
    known_students: std::collections::HashSet<PersonId>,
    /// Labels by (scale, value, maximum), see [`Placement::intern`].
    labels: crate::fasthash::FastMap<(ScaleId, i64, Option<i64>), Arc<str>>,
    /// Periods' frozen rule versions read in this transaction (a period
    /// closed or reopened later is read again by the next call).
    frozen: crate::fasthash::FastMap<PeriodId, Option<i64>>,
}

impl<'c> Placement<'c> {
    pub(crate) fn new(
        c: Db<'c>,
        actor: &Actor,
        cache: &'c mut RefCache,
        now: time::OffsetDateTime,
    ) -> Result<Self> {
        let standing = match cache.standing.get(actor) {
            Some(s) => s.clone(),
            None => {
                let s = Arc::new(storage::standing(c, actor)?);
                cache.standing.insert(*actor, s.clone());
                s
            }
        };
        Ok(Placement {
            c,
            actor: actor.person(),
            standing,
            cache,
            last_day: None,
            authorized: Default::default(),
            labels: Default::default(),
            frozen: Default::default(),
            now,
            trusted: Default::default(),
            log: Vec::new(),
            logged: Default::default(),
            known_students: Default::default(),
        })
    }

    /// School days over `from`..=`to` ([`Days::over`]) that start from
    /// the reference rows (timetables, bells, calendars, classes, subject
    /// names, enrolments, groups) that earlier calls of this handle read,
    /// kept in the reference cache and valid under its generation. A read
    /// call hands them back with [`Placement::keep_days`].
    pub(crate) fn days_over(&mut self, from: Date, to: Date) -> Days<'c> {
        let known = self.cache.days.take().unwrap_or_default();
        Days::resume(self.c, from, to, known)
    }

    /// Keeps what `days` read for the next call (see
    /// [`Placement::days_over`]).
    pub(crate) fn keep_days(&mut self, days: Days<'c>) {
        self.cache.days = Some(days.into_known());
    }

    /// The lesson named by `key`, as it stands now, from the handle's
    /// reference cache ([`Placement::days_over`]): the lesson's changes and
    /// notes are read fresh, its timetable, bells and class are not read
    /// again while the reference generation holds.
    pub(crate) fn lesson(&mut self, key: &LessonKey) -> Result<Lesson> {
        let mut days = self.days_over(key.date, key.date);
        let lesson = days.lesson(key);
        self.keep_days(days);
        lesson
    }

    /// Which of `students` are not students of the lesson `key` (of its
    /// class on its date, and of its group), from the reference cache.
    pub(crate) fn not_of_lesson(
        &mut self,
        students: impl IntoIterator<Item = PersonId>,
        key: &LessonKey,
    ) -> Result<Option<PersonId>> {
        let mut days = self.days_over(key.date, key.date);
        let outsider = (|| {
            for s in students {
                if !days.is_student_of(s, key)? {
                    return Ok(Some(s));
                }
            }
            Ok(None)
        })();
        self.keep_days(days);
        outsider
    }

    pub(crate) fn class(&mut self, id: ClassId) -> Result<&Class> {
        if !self.cache.classes.contains_key(&id) {
            let cl = storage::class(self.c, id)?;
            self.cache.classes.insert(id, cl);
        }
        Ok(&self.cache.classes[&id])
    }

    /// The class the student belongs to on `day`.
    pub(crate) fn class_on(&mut self, student: PersonId, day: Date) -> Result<ClassId> {
        if !self.cache.enrolments.contains_key(&student) {
            let e = storage::enrolments_of_student(self.c, student)?;
            self.cache.enrolments.insert(student, e);
        }
        self.cache.enrolments[&student]
            .iter()
            .rev()
            .find(|e| e.covers(day))
            .map(|e| e.class)
            .ok_or_else(|| {
                Error::invalid(
                    "date",
                    format!("person {student} is not enrolled in any class on {day}"),
                )
            })
    }

    /// The period of the class's kind containing `day`, and whether it is closed.
    pub(crate) fn period_on(&mut self, class: ClassId, day: Date) -> Result<(PeriodId, bool)> {
        let (year, kind): (_, PeriodKind) = {
            let cl = self.class(class)?;
            (cl.year, cl.period_kind)
        };
        if !self.cache.periods.contains_key(&year) {
            let ps = storage::periods_with_closing(self.c, year)?;
            self.cache.periods.insert(year, ps);
        }
        if let Some((p, closed)) = self.cache.periods[&year]
            .iter()
            .find(|(p, _)| p.kind == kind && p.start <= day && day <= p.end)
        {
            return Ok((p.id, *closed));
        }
        let name = self.class(class)?.name();
        Err(Error::invalid(
            "date",
            format!("{day} is not inside any {kind} of class {name}"),
        ))
    }

    /// The access facts of the actor for a student's marks in a class and subject.
    pub(crate) fn facts(
        &mut self,
        student: PersonId,
        class: ClassId,
        subject: SubjectId,
        closed: bool,
    ) -> Result<MarkFacts> {
        self.facts_in(student, class, Some(subject), closed, MARKS)
    }

    /// The access facts of the actor for a student of a class: as
    /// [`Placement::facts`], and without a subject nobody "teaches" (the
    /// student's whole day is for the family, the class teacher, trusted
    /// persons and admins; subject teachers see their own lessons). A
    /// trusted person counts as one when their grant has one of `need`.
    pub(crate) fn facts_in(
        &mut self,
        student: PersonId,
        class: ClassId,
        subject: Option<SubjectId>,
        closed: bool,
        need: Need,
    ) -> Result<MarkFacts> {
        let (school, class_teacher) = {
            let cl = self.class(class)?;
            (cl.school, cl.class_teacher)
        };
        let Some(me) = self.actor else {
            return Ok(MarkFacts {
                period_closed: closed,
                ..MarkFacts::default()
            });
        };
        let admin = self.standing.admin_of.contains(&school);
        let teaches = match subject {
            None => false,
            Some(subject) => match self.cache.teaches.get(&(me, class, subject, student)) {
                Some(t) => *t,
                None => {
                    let t = storage::teaches(self.c, me, class, subject, Some(student))?;
                    self.cache.teaches.insert((me, class, subject, student), t);
                    t
                }
            },
        };
        // Guardianship is only looked up when nothing else already decides.
        let (guardian, legal_representative) = if admin || teaches || student == me {
            (false, false)
        } else {
            match self.cache.guardian_of.get(&(me, student)) {
                Some(g) => *g,
                None => {
                    let link = storage::guardians_of(self.c, student)?
                        .into_iter()
                        .find(|g| g.guardian == me);
                    let g = (link.is_some(), link.is_some_and(|l| l.legal_representative));
                    self.cache.guardian_of.insert((me, student), g);
                    g
                }
            }
        };
        let class_teacher = class_teacher == Some(me);
        // A trusted person's grant is only looked up when nothing else applies.
        let window = if admin || teaches || class_teacher || guardian || student == me {
            None
        } else {
            self.trusted_window(student, need)?
        };
        // Families may be limited to the school's window of recent days.
        let family_window = if (guardian || student == me) && !(admin || teaches || class_teacher) {
            self.family_window(school)?
        } else {
            None
        };
        Ok(MarkFacts {
            admin,
            member: admin || self.standing.member_of.contains(&school),
            teaches,
            class_teacher,
            student: student == me,
            guardian,
            legal_representative,
            trusted: window.is_some(),
            windowed: matches!(window, Some(Some(_))) || family_window.is_some(),
            period_closed: closed,
            ..MarkFacts::default()
        })
    }

    /// For a trusted person with an active grant for `student`: the
    /// services granted and the first day they may see (`None` without a
    /// visibility window).
    pub(crate) fn trusted_grant(
        &mut self,
        student: PersonId,
    ) -> Result<Option<(Services, Option<Date>)>> {
        let Some(me) = self.actor else {
            return Ok(None);
        };
        if let Some(w) = self.trusted.get(&student) {
            return Ok(*w);
        }
        let w = storage::trusted::active(self.c, me, student, self.now)?.map(|g| {
            let start = g
                .window_days
                .map(|d| self.now.date() - time::Duration::days(i64::from(d) - 1));
            (g.services, start)
        });
        self.trusted.insert(student, w);
        Ok(w)
    }

    /// For a trusted person whose active grant for `student` has one of
    /// `need`: the first day they may see (`Some(None)` without a window).
    pub(crate) fn trusted_window(
        &mut self,
        student: PersonId,
        need: Need,
    ) -> Result<Option<Option<Date>>> {
        Ok(self
            .trusted_grant(student)?
            .filter(|(s, _)| need.iter().any(|n| s.has(*n)))
            .map(|(_, w)| w))
    }

    /// The first day a family of `school` may see, when the school limits
    /// families to a window.
    fn family_window(&mut self, school: SchoolId) -> Result<Option<Date>> {
        let today = self.now.date();
        if let Some(w) = self.cache.family_windows.get(&school) {
            return Ok(w.map(|w| w.start(today)));
        }
        let w = storage::trusted::family_window(self.c, school)?;
        self.cache.family_windows.insert(school, w);
        Ok(w.map(|w| w.start(today)))
    }

    /// Decides an action on a student's marks in a class and subject and
    /// records it (allowed or denied) for the access log, once per child,
    /// kind of data and outcome in a call.
    ///
    /// `whole_history` marks reads that summarise every mark (averages,
    /// period marks): a trusted person limited to a visibility window may
    /// not make them, since they reveal older marks.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn authorize(
        &mut self,
        student: PersonId,
        class: ClassId,
        subject: SubjectId,
        closed: bool,
        action: MarkAction,
        kind: &'static str,
        whole_history: bool,
    ) -> Result<MarkFacts> {
        let facts = self.facts(student, class, subject, closed)?;
        let action = if whole_history && action == MarkAction::Read {
            MarkAction::ReadSummaries
        } else {
            action
        };
        let decision = decide_mark(&facts, action);
        let school = self.class(class)?.school;
        self.record(
            student,
            Some(school),
            kind,
            action,
            &facts,
            decision.is_ok(),
        );
        decision.map(|()| facts)
    }

    /// The first day a windowed trusted person may see, when the actor's
    /// only relation to the student is such a grant.
    pub(crate) fn window_start(
        &mut self,
        facts: &MarkFacts,
        student: PersonId,
    ) -> Result<Option<Date>> {
        if !facts.windowed {
            return Ok(None);
        }
        if facts.trusted {
            return Ok(self.trusted_grant(student)?.and_then(|(_, w)| w));
        }
        let school = match self.cache.enrolments.get(&student).and_then(|es| es.last()) {
            Some(e) => e.school,
            None => match storage::enrolments_of_student(self.c, student)?.last() {
                Some(e) => e.school,
                None => return Ok(None),
            },
        };
        self.family_window(school)
    }

    /// Refuses (and logs the refusal of) a mark older than the actor's
    /// visibility window.
    pub(crate) fn inside_window(
        &mut self,
        facts: &MarkFacts,
        m: &crate::model::Mark,
        kind: &'static str,
    ) -> Result<()> {
        if self
            .window_start(facts, m.student)?
            .is_some_and(|start| m.date < start)
        {
            let school = self.class(m.class)?.school;
            self.record(
                m.student,
                Some(school),
                kind,
                MarkAction::Read,
                facts,
                false,
            );
            return Err(Error::denied(
                "the mark is older than this access's visibility window",
            ));
        }
        Ok(())
    }

    /// The actor as a cache key.
    pub(crate) fn actor_key(&self) -> Actor {
        self.actor.map_or(Actor::Operator, Actor::Vouched)
    }

    /// A remembered scope answer (see `diary/scope.rs`).
    pub(crate) fn cache_scope(
        &self,
        key: &(Actor, PersonId),
    ) -> Option<(crate::access::Facts, Option<SchoolId>)> {
        self.cache.person_scope.get(key).copied()
    }

    /// Remembers a scope answer for later calls.
    pub(crate) fn remember_scope(
        &mut self,
        key: (Actor, PersonId),
        value: (crate::access::Facts, Option<SchoolId>),
    ) {
        self.cache.person_scope.insert(key, value);
    }

    /// Notes an access for the log.
    pub(crate) fn record(
        &mut self,
        child: PersonId,
        school: Option<SchoolId>,
        kind: &'static str,
        action: MarkAction,
        facts: &MarkFacts,
        allowed: bool,
    ) {
        let event = LogEvent {
            actor: self.actor,
            acting_as: acting_as(facts),
            child: Some(child),
            school,
            data_kind: kind,
            write: action == MarkAction::Write,
            allowed,
        };
        if self.logged.insert(event.clone()) {
            self.log.push(event);
        }
    }

    /// Notes an access to a person's data outside the marks (records,
    /// enrolments, guardians) for the log.
    pub(crate) fn note(
        &mut self,
        child: Option<PersonId>,
        school: Option<SchoolId>,
        kind: &'static str,
        write: bool,
        acting_as: &'static str,
        allowed: bool,
    ) {
        let event = LogEvent {
            actor: self.actor,
            acting_as,
            child,
            school,
            data_kind: kind,
            write,
            allowed,
        };
        if self.logged.insert(event.clone()) {
            self.log.push(event);
        }
    }

    /// The accesses noted in this call, in order.
    pub(crate) fn take_log(&mut self) -> Vec<LogEvent> {
        std::mem::take(&mut self.log)
    }

    pub(crate) fn subject_school(&mut self, id: SubjectId) -> Result<SchoolId> {
        if !self.cache.subjects.contains_key(&id) {
            let s = storage::subject(self.c, id).map_err(|_| {
                Error::invalid(
                    "subject",
                    format!("subject {id} is not a subject of this school"),
                )
            })?;
            self.cache.subjects.insert(id, s);
        }
        Ok(self.cache.subjects[&id].school)
    }

    pub(crate) fn work_kind(&mut self, id: WorkKindId) -> Result<&WorkKind> {
        if !self.cache.kinds.contains_key(&id) {
            let k = storage::work_kind(self.c, id).map_err(|_| {
                Error::invalid("work_kind", "this kind of work is not of this school")
            })?;
            self.cache.kinds.insert(id, k);
        }
        Ok(&self.cache.kinds[&id])
    }

    pub(crate) fn scales(&mut self, school: SchoolId) -> Result<Arc<HashMap<ScaleId, Scale>>> {
        if !self.cache.scales.contains_key(&school) {
            let s = Arc::new(storage::scales_for(self.c, school)?);
            self.cache.scales.insert(school, s);
        }
        Ok(self.cache.scales[&school].clone())
    }

    /// One shared copy of each label, so that a bulk import does not
    /// allocate a string per mark.
    fn intern(&mut self, scale: ScaleId, v: &ScaledValue<'_>) -> Arc<str> {
        self.labels
            .entry((scale, v.value_centi, v.out_of_centi))
            .or_insert_with(|| Arc::from(v.label.as_ref()))
            .clone()
    }

    /// The code of a scale by id (the scale of a mark being placed).
    pub(crate) fn scale_code(&mut self, id: ScaleId) -> Result<String> {
        self.cache
            .scale_codes
            .values()
            .find(|s| s.id == id)
            .map(|s| s.code.clone())
            .ok_or_else(|| Error::Internal(format!("scale {id} is not loaded")))
    }

    /// A scale by code; a school's own scale wins over a built-in one.
    pub(crate) fn scale_by_code(&mut self, school: SchoolId, code: &str) -> Result<Arc<Scale>> {
        if let Some(s) = self.cache.scale_codes.get(&(school, code.to_owned())) {
            return Ok(s.clone());
        }
        let s = self
            .scales(school)?
            .values()
            .filter(|s| s.code == code)
            .max_by_key(|s| s.school.is_some())
            .cloned()
            .ok_or_else(|| {
                Error::invalid(
                    "scale",
                    format!("no scale with code \"{code}\" at this school"),
                )
            })?;
        let s = Arc::new(s);
        self.cache
            .scale_codes
            .insert((school, code.to_owned()), s.clone());
        Ok(s)
    }

    /// The rule for a subject: the subject's own, else the school's, else the default.
    pub(crate) fn rule(
        &mut self,
        school: SchoolId,
        subject: SubjectId,
    ) -> Result<Arc<GradingRule>> {
        if !self.cache.rules.contains_key(&(school, subject)) {
            let r = storage::rule_in_force(self.c, school, subject, None)?;
            self.cache.rules.insert((school, subject), Arc::new(r));
        }
        Ok(self.cache.rules[&(school, subject)].clone())
    }

    /// The rule for a subject's marks under `frozen`, a closed period's
    /// rule version ([`Placement::frozen_version`]): the versions in force
    /// when it was closed (its subject's, else the school's, else the
    /// built-in default); with `None`, the rule in force.
    pub(crate) fn rule_for(
        &mut self,
        school: SchoolId,
        subject: SubjectId,
        frozen: Option<i64>,
    ) -> Result<Arc<GradingRule>> {
        let Some(version) = frozen else {
            return self.rule(school, subject);
        };
        let key = (school, subject, version);
        if !self.cache.frozen_rules.contains_key(&key) {
            let r = storage::rule_in_force(self.c, school, subject, Some(version))?;
            self.cache.frozen_rules.insert(key, Arc::new(r));
        }
        Ok(self.cache.frozen_rules[&key].clone())
    }

    /// The rule version a period was closed under (None while it is open),
    /// read once per period in a call: a school's averages ask it for every
    /// pupil and subject.
    pub(crate) fn frozen_version(&mut self, period: Option<PeriodId>) -> Result<Option<i64>> {
        let Some(per) = period else {
            return Ok(None);
        };
        if let Some(v) = self.frozen.get(&per) {
            return Ok(*v);
        }
        let v = storage::period_rule_version(self.c, per)?;
        self.frozen.insert(per, v);
        Ok(v)
    }

    /// Checks a new mark fully and returns the row to store.
    pub(crate) fn place(&mut self, new: &NewMark) -> Result<MarkRow> {
        let teacher = self
            .actor
            .ok_or_else(|| Error::denied("marks are entered by a person, not by the operator"))?;
        self.place_for(new, teacher, true)
    }

    /// [`Placement::place`] recording `teacher` as the mark's author;
    /// `authorize` false only for an import the caller already decided for
    /// the whole school (`Action::ImportRoster`).
    pub(crate) fn place_for(
        &mut self,
        new: &NewMark,
        teacher: PersonId,
        authorize: bool,
    ) -> Result<MarkRow> {
        // Class and period of the student on the date.
        if !self.known_students.contains(&new.student) {
            self.known_person(new.student, "marks", true)?;
            self.known_students.insert(new.student);
        }
        let day_key = (new.student, new.date);
        let (class, period, closed) = match self.last_day {
            Some((k, v)) if k == day_key => v,
            _ => {
                let class = self.class_on(new.student, new.date)?;
                let (period, closed) = self.period_on(class, new.date)?;
                self.last_day = Some((day_key, (class, period, closed)));
                (class, period, closed)
            }
        };
        let school = self.class(class)?.school;
        // Subject, access decision and the subject's scale.
        let subject_key = (new.student, class, new.subject, closed);
        let rule_scale = match self.authorized.get(&subject_key) {
            Some(scale) => scale.clone(),
            None => {
                if self.subject_school(new.subject)? != school {
                    return Err(Error::invalid(
                        "subject",
                        format!("subject {} is not a subject of this school", new.subject),
                    ));
                }
                if authorize {
                    self.authorize(
                        new.student,
                        class,
                        new.subject,
                        closed,
                        MarkAction::Write,
                        "marks",
                        false,
                    )?;
                }
                let rule = self.rule(school, new.subject)?;
                let scale = self.scale_by_code(school, &rule.scale)?;
                self.authorized.insert(subject_key, scale.clone());
                scale
            }
        };
        let weight = {
            let kind = self.work_kind(new.work_kind)?;
            if kind.school != school {
                return Err(Error::invalid(
                    "work_kind",
                    "this kind of work is not of this school",
                ));
            }
            if let Some(w) = new.weight {
                crate::limits::weight("weight", w)?;
            }
            let weight = new.weight.unwrap_or(kind.default_weight);
            if weight < kind.min_weight || weight > kind.max_weight {
                return Err(Error::invalid(
                    "weight",
                    format!(
                        "must be between {} and {} for \"{}\"",
                        kind.min_weight.to_decimal(2),
                        kind.max_weight.to_decimal(2),
                        kind.name
                    ),
                ));
            }
            weight
        };
        let scale = match &new.scale {
            Some(code) => self.scale_by_code(school, code)?,
            None => rule_scale,
        };
        let v = match new.entry {
            EntryKind::Grade => scale.value(&new.value, new.out_of.as_deref())?,
            sign => ScaledValue {
                label: sign_label(sign).into(),
                value_centi: 0,
                out_of_centi: None,
            },
        };
        let comment = comment(new.comment.as_deref())?;
        if let Some(orig) = new.retake_of {
            self.check_retake(orig, new.student, new.subject)?;
        }
        Ok(MarkRow {
            school,
            student: new.student,
            subject: new.subject,
            class,
            period,
            date: new.date,
            entry: new.entry,
            scale: scale.id,
            label: self.intern(scale.id, &v),
            value_centi: v.value_centi,
            out_of_centi: v.out_of_centi,
            work_kind: new.work_kind,
            weight_centi: crate::limits::weight("weight", weight)?,
            counting: new.counting,
            comment,
            teacher,
            retake_of: new.retake_of,
        })
    }

    fn check_retake(&mut self, orig: MarkId, student: PersonId, subject: SubjectId) -> Result<()> {
        let (m, _) = storage::mark(self.c, orig)
            .map_err(|_| Error::invalid("retake_of", format!("mark {orig} does not exist")))?;
        if m.student != student || m.subject != subject || m.deleted {
            return Err(Error::invalid(
                "retake_of",
                "must be a current mark of the same student and subject",
            ));
        }
        Ok(())
    }
}
