//! What a family may see of the school (issue 17): a child's directory —
//! the child's class, its class teacher, the subjects the child is taught
//! with their teachers, and the school's admins as contacts — names and
//! roles only, nothing else of staff. For the child, its guardians, and
//! the school's staff who teach or lead the class or administer the
//! school; not for trusted persons (their grant is the child's diary and
//! visits and meals, not the staff list).

use super::student_day::authorize_child;
use super::Diary;
use crate::access::Action;
use crate::actor::Actor;
use crate::error::Result;
use crate::ids::{PersonId, SubjectId};
use crate::model::{ChildDirectory, DirectorySubject, StaffName, StaffRole};
use crate::storage;
use crate::storage::Db;
use std::collections::BTreeMap;

const KIND: &str = "directory";

/// "Petrova A. V." of a person.
pub(super) fn display_name(c: Db<'_>, id: PersonId, role: StaffRole) -> Result<StaffName> {
    let p = storage::person(c, id)?;
    let initial = |s: &str| {
        s.chars()
            .next()
            .map(|ch| format!(" {ch}."))
            .unwrap_or_default()
    };
    let mut name = p.surname.clone();
    name.push_str(&initial(&p.first_name));
    if let Some(pat) = &p.patronymic {
        name.push_str(&initial(pat));
    }
    Ok(StaffName {
        person: id,
        display_name: name,
        role,
    })
}

impl Diary {
    /// A child's directory on `date`'s class (or the child's latest): the
    /// class and year, the class teacher, each subject the child is taught
    /// (the whole class's and the child's groups') with its teachers, and
    /// the school's admins — display names and roles only.
    pub fn child_directory(&self, actor: &Actor, child: PersonId) -> Result<ChildDirectory> {
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            let class = super::attendance::any_class(p, child, today, KIND, false)?;
            authorize_child(
                p,
                child,
                &class,
                KIND,
                Action::ReadFamilyDirectory,
                false,
                super::placement::SCHOOL_DAY,
            )?;
            let c = p.c;
            let school = storage::school(c, class.school)?;
            let year = storage::year(c, class.year)?;
            let groups: Vec<_> = storage::groups(c, class.id)?
                .into_iter()
                .filter(|g| {
                    storage::group_members(c, g.id)
                        .map(|m| m.contains(&child))
                        .unwrap_or(false)
                })
                .map(|g| g.id)
                .collect();
            let mut subjects: BTreeMap<SubjectId, Vec<PersonId>> = BTreeMap::new();
            for a in storage::assignments(c, class.year)? {
                if a.class == class.id && a.group.is_none_or(|g| groups.contains(&g)) {
                    let t = subjects.entry(a.subject).or_default();
                    if !t.contains(&a.teacher) {
                        t.push(a.teacher);
                    }
                }
            }
            let mut out_subjects = Vec::new();
            for (subject, teachers) in subjects {
                out_subjects.push(DirectorySubject {
                    subject,
                    name: storage::subject(c, subject)?.name,
                    teachers: teachers
                        .into_iter()
                        .map(|t| display_name(c, t, StaffRole::Teacher))
                        .collect::<Result<_>>()?,
                });
            }
            out_subjects.sort_by(|a, b| a.name.cmp(&b.name));
            let mut admins = Vec::new();
            for s in storage::staff(c, class.school)? {
                if s.role == StaffRole::Admin
                    && !admins.iter().any(|a: &StaffName| a.person == s.person)
                {
                    admins.push(display_name(c, s.person, StaffRole::Admin)?);
                }
            }
            Ok(ChildDirectory {
                child,
                school: class.school,
                school_name: school.name,
                class: class.id,
                class_name: class.name(),
                year_label: year.label,
                class_teacher: class
                    .class_teacher
                    .map(|t| display_name(c, t, StaffRole::Teacher))
                    .transpose()?,
                subjects: out_subjects,
                admins,
            })
        })
    }
}
