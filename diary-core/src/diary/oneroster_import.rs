//! Importing a OneRoster 1.2 CSV file set (issue 18): the roster —
//! schools, years and periods, subjects, classes, sections and groups,
//! people with their birth dates and SNILS, staff, guardians, enrolments,
//! teaching assignments, class teachers, and the gradebook: categories as
//! kinds of work, each result a mark (on the line item's scale, or its
//! section's score scale when that names one of the school's scales, else
//! the subject's) — created, or found again by the
//! sourcedIds of an earlier import (so a re-import changes nothing twice),
//! by SNILS, or by name and dates. All or nothing: the set is checked
//! against the binding's tables first, every row is validated by the
//! diary's own rules, and on any problem (each naming file, line and
//! column) or with a dry run the work is undone. The mapping is the
//! export's, read back (`crate::oneroster::export`).

use super::people::checked_person;
use super::placement::Placement;
use super::Diary;
use crate::access::{Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::grading::Ratio;
use crate::ids::WorkKindId;
use crate::ids::{ClassId, PeriodId, PersonId, SchoolId, SubjectId, YearId};
use crate::model::{
    Counting, EntryKind, Guardianship, NewClass, NewMark, NewPeriod, NewPerson, NewSchool, NewYear,
    PeriodKind, Relation, StaffRole,
};
use crate::oneroster::check::{check, Problem};
use crate::oneroster::export::{section_key, Section};
use crate::oneroster::read::{FileSet, Row};
use crate::storage::{self, oneroster as ids};
use crate::{calendar, text};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use time::Date;

const KIND: &str = "oneroster";

/// What an import did (or, for a dry run or a set with problems, would
/// have done): per OneRoster file, how many rows created something, found
/// what was there already, or were skipped (rows the diary has no place
/// for: districts, homeroom courses, score scales that name none of the
/// school's scales).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OneRosterImport {
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// Whether anything was stored: not for a dry run, nor when there are
    /// problems.
    pub applied: bool,
    /// Everything wrong with the set; when not empty nothing is stored.
    pub problems: Vec<Problem>,
    /// Rows that created an object, by file.
    pub created: BTreeMap<String, u32>,
    /// Rows whose object was there already, by file.
    pub found: BTreeMap<String, u32>,
    /// Rows with nothing to import, by file.
    pub skipped: BTreeMap<String, u32>,
    /// Rows that changed an object already there (a result's value), by
    /// file.
    pub updated: BTreeMap<String, u32>,
    /// Rows of delta files marked `tobedeleted` that ended an enrolment,
    /// unset a class teacher or deleted a mark, by file.
    pub deleted: BTreeMap<String, u32>,
}

/// The import's state inside its transaction.
struct Import<'a, 'p, 'c> {
    p: &'a mut Placement<'c>,
    set: &'p FileSet,
    now: i64,
    today: Date,
    report: OneRosterImport,
    schools: HashMap<String, SchoolId>,
    years: HashMap<(String, SchoolId), YearId>,
    periods: HashMap<(String, SchoolId), PeriodId>,
    subjects: HashMap<String, (SchoolId, SubjectId)>,
    homerooms: HashMap<String, ClassId>,
    sections: HashMap<String, Section>,
    users: HashMap<String, PersonId>,
    /// Users whose own row had a problem: rows naming them say nothing
    /// more.
    failed_users: HashSet<String>,
    /// Each section's author of imported marks, see [`Import::author`].
    authors: HashMap<Section, Option<PersonId>>,
    /// The set is one of ours (manifest `source.systemCode` `diary`): its
    /// generated ids ("school-3", "person-12") name our objects.
    ours: bool,
}

fn count(map: &mut BTreeMap<String, u32>, file: &str) {
    *map.entry(file.to_owned()).or_default() += 1;
}

