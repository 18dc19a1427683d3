//! Which objects an actor may learn exist. Every call resolves the ids it
//! is given through these functions before anything else: an id of an
//! object the actor has no relation to (another school's class, person,
//! mark or lesson; a child whose grant was revoked) gives exactly the
//! answer a missing id gives — [`Error::NotFound`] naming the id — and the
//! refusal is written to the access log for the object's school. Whether
//! the actor has a relation is decided by [`crate::access::conceals`] from
//! facts loaded here.

use super::placement::Placement;
use crate::access::{acting_as, conceals, decide_action, Action, Facts, StructureAction};
use crate::error::{Error, Result};
use crate::ids::{ClassId, GroupId, MarkId, PersonId, SchoolId, SubjectId, YearId};
use crate::model::{AcademicYear, Class, Group, Mark, School, Subject};
use crate::storage;
use crate::storage::Db;

/// What the caller named, for the "not found" answer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Named {
    entity: &'static str,
    id: i64,
}

impl Named {
    pub(crate) fn new(entity: &'static str, id: i64) -> Self {
        Named { entity, id }
    }

    fn not_found(self) -> Error {
        Error::not_found(self.entity, self.id)
    }
}

/// Refuses an id outside its range (1 to 2^63 − 1) with `InvalidInput`
/// naming the kind of object.
pub(crate) fn positive(entity: &'static str, id: i64) -> Result<()> {
    crate::limits::id(entity, id).map(drop)
}

