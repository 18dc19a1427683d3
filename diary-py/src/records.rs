//! Immutable value objects returned to Python. Each has a readable `repr`,
//! equality and a hash; dates are `datetime.date`, enums are members of the
//! `enum.Enum` classes in `diary._enums`.

use crate::convert::EnumValue;
use diary_core as core;
use pyo3::prelude::*;
use time::{Date, OffsetDateTime};

fn period_kind(k: core::PeriodKind) -> EnumValue {
    EnumValue {
        class: "PeriodKind",
        value: k.as_str(),
    }
}

record! {
    /// A school.
    School {
        /// Identifier.
        id: i64,
        /// Official name.
        name: String,
        /// Region, e.g. "Moscow".
        region: String,
        /// IANA time zone, e.g. "Europe/Moscow".
        time_zone: String,
        /// Working days per week: 5 or 6.
        days_per_week: u8,
        /// The `PeriodKind` new classes are graded in; None: the default
        /// rule (quarters below grade 10, semesters from grade 10).
        period_kind: Option<EnumValue>,
    }
}

impl From<core::School> for School {
    fn from(s: core::School) -> Self {
        School {
            id: s.id.0,
            name: s.name,
            region: s.region,
            time_zone: s.time_zone,
            days_per_week: s.days_per_week,
            period_kind: s.period_kind.map(period_kind),
        }
    }
}

record! {
    /// An academic year of a school, e.g. "2024/25".
    AcademicYear {
        /// Identifier.
        id: i64,
        /// The school's id.
        school: i64,
        /// Label, e.g. "2024/25".
        label: String,
        /// First day.
        start: Date,
        /// Last day (inclusive).
        end: Date,
    }
}

impl From<core::AcademicYear> for AcademicYear {
    fn from(y: core::AcademicYear) -> Self {
        AcademicYear {
            id: y.id.0,
            school: y.school.0,
            label: y.label,
            start: y.start,
            end: y.end,
        }
    }
}

record! {
    /// A marking period (quarter, trimester, semester) of an academic year.
    Period {
        /// Identifier.
        id: i64,
        /// The academic year's id.
        year: i64,
        /// The kind of period (`PeriodKind`).
        kind: EnumValue,
        /// 1-based position among the year's periods of the same kind.
        number: u32,
        /// Display name, e.g. "Quarter 1".
        name: String,
        /// First day.
        start: Date,
        /// Last day (inclusive).
        end: Date,
    }
}

impl From<core::Period> for Period {
    fn from(p: core::Period) -> Self {
        Period {
            id: p.id.0,
            year: p.year.0,
            kind: period_kind(p.kind),
            number: p.number,
            name: p.name,
            start: p.start,
            end: p.end,
        }
    }
}

record! {
    /// Holidays or non-working days, `first_day` to `last_day` inclusive.
    Holiday {
        /// Identifier.
        id: i64,
        /// The school's id.
        school: i64,
        /// Name, e.g. "Autumn holidays".
        name: String,
        /// First day off.
        first_day: Date,
        /// Last day off (inclusive).
        last_day: Date,
    }
}

impl From<core::Holiday> for Holiday {
    fn from(h: core::Holiday) -> Self {
        Holiday {
            id: h.id.0,
            school: h.school.0,
            name: h.name,
            first_day: h.first_day,
            last_day: h.last_day,
        }
    }
}

record! {
    /// A class of students in one academic year, e.g. "5A".
    Class {
        /// Identifier.
        id: i64,
        /// The school's id.
        school: i64,
        /// The academic year's id.
        year: i64,
        /// Grade level, 0 to 12.
        grade: u8,
        /// Parallel letter, e.g. "A".
        letter: String,
        /// Display name, e.g. "5A".
        name: String,
        /// The class teacher's person id, if appointed.
        class_teacher: Option<i64>,
        /// The `PeriodKind` the class is graded in.
        period_kind: EnumValue,
    }
}

impl From<core::Class> for Class {
    fn from(c: core::Class) -> Self {
        Class {
            id: c.id.0,
            school: c.school.0,
            year: c.year.0,
            grade: c.grade,
            name: c.name(),
            letter: c.letter,
            class_teacher: c.class_teacher.map(|p| p.0),
            period_kind: period_kind(c.period_kind),
        }
    }
}