impl Import<'_, '_, '_> {
    fn problem(&mut self, row: &Row<'_>, column: Option<&str>, reason: impl Into<String>) {
        self.report.problems.push(Problem {
            file: row.file.to_owned(),
            line: row.line,
            column: column.map(str::to_owned),
            reason: reason.into(),
        });
    }

    /// A validation error of the diary's own rules, named at `column`.
    fn invalid(&mut self, row: &Row<'_>, column: &str, e: Error) {
        if row.file == "users.csv" {
            self.failed_users.insert(row.id().to_owned());
        }
        let reason = match e {
            Error::InvalidInput { reason, .. } => reason,
            other => other.to_string(),
        };
        self.problem(row, Some(column), reason);
    }

    /// The local key of the object `sid` names: remembered from an earlier
    /// import, or, in a set this library exported, its generated id — if
    /// that object exists (in `school`).
    fn known(&self, kind: &str, school: Option<SchoolId>, sid: &str) -> Result<Option<String>> {
        let c = self.p.c;
        if let Some(key) = ids::find(c, kind, school, sid)? {
            return Ok(Some(key));
        }
        if !self.ours {
            return Ok(None);
        }
        let n = |prefix: &str| sid.strip_prefix(prefix).and_then(|n| n.parse::<i64>().ok());
        let in_school = |s: SchoolId| school.is_none_or(|x| x == s);
        Ok(match kind {
            "org" => n("school-")
                .filter(|id| storage::school(c, SchoolId(*id)).is_ok())
                .map(|id| id.to_string()),
            "user" => n("person-")
                .filter(|id| storage::person(c, PersonId(*id)).is_ok())
                .map(|id| id.to_string()),
            "academicSession" => match (n("year-"), n("period-")) {
                (Some(y), _) => storage::year(c, YearId(y))
                    .ok()
                    .filter(|y| in_school(y.school))
                    .map(|y| format!("y{}", y.id.0)),
                (_, Some(p)) => match storage::period_year(c, PeriodId(p)) {
                    Ok(y) if storage::year(c, y).is_ok_and(|y| in_school(y.school)) => {
                        Some(format!("p{p}"))
                    }
                    _ => None,
                },
                _ => None,
            },
            "course" => n("subject-")
                .and_then(|id| storage::subject(c, SubjectId(id)).ok())
                .filter(|s| in_school(s.school))
                .map(|s| format!("s{}", s.id.0)),
            "class" => n("class-")
                .and_then(|id| storage::class(c, ClassId(id)).ok())
                .filter(|k| in_school(k.school))
                .map(|k| format!("k{}", k.id.0)),
            _ => None,
        })
    }

    /// The value of a check, or `None` with the problem noted at `column`.
    fn ok<T>(&mut self, row: &Row<'_>, column: &str, checked: Result<T>) -> Option<T> {
        match checked {
            Ok(v) => Some(v),
            Err(e) => {
                self.invalid(row, column, e);
                None
            }
        }
    }

    fn created(&mut self, row: &Row<'_>) {
        count(&mut self.report.created, row.file);
    }
    fn found(&mut self, row: &Row<'_>) {
        count(&mut self.report.found, row.file);
    }
    fn skipped(&mut self, row: &Row<'_>) {
        count(&mut self.report.skipped, row.file);
    }

    fn date(&mut self, row: &Row<'_>, column: &str) -> Option<Date> {
        let v = row.opt(column)?;
        match text::parse_date(column, v) {
            Ok(d) => Some(d),
            Err(e) => {
                self.invalid(row, column, e);
                None
            }
        }
    }

    /// Orgs of type school: found by sourcedId (the actor must administer
    /// them) or created (the operator).
    fn orgs(&mut self) -> Result<()> {
        let rows = self.set.rows("orgs.csv");
        let names: HashMap<&str, &str> = rows.iter().map(|r| (r.id(), r.get("name"))).collect();
        for row in &rows {
            if row.get("type") != "school" {
                self.skipped(row);
                continue;
            }
            let c = self.p.c;
            if let Some(key) = self.known("org", None, row.id())? {
                let school = SchoolId(key.parse().map_err(|_| Error::Internal("org key".into()))?);
                self.p.known_school(school, KIND, true)?;
                let f = self.p.standing.facts_for(Some(school));
                self.p
                    .decide(&f, Action::ImportRoster, None, Some(school), KIND, true)?;
                self.schools.insert(row.id().to_owned(), school);
                self.found(row);
                continue;
            }
            // A new school: the operator's.
            let f = Facts {
                operator: self.p.standing.operator,
                ..Facts::default()
            };
            self.p
                .decide(&f, Action::CreateSchool, None, None, KIND, true)?;
            let region = row
                .opt("metadata.diary.region")
                .or_else(|| {
                    row.opt("parentSourcedId")
                        .and_then(|p| names.get(p).copied())
                })
                .unwrap_or("—");
            let tz = row
                .opt("metadata.diary.timeZone")
                .unwrap_or("Europe/Moscow");
            let Some(name) = self.ok(row, "name", text::name("name", row.get("name"))) else {
                continue;
            };
            let Some(region) = self.ok(row, "parentSourcedId", text::name("region", region)) else {
                continue;
            };
            if let Err(e) = calendar::check_time_zone(tz) {
                self.invalid(row, "metadata.diary.timeZone", e);
                continue;
            }
            let school = storage::insert_school(c, &NewSchool::new(&name, &region, tz), self.now)?;
            ids::remember(c, "org", &school.id.0.to_string(), row.id(), None)?;
            self.schools.insert(row.id().to_owned(), school.id);
            self.created(row);
        }
        Ok(())
    }

    /// The schools whose classes name a session (or one of its children).
    fn schools_of_session(&self, session: &str) -> Vec<SchoolId> {
        let children: HashSet<String> = self
            .set
            .rows("academicSessions.csv")
            .iter()
            .filter(|r| r.get("parentSourcedId") == session)
            .map(|r| r.id().to_owned())
            .collect();
        let mut out = Vec::new();
        for k in self.set.rows("classes.csv") {
            let terms = k.list("termSourcedIds");
            if terms.iter().any(|t| t == session || children.contains(t)) {
                if let Some(s) = self.schools.get(k.get("schoolSourcedId")) {
                    if !out.contains(s) {
                        out.push(*s);
                    }
                }
            }
        }
        out
    }

    /// School years, then their periods, in every school that uses them.
    fn sessions(&mut self) -> Result<()> {
        let rows = self.set.rows("academicSessions.csv");
        for row in rows.iter().filter(|r| r.get("type") == "schoolYear") {
            let schools = match row
                .opt("metadata.diary.orgSourcedId")
                .and_then(|o| self.schools.get(o))
            {
                Some(s) => vec![*s],
                None => self.schools_of_session(row.id()),
            };
            if schools.is_empty() {
                self.skipped(row);
                continue;
            }
            let (Some(start), Some(end)) = (self.date(row, "startDate"), self.date(row, "endDate"))
            else {
                continue;
            };
            let Some(label) = self.ok(row, "title", text::name("title", row.get("title"))) else {
                continue;
            };
            let new = NewYear { label, start, end };
            if let Err(e) = calendar::check_year(&new) {
                self.invalid(row, "endDate", e);
                continue;
            }
            for school in schools {
                let c = self.p.c;
                if let Some(key) = self.known("academicSession", Some(school), row.id())? {
                    let id = YearId(
                        key[1..]
                            .parse()
                            .map_err(|_| Error::Internal("year key".into()))?,
                    );
                    self.years.insert((row.id().to_owned(), school), id);
                    self.found(row);
                    continue;
                }
                let same = storage::years(c, school)?
                    .into_iter()
                    .find(|y| y.start == start && y.end == end);
                let id = match same {
                    Some(y) => {
                        self.found(row);
                        y.id
                    }
                    None => {
                        if let Some(other) = storage::overlapping_year(c, school, &new)? {
                            self.problem(
                                row,
                                Some("startDate"),
                                format!("overlaps the school's year \"{other}\""),
                            );
                            continue;
                        }
                        self.created(row);
                        storage::insert_year(c, school, &new)?.id
                    }
                };
                ids::remember(
                    c,
                    "academicSession",
                    &format!("y{}", id.0),
                    row.id(),
                    Some(school),
                )?;
                self.years.insert((row.id().to_owned(), school), id);
            }
        }
        let terms_of = |parent: &str| {
            rows.iter()
                .filter(|r| r.get("parentSourcedId") == parent && r.get("type") == "term")
                .count()
        };
        for row in rows.iter().filter(|r| r.get("type") != "schoolYear") {
            let Some(parent) = row.opt("parentSourcedId") else {
                self.problem(
                    row,
                    Some("parentSourcedId"),
                    "a term, semester or grading period needs its school year as parent",
                );
                continue;
            };
            let kind = match row.opt("metadata.diary.periodKind") {
                Some(k) => match PeriodKind::parse("metadata.diary.periodKind", k) {
                    Ok(k) => k,
                    Err(e) => {
                        self.invalid(row, "metadata.diary.periodKind", e);
                        continue;
                    }
                },
                None => match (row.get("type"), terms_of(parent)) {
                    ("semester", _) => PeriodKind::Semester,
                    ("term", 3) => PeriodKind::Trimester,
                    _ => PeriodKind::Quarter,
                },
            };
            let (Some(start), Some(end)) = (self.date(row, "startDate"), self.date(row, "endDate"))
            else {
                continue;
            };
            let Some(name) = self.ok(row, "title", text::name("title", row.get("title"))) else {
                continue;
            };
            let years: Vec<(SchoolId, YearId)> = self
                .years
                .iter()
                .filter(|((sid, _), _)| sid == parent)
                .map(|((_, s), y)| (*s, *y))
                .collect();
            if years.is_empty() {
                self.skipped(row);
            }
            for (school, year) in years {
                let c = self.p.c;
                if let Some(key) = self.known("academicSession", Some(school), row.id())? {
                    let id = PeriodId(
                        key[1..]
                            .parse()
                            .map_err(|_| Error::Internal("period key".into()))?,
                    );
                    self.periods.insert((row.id().to_owned(), school), id);
                    self.found(row);
                    continue;
                }
                let existing = storage::periods(c, year)?;
                let id = match existing
                    .iter()
                    .find(|p| p.kind == kind && p.start == start && p.end == end)
                {
                    Some(p) => {
                        self.found(row);
                        p.id
                    }
                    None => {
                        let y = storage::year(c, year)?;
                        let new = NewPeriod {
                            kind,
                            name: name.clone(),
                            start,
                            end,
                        };
                        if let Err(e) = calendar::check_period(y.start, y.end, &existing, &new) {
                            self.invalid(row, "startDate", e);
                            continue;
                        }
                        self.created(row);
                        storage::insert_period(c, y.school, year, &new)?.id
                    }
                };
                ids::remember(
                    c,
                    "academicSession",
                    &format!("p{}", id.0),
                    row.id(),
                    Some(school),
                )?;
                self.periods.insert((row.id().to_owned(), school), id);
            }
        }
        Ok(())
    }

    /// Courses taught in sections become subjects (found by name in the
    /// school, or created); a homeroom's course is no subject.
    fn courses(&mut self) -> Result<()> {
        let scheduled: HashSet<String> = self
            .set
            .rows("classes.csv")
            .iter()
            .filter(|k| k.get("classType") != "homeroom")
            .map(|k| k.get("courseSourcedId").to_owned())
            .collect();
        for row in self.set.rows("courses.csv") {
            let Some(school) = self.schools.get(row.get("orgSourcedId")).copied() else {
                self.skipped(&row);
                continue;
            };
            if !scheduled.contains(row.id()) {
                self.skipped(&row);
                continue;
            }
            let Some(name) = self.ok(&row, "title", text::name("title", row.get("title"))) else {
                continue;
            };
            let c = self.p.c;
            let known = match self.known("course", Some(school), row.id())? {
                Some(key) => Some(SubjectId(
                    key[1..]
                        .parse()
                        .map_err(|_| Error::Internal("course key".into()))?,
                )),
                None => storage::subjects(c, school)?
                    .into_iter()
                    .find(|s| text::same_name(&s.name, &name))
                    .map(|s| s.id),
            };
            let id = match known {
                Some(id) => {
                    self.found(&row);
                    id
                }
                None => {
                    self.created(&row);
                    storage::insert_subject(c, school, &name)?.id
                }
            };
            ids::remember(c, "course", &format!("s{}", id.0), row.id(), Some(school))?;
            self.subjects.insert(row.id().to_owned(), (school, id));
        }
        Ok(())
    }

    /// The year of a class's first term (a school year, or a period's).
    fn year_of(&self, row: &Row<'_>, school: SchoolId) -> Option<YearId> {
        let sessions = self.set.rows("academicSessions.csv");
        row.list("termSourcedIds").iter().find_map(|t| {
            self.years.get(&(t.clone(), school)).copied().or_else(|| {
                sessions.iter().find(|s| s.id() == t).and_then(|s| {
                    self.years
                        .get(&(s.get("parentSourcedId").to_owned(), school))
                        .copied()
                })
            })
        })
    }

    /// Homeroom classes, then the sections taught in them.
    fn classes(&mut self) -> Result<()> {
        let rows = self.set.rows("classes.csv");
        for row in rows.iter().filter(|r| r.get("classType") == "homeroom") {
            let Some(school) = self.schools.get(row.get("schoolSourcedId")).copied() else {
                self.problem(
                    row,
                    Some("schoolSourcedId"),
                    "not an org of type school in this set",
                );
                continue;
            };
            let Some(year) = self.year_of(row, school) else {
                self.problem(
                    row,
                    Some("termSourcedIds"),
                    "names no school year of this set",
                );
                continue;
            };
            let title = row.get("title");
            let grade_text = row
                .list("grades")
                .into_iter()
                .next()
                .unwrap_or_else(|| title.chars().take_while(char::is_ascii_digit).collect());
            let grade: Option<u8> = match grade_text.as_str() {
                "KG" | "PK" => Some(0),
                g => g.parse().ok().filter(|g| *g <= 12),
            };
            let Some(grade) = grade else {
                self.problem(
                    row,
                    Some("grades"),
                    "the diary needs the class's grade, KG or 01 to 12",
                );
                continue;
            };
            let letter_text = row
                .opt("metadata.diary.letter")
                .map(str::to_owned)
                .unwrap_or_else(|| {
                    title
                        .trim_start_matches(|c: char| c.is_ascii_digit())
                        .trim()
                        .to_owned()
                });
            let letter = match super::classes::class_letter(&letter_text) {
                Ok(l) => l,
                Err(e) => {
                    self.invalid(row, "title", e);
                    continue;
                }
            };
            let c = self.p.c;
            let known = match self.known("class", Some(school), row.id())? {
                Some(key) => Some(ClassId(
                    key[1..]
                        .parse()
                        .map_err(|_| Error::Internal("class key".into()))?,
                )),
                None => storage::classes(c, year)?
                    .into_iter()
                    .find(|k| k.grade == grade && k.letter == letter)
                    .map(|k| k.id),
            };
            let id = match known {
                Some(id) => {
                    self.found(row);
                    id
                }
                None => {
                    self.created(row);
                    let new = NewClass {
                        grade,
                        letter,
                        class_teacher: None,
                    };
                    storage::insert_class(
                        c,
                        school,
                        year,
                        &new,
                        storage::default_period_kind(grade),
                    )?
                    .id
                }
            };
            ids::remember(c, "class", &format!("k{}", id.0), row.id(), Some(school))?;
            ids::remember(
                c,
                "course",
                &format!("h{}", school.0),
                row.get("courseSourcedId"),
                Some(school),
            )?;
            self.homerooms.insert(row.id().to_owned(), id);
        }
        let enrollments = self.set.rows("enrollments.csv");
        for row in rows.iter().filter(|r| r.get("classType") != "homeroom") {
            let Some(&(_, subject)) = self.subjects.get(row.get("courseSourcedId")) else {
                self.problem(
                    row,
                    Some("courseSourcedId"),
                    "names no course of this set's schools",
                );
                continue;
            };
            // The homeroom: named, or the one most of its students are in.
            let homeroom = match row.opt("metadata.diary.homeroomSourcedId") {
                Some(h) => self.homerooms.get(h).copied(),
                None => {
                    let students: HashSet<&str> = enrollments
                        .iter()
                        .filter(|e| {
                            e.get("classSourcedId") == row.id() && e.get("role") == "student"
                        })
                        .map(|e| e.get("userSourcedId"))
                        .collect();
                    let mut votes: HashMap<ClassId, usize> = HashMap::new();
                    for e in enrollments
                        .iter()
                        .filter(|e| students.contains(e.get("userSourcedId")))
                    {
                        if let Some(k) = self.homerooms.get(e.get("classSourcedId")) {
                            *votes.entry(*k).or_default() += 1;
                        }
                    }
                    votes
                        .into_iter()
                        .max_by_key(|(k, n)| (*n, std::cmp::Reverse(k.0)))
                        .map(|(k, _)| k)
                }
            };
            let Some(class) = homeroom else {
                self.problem(row, None, "cannot tell which homeroom class this section is taught to (enrol its students in a homeroom, or name it in metadata.diary.homeroomSourcedId)");
                continue;
            };
            let c = self.p.c;
            let cl = storage::class(c, class)?;
            // A group: named; or when the section's title says more than
            // "<class> <subject>", or it has only some of the class.
            let group_name = match row.opt("metadata.diary.group") {
                Some(g) => Some(g.to_owned()),
                None => {
                    let courses = self.set.rows("courses.csv");
                    let course_title = courses
                        .iter()
                        .find(|x| x.id() == row.get("courseSourcedId"))
                        .map_or("", |x| x.get("title"));
                    let title = row.get("title").trim();
                    let rest = title
                        .strip_prefix(cl.name().as_str())
                        .map_or(title, str::trim);
                    let in_section: HashSet<&str> = enrollments
                        .iter()
                        .filter(|e| {
                            e.get("classSourcedId") == row.id() && e.get("role") == "student"
                        })
                        .map(|e| e.get("userSourcedId"))
                        .collect();
                    let homeroom_sid = self
                        .homerooms
                        .iter()
                        .find(|(_, k)| **k == class)
                        .map(|(s, _)| s.clone())
                        .unwrap_or_default();
                    let in_class: HashSet<&str> = enrollments
                        .iter()
                        .filter(|e| {
                            e.get("classSourcedId") == homeroom_sid && e.get("role") == "student"
                        })
                        .map(|e| e.get("userSourcedId"))
                        .collect();
                    let partial = !in_section.is_empty() && in_section != in_class;
                    (!text::same_name(rest, course_title) || partial).then(|| rest.to_owned())
                }
            };
            let group = match group_name {
                None => None,
                Some(n) => {
                    let Some(n) = self.ok(row, "title", text::name("metadata.diary.group", &n))
                    else {
                        continue;
                    };
                    Some(
                        match storage::groups(c, class)?.into_iter().find(|g| g.name == n) {
                            Some(g) => g.id,
                            None => storage::insert_group(c, cl.school, class, &n)?.id,
                        },
                    )
                }
            };
            let sec: Section = (class, group, subject);
            ids::remember(c, "class", &section_key(sec), row.id(), Some(cl.school))?;
            self.sections.insert(row.id().to_owned(), sec);
            self.found(row);
        }
        Ok(())
    }

    /// People: found by sourcedId or SNILS, else registered at their
    /// primary school.
    fn users(&mut self) -> Result<()> {
        let births: HashMap<String, (usize, String)> = self
            .set
            .rows("demographics.csv")
            .iter()
            .map(|r| (r.id().to_owned(), (r.line, r.get("birthDate").to_owned())))
            .collect();
        let roles = self.set.rows("roles.csv");
        for row in self.set.rows("users.csv") {
            let school = row
                .opt("primaryOrgSourcedId")
                .and_then(|o| self.schools.get(o))
                .or_else(|| {
                    roles
                        .iter()
                        .filter(|r| r.get("userSourcedId") == row.id())
                        .find_map(|r| self.schools.get(r.get("orgSourcedId")))
                })
                .copied();
            let Some(school) = school else {
                self.skipped(&row);
                continue;
            };
            let c = self.p.c;
            if let Some(key) = self.known("user", None, row.id())? {
                let id = PersonId(
                    key.parse()
                        .map_err(|_| Error::Internal("user key".into()))?,
                );
                if !self.reachable(id)? {
                    return Err(Error::not_found("user", row.id()));
                }
                self.users.insert(row.id().to_owned(), id);
                let birth = births
                    .get(row.id())
                    .and_then(|(_, b)| text::parse_date("birthDate", b).ok());
                self.update_person(&row, id, birth)?;
                continue;
            }
            let Some(birth) = births
                .get(row.id())
                .and_then(|(_, b)| text::parse_date("birthDate", b).ok())
            else {
                self.problem(
                    &row,
                    Some("sourcedId"),
                    "the diary needs a birth date: demographics.csv has none for this user",
                );
                continue;
            };
            let new = NewPerson {
                surname: row.get("familyName").to_owned(),
                first_name: row.get("givenName").to_owned(),
                patronymic: row.opt("middleName").map(str::to_owned),
                birth_date: birth,
                snils: row.opt("metadata.ru.snils").map(str::to_owned),
            };
            let checked = match checked_person(&new, self.today) {
                Ok(p) => p,
                Err(e) => {
                    let column = match e.field() {
                        Some("surname") => "familyName",
                        Some("first_name") => "givenName",
                        Some("patronymic") => "middleName",
                        Some("snils") => "metadata.ru.snils",
                        _ => "sourcedId",
                    };
                    self.invalid(&row, column, e);
                    continue;
                }
            };
            let existing = match &checked.snils {
                Some(s) => storage::trusted::people_with_snils(c, s.digits())?
                    .into_iter()
                    .next(),
                None => storage::snils_less_twin(c, &checked.record())?,
            };
            let id = match existing {
                Some(id) if !self.reachable(id)? => {
                    self.problem(&row, Some("metadata.ru.snils"), "this person is registered at another school; link them there with a transfer or link code, not by import");
                    self.failed_users.insert(row.id().to_owned());
                    continue;
                }
                Some(id) => {
                    self.found(&row);
                    id
                }
                None => {
                    self.created(&row);
                    storage::insert_person(c, &checked.record(), Some(school), self.now)?.id
                }
            };
            ids::remember(c, "user", &id.0.to_string(), row.id(), None)?;
            // The name another system knows them by, until they have a
            // login (unless another person of the diary has it already).
            let username = row.get("username");
            match ids::find(c, "username", None, username)? {
                Some(other) if other != id.0.to_string() => {}
                _ => ids::remember(c, "username", &id.0.to_string(), username, None)?,
            }
            self.users.insert(row.id().to_owned(), id);
        }
        Ok(())
    }

    /// A known person whose row says otherwise: corrected as the diary
    /// corrects people's data — by the importing admin, with the import as
    /// the reason, kept in the person's corrections. An empty column keeps
    /// what the diary has. The operator is no person to answer for a
    /// correction: its imports leave people's data as it is (skipped).
    fn update_person(&mut self, row: &Row<'_>, id: PersonId, birth: Option<Date>) -> Result<()> {
        use crate::storage::corrections as store;
        let c = self.p.c;
        let current = storage::person(c, id)?;
        let new = NewPerson {
            surname: row.opt("familyName").unwrap_or(&current.surname).to_owned(),
            first_name: row
                .opt("givenName")
                .unwrap_or(&current.first_name)
                .to_owned(),
            patronymic: row
                .opt("middleName")
                .map(str::to_owned)
                .or(current.patronymic.clone()),
            birth_date: birth.unwrap_or(current.birth_date),
            snils: row
                .opt("metadata.ru.snils")
                .map(str::to_owned)
                .or(current.snils.as_ref().map(crate::snils::Snils::formatted)),
        };
        let checked = match checked_person(&new, self.today) {
            Ok(x) => x,
            Err(e) => {
                let column = match e.field() {
                    Some("surname") => "familyName",
                    Some("first_name") => "givenName",
                    Some("patronymic") => "middleName",
                    Some("snils") => "metadata.ru.snils",
                    _ => "sourcedId",
                };
                self.invalid(row, column, e);
                return Ok(());
            }
        };
        let before = store::Data::of(&current);
        let after = store::Data {
            surname: checked.surname.clone(),
            first_name: checked.first_name.clone(),
            patronymic: checked.patronymic.clone(),
            birth_date: checked.birth_date,
            snils: checked.snils.as_ref().map(|s| s.digits().to_owned()),
        };
        if before == after {
            self.found(row);
            return Ok(());
        }
        let Some(by) = self.p.actor else {
            self.skipped(row);
            return Ok(());
        };
        if let Err(e) = super::corrections::apply(self.p, id, &after) {
            self.invalid(row, "metadata.ru.snils", e);
            return Ok(());
        }
        store::insert(
            self.p.c,
            id,
            &before,
            &after,
            "imported from a OneRoster file",
            by,
            self.now,
            crate::model::CorrectionStatus::Applied,
        )?;
        count(&mut self.report.updated, row.file);
        Ok(())
    }

    /// Staff roles; guardians linked to their children (agents).
    fn roles(&mut self) -> Result<()> {
        let users = self.set.rows("users.csv");
        let students: HashSet<String> = self
            .set
            .rows("roles.csv")
            .iter()
            .filter(|r| r.get("role") == "student")
            .map(|r| r.get("userSourcedId").to_owned())
            .collect();
        for row in self.set.rows("roles.csv") {
            let Some(school) = self.schools.get(row.get("orgSourcedId")).copied() else {
                self.skipped(&row);
                continue;
            };
            let Some(person) = self.users.get(row.get("userSourcedId")).copied() else {
                if !self.failed_users.contains(row.get("userSourcedId")) {
                    self.problem(
                        &row,
                        Some("userSourcedId"),
                        "names no user this import could place",
                    );
                }
                continue;
            };
            let role = row.get("role");
            let staff = match role {
                "teacher" => Some(StaffRole::Teacher),
                "siteAdministrator" | "principal" => Some(StaffRole::Admin),
                _ => None,
            };
            let c = self.p.c;
            if let Some(staff) = staff {
                if storage::has_staff_role(c, school, person, staff)? {
                    self.found(&row);
                } else {
                    storage::insert_staff(c, school, person, staff)?;
                    self.created(&row);
                }
                let exported = match staff {
                    StaffRole::Admin => "siteAdministrator",
                    StaffRole::Teacher => "teacher",
                };
                ids::remember(
                    c,
                    "role",
                    &format!("{}:{}:{exported}", person.0, school.0),
                    row.id(),
                    Some(school),
                )?;
                continue;
            }
            if !matches!(role, "parent" | "guardian" | "relative") {
                self.found(&row);
                continue;
            }
            let Some(user) = users.iter().find(|u| u.id() == row.get("userSourcedId")) else {
                continue;
            };
            let relations: HashMap<String, String> = user
                .list("metadata.diary.guardianOf")
                .iter()
                .filter_map(|p| {
                    p.strip_prefix('{')?
                        .strip_suffix('}')?
                        .split_once(':')
                        .map(|(a, b)| (a.to_owned(), b.to_owned()))
                })
                .collect();
            let legal_list = user.list("metadata.ru.legalRepresentativeOf");
            let (mut linked, mut existed) = (false, false);
            for child_sid in user.list("agentSourcedIds") {
                if !students.contains(&child_sid) {
                    continue;
                }
                let Some(child) = self.users.get(&child_sid).copied() else {
                    continue;
                };
                if storage::guardians_of(c, child)?
                    .iter()
                    .any(|g| g.guardian == person)
                {
                    existed = true;
                    continue;
                }
                let relation = match relations.get(&child_sid) {
                    Some(r) => match Relation::parse("metadata.diary.guardianOf", r) {
                        Ok(r) => r,
                        Err(e) => {
                            self.invalid(user, "metadata.diary.guardianOf", e);
                            continue;
                        }
                    },
                    None if role == "guardian" => Relation::LegalGuardian,
                    None => Relation::Other,
                };
                let legal = if user.opt("metadata.ru.legalRepresentativeOf").is_some()
                    || user.opt("metadata.diary.guardianOf").is_some()
                {
                    legal_list.contains(&child_sid)
                } else {
                    role != "relative"
                };
                storage::insert_guardianship(
                    c,
                    &Guardianship {
                        student: child,
                        guardian: person,
                        relation,
                        legal_representative: legal,
                    },
                    self.now,
                )?;
                linked = true;
            }
            let exported = match role {
                "parent" => "parent",
                "guardian" => "guardian",
                _ => "relative",
            };
            ids::remember(
                c,
                "role",
                &format!("{}:{}:{exported}", person.0, school.0),
                row.id(),
                Some(school),
            )?;
            if linked {
                self.created(&row);
            } else if existed {
                self.found(&row);
            } else {
                self.skipped(&row);
            }
        }
        Ok(())
    }

    /// Enrolments in homerooms, class teachers, teaching assignments and
    /// group members.
    fn enrollments(&mut self) -> Result<()> {
        for row in self.set.rows("enrollments.csv") {
            let Some(person) = self.user(row.get("userSourcedId"))? else {
                if !self.failed_users.contains(row.get("userSourcedId")) {
                    self.problem(
                        &row,
                        Some("userSourcedId"),
                        "names no user this import could place",
                    );
                }
                continue;
            };
            let role = row.get("role");
            let c = self.p.c;
            if let Some(class) = self.homeroom(row.get("classSourcedId"))? {
                let cl = storage::class(c, class)?;
                let year = storage::year(c, cl.year)?;
                match role {
                    "student" => {
                        let begin = self.date(&row, "beginDate").unwrap_or(year.start);
                        let mine = storage::enrolments_of_student(c, person)?;
                        if let Some(e) = mine.iter().find(|e| e.class == class) {
                            ids::remember(
                                c,
                                "enrollment",
                                &format!("e{}", e.id.0),
                                row.id(),
                                Some(cl.school),
                            )?;
                            self.found(&row);
                        } else if let Some(other) =
                            mine.iter().find(|e| e.year == cl.year && e.end.is_none())
                        {
                            let name = storage::class(c, other.class)?.name();
                            self.problem(&row, Some("classSourcedId"), format!("the student is enrolled in {name} this year; transfer them in the diary first"));
                        } else {
                            if let Err(e) =
                                text::date_within("beginDate", begin, year.start, year.end)
                            {
                                self.invalid(&row, "beginDate", e);
                                continue;
                            }
                            let e = storage::insert_enrolment(
                                c, cl.school, person, class, begin, self.now,
                            )?;
                            ids::remember(
                                c,
                                "enrollment",
                                &format!("e{}", e.id.0),
                                row.id(),
                                Some(cl.school),
                            )?;
                            self.created(&row);
                        }
                    }
                    "teacher" => {
                        if cl.class_teacher == Some(person) {
                            self.found(&row);
                        } else {
                            if !storage::has_staff_role(c, cl.school, person, StaffRole::Teacher)? {
                                storage::insert_staff(c, cl.school, person, StaffRole::Teacher)?;
                            }
                            storage::set_class_teacher(c, class, Some(person))?;
                            self.created(&row);
                        }
                        ids::remember(
                            c,
                            "enrollment",
                            &format!("k{}:t{}", class.0, person.0),
                            row.id(),
                            Some(cl.school),
                        )?;
                    }
                    _ => self.skipped(&row),
                }
                continue;
            }
            let Some(sec) = self.section(row.get("classSourcedId"))? else {
                self.skipped(&row);
                continue;
            };
            let (class, group, subject) = sec;
            let cl = storage::class(c, class)?;
            match role {
                "teacher" => {
                    let exists = storage::assignments(c, cl.year)?.iter().any(|a| {
                        a.teacher == person
                            && a.class == class
                            && a.group == group
                            && a.subject == subject
                    });
                    if exists {
                        self.found(&row);
                    } else {
                        if !storage::has_staff_role(c, cl.school, person, StaffRole::Teacher)? {
                            storage::insert_staff(c, cl.school, person, StaffRole::Teacher)?;
                        }
                        storage::insert_assignment(
                            c,
                            cl.school,
                            &crate::model::NewAssignment {
                                teacher: person,
                                class,
                                group,
                                subject,
                            },
                            cl.year,
                        )?;
                        self.created(&row);
                    }
                    ids::remember(
                        c,
                        "enrollment",
                        &format!("{}:t{}", section_key(sec), person.0),
                        row.id(),
                        Some(cl.school),
                    )?;
                }
                "student" => {
                    match group {
                        Some(g) if !storage::group_members(c, g)?.contains(&person) => {
                            storage::insert_group_member(c, cl.school, g, person)?;
                            self.created(&row);
                        }
                        _ => self.found(&row),
                    }
                    if let Some(e) = storage::enrolments_of_student(c, person)?
                        .iter()
                        .find(|e| e.class == class)
                    {
                        ids::remember(
                            c,
                            "enrollment",
                            &format!("{}:e{}", section_key(sec), e.id.0),
                            row.id(),
                            Some(cl.school),
                        )?;
                    }
                }
                _ => self.skipped(&row),
            }
        }
        Ok(())
    }

    /// The mark a result row names: placed by an earlier import, or, in a
    /// set this library exported, its generated id.
    fn known_result(&mut self, r: &Row<'_>) -> Result<Option<crate::ids::MarkId>> {
        if let Some((school, key)) = ids::find_any(self.p.c, "result", r.id())?
            .into_iter()
            .next()
        {
            self.stored_school(SchoolId(school))?;
            return Ok(key.parse().ok().map(crate::ids::MarkId));
        }
        if !self.ours {
            return Ok(None);
        }
        let Some(id) = r
            .id()
            .strip_prefix("mark-")
            .and_then(|n| n.parse().ok())
            .map(crate::ids::MarkId)
        else {
            return Ok(None);
        };
        let Ok((m, _)) = storage::mark(self.p.c, id) else {
            return Ok(None);
        };
        let school = storage::class(self.p.c, m.class)?.school;
        self.stored_school(school)?;
        ids::remember(self.p.c, "result", &id.0.to_string(), r.id(), Some(school))?;
        Ok(Some(id))
    }

    /// A known result again: unchanged, or its mark's value changed (kept
    /// in the mark's history). A deleted mark stays deleted.
    fn update_result(&mut self, r: &Row<'_>, id: crate::ids::MarkId) -> Result<()> {
        let c = self.p.c;
        let (old, _) = storage::mark(c, id)?;
        let value = r.opt("textScore").or(r.opt("score")).unwrap_or("");
        if old.deleted || value == old.label || value.is_empty() {
            self.found(r);
            return Ok(());
        }
        let new = NewMark {
            student: old.student,
            subject: old.subject,
            date: old.date,
            entry: old.entry,
            value: value.to_owned(),
            out_of: old.out_of.map(|o| o.to_decimal(2)),
            scale: Some(old.scale.clone()),
            work_kind: old.work_kind,
            weight: Some(old.weight),
            counting: old.counting,
            comment: old.comment.clone(),
            retake_of: old.retake_of,
        };
        let row = match self.p.place_for(&new, old.teacher, false) {
            Ok(row) => row,
            Err(e) => {
                self.invalid(r, "textScore", e);
                return Ok(());
            }
        };
        storage::update_mark(c, id, &row)?;
        let (changed, _) = storage::mark(c, id)?;
        let by = self.p.actor.unwrap_or(old.teacher);
        storage::insert_mark_change(
            c,
            row.school,
            id,
            "update",
            by,
            self.now,
            "changed by a OneRoster file",
            &old,
            Some(&changed),
        )?;
        count(&mut self.report.updated, r.file);
        Ok(())
    }

    /// A delta file's `tobedeleted` rows: an enrolment in a homeroom ends
    /// on the row's `dateLastModified` (as "left"), a class teacher is
    /// unset, a mark is deleted (its history keeps it). Schools, years,
    /// classes, people and the rest are never deleted by an import (the
    /// diary keeps their history): those rows are skipped.
    fn deletions(&mut self) -> Result<()> {
        for file in [
            "orgs.csv",
            "academicSessions.csv",
            "courses.csv",
            "classes.csv",
            "users.csv",
            "roles.csv",
            "demographics.csv",
            "categories.csv",
            "lineItems.csv",
            "scoreScales.csv",
        ] {
            for row in self.set.deleted(file) {
                self.skipped(&row);
            }
        }
        for row in self.set.deleted("enrollments.csv") {
            let (Some(person), Some(class)) = (
                self.user(row.get("userSourcedId"))?,
                self.homeroom(row.get("classSourcedId"))?,
            ) else {
                self.skipped(&row);
                continue;
            };
            let c = self.p.c;
            let cl = storage::class(c, class)?;
            match row.get("role") {
                "student" => {
                    let Some(e) = storage::enrolments_of_student(c, person)?
                        .into_iter()
                        .find(|e| e.class == class && e.end.is_none())
                    else {
                        self.skipped(&row);
                        continue;
                    };
                    let day = row
                        .get("dateLastModified")
                        .get(..10)
                        .and_then(|d| text::parse_date("dateLastModified", d).ok())
                        .unwrap_or(self.today);
                    let year = storage::year(c, cl.year)?;
                    let last = day.clamp(e.start, year.end);
                    storage::end_enrolment(c, e.id, last, crate::model::EndReason::Left)?;
                    count(&mut self.report.deleted, row.file);
                }
                "teacher" if cl.class_teacher == Some(person) => {
                    storage::set_class_teacher(c, class, None)?;
                    count(&mut self.report.deleted, row.file);
                }
                _ => self.skipped(&row),
            }
        }
        for row in self.set.deleted("results.csv") {
            let c = self.p.c;
            let mut found = None;
            for (school, key) in ids::find_any(c, "result", row.id())? {
                self.stored_school(SchoolId(school))?;
                found = key.parse().ok().map(crate::ids::MarkId);
            }
            let c = self.p.c;
            let Some(id) = found else {
                self.skipped(&row);
                continue;
            };
            let Ok((old, _)) = storage::mark(c, id) else {
                self.skipped(&row);
                continue;
            };
            if old.deleted {
                self.found(&row);
                continue;
            }
            let by = self.p.actor.unwrap_or(old.teacher);
            let school = self.p.class(old.class)?.school;
            storage::mark_deleted(c, id)?;
            storage::insert_mark_change(
                c,
                school,
                id,
                "delete",
                by,
                self.now,
                "deleted by a OneRoster delta file",
                &old,
                None,
            )?;
            count(&mut self.report.deleted, row.file);
        }
        Ok(())
    }

    /// The school of an object an earlier import placed: the actor must
    /// be allowed to import into it (another school's objects read as
    /// missing).
    fn stored_school(&mut self, school: SchoolId) -> Result<SchoolId> {
        if !self.schools.values().any(|s| *s == school) {
            self.p.known_school(school, KIND, true)?;
            let f = self.p.standing.facts_for(Some(school));
            self.p
                .decide(&f, Action::ImportRoster, None, Some(school), KIND, true)?;
        }
        Ok(school)
    }

    /// Whether the actor may touch a person the diary already has: the
    /// operator any; an admin those of the schools they administer
    /// (staff, students, their guardians, people registered there). An
    /// import must not reach another school's child by naming its id or
    /// SNILS — linking across schools goes through transfer and link codes.
    fn reachable(&self, person: PersonId) -> Result<bool> {
        let st = &self.p.standing;
        if st.operator {
            return Ok(true);
        }
        let c = self.p.c;
        let mut schools = storage::member_schools_of_person(c, person)?;
        let registered: Option<i64> = c.query_row(
            "SELECT registered_school FROM person WHERE id = ?1",
            [person.0],
            |r| r.get(0),
        )?;
        schools.extend(registered.map(SchoolId));
        Ok(schools.iter().any(|s| st.admin_of.contains(s)))
    }

    /// A user of this set, or one an earlier import placed.
    fn user(&mut self, sid: &str) -> Result<Option<PersonId>> {
        if let Some(p) = self.users.get(sid) {
            return Ok(Some(*p));
        }
        let p = self.known_user(sid)?;
        if let Some(p) = p {
            if !self.reachable(p)? {
                return Err(Error::not_found("user", sid));
            }
            self.users.insert(sid.to_owned(), p);
        }
        Ok(p)
    }

    /// A homeroom class of this set, or one an earlier import placed.
    fn homeroom(&mut self, sid: &str) -> Result<Option<ClassId>> {
        if let Some(k) = self.homerooms.get(sid) {
            return Ok(Some(*k));
        }
        for (school, key) in ids::find_any(self.p.c, "class", sid)? {
            if let Some(id) = key.strip_prefix('k').and_then(|k| k.parse().ok()) {
                self.stored_school(SchoolId(school))?;
                self.homerooms.insert(sid.to_owned(), ClassId(id));
                return Ok(Some(ClassId(id)));
            }
        }
        Ok(None)
    }

    /// A section of this set, or one an earlier import placed.
    fn section(&mut self, sid: &str) -> Result<Option<Section>> {
        if let Some(s) = self.sections.get(sid) {
            return Ok(Some(*s));
        }
        for (school, key) in ids::find_any(self.p.c, "class", sid)? {
            let parts: Vec<i64> = key.split(':').filter_map(|p| p.parse().ok()).collect();
            if let [class, group, subject] = parts.as_slice() {
                self.stored_school(SchoolId(school))?;
                let sec = (
                    ClassId(*class),
                    (*group != 0).then_some(crate::ids::GroupId(*group)),
                    SubjectId(*subject),
                );
                self.sections.insert(sid.to_owned(), sec);
                return Ok(Some(sec));
            }
        }
        Ok(None)
    }

    /// A user another import placed, by sourcedId.
    fn known_user(&self, sid: &str) -> Result<Option<PersonId>> {
        Ok(ids::find(self.p.c, "user", None, sid)?
            .and_then(|k| k.parse().ok())
            .map(PersonId))
    }

    /// The person a section's imported marks are recorded under: its
    /// teacher, else the class teacher, else the importing person, else
    /// the school's first admin (asked once per section).
    fn author(&mut self, sec: Section) -> Result<Option<PersonId>> {
        if let Some(a) = self.authors.get(&sec) {
            return Ok(*a);
        }
        let a = self.find_author(sec)?;
        self.authors.insert(sec, a);
        Ok(a)
    }

    fn find_author(&self, sec: Section) -> Result<Option<PersonId>> {
        let c = self.p.c;
        let (class, group, subject) = sec;
        let cl = storage::class(c, class)?;
        let teacher = storage::assignments(c, cl.year)?
            .into_iter()
            .find(|a| {
                a.class == class && a.subject == subject && (a.group == group || group.is_none())
            })
            .map(|a| a.teacher);
        Ok(teacher.or(cl.class_teacher).or(self.p.actor).or_else(|| {
            storage::staff(c, cl.school).ok().and_then(|st| {
                st.into_iter()
                    .find(|s| s.role == StaffRole::Admin)
                    .map(|s| s.person)
            })
        }))
    }

    /// A category as a kind of work of `school`: found by sourcedId or
    /// name, else created with its weight (and a range wide enough for the
    /// weights its results carry).
    fn work_kind(
        &mut self,
        row: &Row<'_>,
        school: SchoolId,
        weights: &[Ratio],
    ) -> Result<Option<WorkKindId>> {
        let c = self.p.c;
        let Some(name) = self.ok(row, "title", text::name("title", row.get("title"))) else {
            return Ok(None);
        };
        let stored = match ids::find(c, "category", Some(school), row.id())? {
            Some(key) => key.parse().ok().map(WorkKindId),
            None => match row
                .id()
                .strip_prefix("kind-")
                .and_then(|n| n.parse().ok())
                .filter(|_| self.ours)
            {
                Some(n) => storage::work_kind(c, WorkKindId(n))
                    .ok()
                    .filter(|k| k.school == school)
                    .map(|k| k.id),
                None => None,
            },
        };
        let found = match stored {
            Some(id) => Some(id),
            None => storage::work_kinds(c, school)?
                .into_iter()
                .find(|k| text::same_name(&k.name, &name))
                .map(|k| k.id),
        };
        let id = match found {
            Some(id) => {
                self.found(row);
                id
            }
            None => {
                let weight = match row
                    .opt("weight")
                    .map(|w| Ratio::parse("weight", w))
                    .transpose()
                {
                    Ok(w) => w.unwrap_or(Ratio::int(1)),
                    Err(e) => {
                        self.invalid(row, "weight", e);
                        return Ok(None);
                    }
                };
                if let Err(e) = crate::limits::weight("weight", weight).and_then(|_| {
                    if weight > Ratio::ZERO {
                        Ok(())
                    } else {
                        Err(Error::invalid("weight", "must be greater than 0"))
                    }
                }) {
                    self.invalid(row, "weight", e);
                    return Ok(None);
                }
                let min = weights
                    .iter()
                    .copied()
                    .fold(weight, |a, b| if b < a { b } else { a });
                let max = weights
                    .iter()
                    .copied()
                    .fold(weight, |a, b| if b > a { b } else { a });
                self.created(row);
                storage::insert_work_kind(
                    c,
                    school,
                    &crate::model::NewWorkKind {
                        name,
                        default_weight: weight,
                        min_weight: min,
                        max_weight: max,
                    },
                )?
                .id
            }
        };
        ids::remember(c, "category", &id.0.to_string(), row.id(), Some(school))?;
        Ok(Some(id))
    }

    /// Kinds of work, line items and results: each result a mark.
    fn gradebook(&mut self) -> Result<()> {
        let items = self.set.rows("lineItems.csv");
        let results = self.set.rows("results.csv");
        let item_of: HashMap<&str, &Row<'_>> = items.iter().map(|r| (r.id(), r)).collect();
        // The weights each category's results carry, for its range.
        let mut weights: HashMap<&str, Vec<Ratio>> = HashMap::new();
        for r in &results {
            if let (Some(item), Some(w)) = (
                item_of.get(r.get("lineItemSourcedId")),
                r.opt("metadata.diary.weight"),
            ) {
                if let Ok(w) = Ratio::parse("weight", w) {
                    weights
                        .entry(item.get("categorySourcedId"))
                        .or_default()
                        .push(w);
                }
            }
        }
        let categories = self.set.rows("categories.csv");
        let mut kinds: HashMap<(String, SchoolId), WorkKindId> = HashMap::new();
        for cat in &categories {
            let schools: Vec<SchoolId> = {
                let mut v: Vec<SchoolId> = items
                    .iter()
                    .filter(|i| i.get("categorySourcedId") == cat.id())
                    .filter_map(|i| self.schools.get(i.get("schoolSourcedId")).copied())
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            if schools.is_empty() {
                self.skipped(cat);
            }
            for school in schools {
                let w = weights.get(cat.id()).cloned().unwrap_or_default();
                if let Some(id) = self.work_kind(cat, school, &w)? {
                    kinds.insert((cat.id().to_owned(), school), id);
                }
            }
        }
        // A section's score scale, when its type names one of the school's
        // scales (the diary's own codes: ru5, hundred, ...).
        let mut scale_of_section: HashMap<String, String> = HashMap::new();
        for sc in self.set.rows("scoreScales.csv") {
            let Some(&school) = self.schools.get(sc.get("orgSourcedId")) else {
                continue;
            };
            let code = sc.get("type");
            if self.p.scale_by_code(school, code).is_ok() {
                scale_of_section.insert(sc.get("classSourcedId").to_owned(), code.to_owned());
                if let Some(sec) = self.sections.get(sc.get("classSourcedId")).copied() {
                    let scale = self.p.scale_by_code(school, code)?.id;
                    let key = format!("{}:{}", section_key(sec), scale.0);
                    ids::remember(self.p.c, "scoreScale", &key, sc.id(), Some(school))?;
                }
                self.found(&sc);
            } else {
                self.skipped(&sc);
            }
        }
        for item in &items {
            if !self.sections.contains_key(item.get("classSourcedId")) {
                self.problem(
                    item,
                    Some("classSourcedId"),
                    "names no scheduled class (section) of this import",
                );
                continue;
            }
            self.found(item);
        }
        for r in &results {
            if let Some(id) = self.known_result(r)? {
                self.update_result(r, id)?;
                continue;
            }
            let Some(item) = item_of.get(r.get("lineItemSourcedId")) else {
                self.problem(
                    r,
                    Some("lineItemSourcedId"),
                    "names no line item of this file set (a new result needs its line item)",
                );
                continue;
            };
            let (Some(&sec), Some(&school)) = (
                self.sections.get(item.get("classSourcedId")),
                self.schools.get(item.get("schoolSourcedId")),
            ) else {
                continue;
            };
            let Some(&kind) = kinds.get(&(item.get("categorySourcedId").to_owned(), school)) else {
                continue;
            };
            let Some(&student) = self.users.get(r.get("studentSourcedId")) else {
                if !self.failed_users.contains(r.get("studentSourcedId")) {
                    self.problem(
                        r,
                        Some("studentSourcedId"),
                        "names no user this import could place",
                    );
                }
                continue;
            };
            let c = self.p.c;
            let entry = match r.opt("metadata.diary.entry") {
                Some(e) => match EntryKind::parse("metadata.diary.entry", e) {
                    Ok(e) => e,
                    Err(e) => {
                        self.invalid(r, "metadata.diary.entry", e);
                        continue;
                    }
                },
                None => match r.get("scoreStatus") {
                    "exempt" => EntryKind::Exempt,
                    "not submitted" => EntryKind::NotSubmitted,
                    _ => EntryKind::Grade,
                },
            };
            let Some(date) = self.date(r, "scoreDate") else {
                continue;
            };
            let value = r
                .opt("textScore")
                .or(r.opt("score"))
                .unwrap_or("")
                .to_owned();
            let weight = match r
                .opt("metadata.diary.weight")
                .map(|w| Ratio::parse("metadata.diary.weight", w))
                .transpose()
            {
                Ok(w) => w,
                Err(e) => {
                    self.invalid(r, "metadata.diary.weight", e);
                    continue;
                }
            };
            let counting = match r
                .opt("metadata.diary.counting")
                .map(|x| Counting::parse("metadata.diary.counting", x))
                .transpose()
            {
                Ok(x) => x.unwrap_or(Counting::Always),
                Err(e) => {
                    self.invalid(r, "metadata.diary.counting", e);
                    continue;
                }
            };
            let comment = match text::optional_free_text("comment", r.opt("comment"), 2000) {
                Ok(x) => x,
                Err(e) => {
                    self.invalid(r, "comment", e);
                    continue;
                }
            };
            let new = NewMark {
                student,
                subject: sec.2,
                date,
                entry,
                value,
                out_of: r.opt("metadata.diary.outOf").map(str::to_owned),
                scale: match item.opt("metadata.diary.scale") {
                    Some(code) => Some(code.to_owned()),
                    None => scale_of_section.get(item.get("classSourcedId")).cloned(),
                },
                work_kind: kind,
                weight,
                counting,
                comment,
                retake_of: None,
            };
            let Some(author) = self.author(sec)? else {
                self.problem(
                    r,
                    None,
                    "the school has no teacher or admin to record the mark under",
                );
                continue;
            };
            let row = match self.p.place_for(&new, author, false) {
                Ok(row) => row,
                Err(e) => {
                    let column = match e.field() {
                        Some("value") => "textScore",
                        Some("weight") => "metadata.diary.weight",
                        Some("scale") => "lineItemSourcedId",
                        Some("out_of") => "metadata.diary.outOf",
                        _ => "scoreDate",
                    };
                    self.invalid(r, column, e);
                    continue;
                }
            };
            let scale = row.scale;
            let id = storage::insert_mark(c, &row, self.now)?;
            ids::remember(c, "result", &id.0.to_string(), r.id(), Some(school))?;
            let item_key = format!("{}:{}:{}:{}", section_key(sec), date, kind.0, scale.0);
            ids::remember(c, "lineItem", &item_key, item.id(), Some(school))?;
            self.created(r);
        }
        Ok(())
    }
}

