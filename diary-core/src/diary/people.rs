//! People, staff roles, enrolments, transfers and guardianships.

use super::placement::Placement;
use super::Diary;
use crate::access::{acting_as, decide_action, Action, Facts, Standing, StructureAction::*};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ClassId, EnrolmentId, PersonId, SchoolId};
use crate::model::{EndReason, Enrolment, Guardianship, NewPerson, Person, StaffMember, StaffRole};
use crate::snils::Snils;
use crate::storage::db::Db;
use crate::storage::{self, PersonRecord};
use crate::text;
use time::Date;

/// Earliest birth date accepted.
const EARLIEST_BIRTH: Date = text::EARLIEST_DATE;

/// What the actor is to a person (oneself, an admin of one of their
/// schools, a guardian or legal representative), for the policy.
pub(crate) fn person_facts(
    c: Db<'_>,
    st: &Standing,
    actor: &Actor,
    person: PersonId,
) -> Result<Facts> {
    let schools = storage::schools_of_person(c, person)?;
    let link = match actor.person() {
        Some(me) => storage::guardians_of(c, person)?
            .into_iter()
            .find(|g| g.guardian == me),
        None => None,
    };
    let class_teacher = match actor.person() {
        Some(me) => storage::enrolments_of_student(c, person)?
            .iter()
            .map(|e| storage::class(c, e.class).map(|cl| cl.class_teacher == Some(me)))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .any(|b| b),
        None => false,
    };
    Ok(Facts {
        operator: st.operator,
        class_teacher,
        student: actor.person() == Some(person),
        admin: schools.iter().any(|s| st.admin_of.contains(s)),
        member: schools.iter().any(|s| st.member_of.contains(s)),
        guardian: link.is_some(),
        legal_representative: link.is_some_and(|l| l.legal_representative),
        ..Facts::default()
    })
}

/// Decides a read of a person's `kind` of data, and notes it (allowed or
/// refused) for the access log.
fn read_checked(
    p: &mut Placement<'_>,
    actor: &Actor,
    person: PersonId,
    kind: &'static str,
    action: Action,
) -> Result<()> {
    let c = p.c;
    p.known_person(person, kind, false)?;
    let st = p.standing.clone();
    let facts = person_facts(c, &st, actor, person)?;
    let school = storage::schools_of_person(c, person)?.first().copied();
    let decision = decide_action(&facts, action);
    p.note(
        Some(person),
        school,
        kind,
        false,
        acting_as(&facts),
        decision.is_ok(),
    );
    decision
}

/// Notes a structural write to a person's data for the access log.
pub(super) fn note_write(
    p: &mut Placement<'_>,
    person: PersonId,
    school: SchoolId,
    kind: &'static str,
) {
    let role = if p.standing.operator {
        "operator"
    } else {
        "school_admin"
    };
    p.note(Some(person), Some(school), kind, true, role, true);
}

/// The last day of the academic year an enrolment belongs to, which bounds
/// an enrolment that was never ended.
fn effective_end(c: Db<'_>, e: &Enrolment) -> Result<Date> {
    let year_end = storage::year(c, e.year)?.end;
    Ok(e.end.map_or(year_end, |d| d.min(year_end)))
}

/// The last day of an academic year (an enrolment without an end runs to it).
pub(crate) fn effective_year_end(y: &crate::model::AcademicYear) -> Date {
    y.end
}

/// Refuses an enrolment of `student` from `start` to `end` that overlaps
/// another of their enrolments.
/// The message names the class and date only when the actor administers
/// its school: another school's classes are never named.
pub(crate) fn check_no_overlap(
    c: Db<'_>,
    st: &Standing,
    student: PersonId,
    start: Date,
    end: Date,
) -> Result<()> {
    for e in storage::enrolments_of_student(c, student)? {
        if e.start <= end && start <= effective_end(c, &e)? {
            if !st.admin_of.contains(&e.school) {
                return Err(Error::Conflict(
                    "the student is enrolled at another school over these days; \
                     that school must end the enrolment first"
                        .into(),
                ));
            }
            let class = storage::class(c, e.class)?;
            return Err(Error::Conflict(format!(
                "the student is already enrolled in class {} from {}; end or transfer that enrolment first",
                class.name(),
                e.start
            )));
        }
    }
    Ok(())
}