record! {
    /// A subject taught at a school.
    Subject {
        /// Identifier.
        id: i64,
        /// The school's id.
        school: i64,
        /// Name, e.g. "Mathematics".
        name: String,
    }
}

impl From<core::Subject> for Subject {
    fn from(s: core::Subject) -> Self {
        Subject {
            id: s.id.0,
            school: s.school.0,
            name: s.name,
        }
    }
}

record! {
    /// A sub-group of a class, e.g. a language group.
    Group {
        /// Identifier.
        id: i64,
        /// The class's id.
        class_id: i64,
        /// Name, e.g. "English 1".
        name: String,
    }
}

impl From<core::Group> for Group {
    fn from(g: core::Group) -> Self {
        Group {
            id: g.id.0,
            class_id: g.class.0,
            name: g.name,
        }
    }
}

record! {
    /// A teacher teaching a subject to a class (or one of its groups) in a year.
    TeachingAssignment {
        /// Identifier.
        id: i64,
        /// The teacher's person id.
        teacher: i64,
        /// The class's id.
        class_id: i64,
        /// The group's id, when only part of the class is taught.
        group: Option<i64>,
        /// The subject's id.
        subject: i64,
        /// The academic year's id.
        year: i64,
    }
}

impl From<core::TeachingAssignment> for TeachingAssignment {
    fn from(a: core::TeachingAssignment) -> Self {
        TeachingAssignment {
            id: a.id.0,
            teacher: a.teacher.0,
            class_id: a.class.0,
            group: a.group.map(|g| g.0),
            subject: a.subject.0,
            year: a.year.0,
        }
    }
}

record! {
    /// A person: student, guardian or staff member. The SNILS is only ever
    /// shown masked.
    Person {
        /// Identifier.
        id: i64,
        /// Surname.
        surname: String,
        /// First name.
        first_name: String,
        /// Patronymic, if any.
        patronymic: Option<String>,
        /// Date of birth.
        birth_date: Date,
        /// The SNILS with all but the check digits hidden, e.g. "***-***-*** 95".
        snils_masked: Option<String>,
        /// "Surname First Patronymic".
        full_name: String,
    }
}

impl From<core::Person> for Person {
    fn from(p: core::Person) -> Self {
        Person {
            id: p.id.0,
            full_name: p.full_name(),
            snils_masked: p.snils.as_ref().map(core::Snils::masked),
            surname: p.surname,
            first_name: p.first_name,
            patronymic: p.patronymic,
            birth_date: p.birth_date,
        }
    }
}

record! {
    /// A correction of a person's data: before and after (SNILS masked).
    PersonCorrection {
        /// Identifier.
        id: i64,
        /// Whose data.
        person: i64,
        /// The data before.
        before: Person,
        /// The data asked for.
        after: Person,
        /// Why.
        reason: String,
        /// Who made or proposed it.
        proposed_by: i64,
        /// When.
        proposed_at: OffsetDateTime,
        /// Applied, pending or rejected (`CorrectionStatus`).
        status: EnumValue,
        /// Who decided a proposal.
        decided_by: Option<i64>,
        /// When.
        decided_at: Option<OffsetDateTime>,
        /// The decision's note.
        note: Option<String>,
    }
}

impl From<core::PersonCorrection> for PersonCorrection {
    fn from(k: core::PersonCorrection) -> Self {
        let at =
            |t: i64| OffsetDateTime::from_unix_timestamp(t).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        PersonCorrection {
            id: k.id.0,
            person: k.person.0,
            before: k.before.into(),
            after: k.after.into(),
            reason: k.reason,
            proposed_by: k.proposed_by.0,
            proposed_at: at(k.proposed_at),
            status: EnumValue {
                class: "CorrectionStatus",
                value: k.status.as_str(),
            },
            decided_by: k.decided_by.map(|p| p.0),
            decided_at: k.decided_at.map(at),
            note: k.note,
        }
    }
}

record! {
    /// A person's staff role at a school.
    StaffMember {
        /// The school's id.
        school: i64,
        /// The person's id.
        person: i64,
        /// Teacher or admin (`StaffRole`).
        role: EnumValue,
    }
}