impl Placement<'_> {
    /// The facts of the actor towards `school` (operator, admin, member).
    fn school_facts(&self, school: SchoolId) -> Facts {
        self.standing.facts_for(Some(school))
    }

    /// Refuses a concealed access: logged for the object's school (and
    /// person), answered as a missing id.
    fn hide(
        &mut self,
        facts: &Facts,
        named: Named,
        child: Option<PersonId>,
        school: Option<SchoolId>,
        kind: &'static str,
        write: bool,
    ) -> Result<()> {
        if !conceals(facts) {
            return Ok(());
        }
        self.note(child, school, kind, write, acting_as(facts), false);
        Err(named.not_found())
    }

    /// Requires the actor to know `school`.
    pub(crate) fn in_school(
        &mut self,
        school: SchoolId,
        named: Named,
        kind: &'static str,
        write: bool,
    ) -> Result<()> {
        let facts = self.school_facts(school);
        self.hide(&facts, named, None, Some(school), kind, write)
    }

    /// A school the actor knows.
    pub(crate) fn known_school(
        &mut self,
        id: SchoolId,
        kind: &'static str,
        write: bool,
    ) -> Result<School> {
        positive("school", id.0)?;
        let s = storage::school(self.c, id)?;
        self.in_school(id, Named::new("school", id.0), kind, write)?;
        Ok(s)
    }

    /// A year of a school the actor knows.
    pub(crate) fn known_year(
        &mut self,
        id: YearId,
        kind: &'static str,
        write: bool,
    ) -> Result<AcademicYear> {
        positive("academic year", id.0)?;
        let y = storage::year(self.c, id)?;
        self.in_school(y.school, Named::new("academic year", id.0), kind, write)?;
        Ok(y)
    }

    /// A class of a school the actor knows (or of a child the actor is
    /// related to: a trusted person knows the child's class).
    pub(crate) fn known_class(
        &mut self,
        id: ClassId,
        kind: &'static str,
        write: bool,
    ) -> Result<Class> {
        positive("class", id.0)?;
        let cl = storage::class(self.c, id)?;
        self.in_school(cl.school, Named::new("class", id.0), kind, write)?;
        Ok(cl)
    }

    /// A subject of a school the actor knows.
    pub(crate) fn known_subject(
        &mut self,
        id: SubjectId,
        kind: &'static str,
        write: bool,
    ) -> Result<Subject> {
        positive("subject", id.0)?;
        let s = storage::subject(self.c, id)?;
        self.in_school(s.school, Named::new("subject", id.0), kind, write)?;
        Ok(s)
    }

    /// A group of a class of a school the actor knows, with its class.
    pub(crate) fn known_group(
        &mut self,
        id: GroupId,
        kind: &'static str,
        write: bool,
    ) -> Result<(Group, Class)> {
        positive("group", id.0)?;
        let g = storage::group(self.c, id)?;
        let cl = storage::class(self.c, g.class)?;
        self.in_school(cl.school, Named::new("group", id.0), kind, write)?;
        Ok((g, cl))
    }

    /// The facts that decide whether the actor knows a person: oneself; a
    /// member or admin of a school the person is tied to; the person's
    /// guardian, or their ward; a trusted person with an active grant.
    pub(crate) fn person_scope_facts(&mut self, person: PersonId) -> Result<Facts> {
        Ok(self.person_scope(person)?.0)
    }

    /// [`Placement::person_scope_facts`] and the person's first school,
    /// remembered in the reference cache (ties change only by structural
    /// writes, which empty it, and the cache is checked against other
    /// connections' commits in every transaction).
    fn person_scope(&mut self, person: PersonId) -> Result<(Facts, Option<SchoolId>)> {
        let key = (self.actor_key(), person);
        if let Some(hit) = self.cache_scope(&key) {
            return Ok(hit);
        }
        let facts = self.compute_person_scope(person)?;
        let school = storage::schools_of_person(self.c, person)?.first().copied();
        // Ties change only by writes; a trusted person's grant also opens
        // and ends with time, so only answers without one are remembered.
        if !facts.trusted && !crate::access::conceals(&facts) {
            self.remember_scope(key, (facts, school));
        }
        Ok((facts, school))
    }

    fn compute_person_scope(&mut self, person: PersonId) -> Result<Facts> {
        let st = self.standing.clone();
        let mut f = Facts {
            operator: st.operator,
            ..Facts::default()
        };
        let Some(me) = self.actor else {
            return Ok(f);
        };
        if me == person {
            f.student = true;
            return Ok(f);
        }
        for s in storage::schools_of_person(self.c, person)? {
            f.admin |= st.admin_of.contains(&s);
            f.member |= st.member_of.contains(&s) || st.admin_of.contains(&s);
        }
        if f.member {
            return Ok(f);
        }
        f.guardian = storage::guardians_of(self.c, person)?
            .iter()
            .any(|g| g.guardian == me)
            || storage::guardians_of(self.c, me)?
                .iter()
                .any(|g| g.guardian == person);
        if !f.guardian {
            f.trusted = self.trusted_grant(person)?.is_some();
        }
        Ok(f)
    }

    /// A person the actor knows (see [`Placement::person_scope_facts`]).
    pub(crate) fn known_person(
        &mut self,
        id: PersonId,
        kind: &'static str,
        write: bool,
    ) -> Result<crate::model::Person> {
        positive("person", id.0)?;
        let p = storage::person(self.c, id)?;
        let (facts, school) = self.person_scope(id)?;
        self.hide(
            &facts,
            Named::new("person", id.0),
            Some(id),
            school,
            kind,
            write,
        )?;
        Ok(p)
    }

    /// A person the actor may attach to their school (enrol, appoint, link
    /// as a guardian, make a class teacher): the operator may attach
    /// anyone; a school admin only people already tied to a school they
    /// administer. Everyone else — another school's people included — is
    /// "not found": a person known only to another school joins this one
    /// through a path they or their school consent to (a link code, a
    /// transfer code), never by an admin naming an id.
    pub(crate) fn attachable_person(
        &mut self,
        id: PersonId,
        kind: &'static str,
    ) -> Result<crate::model::Person> {
        positive("person", id.0)?;
        let p = storage::person(self.c, id)?;
        let st = self.standing.clone();
        let ties = storage::schools_of_person(self.c, id)?;
        let facts = Facts {
            operator: st.operator,
            admin: ties.iter().any(|s| st.admin_of.contains(s)),
            ..Facts::default()
        };
        self.hide(
            &facts,
            Named::new("person", id.0),
            Some(id),
            ties.first().copied(),
            kind,
            true,
        )?;
        Ok(p)
    }

    /// Decides `action` through the one policy function and writes the
    /// outcome to the access log: every refusal, and every allowed access
    /// to a person's data (`child`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn decide(
        &mut self,
        facts: &Facts,
        action: Action,
        child: Option<PersonId>,
        school: Option<SchoolId>,
        kind: &'static str,
        write: bool,
    ) -> Result<()> {
        let decision = decide_action(facts, action);
        if decision.is_err() || child.is_some() {
            self.note(
                child,
                school,
                kind,
                write,
                acting_as(facts),
                decision.is_ok(),
            );
        }
        decision
    }

    /// Decides an action on a whole class (its roster, its attendance,
    /// its report cards) from the actor's standing at the class's school
    /// and whether they are its class teacher; refusals are logged.
    /// Returns the facts decided on.
    pub(crate) fn decide_class(
        &mut self,
        cl: &crate::model::Class,
        action: Action,
        kind: &'static str,
    ) -> Result<Facts> {
        let mut f = self.standing.facts_for(Some(cl.school));
        f.class_teacher = self.actor.is_some_and(|me| cl.class_teacher == Some(me));
        self.decide(&f, action, None, Some(cl.school), kind, false)?;
        Ok(f)
    }

    /// Decides an installation-wide action (settings, backups, the change
    /// feed's retention): the operator's only; refusals are logged.
    pub(crate) fn decide_installation(&mut self, kind: &'static str, write: bool) -> Result<()> {
        let facts = Facts {
            operator: self.standing.operator,
            ..Facts::default()
        };
        self.decide(
            &facts,
            Action::ConfigureInstallation,
            None,
            None,
            kind,
            write,
        )
    }

    /// Decides a structure action on `school` from the actor's standing;
    /// refusals are logged.
    pub(crate) fn decide_school(
        &mut self,
        school: SchoolId,
        action: StructureAction,
        kind: &'static str,
        write: bool,
    ) -> Result<()> {
        let facts = self.school_facts(school);
        let action = match action {
            StructureAction::CreateSchool => Action::CreateSchool,
            StructureAction::ManagePeople => Action::ManagePeople,
            StructureAction::ManageStructure => Action::ManageStructure,
            StructureAction::ReadStructure => Action::ReadStructure,
            StructureAction::ReadPeople => Action::ReadPeople,
        };
        self.decide(&facts, action, None, Some(school), kind, write)
    }

    /// As [`Placement::decide_school`], for a change to one person's data
    /// (an enrolment, a guardianship): logged under that person.
    pub(crate) fn decide_school_for(
        &mut self,
        school: SchoolId,
        action: Action,
        person: PersonId,
        kind: &'static str,
    ) -> Result<()> {
        let facts = self.school_facts(school);
        let decision = decide_action(&facts, action);
        if decision.is_err() {
            self.note(
                Some(person),
                Some(school),
                kind,
                true,
                acting_as(&facts),
                false,
            );
        }
        decision
    }

    /// A year of a student's classes, for a call about the student: the
    /// student must be known to the actor, and a year the student was
    /// never in is "not found" like a missing one.
    pub(crate) fn year_of_student(
        &mut self,
        student: PersonId,
        year: YearId,
        kind: &'static str,
        write: bool,
    ) -> Result<AcademicYear> {
        self.known_person(student, kind, write)?;
        let y = storage::year(self.c, year)?;
        let theirs = storage::enrolments_of_student(self.c, student)?
            .iter()
            .any(|e| e.year == year);
        if !theirs {
            return Err(Error::not_found("academic year", year.0));
        }
        Ok(y)
    }

    /// A mark the actor knows: of a school they know, or of a child they
    /// are related to.
    pub(crate) fn known_mark(
        &mut self,
        id: MarkId,
        kind: &'static str,
        write: bool,
    ) -> Result<(Mark, crate::ids::ScaleId)> {
        positive("mark", id.0)?;
        let (m, scale) = storage::mark(self.c, id)?;
        let school = storage::class(self.c, m.class)?.school;
        let mut facts = self.school_facts(school);
        if conceals(&facts) {
            facts = self.person_scope_facts(m.student)?;
        }
        self.hide(
            &facts,
            Named::new("mark", id.0),
            Some(m.student),
            Some(school),
            kind,
            write,
        )?;
        Ok((m, scale))
    }
}

