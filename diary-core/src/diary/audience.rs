//! Audiences shared by announcements and meetings: who an audience entry
//! (the school, a class, a group, a person; everyone, students, parents or
//! staff) reaches on a day, who may address it, and the logged decision.

use super::placement::Placement;
use crate::access::{acting_as, decide_action, Action, Facts};
use crate::error::{Error, Result};
use crate::ids::{ClassId, GroupId, PersonId, SchoolId};
use crate::model::{Audience, AudienceRole, AudienceScope, Service};
use crate::storage::announcements::{self as store, Contexts, Place};

/// Most entries in one audience.
pub(super) const MAX_AUDIENCE: usize = 100;

/// Whether a person with relations `ctx` today is addressed by any entry of
/// `audience` (of `school`); `child` limits a parent's view to one child.
pub(super) fn reaches(
    audience: &[Audience],
    school: SchoolId,
    ctx: &Contexts,
    me: PersonId,
    child: Option<PersonId>,
) -> bool {
    audience
        .iter()
        .any(|e| addressed(e, school, ctx, me, child))
}

/// Whether `ctx` (a person's relations today) is addressed by `entry`;
/// `child` limits a parent's view to one child's places.
fn addressed(
    entry: &Audience,
    school: SchoolId,
    ctx: &Contexts,
    me: PersonId,
    child: Option<PersonId>,
) -> bool {
    let students: Vec<&Place> = if child.is_some() {
        Vec::new()
    } else {
        ctx.as_student.iter().collect()
    };
    let parents: Vec<&Place> = ctx
        .as_parent
        .iter()
        .filter(|(c, _)| child.is_none_or(|x| x == *c))
        .map(|(_, p)| p)
        .collect();
    let staff = child.is_none();
    let role = entry.role;
    let wants = |r: AudienceRole| role == AudienceRole::Everyone || role == r;
    let id = entry.id.unwrap_or(0);
    match entry.scope {
        AudienceScope::School => {
            (wants(AudienceRole::Staff) && staff && ctx.staff_schools.contains(&school))
                || (wants(AudienceRole::Students) && students.iter().any(|p| p.school == school))
                || (wants(AudienceRole::Parents) && parents.iter().any(|p| p.school == school))
        }
        AudienceScope::Class => {
            let class = ClassId(id);
            (wants(AudienceRole::Staff) && staff && ctx.taught_classes.contains(&class))
                || (wants(AudienceRole::Students) && students.iter().any(|p| p.class == class))
                || (wants(AudienceRole::Parents) && parents.iter().any(|p| p.class == class))
        }
        AudienceScope::Group => {
            let group = GroupId(id);
            (wants(AudienceRole::Staff) && staff && ctx.taught_groups.contains(&group))
                || (wants(AudienceRole::Students)
                    && students.iter().any(|p| p.groups.contains(&group)))
                || (wants(AudienceRole::Parents)
                    && parents.iter().any(|p| p.groups.contains(&group)))
        }
        AudienceScope::Person => child.is_none() && id == me.0,
    }
}

/// Checks an audience's entries: 1 to 100, the school scope without an id,
/// every other scope with a valid one.
pub(super) fn check_entries(audience: &[Audience]) -> Result<()> {
    if audience.is_empty() || audience.len() > MAX_AUDIENCE {
        return Err(Error::invalid(
            "audience",
            format!("give 1 to {MAX_AUDIENCE} entries"),
        ));
    }
    for (i, e) in audience.iter().enumerate() {
        match (e.scope, e.id) {
            (AudienceScope::School, Some(_)) => {
                return Err(Error::invalid(
                    format!("audience[{i}].id"),
                    "the school scope takes no id",
                ))
            }
            (AudienceScope::School, None) => {}
            (_, None) => {
                return Err(Error::invalid(
                    format!("audience[{i}].id"),
                    "give the class, group or person",
                ))
            }
            (_, Some(id)) => crate::limits::id(&format!("audience[{i}].id"), id).map(drop)?,
        }
    }
    Ok(())
}

/// Decides `action` through the policy and logs the decision under `kind`.
pub(super) fn decided(
    p: &mut Placement<'_>,
    kind: &'static str,
    facts: &Facts,
    action: Action,
    child: Option<PersonId>,
    school: Option<SchoolId>,
    write: bool,
) -> Result<()> {
    let decision = decide_action(facts, action);
    p.note(
        child,
        school,
        kind,
        write,
        acting_as(facts),
        decision.is_ok(),
    );
    decision
}

