//! SQL for corrections of a person's data: the person's row rewritten,
//! and the history of corrections (before and after as JSON, SNILS in
//! digits; shown masked).

use super::people::PersonRecord;
use crate::error::{Error, Result};
use crate::ids::{CorrectionId, PersonId};
use crate::model::{CorrectionStatus, Person, PersonCorrection};
use crate::snils::Snils;
use crate::storage::db::{params, Db, DbResult, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use time::Date;

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("stored correction: {e}"))
}

/// A person's data as kept in a correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Data {
    pub surname: String,
    pub first_name: String,
    pub patronymic: Option<String>,
    pub birth_date: Date,
    pub snils: Option<String>,
}

impl Data {
    pub fn of(p: &Person) -> Data {
        Data {
            surname: p.surname.clone(),
            first_name: p.first_name.clone(),
            patronymic: p.patronymic.clone(),
            birth_date: p.birth_date,
            snils: p.snils.as_ref().map(|s| s.digits().to_owned()),
        }
    }

    fn person(&self, id: PersonId) -> Result<Person> {
        Ok(Person {
            id,
            surname: self.surname.clone(),
            first_name: self.first_name.clone(),
            patronymic: self.patronymic.clone(),
            birth_date: self.birth_date,
            snils: self.snils.as_deref().map(Snils::parse).transpose()?,
        })
    }
}

/// Rewrites a person's row; a taken SNILS (or, without one, a taken name
/// and birth date) is a Conflict.
pub(crate) fn rewrite(c: Db<'_>, id: PersonId, p: &PersonRecord<'_>) -> Result<()> {
    c.execute(
        "UPDATE person SET surname = ?2, first_name = ?3, patronymic = ?4, birth_date = ?5, snils = ?6
         WHERE id = ?1",
        params![
            id.0,
            p.surname,
            p.first_name,
            p.patronymic,
            p.birth_date,
            p.snils.map(Snils::digits)
        ],
    )
    .map_err(|e| {
        super::conflict_on_unique(e, || match p.snils {
            Some(_) => "another person has this SNILS".into(),
            None => "another person without a SNILS has this name and birth date".into(),
        })
    })?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert(
    c: Db<'_>,
    person: PersonId,
    before: &Data,
    after: &Data,
    reason: &str,
    by: PersonId,
    now: i64,
    status: CorrectionStatus,
) -> Result<CorrectionId> {
    let (b, a) = (
        serde_json::to_string(before).map_err(internal)?,
        serde_json::to_string(after).map_err(internal)?,
    );
    let decided = (status == CorrectionStatus::Applied).then_some((by.0, now));
    c.execute(
        "INSERT INTO person_correction (person_id, before, after, reason, proposed_by, proposed_at, status,
                                        decided_by, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            person.0,
            b,
            a,
            reason,
            by.0,
            now,
            status.as_str(),
            decided.map(|d| d.0),
            decided.map(|d| d.1)
        ],
    )
    .map_err(|e| {
        super::conflict_on_unique(e, || {
            "a proposal for this person is already waiting for the school".into()
        })
    })?;
    Ok(CorrectionId(c.last_insert_rowid()?))
}

const COLUMNS: &str = "id, person_id, before, after, reason, proposed_by, proposed_at, status,
     decided_by, decided_at, note";

type Raw = (PersonCorrection, String, String, String);

fn read(r: &Row<'_>) -> DbResult<Raw> {
    let person = PersonId(r.get(1)?);
    let blank = Person {
        id: person,
        surname: String::new(),
        first_name: String::new(),
        patronymic: None,
        birth_date: Date::MIN,
        snils: None,
    };
    Ok((
        PersonCorrection {
            id: CorrectionId(r.get(0)?),
            person,
            before: blank.clone(),
            after: blank,
            reason: r.get(4)?,
            proposed_by: PersonId(r.get(5)?),
            proposed_at: r.get(6)?,
            status: CorrectionStatus::Pending,
            decided_by: r.get::<_, Option<i64>>(8)?.map(PersonId),
            decided_at: r.get(9)?,
            note: r.get(10)?,
        },
        r.get(2)?,
        r.get(3)?,
        r.get(7)?,
    ))
}

fn finish((mut k, before, after, status): Raw) -> Result<(PersonCorrection, Data)> {
    let b: Data = serde_json::from_str(&before).map_err(internal)?;
    let a: Data = serde_json::from_str(&after).map_err(internal)?;
    k.before = b.person(k.person)?;
    k.after = a.person(k.person)?;
    k.status = CorrectionStatus::parse("status", &status)?;
    Ok((k, a))
}

/// A correction and the data it asks for.
pub(crate) fn get(c: Db<'_>, id: CorrectionId) -> Result<Option<(PersonCorrection, Data)>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM person_correction WHERE id = ?1"
    ))?;
    st.query_row([id.0], read)
        .optional()?
        .map(finish)
        .transpose()
}

pub(crate) fn of_person(c: Db<'_>, person: PersonId) -> Result<Vec<PersonCorrection>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM person_correction WHERE person_id = ?1 ORDER BY id"
    ))?;
    let rows = st
        .query_map([person.0], read)?
        .collect::<DbResult<Vec<_>>>()?;
    rows.into_iter().map(|r| finish(r).map(|x| x.0)).collect()
}

pub(crate) fn decide(
    c: Db<'_>,
    id: CorrectionId,
    status: CorrectionStatus,
    by: PersonId,
    now: i64,
    note: Option<&str>,
) -> Result<()> {
    c.execute(
        "UPDATE person_correction SET status = ?2, decided_by = ?3, decided_at = ?4, note = ?5 WHERE id = ?1",
        params![id.0, status.as_str(), by.0, now, note],
    )?;
    Ok(())
}
