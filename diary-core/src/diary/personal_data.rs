//! A person's data as one machine-readable document (P6; 152-FZ art. 14,
//! GDPR art. 15 and 20): everything the library holds about the person —
//! and, for a parent, about the children they legally represent — with
//! nothing about other families (classmates appear only as counts). The
//! schema is `diary.personal-data/1`, documented in docs/privacy.md.

use super::people::person_facts;
use super::Diary;
use crate::access::Action;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::storage::db::Db;
use crate::storage::{self, consents, corrections, personal_data as store};
use crate::text;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// The schema's name and version, first in every document.
pub const PERSONAL_DATA_SCHEMA: &str = "diary.personal-data/1";

fn value<T: Serialize>(v: T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::Internal(e.to_string()))
}

/// Everything held about one person, without other people's data.
fn section(c: Db<'_>, person: PersonId, today: time::Date) -> Result<Value> {
    let p = storage::person(c, person)?;
    let mut out = Map::new();
    out.insert("person".into(), value(&p)?);
    let mut contacts = Map::new();
    for kind in ["email", "phone"] {
        contacts.insert(
            kind.into(),
            value(storage::contacts::contact(c, person, kind)?)?,
        );
    }
    out.insert("contacts".into(), Value::Object(contacts));
    out.insert(
        "account".into(),
        match storage::accounts::by_person(c, person)? {
            Some(a) => json!({ "login": a.login }),
            None => Value::Null,
        },
    );
    out.insert(
        "staff_roles".into(),
        value(store::staff_roles_of(c, person)?)?,
    );
    let enrolments = storage::enrolments_of_student(c, person)?;
    // Classmates only as counts, on the last day of each enrolment.
    let mut classes = Vec::new();
    for e in &enrolments {
        let cl = storage::class(c, e.class)?;
        let day = e.end.unwrap_or(today).min(storage::year(c, cl.year)?.end);
        classes.push(json!({
            "class": cl.id,
            "name": cl.name(),
            "students": store::class_size(c, cl.id, day)?,
        }));
    }
    out.insert("enrolments".into(), value(&enrolments)?);
    out.insert("classes".into(), Value::Array(classes));
    out.insert(
        "guardians".into(),
        value(storage::guardians_of(c, person)?)?,
    );
    out.insert("children".into(), value(storage::children_of(c, person)?)?);
    let mut marks = Vec::new();
    for (m, _) in storage::marks_of_student(c, person, text::EARLIEST_DATE, text::LATEST_DATE)? {
        let history = storage::mark_changes(c, m.id)?;
        let mut v = value(&m)?;
        if let Value::Object(o) = &mut v {
            o.insert("history".into(), value(history)?);
        }
        marks.push(v);
    }
    out.insert("marks".into(), Value::Array(marks));
    out.insert(
        "attendance".into(),
        value(storage::attendance::of_student(
            c,
            person,
            text::EARLIEST_DATE,
            text::LATEST_DATE,
        )?)?,
    );
    out.insert(
        "absence_notices".into(),
        value(storage::attendance::notices_of(c, person)?)?,
    );
    out.insert(
        "remarks".into(),
        value(storage::attendance::remarks_of(
            c,
            person,
            text::EARLIEST_DATE,
            text::LATEST_DATE,
        )?)?,
    );
    out.insert(
        "homework_done".into(),
        value(store::homework_done_by(c, person)?)?,
    );
    out.insert(
        "messages_written".into(),
        value(store::chat_messages_by(c, person)?)?,
    );
    out.insert(
        "replies_written".into(),
        value(store::replies_by(c, person)?)?,
    );
    out.insert("consents".into(), value(consents::history(c, person)?)?);
    out.insert(
        "corrections".into(),
        value(corrections::of_person(c, person)?)?,
    );
    let day_start = |d: time::Date| i64::from(d.to_julian_day() - 2_440_588) * 86_400;
    let from = day_start(text::EARLIEST_DATE);
    let to = day_start(text::LATEST_DATE);
    let visits: Vec<Value> = storage::visits::of_student(c, person, from, to)?
        .into_iter()
        .map(|e| {
            json!({
                "id": e.id,
                "direction": e.direction,
                "at": e.at.unix_timestamp(),
                "device": e.device,
            })
        })
        .collect();
    out.insert("visits".into(), Value::Array(visits));
    out.insert(
        "meal_orders".into(),
        value(storage::meals::orders_between(
            c,
            person,
            text::EARLIEST_DATE,
            text::LATEST_DATE,
        )?)?,
    );
    out.insert(
        "meal_ledger".into(),
        value(storage::meals::entries_between(c, person, from, to)?)?,
    );
    out.insert(
        "access_log".into(),
        json!({
            "by_person": value(storage::access_log::by_actor(c, person)?)?,
            "about_person": value(storage::access_log::of_child(c, person)?)?,
        }),
    );
    Ok(Value::Object(out))
}

impl Diary {
    /// A person's data as one JSON document (schema
    /// `diary.personal-data/1`, docs/privacy.md): for the person
    /// themselves — with, for a parent, a section per child they legally
    /// represent — for a child's legal representative, and for the
    /// school's admins answering a request at the school. Other families
    /// appear only as counts. Logged under the person (and each child).
    pub fn export_personal_data(&self, actor: &Actor, person: PersonId) -> Result<String> {
        let now = self.clock.now();
        self.read_marks(actor, |p| {
            p.known_person(person, "personal_data", false)?;
            let st = p.standing.clone();
            let facts = person_facts(p.c, &st, actor, person)?;
            let school = storage::schools_of_person(p.c, person)?.first().copied();
            p.decide(
                &facts,
                Action::ExportPersonalData,
                Some(person),
                school,
                "personal_data",
                false,
            )?;
            let mut doc = Map::new();
            doc.insert("schema".into(), json!(PERSONAL_DATA_SCHEMA));
            doc.insert("generated_at".into(), json!(now.unix_timestamp()));
            doc.insert("subject".into(), section(p.c, person, now.date())?);
            let mut children = Vec::new();
            for g in storage::children_of(p.c, person)? {
                if g.legal_representative {
                    let school = storage::schools_of_person(p.c, g.student)?.first().copied();
                    p.note(
                        Some(g.student),
                        school,
                        "personal_data",
                        false,
                        "legal_representative",
                        true,
                    );
                    children.push(section(p.c, g.student, now.date())?);
                }
            }
            doc.insert("represented_children".into(), Value::Array(children));
            serde_json::to_string_pretty(&Value::Object(doc))
                .map_err(|e| Error::Internal(e.to_string()))
        })
    }
}