/// A new person's fields, checked.
pub(crate) struct CheckedPerson {
    pub(crate) surname: String,
    pub(crate) first_name: String,
    pub(crate) patronymic: Option<String>,
    pub(crate) birth_date: Date,
    pub(crate) snils: Option<Snils>,
}

impl CheckedPerson {
    pub(crate) fn record(&self) -> PersonRecord<'_> {
        PersonRecord {
            surname: &self.surname,
            first_name: &self.first_name,
            patronymic: self.patronymic.as_deref(),
            birth_date: self.birth_date,
            snils: self.snils.as_ref(),
        }
    }
}

/// Checks a new person's names (text rules), SNILS and birth date
/// (1900-01-01 to `today`).
pub(crate) fn checked_person(new: &NewPerson, today: Date) -> Result<CheckedPerson> {
    let surname = text::name("surname", &new.surname)?;
    let first_name = text::name("first_name", &new.first_name)?;
    let patronymic = text::optional_name("patronymic", new.patronymic.as_deref())?;
    let snils = match new.snils.as_deref() {
        Some(s) if !s.trim().is_empty() => Some(Snils::parse(s)?),
        _ => None,
    };
    if new.birth_date > today || new.birth_date < EARLIEST_BIRTH {
        return Err(Error::invalid(
            "birth_date",
            format!("must be between {EARLIEST_BIRTH} and today"),
        ));
    }
    Ok(CheckedPerson {
        surname,
        first_name,
        patronymic,
        birth_date: new.birth_date,
        snils,
    })
}

impl Diary {
    /// Registers a person at a school (school admins, or the operator when
    /// setting up a school's first staff).
    ///
    /// The SNILS, when given, is checked and must be new (A4): registering
    /// the same person twice is a [`Error::Conflict`] and creates nothing.
    /// Without a SNILS, the same name and birth date may not be registered
    /// twice either.
    pub fn register_person(
        &self,
        actor: &Actor,
        school: SchoolId,
        new: &NewPerson,
    ) -> Result<Person> {
        let checked = checked_person(new, self.clock.now().date())?;
        let record = checked.record();
        let snils = checked.snils.clone();
        let now = self.now();
        self.write_people(actor, |p| {
            let c = p.c;
            let st = p.standing.clone();
            let _st = &*st;
            p.known_school(school, "structure", true)?;
            p.decide_school(school, ManagePeople, "structure", true)?;
            if snils.is_some() && storage::snils_less_twin(c, &record)?.is_some() {
                return Err(Error::Conflict(
                    "a person with the same name and birth date is registered without a SNILS; \
                     link the existing profile instead of creating a second one"
                        .into(),
                ));
            }
            let person = storage::insert_person(c, &record, Some(school), now)?;
            note_write(p, person.id, school, "person");
            Ok(person)
        })
    }

    /// One person: themselves, or for admins of a school they belong to.
    pub fn person(&self, actor: &Actor, id: PersonId) -> Result<Person> {
        self.read_marks(actor, |p| {
            read_checked(p, actor, id, "person", Action::ReadPersonRecord)?;
            storage::person(p.c, id)
        })
    }

