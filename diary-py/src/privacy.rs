//! A person's data: the erasure record; the `Diary` methods are generated
//! (`calls/privacy.rs`).

use crate::convert::EnumValue;
use diary_core as core;
use pyo3::prelude::*;
use time::OffsetDateTime;

record! {
    /// What was erased of a person, when, by whom and on what ground.
    ErasureRecord {
        /// The person, now under a pseudonym.
        person: i64,
        /// The pseudonym that replaced the name.
        pseudonym: String,
        /// The school that erased.
        school: Option<i64>,
        /// Why (`ErasureGround`).
        ground: EnumValue,
        /// A note (the request's reference).
        note: Option<String>,
        /// What was erased: (category, rows).
        erased: Vec<(String, u64)>,
        /// When (aware, UTC).
        erased_at: OffsetDateTime,
        /// Who.
        erased_by: Option<i64>,
    }
}

impl From<core::ErasureRecord> for ErasureRecord {
    fn from(r: core::ErasureRecord) -> Self {
        ErasureRecord {
            person: r.person.0,
            pseudonym: r.pseudonym,
            school: r.school.map(|s| s.0),
            ground: EnumValue {
                class: "ErasureGround",
                value: r.ground.as_str(),
            },
            note: r.note,
            erased: r.erased,
            erased_at: r.erased_at,
            erased_by: r.erased_by.map(|p| p.0),
        }
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ErasureRecord>()?;
    Ok(())
}
