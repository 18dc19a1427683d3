//! `Diary` methods for parents' one-time link codes (A5) and the
//! installation's account settings.

use crate::actor::PyActor;
use crate::convert::{enum_arg, run, EnumValue};
use crate::diary::PyDiary;
use crate::records::Guardianship;
use diary_core as core;
use diary_core::PersonId;
use pyo3::prelude::*;
use time::OffsetDateTime;

record! {
    /// A one-time code a school hands a parent; shown once.
    LinkCode {
        /// The code, `ABCD-EFGH-JKMN` (case, spaces and hyphens are ignored
        /// when it is entered).
        code: String,
        /// The child it links.
        student: i64,
        /// The relation the redeeming person gets (`Relation`).
        relation: EnumValue,
        /// Whether they become a legal representative.
        legal_representative: bool,
        /// When it stops working (aware, UTC).
        expires_at: OffsetDateTime,
    }
}

record! {
    /// How long the secrets the diary hands out stay valid.
    AccountSettings {
        /// Temporary passwords, in days (1–90; default 14).
        temporary_password_days: i64,
        /// Password-reset tokens, in minutes (5–1440; default 30).
        reset_token_minutes: i64,
        /// Link codes, in days (1–90; default 14).
        link_code_days: i64,
    }
}

#[pymethods]
impl PyDiary {
    /// Issues a one-time link code for `student` (their class teacher or a
    /// school admin). Whoever redeems it becomes the student's guardian with
    /// `relation`, and a legal representative if `legal_representative`.
    #[pyo3(signature = (actor, student, relation, *, legal_representative=false))]
    fn issue_link_code(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
        relation: &Bound<'_, PyAny>,
        legal_representative: bool,
    ) -> PyResult<LinkCode> {
        let relation = enum_arg(relation, "relation", core::Relation::parse)?;
        self.with(py, actor, move |d, a| {
            d.issue_link_code(a, PersonId(student), relation, legal_representative)
        })
        .map(|c| LinkCode {
            code: c.code,
            student: c.student.0,
            relation: EnumValue {
                class: "Relation",
                value: c.relation.as_str(),
            },
            legal_representative: c.legal_representative,
            expires_at: c.expires_at,
        })
    }

    /// Redeems a link code: the acting person becomes the child's guardian.
    /// A wrong, used or expired code raises `InvalidInput` (field `code`)
    /// without saying which; after ten wrong codes in an hour, further tries
    /// are refused.
    fn redeem_link_code(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        code: String,
    ) -> PyResult<Guardianship> {
        self.with(py, actor, move |d, a| d.redeem_link_code(a, &code))
            .map(Into::into)
    }

    /// The installation's account settings (anyone).
    fn account_settings(&self, py: Python<'_>) -> PyResult<AccountSettings> {
        let d = self.get(py)?;
        run(py, move || d.account_settings()).map(|s| AccountSettings {
            temporary_password_days: s.temporary_password_days,
            reset_token_minutes: s.reset_token_minutes,
            link_code_days: s.link_code_days,
        })
    }

    /// Changes the account settings (the operator only); settings not given
    /// keep their value. A value out of range raises `InvalidInput` naming it.
    #[pyo3(signature = (actor, *, temporary_password_days=None, reset_token_minutes=None, link_code_days=None))]
    fn set_account_settings(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        temporary_password_days: Option<i64>,
        reset_token_minutes: Option<i64>,
        link_code_days: Option<i64>,
    ) -> PyResult<()> {
        self.with(py, actor, move |d, a| {
            let now = d.account_settings()?;
            d.set_account_settings(
                a,
                &core::AccountSettings {
                    temporary_password_days: temporary_password_days
                        .unwrap_or(now.temporary_password_days),
                    reset_token_minutes: reset_token_minutes.unwrap_or(now.reset_token_minutes),
                    link_code_days: link_code_days.unwrap_or(now.link_code_days),
                },
            )
        })
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<LinkCode>()?;
    m.add_class::<AccountSettings>()?;
    Ok(())
}