impl From<core::StaffMember> for StaffMember {
    fn from(s: core::StaffMember) -> Self {
        StaffMember {
            school: s.school.0,
            person: s.person.0,
            role: EnumValue {
                class: "StaffRole",
                value: s.role.as_str(),
            },
        }
    }
}

record! {
    /// A student's membership of a class for a span of days.
    Enrolment {
        /// Identifier.
        id: i64,
        /// The student's person id.
        student: i64,
        /// The class's id.
        class_id: i64,
        /// The class's school id.
        school: i64,
        /// The class's academic year id.
        year: i64,
        /// First day in the class.
        start: Date,
        /// Last day in the class, once ended.
        end: Option<Date>,
        /// Why it ended (`EndReason`), once ended.
        end_reason: Option<EnumValue>,
    }
}

impl From<core::Enrolment> for Enrolment {
    fn from(e: core::Enrolment) -> Self {
        Enrolment {
            id: e.id.0,
            student: e.student.0,
            class_id: e.class.0,
            school: e.school.0,
            year: e.year.0,
            start: e.start,
            end: e.end,
            end_reason: e.end_reason.map(|r| EnumValue {
                class: "EndReason",
                value: r.as_str(),
            }),
        }
    }
}

record! {
    /// A guardian's tie to a student.
    Guardianship {
        /// The student's person id.
        student: i64,
        /// The guardian's person id.
        guardian: i64,
        /// Mother, father, legal guardian or other (`Relation`).
        relation: EnumValue,
        /// Whether the guardian legally represents the student.
        legal_representative: bool,
    }
}

impl From<core::Guardianship> for Guardianship {
    fn from(g: core::Guardianship) -> Self {
        Guardianship {
            student: g.student.0,
            guardian: g.guardian.0,
            relation: EnumValue {
                class: "Relation",
                value: g.relation.as_str(),
            },
            legal_representative: g.legal_representative,
        }
    }
}

record! {
    /// A class with its groups, inside a `YearOverview`.
    ClassOverview {
        /// The class.
        class_: Class,
        /// Its sub-groups.
        groups: Vec<Group>,
    }
}

record! {
    /// An academic year with its periods, classes and teaching assignments.
    YearOverview {
        /// The year.
        year: AcademicYear,
        /// Its periods in date order.
        periods: Vec<Period>,
        /// Its classes with their groups.
        classes: Vec<ClassOverview>,
        /// Who teaches what.
        assignments: Vec<TeachingAssignment>,
    }
}

record! {
    /// A school's whole structure (no personal data).
    SchoolOverview {
        /// The school.
        school: School,
        /// Its subjects.
        subjects: Vec<Subject>,
        /// Its holidays and non-working days.
        holidays: Vec<Holiday>,
        /// Its academic years, oldest first.
        years: Vec<YearOverview>,
    }
}

fn all<A, B: From<A>>(v: Vec<A>) -> Vec<B> {
    v.into_iter().map(B::from).collect()
}

impl From<core::SchoolOverview> for SchoolOverview {
    fn from(o: core::SchoolOverview) -> Self {
        SchoolOverview {
            school: o.school.into(),
            subjects: all(o.subjects),
            holidays: all(o.holidays),
            years: o
                .years
                .into_iter()
                .map(|y| YearOverview {
                    year: y.year.into(),
                    periods: all(y.periods),
                    classes: y
                        .classes
                        .into_iter()
                        .map(|c| ClassOverview {
                            class_: c.class.into(),
                            groups: all(c.groups),
                        })
                        .collect(),
                    assignments: all(y.assignments),
                })
                .collect(),
        }
    }
}

/// Registers the value classes in the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<School>()?;
    m.add_class::<AcademicYear>()?;
    m.add_class::<Period>()?;
    m.add_class::<Holiday>()?;
    m.add_class::<Class>()?;
    m.add_class::<Subject>()?;
    m.add_class::<Group>()?;
    m.add_class::<TeachingAssignment>()?;
    m.add_class::<Person>()?;
    m.add_class::<PersonCorrection>()?;
    m.add_class::<StaffMember>()?;
    m.add_class::<Enrolment>()?;
    m.add_class::<Guardianship>()?;
    m.add_class::<ClassOverview>()?;
    m.add_class::<YearOverview>()?;
    m.add_class::<SchoolOverview>()?;
    Ok(())
}
