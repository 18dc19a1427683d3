//! Security parameters and recovery: `Diary` methods, and the adapter that
//! hands messages to the host's Python `delivery` callable.

use crate::actor::PyActor;
use crate::convert::{enum_arg, run, EnumValue};
use crate::diary::PyDiary;
use diary_core as core;
use diary_core::delivery::{Delivery, Message};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::Arc;

/// A Python callable receiving each message as a dict with the keys
/// `kind`, `address`, `purpose`, `secret` and `text`.
#[derive(Debug)]
struct PyDelivery(Py<PyAny>);

impl Delivery for PyDelivery {
    fn deliver(&self, m: &Message) -> Result<(), String> {
        Python::attach(|py| {
            let (kind, address) = m.to.parts();
            let d = PyDict::new(py);
            d.set_item("kind", kind)?;
            d.set_item("address", address)?;
            d.set_item("purpose", m.purpose.as_str())?;
            d.set_item("secret", m.secret.as_deref())?;
            d.set_item("text", &m.text)?;
            self.0.call1(py, (d,)).map(|_| ())
        })
        .map_err(|e: PyErr| e.to_string())
    }
}

/// The core delivery for an optional Python callable.
pub(crate) fn delivery(
    py: Python<'_>,
    callback: Option<Py<PyAny>>,
) -> PyResult<Option<Arc<dyn Delivery>>> {
    match callback {
        None => Ok(None),
        Some(cb) if cb.bind(py).is_callable() => Ok(Some(Arc::new(PyDelivery(cb)))),
        Some(_) => Err(crate::errors::to_py_err(
            py,
            core::Error::invalid("delivery", "must be a callable taking one dict"),
        )),
    }
}

#[pymethods]
impl PyDiary {
    /// Starts setting a recovery e-mail or mobile number (needs the current
    /// password); a 6-digit code valid for 10 minutes goes to the address
    /// through `delivery`. The contact counts only once confirmed.
    fn set_contact(
        &self,
        py: Python<'_>,
        token: String,
        current_password: String,
        kind: &Bound<'_, PyAny>,
        address: String,
    ) -> PyResult<()> {
        let kind = enum_arg(kind, "kind", core::ContactKind::parse)?;
        let d = self.get(py)?;
        run(py, move || {
            d.set_contact(&token, &current_password, kind, &address)
        })
    }

    /// Confirms a pending contact with its code (five tries, 10 minutes).
    fn confirm_contact(
        &self,
        py: Python<'_>,
        token: String,
        kind: &Bound<'_, PyAny>,
        code: String,
    ) -> PyResult<()> {
        let kind = enum_arg(kind, "kind", core::ContactKind::parse)?;
        let d = self.get(py)?;
        run(py, move || d.confirm_contact(&token, kind, &code))
    }

    /// "I forgot my password": a single-use reset token (30 minutes) goes to
    /// the account's confirmed contact. Same answer for unknown logins.
    fn request_password_reset(&self, py: Python<'_>, login: String) -> PyResult<()> {
        let d = self.get(py)?;
        run(py, move || d.request_password_reset(&login))
    }

    /// Sets a new password with a reset token; every session ends.
    fn reset_password(
        &self,
        py: Python<'_>,
        reset_token: String,
        new_password: String,
    ) -> PyResult<()> {
        let d = self.get(py)?;
        run(py, move || d.reset_password(&reset_token, &new_password))
    }

    /// "I forgot my login": the logins go to the address if it is a
    /// confirmed contact. Same answer otherwise.
    fn request_login_reminder(
        &self,
        py: Python<'_>,
        kind: &Bound<'_, PyAny>,
        address: String,
    ) -> PyResult<()> {
        let kind = enum_arg(kind, "kind", core::ContactKind::parse)?;
        let d = self.get(py)?;
        run(py, move || d.request_login_reminder(kind, &address))
    }

    /// The confirmed contacts of the account `token` belongs to.
    fn my_contacts(&self, py: Python<'_>, token: String) -> PyResult<FamilyContact> {
        let d = self.get(py)?;
        run(py, move || d.my_contacts(&token)).map(Into::into)
    }

    /// The confirmed contacts of a student (first) and their guardians; only
    /// the class teacher and school admins may read them, and every read is
    /// in the access log.
    fn family_contacts(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::student)] student: i64,
    ) -> PyResult<Vec<FamilyContact>> {
        self.with(py, actor, |d, a| {
            d.family_contacts(a, core::PersonId(student))
        })
        .map(|v| v.into_iter().map(Into::into).collect())
    }
}

record! {
    /// A family member's confirmed contacts.
    FamilyContact {
        /// The person.
        person: i64,
        /// Their relation to the child (`Relation`); None for the child
        /// (or, from `my_contacts`, for oneself).
        relation: Option<EnumValue>,
        /// The confirmed e-mail, if any.
        email: Option<String>,
        /// The confirmed mobile number (+7XXXXXXXXXX), if any.
        phone: Option<String>,
    }
}

impl From<core::FamilyContact> for FamilyContact {
    fn from(f: core::FamilyContact) -> Self {
        FamilyContact {
            person: f.person.0,
            relation: f.relation.map(|r| EnumValue {
                class: "Relation",
                value: r.as_str(),
            }),
            email: f.email,
            phone: f.phone,
        }
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<FamilyContact>()
}
