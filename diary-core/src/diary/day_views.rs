//! Who has which lesson when: a class's day, a teacher's week, a room's day.

use super::lessons_of_day::Days;
use super::placement::Placement;
use super::timetable::MAX_ROOM_CHARS;
use super::Diary;
use crate::access::StructureAction::ReadStructure;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ClassId, PersonId, SchoolId};
use crate::model::Lesson;
use crate::schedule;
use crate::storage::{self, timetable as tt};
use crate::text;
use time::{Date, Duration};

/// A teacher's timetable is for the teacher and members of their school.
pub(crate) fn check_teacher_view(
    p: &mut Placement<'_>,
    actor: &Actor,
    teacher: PersonId,
) -> Result<()> {
    p.known_person(teacher, "timetable", false)?;
    let st = p.standing.clone();
    let schools = storage::member_schools_of_person(p.c, teacher)?;
    let member = schools.iter().any(|s| st.facts_for(Some(*s)).member);
    if actor.person() == Some(teacher) || member {
        Ok(())
    } else {
        p.note(
            None,
            schools.first().copied(),
            "timetable",
            false,
            "unrelated",
            false,
        );
        Err(Error::not_found("person", teacher.0))
    }
}

impl Diary {
    /// A class's lessons on a date (members of its school).
    pub fn class_day(&self, actor: &Actor, class: ClassId, date: Date) -> Result<Vec<Lesson>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            let cl = p.known_class(class, "structure", false)?;
            p.decide_school(cl.school, ReadStructure, "structure", false)?;
            Days::new(c).lessons(cl.id, date)
        })
    }

    /// A teacher's lessons in the week starting `monday` (the teacher and
    /// members of their school), including substitutions they take.
    pub fn teacher_week(
        &self,
        actor: &Actor,
        teacher: PersonId,
        monday: Date,
    ) -> Result<Vec<Lesson>> {
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            check_teacher_view(p, actor, teacher)?;
            Days::over(c, monday, monday + Duration::days(6)).teacher_lessons(
                teacher,
                monday,
                monday + Duration::days(6),
            )
        })
    }

    /// The lessons held in a room on a date (members of the school).
    pub fn room_day(
        &self,
        actor: &Actor,
        school: SchoolId,
        room: &str,
        date: Date,
    ) -> Result<Vec<Lesson>> {
        let room = text::required("room", room, MAX_ROOM_CHARS)?;
        self.read(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let _st = &*st_arc;
            p.known_school(school, "structure", false)?;
            p.decide_school(school, ReadStructure, "structure", false)?;
            let mut days = Days::new(c);
            let mut out = Vec::new();
            for class in tt::classes_with(c, school, None, Some(&room))? {
                out.extend(days.lessons(class, date)?.into_iter().filter(|l| {
                    l.room.as_deref() == Some(room.as_str()) && schedule::is_held(l.status)
                }));
            }
            out.sort_by_key(|l| (l.key.number, l.key.class));
            Ok(out)
        })
    }
}
