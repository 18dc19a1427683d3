//! Who has which lesson when: a class's day, a teacher's week, a room's day.

use super::lessons_of_day::lessons_of;
use super::timetable::{read_school, MAX_ROOM_CHARS};
use super::Diary;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ClassId, PersonId, SchoolId};
use crate::model::Lesson;
use crate::schedule;
use crate::storage::{self, timetable as tt};
use crate::text;
use time::{Date, Duration};

impl Diary {
    /// A class's lessons on a date (members of its school).
    pub fn class_day(&self, actor: &Actor, class: ClassId, date: Date) -> Result<Vec<Lesson>> {
        self.read(actor, |c, st| {
            let cl = storage::class(c, class)?;
            read_school(st, cl.school)?;
            lessons_of(c, &cl, date)
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
        self.read(actor, |c, st| {
            storage::person(c, teacher)?;
            let schools = storage::schools_of_person(c, teacher)?;
            let me = actor.person() == Some(teacher);
            if !me && !schools.iter().any(|s| st.facts_for(Some(*s)).member) {
                return Err(Error::denied("not a member of this teacher's school"));
            }
            let mut out = Vec::new();
            for school in schools {
                for class in tt::classes_with(c, school, Some(teacher), None)? {
                    let cl = storage::class(c, class)?;
                    for d in 0..7 {
                        let date = monday + Duration::days(d);
                        out.extend(lessons_of(c, &cl, date)?.into_iter().filter(|l| {
                            l.teacher == teacher
                                || l.was.as_ref().is_some_and(|w| w.teacher == teacher)
                        }));
                    }
                }
            }
            out.sort_by_key(|l| (l.key.date, l.key.number, l.key.class));
            Ok(out)
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
        self.read(actor, |c, st| {
            storage::school(c, school)?;
            read_school(st, school)?;
            let mut out = Vec::new();
            for class in tt::classes_with(c, school, None, Some(&room))? {
                let cl = storage::class(c, class)?;
                out.extend(lessons_of(c, &cl, date)?.into_iter().filter(|l| {
                    l.room.as_deref() == Some(room.as_str()) && schedule::is_held(l.status)
                }));
            }
            out.sort_by_key(|l| (l.key.number, l.key.class));
            Ok(out)
        })
    }
}
