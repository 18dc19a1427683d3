//! Writing a OneRoster 1.2 CSV file set from a snapshot of the diary's
//! schools. Column lists are this module's own (not `spec`'s): the checker
//! reads the result against the binding's tables.
//!
//! How the diary maps onto OneRoster:
//! - a school is an org of type `school`;
//! - an academic year is an academicSession `schoolYear`, a period a
//!   `semester` (semesters) or `term` (quarters, trimesters) under it;
//! - a subject is a course; each school also has a "homeroom" course;
//! - a class (5A) is a `homeroom` class; each subject taught to it (or to
//!   one of its groups) is a `scheduled` class, a section;
//! - students, staff and guardians are users with roles in their schools
//!   (student, teacher, siteAdministrator, parent/guardian/relative);
//!   guardians and children are each other's agents;
//! - a class enrolment is an enrollment in the homeroom, and in each of its
//!   sections; teachers are enrolled in their sections, the class teacher
//!   in the homeroom;
//! - kinds of work are categories; marks given on one day in one section,
//!   kind and scale form a line item, each mark a result (`textScore` the
//!   label, `score` its value); each scale used in a section is a score
//!   scale.
//!
//! What OneRoster has no column for goes to `metadata.*` columns (the
//! binding's extension point): `metadata.ru.snils`, the guardians'
//! relations and legal representation, a period's kind, a class's letter,
//! a section's group, a mark's kind of entry, weight and maximum.

use crate::csv::Csv;
use crate::grading::{Scale, ScaleKind};
use crate::ids::{ClassId, GroupId, PersonId, ScaleId, SchoolId, SubjectId};
use crate::model::{
    AcademicYear, Class, Enrolment, EntryKind, Group, Guardianship, Mark, Period, PeriodKind,
    Person, Relation, School, StaffMember, StaffRole, Subject, TeachingAssignment, WorkKind,
};
use crate::snils::Snils;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A class with its groups and each group's members.
pub(crate) type ClassWithGroups = (Class, Vec<(Group, Vec<PersonId>)>);

/// One school's data, as read in one snapshot.
#[derive(Debug, Clone)]
pub(crate) struct SchoolData {
    pub school: School,
    pub years: Vec<(AcademicYear, Vec<Period>)>,
    pub subjects: Vec<Subject>,
    pub classes: Vec<ClassWithGroups>,
    pub assignments: Vec<TeachingAssignment>,
    pub staff: Vec<StaffMember>,
    pub enrolments: Vec<Enrolment>,
    pub work_kinds: Vec<WorkKind>,
    pub scales: HashMap<ScaleId, Scale>,
    pub marks: Vec<(Mark, ScaleId)>,
}

/// Everything an export needs.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    pub schools: Vec<SchoolData>,
    pub people: BTreeMap<PersonId, Person>,
    pub guardianships: Vec<Guardianship>,
    pub logins: HashMap<PersonId, String>,
    /// Stored sourcedIds by (kind, local key).
    pub ids: HashMap<(String, String), String>,
}

/// A section: a class's subject, for the whole class (group 0) or a group.
pub(crate) type Section = (ClassId, Option<GroupId>, SubjectId);

/// The local key of a section.
pub(crate) fn section_key((class, group, subject): Section) -> String {
    format!("{}:{}:{}", class.0, group.map_or(0, |g| g.0), subject.0)
}

/// The CEDS grade code of a grade: `KG`, `01` … `12`.
pub(crate) fn grade_code(grade: u8) -> String {
    if grade == 0 {
        "KG".into()
    } else {
        format!("{grade:02}")
    }
}

struct Ids<'a>(&'a HashMap<(String, String), String>);

impl Ids<'_> {
    fn get(&self, kind: &str, key: &str, default: impl FnOnce() -> String) -> String {
        self.0
            .get(&(kind.to_owned(), key.to_owned()))
            .cloned()
            .unwrap_or_else(default)
    }
    fn org(&self, s: SchoolId) -> String {
        self.get("org", &s.0.to_string(), || format!("school-{}", s.0))
    }
    fn user(&self, p: PersonId) -> String {
        self.get("user", &p.0.to_string(), || format!("person-{}", p.0))
    }
    fn homeroom(&self, k: ClassId) -> String {
        self.get("class", &format!("k{}", k.0), || format!("class-{}", k.0))
    }
    fn section(&self, s: Section) -> String {
        let key = section_key(s);
        self.get("class", &key, || {
            format!("section-{}", key.replace(':', "-"))
        })
    }
}

