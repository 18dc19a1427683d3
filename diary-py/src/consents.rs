//! Consent to the processing of personal data: the values; the `Diary`
//! methods are generated (`calls/consents.rs`).

use crate::convert::EnumValue;
use diary_core as core;
use pyo3::prelude::*;
use time::OffsetDateTime;

fn value<E: Copy>(class: &'static str, v: E, text: fn(E) -> &'static str) -> EnumValue {
    EnumValue {
        class,
        value: text(v),
    }
}

record! {
    /// A version of a school's consent text.
    ConsentText {
        /// The school.
        school: i64,
        /// What it is for (`ConsentPurpose`).
        purpose: EnumValue,
        /// Its version, from 1.
        version: u32,
        /// The text.
        body: String,
        /// When it was published (aware, UTC).
        published_at: OffsetDateTime,
    }
}

impl From<core::ConsentText> for ConsentText {
    fn from(t: core::ConsentText) -> Self {
        ConsentText {
            school: t.school.0,
            purpose: value("ConsentPurpose", t.purpose, core::ConsentPurpose::as_str),
            version: t.version,
            body: t.body,
            published_at: t.published_at,
        }
    }
}

record! {
    /// One consent decision.
    ConsentRecord {
        /// Position in the history.
        id: i64,
        /// The school.
        school: i64,
        /// Whose data.
        person: i64,
        /// What for (`ConsentPurpose`).
        purpose: EnumValue,
        /// The text's version.
        version: u32,
        /// Given, refused or withdrawn (`ConsentDecision`).
        decision: EnumValue,
        /// How it reached the school (`ConsentChannel`).
        channel: EnumValue,
        /// When (aware, UTC).
        at: OffsetDateTime,
        /// Who recorded it.
        recorded_by: Option<i64>,
    }
}

impl From<core::ConsentRecord> for ConsentRecord {
    fn from(r: core::ConsentRecord) -> Self {
        ConsentRecord {
            id: r.id,
            school: r.school.0,
            person: r.person.0,
            purpose: value("ConsentPurpose", r.purpose, core::ConsentPurpose::as_str),
            version: r.version,
            decision: value("ConsentDecision", r.decision, core::ConsentDecision::as_str),
            channel: value("ConsentChannel", r.channel, core::ConsentChannel::as_str),
            at: r.at,
            recorded_by: r.recorded_by.map(|p| p.0),
        }
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ConsentText>()?;
    m.add_class::<ConsentRecord>()?;
    Ok(())
}