/// Reports a "not found" of an object reached through the one named (the
/// class of a homework, the school of a notice) as the named one's.
pub(crate) fn as_named(entity: &'static str, id: i64) -> impl FnOnce(Error) -> Error {
    move |e| match e {
        Error::NotFound { .. } => Error::not_found(entity, id),
        other => other,
    }
}

/// A subject of `school` named as argument `field`: a missing subject and
/// another school's give the same answer.
pub(crate) fn subject_of(
    c: Db<'_>,
    school: SchoolId,
    id: SubjectId,
    field: &str,
) -> Result<Subject> {
    match storage::subject(c, id) {
        Ok(s) if s.school == school => Ok(s),
        Ok(_) | Err(Error::NotFound { .. }) => Err(Error::invalid(
            field,
            format!("subject {id} is not a subject of this school"),
        )),
        Err(e) => Err(e),
    }
}

/// A group of `class` named as argument `field`: a missing group and
/// another class's give the same answer.
pub(crate) fn group_of(c: Db<'_>, class: ClassId, id: GroupId, field: &str) -> Result<Group> {
    match storage::group(c, id) {
        Ok(g) if g.class == class => Ok(g),
        Ok(_) | Err(Error::NotFound { .. }) => Err(Error::invalid(
            field,
            format!("group {id} is not a group of this class"),
        )),
        Err(e) => Err(e),
    }
}