    /// Gives a person a staff role at a school (school admins, or the
    /// operator for a school's first admin).
    pub fn appoint_staff(
        &self,
        actor: &Actor,
        school: SchoolId,
        person: PersonId,
        role: StaffRole,
    ) -> Result<StaffMember> {
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", true)?;
            p.decide_school(school, ManagePeople, "structure", true)?;
            p.attachable_person(person, "staff")?;
            storage::insert_staff(c, school, person, role)?;
            Ok(StaffMember {
                school,
                person,
                role,
            })
        })
    }

    /// The staff of a school (school admins).
    pub fn staff(&self, actor: &Actor, school: SchoolId) -> Result<Vec<StaffMember>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", false)?;
            p.decide_school(school, ReadPeople, "structure", false)?;
            storage::staff(c, school)
        })
    }

    /// Enrols a student in a class from `start` (school admins). The start
    /// must lie in the class's year, and the student may not be enrolled
    /// anywhere else over the same days.
    pub fn enrol(
        &self,
        actor: &Actor,
        student: PersonId,
        class: ClassId,
        start: Date,
    ) -> Result<Enrolment> {
        let now = self.now();
        self.write_people(actor, |p| {
            let c = p.c;
            let st = p.standing.clone();
            let st = &*st;
            let cl = p.known_class(class, "structure", true)?;
            p.decide_school_for(cl.school, Action::ManageStructure, student, "enrolments")?;
            p.attachable_person(student, "enrolments")?;
            let year = p.known_year(cl.year, "structure", true)?;
            if start < year.start || start > year.end {
                return Err(Error::invalid(
                    "start",
                    format!(
                        "must lie in the class's year ({} to {})",
                        year.start, year.end
                    ),
                ));
            }
            check_no_overlap(c, st, student, start, year.end)?;
            let e = storage::insert_enrolment(c, cl.school, student, class, start, now)?;
            note_write(p, student, e.school, "enrolments");
            Ok(e)
        })
    }

    /// Moves a student to another class (of the same or another school) from
    /// `first_day`: the current enrolment ends the day before, with its
    /// records kept, and a new one begins. The actor must administer both
    /// schools; otherwise the old school ends the enrolment
    /// ([`Diary::end_enrolment`]) and the new one enrols ([`Diary::enrol`]).
    pub fn transfer_student(
        &self,
        actor: &Actor,
        student: PersonId,
        to_class: ClassId,
        first_day: Date,
    ) -> Result<Enrolment> {
        let now = self.now();
        self.write_people(actor, |p| {
            let c = p.c;
            let st = p.standing.clone();
            let st = &*st;
            let target = p.known_class(to_class, "structure", true)?;
            p.decide_school_for(
                target.school,
                Action::ManageStructure,
                student,
                "enrolments",
            )?;
            p.attachable_person(student, "enrolments")?;
            let last_day = first_day
                .previous_day()
                .ok_or_else(|| Error::invalid("first_day", "out of range"))?;
            let mut current = None;
            for e in storage::enrolments_of_student(c, student)? {
                if e.start <= last_day && last_day <= effective_end(c, &e)? && e.end.is_none() {
                    current = Some(e);
                }
            }
            let current = current.ok_or_else(|| {
                Error::invalid(
                    "student",
                    format!(
                        "person {student} has no current enrolment to transfer from on {first_day}"
                    ),
                )
            })?;
            if current.class == to_class {
                return Err(Error::invalid(
                    "to_class",
                    "the student is already in this class",
                ));
            }
            p.decide_school_for(
                current.school,
                Action::ManageStructure,
                student,
                "enrolments",
            )?;
            let year = p.known_year(target.year, "structure", true)?;
            if first_day < year.start || first_day > year.end {
                return Err(Error::invalid(
                    "first_day",
                    format!(
                        "must lie in the new class's year ({} to {})",
                        year.start, year.end
                    ),
                ));
            }
            storage::end_enrolment(c, current.id, last_day, EndReason::Transferred)?;
            check_no_overlap(c, st, student, first_day, year.end)?;
            let e = storage::insert_enrolment(c, target.school, student, to_class, first_day, now)?;
            note_write(p, student, current.school, "enrolments");
            note_write(p, student, e.school, "enrolments");
            Ok(e)
        })
    }

    /// Ends an enrolment on `last_day` (school admins of its school).
    pub fn end_enrolment(
        &self,
        actor: &Actor,
        enrolment: EnrolmentId,
        last_day: Date,
        reason: EndReason,
    ) -> Result<Enrolment> {
        self.write_people(actor, |p| {
            let c = p.c;
            let st = p.standing.clone();
            let _st = &*st;
            let e = storage::enrolment(c, enrolment)?;
            p.in_school(
                e.school,
                super::scope::Named::new("enrolment", enrolment.0),
                "enrolments",
                true,
            )?;
            p.decide_school_for(e.school, Action::ManageStructure, e.student, "enrolments")?;
            if e.end.is_some() {
                return Err(Error::Conflict("the enrolment has already ended".into()));
            }
            if last_day < e.start || last_day > effective_end(c, &e)? {
                return Err(Error::invalid(
                    "last_day",
                    "must lie between the enrolment's start and its year's end",
                ));
            }
            storage::end_enrolment(c, enrolment, last_day, reason)?;
            note_write(p, e.student, e.school, "enrolments");
            storage::enrolment(c, enrolment)
        })
    }

    /// A student's enrolments, oldest first (the student, or admins).
    pub fn enrolments(&self, actor: &Actor, student: PersonId) -> Result<Vec<Enrolment>> {
        self.read_marks(actor, |p| {
            read_checked(p, actor, student, "enrolments", Action::ReadPersonRecord)?;
            storage::enrolments_of_student(p.c, student)
        })
    }

    /// The students of a class on `day`, by surname (school admins, and the
    /// class's class teacher).
    pub fn class_roster(&self, actor: &Actor, class: ClassId, day: Date) -> Result<Vec<Person>> {
        self.read_marks(actor, |p| {
            let c = p.c;
            let cl = p.known_class(class, "structure", false)?;
            let facts = Facts {
                class_teacher: cl.class_teacher.is_some() && cl.class_teacher == actor.person(),
                ..p.standing.facts_for(Some(cl.school))
            };
            let role = acting_as(&facts);
            if let Err(e) = decide_action(&facts, Action::ReadPeople) {
                p.note(None, Some(cl.school), "roster", false, role, false);
                return Err(e);
            }
            let roster = storage::class_roster(c, class, day)?;
            for s in &roster {
                p.note(Some(s.id), Some(cl.school), "roster", false, role, true);
            }
            Ok(roster)
        })
    }

    /// Links a guardian to a student (admins of a school of the student).
    pub fn add_guardian(&self, actor: &Actor, link: &Guardianship) -> Result<Guardianship> {
        let now = self.now();
        if link.student == link.guardian {
            return Err(Error::invalid(
                "guardian",
                "a student cannot be their own guardian",
            ));
        }
        self.write_people(actor, |p| {
            let c = p.c;
            let st = p.standing.clone();
            let st = &*st;
            p.known_person(link.student, "guardians", true)?;
            let schools = storage::schools_of_person(c, link.student)?;
            let facts = person_facts(c, st, actor, link.student)?;
            p.decide(
                &facts,
                Action::ManageStructure,
                Some(link.student),
                schools.first().copied(),
                "guardians",
                true,
            )?;
            p.attachable_person(link.guardian, "guardians")?;
            storage::insert_guardianship(c, link, now)?;
            if let Some(school) = schools.iter().find(|s| st.admin_of.contains(s)) {
                note_write(p, link.student, *school, "guardians");
            }
            Ok(link.clone())
        })
    }

    /// A student's guardians (the student, their guardians, or admins).
    pub fn guardians(&self, actor: &Actor, student: PersonId) -> Result<Vec<Guardianship>> {
        self.read_marks(actor, |p| {
            read_checked(p, actor, student, "guardians", Action::ReadGuardians)?;
            storage::guardians_of(p.c, student)
        })
    }

    /// The children a guardian is linked to, across classes and schools (the
    /// guardian, or admins).
    pub fn children(&self, actor: &Actor, guardian: PersonId) -> Result<Vec<Guardianship>> {
        self.read_marks(actor, |p| {
            read_checked(p, actor, guardian, "children", Action::ReadPersonRecord)?;
            storage::children_of(p.c, guardian)
        })
    }
}