impl Diary {
    /// Imports a OneRoster 1.2 CSV file set (file name → text, as
    /// [`Diary::export_oneroster`] writes it): see the module's
    /// documentation. The report lists every problem (file, line, column,
    /// reason); when there is any, or with `dry_run`, nothing is stored.
    /// A school's admins import into their school; new schools are the
    /// operator's. Imported marks are recorded under the section's
    /// teacher (else the class teacher, the importing person, or the
    /// school's first admin).
    pub fn import_oneroster(
        &self,
        actor: &Actor,
        files: &BTreeMap<String, String>,
        dry_run: bool,
    ) -> Result<OneRosterImport> {
        let mut report = OneRosterImport {
            dry_run,
            ..OneRosterImport::default()
        };
        report.problems = check(files);
        if !report.problems.is_empty() {
            return Ok(report);
        }
        let set = FileSet::new(files);
        let ours = crate::oneroster::check::manifest(files)
            .map(|m| m.get("source.systemCode").map(String::as_str) == Some("diary"))
            .unwrap_or(false);
        let now = self.now();
        let today = self.clock.now().date();
        self.write_people(actor, |p| {
            p.c.execute_batch("SAVEPOINT oneroster_import")?;
            let mut imp = Import {
                p,
                set: &set,
                now,
                today,
                report,
                schools: HashMap::new(),
                years: HashMap::new(),
                periods: HashMap::new(),
                subjects: HashMap::new(),
                homerooms: HashMap::new(),
                sections: HashMap::new(),
                users: HashMap::new(),
                failed_users: HashSet::new(),
                authors: HashMap::new(),
                ours,
            };
            let result = (|| {
                imp.orgs()?;
                imp.sessions()?;
                imp.courses()?;
                imp.classes()?;
                imp.users()?;
                imp.roles()?;
                imp.enrollments()?;
                imp.gradebook()?;
                imp.deletions()?;
                Ok::<(), Error>(())
            })();
            let mut report = imp.report;
            report.problems.sort();
            let undo = dry_run || result.is_err() || !report.problems.is_empty();
            p.c.execute_batch(if undo {
                "ROLLBACK TO oneroster_import; RELEASE oneroster_import"
            } else {
                "RELEASE oneroster_import"
            })?;
            result?;
            report.applied = !undo;
            Ok(report)
        })
    }

    /// [`Diary::import_oneroster`] of a folder's `.csv` files.
    pub fn import_oneroster_dir(
        &self,
        actor: &Actor,
        dir: &std::path::Path,
        dry_run: bool,
    ) -> Result<OneRosterImport> {
        let (files, problems) = crate::oneroster::check::read_dir(dir)?;
        if !problems.is_empty() {
            return Ok(OneRosterImport {
                dry_run,
                problems,
                ..OneRosterImport::default()
            });
        }
        self.import_oneroster(actor, &files, dry_run)
    }
}
