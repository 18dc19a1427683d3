//! OneRoster 1.2 CSV export and import (issue 18) — the file sets school
//! information systems exchange; mapping and format in
//! [`crate::oneroster`] and docs/integration.md.

use super::placement::Placement;
use super::Diary;
use crate::access::Action;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::SchoolId;
use crate::oneroster::export::{self, SchoolData, Snapshot};
use crate::storage;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

const KIND: &str = "oneroster";

/// Reads one school's data for an export.
fn school_data(p: &mut Placement<'_>, school: SchoolId) -> Result<SchoolData> {
    let c = p.c;
    let years = storage::years(c, school)?
        .into_iter()
        .map(|y| Ok((y.clone(), storage::periods(c, y.id)?)))
        .collect::<Result<Vec<_>>>()?;
    let mut classes = Vec::new();
    let mut assignments = Vec::new();
    for (y, _) in &years {
        for k in storage::classes(c, y.id)? {
            let groups = storage::groups(c, k.id)?
                .into_iter()
                .map(|g| Ok((g.clone(), storage::group_members(c, g.id)?)))
                .collect::<Result<Vec<_>>>()?;
            classes.push((k, groups));
        }
        assignments.extend(storage::assignments(c, y.id)?);
    }
    Ok(SchoolData {
        school: storage::school(c, school)?,
        years,
        subjects: storage::subjects(c, school)?,
        classes,
        assignments,
        staff: storage::staff(c, school)?,
        enrolments: storage::enrolments_of_school(c, school)?,
        work_kinds: storage::work_kinds(c, school)?,
        scales: storage::scales_for(c, school)?,
        marks: storage::marks_of_school(c, school)?,
    })
}

impl Diary {
    /// A school's roster and gradebook as a OneRoster 1.2 CSV file set
    /// (file name → CSV text, with `manifest.csv`), every file in bulk:
    /// its years and periods, subjects, classes and the sections taught in
    /// them, students, staff and guardians with their roles and birth
    /// dates, enrolments, kinds of work, marks and scales. `school` `None`
    /// exports every school (the operator). For the school's admins and
    /// the operator; each child's data read is logged.
    pub fn export_oneroster(
        &self,
        actor: &Actor,
        school: Option<SchoolId>,
    ) -> Result<BTreeMap<String, String>> {
        self.read_marks(actor, |p| {
            let c = p.c;
            let schools = match school {
                Some(s) => {
                    p.known_school(s, KIND, false)?;
                    let f = p.standing.facts_for(Some(s));
                    p.decide(&f, Action::ExportRoster, None, Some(s), KIND, false)?;
                    vec![s]
                }
                None => {
                    let f = p.standing.facts_for(None);
                    let f = crate::access::Facts { admin: false, ..f };
                    p.decide(&f, Action::ExportRoster, None, None, KIND, false)?;
                    storage::all_schools(c)?.into_iter().map(|s| s.id).collect()
                }
            };
            let mut data = Vec::new();
            for s in schools {
                data.push(school_data(p, s)?);
            }
            let mut ids: BTreeSet<crate::ids::PersonId> = BTreeSet::new();
            for sd in &data {
                ids.extend(sd.enrolments.iter().map(|e| e.student));
                ids.extend(sd.staff.iter().map(|s| s.person));
                ids.extend(sd.classes.iter().filter_map(|(k, _)| k.class_teacher));
                ids.extend(sd.assignments.iter().map(|a| a.teacher));
            }
            let mut guardianships = Vec::new();
            let students: Vec<_> = data
                .iter()
                .flat_map(|sd| sd.enrolments.iter().map(|e| (e.student, sd.school.id)))
                .collect();
            let facts = p.standing.facts_for(None);
            let mut seen = BTreeSet::new();
            for (student, school) in students {
                if seen.insert(student) {
                    for g in storage::guardians_of(c, student)? {
                        ids.insert(g.guardian);
                        guardianships.push(g);
                    }
                }
                p.note(
                    Some(student),
                    Some(school),
                    KIND,
                    false,
                    if facts.operator {
                        "operator"
                    } else {
                        "school_admin"
                    },
                    true,
                );
            }
            let mut people = BTreeMap::new();
            let mut logins = HashMap::new();
            for id in ids {
                people.insert(id, storage::person(c, id)?);
                if let Some(a) = storage::accounts::by_person(c, id)? {
                    logins.insert(id, a.login);
                }
            }
            let snapshot = Snapshot {
                schools: data,
                people,
                guardianships,
                logins,
                ids: storage::oneroster::ids(c)?,
            };
            Ok(export::files(&snapshot, "diary"))
        })
    }

    /// Writes [`Diary::export_oneroster`]'s files into `dir` (created if
    /// missing; files of the same names are replaced) and returns their
    /// names.
    pub fn export_oneroster_to_dir(
        &self,
        actor: &Actor,
        school: Option<SchoolId>,
        dir: &Path,
    ) -> Result<Vec<String>> {
        let files = self.export_oneroster(actor, school)?;
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::invalid("dir", format!("cannot create {}: {e}", dir.display())))?;
        for (name, text) in &files {
            std::fs::write(dir.join(name), text)
                .map_err(|e| Error::invalid("dir", format!("cannot write {name}: {e}")))?;
        }
        Ok(files.into_keys().collect())
    }
}