/// A list field, its items sorted (so that the same data gives the same
/// text whatever order it was stored in).
fn list(items: impl IntoIterator<Item = String>) -> String {
    let mut items: Vec<String> = items.into_iter().collect();
    items.sort();
    items.join(",")
}

fn decimal(v: crate::grading::Ratio) -> String {
    let s = v.to_decimal(2);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_owned()
    }
}

fn kind_of(p: PeriodKind) -> &'static str {
    match p {
        PeriodKind::Semester => "semester",
        PeriodKind::Quarter | PeriodKind::Trimester => "term",
    }
}

/// The section a mark belongs to: its student's group with a teacher for
/// the subject, else the whole class.
fn section_of(
    m: &Mark,
    groups: &HashMap<ClassId, Vec<(GroupId, Vec<PersonId>)>>,
    assigned: &BTreeSet<Section>,
) -> Section {
    let group = groups.get(&m.class).and_then(|gs| {
        gs.iter()
            .find(|(g, members)| {
                members.contains(&m.student) && assigned.contains(&(m.class, Some(*g), m.subject))
            })
            .map(|(g, _)| *g)
    });
    (m.class, group, m.subject)
}

/// The file set (names → CSV text), with the manifest.
pub(crate) fn files(s: &Snapshot, system_name: &str) -> BTreeMap<String, String> {
    let ids = Ids(&s.ids);
    let mut out = BTreeMap::new();
    let mut orgs = Csv::interchange();
    orgs.row([
        "sourcedId",
        "status",
        "dateLastModified",
        "name",
        "type",
        "identifier",
        "parentSourcedId",
        "metadata.diary.region",
        "metadata.diary.timeZone",
    ]);
    let mut sessions = Csv::interchange();
    sessions.row([
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "type",
        "startDate",
        "endDate",
        "parentSourcedId",
        "schoolYear",
        "metadata.diary.periodKind",
        "metadata.diary.orgSourcedId",
    ]);
    // A session another system shares between schools (one sourcedId for
    // a year in each) is written once, with no school named.
    let mut session_rows: Vec<[String; 11]> = Vec::new();
    let mut courses = Csv::interchange();
    courses.row([
        "sourcedId",
        "status",
        "dateLastModified",
        "schoolYearSourcedId",
        "title",
        "courseCode",
        "grades",
        "orgSourcedId",
        "subjects",
        "subjectCodes",
    ]);
    let mut classes = Csv::interchange();
    classes.row([
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "grades",
        "courseSourcedId",
        "classCode",
        "classType",
        "location",
        "schoolSourcedId",
        "termSourcedIds",
        "subjects",
        "subjectCodes",
        "periods",
        "metadata.diary.letter",
        "metadata.diary.homeroomSourcedId",
        "metadata.diary.group",
    ]);
    let mut enrollments = Csv::interchange();
    enrollments.row([
        "sourcedId",
        "status",
        "dateLastModified",
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
        "primary",
        "beginDate",
        "endDate",
    ]);
    let mut roles = Csv::interchange();
    roles.row([
        "sourcedId",
        "status",
        "dateLastModified",
        "userSourcedId",
        "roleType",
        "role",
        "beginDate",
        "endDate",
        "orgSourcedId",
        "userProfileSourcedId",
    ]);
    let mut categories = Csv::interchange();
    categories.row(["sourcedId", "status", "dateLastModified", "title", "weight"]);
    let mut line_items = Csv::interchange();
    line_items.row([
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "description",
        "assignDate",
        "dueDate",
        "classSourcedId",
        "categorySourcedId",
        "academicSessionSourcedId",
        "resultValueMin",
        "resultValueMax",
        "schoolSourcedId",
        "metadata.diary.scale",
    ]);
    let mut results = Csv::interchange();
    results.row([
        "sourcedId",
        "status",
        "dateLastModified",
        "lineItemSourcedId",
        "studentSourcedId",
        "scoreStatus",
        "score",
        "scoreDate",
        "comment",
        "textScore",
        "classSourcedId",
        "inProgress",
        "incomplete",
        "late",
        "missing",
        "metadata.diary.entry",
        "metadata.diary.weight",
        "metadata.diary.outOf",
        "metadata.diary.counting",
    ]);
    let mut scales_out = Csv::interchange();
    scales_out.row([
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "type",
        "orgSourcedId",
        "courseSourcedId",
        "classSourcedId",
        "scoreScaleValue",
    ]);

    // Who appears, and each user's roles in order (the first is primary).
    let mut user_roles: BTreeMap<PersonId, Vec<(SchoolId, &'static str)>> = BTreeMap::new();
    let mut add_role = |p: PersonId, school: SchoolId, role: &'static str| {
        let r = user_roles.entry(p).or_default();
        if !r.contains(&(school, role)) {
            r.push((school, role));
        }
    };
    for sd in &s.schools {
        let sid = sd.school.id;
        let org = ids.org(sid);
        orgs.row([
            org.clone(),
            String::new(),
            String::new(),
            sd.school.name.clone(),
            "school".into(),
            String::new(),
            String::new(),
            sd.school.region.clone(),
            sd.school.time_zone.clone(),
        ]);
        for (y, periods) in &sd.years {
            let year_id = ids.get("academicSession", &format!("y{}", y.id.0), || {
                format!("year-{}", y.id.0)
            });
            let school_year = y.end.year().to_string();
            session_rows.push([
                year_id.clone(),
                String::new(),
                String::new(),
                y.label.clone(),
                "schoolYear".into(),
                y.start.to_string(),
                y.end.to_string(),
                String::new(),
                school_year.clone(),
                String::new(),
                org.clone(),
            ]);
            for p in periods {
                let pid = ids.get("academicSession", &format!("p{}", p.id.0), || {
                    format!("period-{}", p.id.0)
                });
                session_rows.push([
                    pid,
                    String::new(),
                    String::new(),
                    p.name.clone(),
                    kind_of(p.kind).into(),
                    p.start.to_string(),
                    p.end.to_string(),
                    year_id.clone(),
                    school_year.clone(),
                    p.kind.as_str().into(),
                    org.clone(),
                ]);
            }
        }
        let homeroom_course = ids.get("course", &format!("h{}", sid.0), || {
            format!("homeroom-{}", sid.0)
        });
        courses.row([
            homeroom_course.clone(),
            String::new(),
            String::new(),
            String::new(),
            "Классный коллектив".into(),
            String::new(),
            String::new(),
            org.clone(),
            String::new(),
            String::new(),
        ]);
        let mut course_of: HashMap<SubjectId, String> = HashMap::new();
        for subj in &sd.subjects {
            let cid = ids.get("course", &format!("s{}", subj.id.0), || {
                format!("subject-{}", subj.id.0)
            });
            courses.row([
                cid.clone(),
                String::new(),
                String::new(),
                String::new(),
                subj.name.clone(),
                String::new(),
                String::new(),
                org.clone(),
                subj.name.clone(),
                String::new(),
            ]);
            course_of.insert(subj.id, cid);
        }
        let subject_name: HashMap<SubjectId, &str> = sd
            .subjects
            .iter()
            .map(|x| (x.id, x.name.as_str()))
            .collect();
        let year_session = |year: crate::ids::YearId| {
            ids.get("academicSession", &format!("y{}", year.0), || {
                format!("year-{}", year.0)
            })
        };
        // Sections: every assignment's, and every (class, group, subject) with marks.
        let assigned: BTreeSet<Section> = sd
            .assignments
            .iter()
            .map(|a| (a.class, a.group, a.subject))
            .collect();
        let groups: HashMap<ClassId, Vec<(GroupId, Vec<PersonId>)>> = sd
            .classes
            .iter()
            .map(|(k, gs)| (k.id, gs.iter().map(|(g, m)| (g.id, m.clone())).collect()))
            .collect();
        let group_name: HashMap<GroupId, &str> = sd
            .classes
            .iter()
            .flat_map(|(_, gs)| gs.iter().map(|(g, _)| (g.id, g.name.as_str())))
            .collect();
        let mut sections: BTreeSet<Section> = assigned.clone();
        for (m, _) in &sd.marks {
            sections.insert(section_of(m, &groups, &assigned));
        }
        // Sections another system sent stay, teacher or not.
        for (kind, key) in s.ids.keys() {
            let parts: Vec<i64> = key.split(':').filter_map(|p| p.parse().ok()).collect();
            if let (true, [class, group, subject]) = (kind == "class", parts.as_slice()) {
                if groups.contains_key(&ClassId(*class)) {
                    sections.insert((
                        ClassId(*class),
                        (*group != 0).then_some(GroupId(*group)),
                        SubjectId(*subject),
                    ));
                }
            }
        }
        let class_of: HashMap<ClassId, &Class> =
            sd.classes.iter().map(|(k, _)| (k.id, k)).collect();
        for (k, _) in &sd.classes {
            let grade = grade_code(k.grade);
            classes.row([
                ids.homeroom(k.id),
                String::new(),
                String::new(),
                k.name(),
                grade,
                homeroom_course.clone(),
                String::new(),
                "homeroom".into(),
                String::new(),
                org.clone(),
                year_session(k.year),
                String::new(),
                String::new(),
                String::new(),
                k.letter.clone(),
                String::new(),
                String::new(),
            ]);
        }
        for sec in &sections {
            let (class, group, subject) = *sec;
            let Some(k) = class_of.get(&class) else {
                continue;
            };
            let sname = subject_name.get(&subject).copied().unwrap_or("?");
            let title = match group {
                Some(g) => format!(
                    "{} {} ({})",
                    k.name(),
                    sname,
                    group_name.get(&g).copied().unwrap_or("?")
                ),
                None => format!("{} {}", k.name(), sname),
            };
            classes.row([
                ids.section(*sec),
                String::new(),
                String::new(),
                title,
                grade_code(k.grade),
                course_of.get(&subject).cloned().unwrap_or_default(),
                String::new(),
                "scheduled".into(),
                String::new(),
                org.clone(),
                year_session(k.year),
                sname.to_owned(),
                String::new(),
                String::new(),
                String::new(),
                ids.homeroom(class),
                group
                    .and_then(|g| group_name.get(&g).map(|n| (*n).to_owned()))
                    .unwrap_or_default(),
            ]);
        }
        // Enrollments: students in homerooms and sections, teachers in sections.
        for e in &sd.enrolments {
            let Some(k) = class_of.get(&e.class) else {
                continue;
            };
            add_role(e.student, sid, "student");
            let begin = e.start.to_string();
            let end = e.end.map(|d| d.to_string()).unwrap_or_default();
            let user = ids.user(e.student);
            let eid = ids.get("enrollment", &format!("e{}", e.id.0), || {
                format!("enrolment-{}", e.id.0)
            });
            enrollments.row([
                eid,
                String::new(),
                String::new(),
                ids.homeroom(k.id),
                org.clone(),
                user.clone(),
                "student".into(),
                "false".into(),
                begin.clone(),
                end.clone(),
            ]);
            for sec in sections.iter().filter(|(c, _, _)| *c == k.id) {
                let in_group = match sec.1 {
                    None => true,
                    Some(g) => groups.get(&k.id).is_some_and(|gs| {
                        gs.iter()
                            .any(|(gid, m)| *gid == g && m.contains(&e.student))
                    }),
                };
                if in_group {
                    let key = format!("{}:e{}", section_key(*sec), e.id.0);
                    let eid = ids.get("enrollment", &key, || {
                        format!(
                            "enrolment-{}-{}",
                            e.id.0,
                            section_key(*sec).replace(':', "-")
                        )
                    });
                    enrollments.row([
                        eid,
                        String::new(),
                        String::new(),
                        ids.section(*sec),
                        org.clone(),
                        user.clone(),
                        "student".into(),
                        "false".into(),
                        begin.clone(),
                        end.clone(),
                    ]);
                }
            }
        }
        for (k, _) in &sd.classes {
            if let Some(t) = k.class_teacher {
                add_role(t, sid, "teacher");
                let key = format!("k{}:t{}", k.id.0, t.0);
                let eid = ids.get("enrollment", &key, || {
                    format!("class-teacher-{}-{}", k.id.0, t.0)
                });
                enrollments.row([
                    eid,
                    String::new(),
                    String::new(),
                    ids.homeroom(k.id),
                    org.clone(),
                    ids.user(t),
                    "teacher".into(),
                    "true".into(),
                    String::new(),
                    String::new(),
                ]);
            }
        }
        let mut teachers: BTreeMap<Section, BTreeSet<PersonId>> = BTreeMap::new();
        for a in &sd.assignments {
            teachers
                .entry((a.class, a.group, a.subject))
                .or_default()
                .insert(a.teacher);
        }
        for (sec, ts) in &teachers {
            for t in ts {
                add_role(*t, sid, "teacher");
                let key = format!("{}:t{}", section_key(*sec), t.0);
                let eid = ids.get("enrollment", &key, || {
                    format!("teacher-{}-{}", t.0, section_key(*sec).replace(':', "-"))
                });
                enrollments.row([
                    eid,
                    String::new(),
                    String::new(),
                    ids.section(*sec),
                    org.clone(),
                    ids.user(*t),
                    "teacher".into(),
                    "true".into(),
                    String::new(),
                    String::new(),
                ]);
            }
        }
        for st in &sd.staff {
            add_role(
                st.person,
                sid,
                match st.role {
                    StaffRole::Admin => "siteAdministrator",
                    StaffRole::Teacher => "teacher",
                },
            );
        }
        // Guardians of this school's students.
        let students: BTreeSet<PersonId> = sd.enrolments.iter().map(|e| e.student).collect();
        for g in s
            .guardianships
            .iter()
            .filter(|g| students.contains(&g.student))
        {
            add_role(
                g.guardian,
                sid,
                match g.relation {
                    Relation::Mother | Relation::Father => "parent",
                    Relation::LegalGuardian => "guardian",
                    Relation::Other => "relative",
                },
            );
        }
        // Gradebook.
        for wk in &sd.work_kinds {
            let cid = ids.get("category", &wk.id.0.to_string(), || {
                format!("kind-{}", wk.id.0)
            });
            categories.row([
                cid,
                String::new(),
                String::new(),
                wk.name.clone(),
                decimal(wk.default_weight),
            ]);
        }
        let period_session = |p: crate::ids::PeriodId| {
            ids.get("academicSession", &format!("p{}", p.0), || {
                format!("period-{}", p.0)
            })
        };
        let mut items: BTreeMap<(Section, time::Date, i64, i64), (String, crate::ids::PeriodId)> =
            BTreeMap::new();
        let mut scale_sections: BTreeSet<(Section, ScaleId)> = BTreeSet::new();
        for (m, scale) in &sd.marks {
            let sec = section_of(m, &groups, &assigned);
            let key = (sec, m.date, m.work_kind.0, scale.0);
            let local = format!(
                "{}:{}:{}:{}",
                section_key(sec),
                m.date,
                m.work_kind.0,
                scale.0
            );
            items.entry(key).or_insert_with(|| {
                (
                    ids.get("lineItem", &local, || {
                        format!("item-{}", local.replace(':', "-"))
                    }),
                    m.period,
                )
            });
            scale_sections.insert((sec, *scale));
        }
        let kind_name: HashMap<i64, &str> = sd
            .work_kinds
            .iter()
            .map(|w| (w.id.0, w.name.as_str()))
            .collect();
        for ((sec, date, kind, scale), (item_id, period)) in &items {
            let sc = sd.scales.get(&ScaleId(*scale));
            let (min, max) = sc.map_or((String::new(), String::new()), range_of);
            line_items.row([
                item_id.clone(),
                String::new(),
                String::new(),
                format!("{} {}", kind_name.get(kind).copied().unwrap_or("?"), date),
                String::new(),
                date.to_string(),
                date.to_string(),
                ids.section(*sec),
                ids.get("category", &kind.to_string(), || format!("kind-{kind}")),
                period_session(*period),
                min,
                max,
                org.clone(),
                sc.map(|x| x.code.clone()).unwrap_or_default(),
            ]);
        }
        for (m, scale) in &sd.marks {
            let sec = section_of(m, &groups, &assigned);
            let (item_id, _) = &items[&(sec, m.date, m.work_kind.0, scale.0)];
            let rid = ids.get("result", &m.id.0.to_string(), || format!("mark-{}", m.id.0));
            let grade = m.entry == EntryKind::Grade;
            results.row([
                rid,
                String::new(),
                String::new(),
                item_id.clone(),
                ids.user(m.student),
                match m.entry {
                    EntryKind::Grade => "fully graded",
                    EntryKind::Exempt => "exempt",
                    EntryKind::Absent | EntryKind::NotSubmitted => "not submitted",
                }
                .into(),
                if grade {
                    decimal(m.value)
                } else {
                    String::new()
                },
                m.date.to_string(),
                m.comment.clone().unwrap_or_default(),
                m.label.clone(),
                ids.section(sec),
                String::new(),
                String::new(),
                String::new(),
                if m.entry == EntryKind::NotSubmitted {
                    "true".into()
                } else {
                    String::new()
                },
                m.entry.as_str().into(),
                decimal(m.weight),
                m.out_of.map(decimal).unwrap_or_default(),
                m.counting.as_str().into(),
            ]);
        }
        for (sec, scale) in &scale_sections {
            let Some(sc) = sd.scales.get(scale) else {
                continue;
            };
            let key = format!("{}:{}", section_key(*sec), scale.0);
            let sid_ = ids.get("scoreScale", &key, || {
                format!("scale-{}", key.replace(':', "-"))
            });
            scales_out.row([
                sid_,
                String::new(),
                String::new(),
                sc.name.clone(),
                sc.code.clone(),
                org.clone(),
                course_of.get(&sec.2).cloned().unwrap_or_default(),
                ids.section(*sec),
                mappings(sc),
            ]);
        }
    }
    // Users, their roles and demographics.
    let mut users = Csv::interchange();
    users.row([
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
        "userMasterIdentifier",
        "resourceSourcedIds",
        "preferredGivenName",
        "preferredMiddleName",
        "preferredFamilyName",
        "primaryOrgSourcedId",
        "pronouns",
        "metadata.ru.snils",
        "metadata.diary.guardianOf",
        "metadata.ru.legalRepresentativeOf",
    ]);
    let mut demographics = Csv::interchange();
    demographics.row([
        "sourcedId",
        "status",
        "dateLastModified",
        "birthDate",
        "sex",
        "americanIndianOrAlaskaNative",
        "asian",
        "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander",
        "white",
        "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity",
        "countryOfBirthCode",
        "stateOfBirthAbbreviation",
        "cityOfBirth",
        "publicSchoolResidenceStatus",
    ]);
    for (pid, rs) in &user_roles {
        let Some(p) = s.people.get(pid) else { continue };
        let uid = ids.user(*pid);
        let links = |f: &dyn Fn(&Guardianship) -> Option<PersonId>| -> Vec<PersonId> {
            s.guardianships
                .iter()
                .filter_map(f)
                .filter(|x| user_roles.contains_key(x))
                .collect()
        };
        let agents: Vec<PersonId> = [
            links(&|g| (g.student == *pid).then_some(g.guardian)),
            links(&|g| (g.guardian == *pid).then_some(g.student)),
        ]
        .concat();
        let children: Vec<&Guardianship> = s
            .guardianships
            .iter()
            .filter(|g| g.guardian == *pid && user_roles.contains_key(&g.student))
            .collect();
        users.row([
            uid.clone(),
            String::new(),
            String::new(),
            "true".into(),
            s.logins
                .get(pid)
                .cloned()
                .unwrap_or_else(|| ids.get("username", &pid.0.to_string(), || uid.clone())),
            String::new(),
            p.first_name.clone(),
            p.surname.clone(),
            p.patronymic.clone().unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            list(agents.iter().map(|a| ids.user(*a))),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            ids.org(rs[0].0),
            String::new(),
            p.snils.as_ref().map(Snils::formatted).unwrap_or_default(),
            list(
                children
                    .iter()
                    .map(|g| format!("{{{}:{}}}", ids.user(g.student), g.relation.as_str())),
            ),
            list(
                children
                    .iter()
                    .filter(|g| g.legal_representative)
                    .map(|g| ids.user(g.student)),
            ),
        ]);
        demographics.row([
            uid.clone(),
            String::new(),
            String::new(),
            p.birth_date.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        for (i, (school, role)) in rs.iter().enumerate() {
            let key = format!("{}:{}:{role}", pid.0, school.0);
            let rid = ids.get("role", &key, || {
                format!("role-{}-{}-{role}", pid.0, school.0)
            });
            roles.row([
                rid,
                String::new(),
                String::new(),
                uid.clone(),
                if i == 0 { "primary" } else { "secondary" }.into(),
                (*role).into(),
                String::new(),
                String::new(),
                ids.org(*school),
                String::new(),
            ]);
        }
    }
    let mut written_sessions: HashMap<String, usize> = HashMap::new();
    let mut unique_sessions: Vec<[String; 11]> = Vec::new();
    for row in session_rows {
        match written_sessions.get(&row[0]) {
            Some(i) => unique_sessions[*i][10].clear(),
            None => {
                written_sessions.insert(row[0].clone(), unique_sessions.len());
                unique_sessions.push(row);
            }
        }
    }
    for row in unique_sessions {
        sessions.row(row);
    }
    let written = [
        ("academicSessions.csv", sessions),
        ("categories.csv", categories),
        ("classes.csv", classes),
        ("courses.csv", courses),
        ("demographics.csv", demographics),
        ("enrollments.csv", enrollments),
        ("lineItems.csv", line_items),
        ("orgs.csv", orgs),
        ("results.csv", results),
        ("roles.csv", roles),
        ("scoreScales.csv", scales_out),
        ("users.csv", users),
    ];
    let mut manifest = Csv::interchange();
    manifest.row(["propertyName", "value"]);
    manifest.row(["manifest.version", "1.0"]);
    manifest.row(["oneroster.version", "1.2"]);
    for property in super::spec::MANIFEST_FILES {
        let name = super::spec::file_of(property).unwrap_or_default();
        let present = written.iter().any(|(n, _)| *n == name);
        manifest.row([*property, if present { "bulk" } else { "absent" }]);
    }
    manifest.row(["source.systemName", system_name]);
    manifest.row(["source.systemCode", "diary"]);
    out.insert("manifest.csv".to_owned(), manifest.finish());
    for (name, csv) in written {
        out.insert(name.to_owned(), csv.finish());
    }
    out
}

/// A scale's lowest and highest value, as decimals (empty for points).
fn range_of(s: &Scale) -> (String, String) {
    match &s.kind {
        ScaleKind::Discrete { entries } => {
            let vals: Vec<i64> = entries.iter().map(|e| e.value_centi).collect();
            match (vals.iter().min(), vals.iter().max()) {
                (Some(a), Some(b)) => (
                    decimal(crate::grading::Ratio::centi(*a)),
                    decimal(crate::grading::Ratio::centi(*b)),
                ),
                _ => (String::new(), String::new()),
            }
        }
        ScaleKind::Range {
            min_centi,
            max_centi,
            ..
        } => (
            decimal(crate::grading::Ratio::centi(*min_centi)),
            decimal(crate::grading::Ratio::centi(*max_centi)),
        ),
        ScaleKind::Points => (String::new(), String::new()),
    }
}

/// A scale's values as `{label:value}` mappings.
fn mappings(s: &Scale) -> String {
    match &s.kind {
        ScaleKind::Discrete { entries } => list(entries.iter().map(|e| {
            format!(
                "{{{}:{}}}",
                e.label,
                decimal(crate::grading::Ratio::centi(e.value_centi))
            )
        })),
        ScaleKind::Range {
            min_centi,
            max_centi,
            step_centi,
        } => format!(
            "{{min:{}}},{{max:{}}},{{step:{}}}",
            decimal(crate::grading::Ratio::centi(*min_centi)),
            decimal(crate::grading::Ratio::centi(*max_centi)),
            decimal(crate::grading::Ratio::centi(*step_centi))
        ),
        ScaleKind::Points => "{points:out of a maximum}".into(),
    }
}