/// The actor's facts towards one audience entry: admin of the school; for
/// a class, group or a person of a class, its class teacher or one of its
/// subject teachers (a class's staff: the class teacher only). An id of
/// another school reads as not found.
pub(super) fn publish_facts(
    p: &mut Placement<'_>,
    school: SchoolId,
    entry: &Audience,
    me: PersonId,
    i: usize,
) -> Result<Facts> {
    let mut facts = p.standing.facts_for(Some(school));
    let field = format!("audience[{i}].id");
    let class = match (entry.scope, entry.id) {
        (AudienceScope::School, _) => {
            // The whole school: admins only (teachers have no class here).
            return Ok(facts);
        }
        (AudienceScope::Class, Some(id)) => {
            let class = ClassId(id);
            if store::class_school(p.c, class)? != Some(school) {
                return Err(Error::invalid(
                    field,
                    format!("class {id} is not a class of this school"),
                ));
            }
            Some(class)
        }
        (AudienceScope::Group, Some(id)) => {
            let class = store::group_class(p.c, GroupId(id))?;
            match class {
                Some(c) if store::class_school(p.c, c)? == Some(school) => Some(c),
                _ => {
                    return Err(Error::invalid(
                        field,
                        format!("group {id} is not a group of this school"),
                    ))
                }
            }
        }
        (AudienceScope::Person, Some(id)) => {
            let person = PersonId(id);
            let today = p.now.date();
            let ctx = store::contexts(p.c, person, today)?;
            let places: Vec<ClassId> = ctx
                .as_student
                .iter()
                .chain(ctx.as_parent.iter().map(|(_, pl)| pl))
                .filter(|pl| pl.school == school)
                .map(|pl| pl.class)
                .collect();
            if places.is_empty() && !ctx.staff_schools.contains(&school) {
                return Err(Error::invalid(
                    field,
                    format!("person {id} is not of this school"),
                ));
            }
            // A teacher may address the students and parents of a class
            // they teach or lead.
            for class in places {
                let (teaches, leads) = relation_to_class(p, me, class)?;
                facts.teaches |= teaches;
                facts.class_teacher |= leads;
            }
            return Ok(facts);
        }
        _ => None,
    };
    if let Some(class) = class {
        let (teaches, leads) = relation_to_class(p, me, class)?;
        facts.class_teacher = leads;
        // A class's staff are addressed by its class teacher and admins.
        facts.teaches = teaches && entry.role != AudienceRole::Staff;
    }
    Ok(facts)
}

/// Whether `me` teaches any subject in `class`, and whether they lead it.
fn relation_to_class(p: &mut Placement<'_>, me: PersonId, class: ClassId) -> Result<(bool, bool)> {
    let leads = p.class(class)?.class_teacher == Some(me);
    let teaches = crate::storage::teaches_class(p.c, me, class)?;
    Ok((teaches, leads))
}

/// A person's own view (or a guardian's view through `child`): decides
/// `action` for the actor (the person themselves; with `child`, its
/// guardian), logs it, and answers "not found" to anyone else; returns the
/// person's relations on `day` and the schools they reach.
pub(super) fn own_view(
    p: &mut Placement<'_>,
    me: Option<PersonId>,
    person: PersonId,
    child: Option<PersonId>,
    day: time::Date,
    kind: &'static str,
    action: Action,
) -> Result<(Contexts, Vec<SchoolId>)> {
    let mut ctx = store::contexts(p.c, person, day)?;
    let guardian = child.is_some_and(|c| ctx.as_parent.iter().any(|(x, _)| *x == c));
    // A trusted person granted announcements sees what reaches the
    // child's family.
    let mut trusted = false;
    if let (Some(c), false, true) = (child, guardian, me == Some(person)) {
        if p.trusted_window(c, &[Service::Announcements])?.is_some() {
            trusted = true;
            if let Some(place) = store::place_of(p.c, c, day)? {
                ctx.as_parent.push((c, place));
            }
        }
    }
    let facts = Facts {
        student: me == Some(person) && child.is_none_or(|_| guardian),
        guardian: me == Some(person) && guardian,
        trusted,
        member: me == Some(person),
        ..Facts::default()
    };
    let school = ctx.as_parent.first().map(|(_, pl)| pl.school);
    let decision = decided(p, kind, &facts, action, child, school, false);
    if decision.is_err() && (crate::access::conceals(&facts) || child.is_some()) {
        return Err(Error::not_found("person", child.unwrap_or(person).0));
    }
    decision?;
    let mut schools: Vec<SchoolId> = ctx.staff_schools.iter().copied().collect();
    schools.extend(ctx.as_student.iter().map(|pl| pl.school));
    schools.extend(ctx.as_parent.iter().map(|(_, pl)| pl.school));
    schools.sort();
    schools.dedup();
    Ok((ctx, schools))
}

/// Everyone `audience` (of `school`) reaches on `day`.
pub(super) fn recipients(
    p: &Placement<'_>,
    audience: &[Audience],
    school: SchoolId,
    day: time::Date,
) -> Result<Vec<PersonId>> {
    let mut out = Vec::new();
    for person in store::candidates(p.c, audience, school, day)? {
        if reaches(
            audience,
            school,
            &store::contexts(p.c, person, day)?,
            person,
            None,
        ) {
            out.push(person);
        }
    }
    Ok(out)
}
