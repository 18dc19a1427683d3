//! `Diary` methods for accounts, login and sessions. Password hashing runs
//! without the GIL.

use crate::actor::PyActor;
use crate::convert::run;
use crate::diary::PyDiary;
use diary_core as core;
use diary_core::PersonId;
use pyo3::prelude::*;
use time::OffsetDateTime;

record! {
    /// A login and temporary password, shown once.
    IssuedCredentials {
        /// The login.
        login: String,
        /// The temporary password; it must be changed at the first login.
        temporary_password: String,
        /// When it stops working (aware, UTC).
        expires_at: OffsetDateTime,
    }
}

record! {
    /// A successful login.
    Session {
        /// The opaque session token; keep it secret.
        token: String,
        /// The person logged in.
        person: i64,
        /// The session only allows setting a new password.
        must_change_password: bool,
        /// When the session ends at the latest (aware, UTC).
        expires_at: OffsetDateTime,
    }
}

record! {
    /// One of the account's open sessions.
    SessionInfo {
        /// Public id (not the token).
        id: String,
        /// When it started.
        created_at: OffsetDateTime,
        /// When it was last used.
        last_seen_at: OffsetDateTime,
        /// When it ends at the latest.
        expires_at: OffsetDateTime,
        /// Whether it is the session asking.
        current: bool,
    }
}

#[pymethods]
impl PyDiary {
    /// The open sessions of the account `token` belongs to.
    fn my_sessions(&self, py: Python<'_>, token: String) -> PyResult<Vec<SessionInfo>> {
        let d = self.get(py)?;
        run(py, move || d.my_sessions(&token)).map(|v| {
            v.into_iter()
                .map(|s| SessionInfo {
                    id: s.id,
                    created_at: s.created_at,
                    last_seen_at: s.last_seen_at,
                    expires_at: s.expires_at,
                    current: s.current,
                })
                .collect()
        })
    }

    /// Ends one of the account's own sessions by its public id.
    fn revoke_my_session(&self, py: Python<'_>, token: String, session_id: String) -> PyResult<()> {
        let d = self.get(py)?;
        run(py, move || d.revoke_my_session(&token, &session_id))
    }

    /// Issues a login and temporary password for a student or guardian (their
    /// class teacher or a school admin); for a person with an account, a reset.
    fn issue_credentials(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::person)] person: i64,
    ) -> PyResult<IssuedCredentials> {
        self.with(py, actor, |d, a| d.issue_credentials(a, PersonId(person)))
            .map(|c| IssuedCredentials {
                login: c.login,
                temporary_password: c.temporary_password,
                expires_at: c.expires_at,
            })
    }

    /// Logs in; an unknown login, a wrong password and a locked account all
    /// raise `AuthenticationFailed`.
    fn login(&self, py: Python<'_>, login: String, password: String) -> PyResult<Session> {
        let d = self.get(py)?;
        run(py, move || d.login(&login, &password)).map(|s: core::Session| Session {
            token: s.token,
            person: s.person.0,
            must_change_password: s.must_change_password,
            expires_at: s.expires_at,
        })
    }

    /// The actor a session stands for.
    fn session_actor(&self, py: Python<'_>, token: String) -> PyResult<PyActor> {
        let d = self.get(py)?;
        run(py, move || d.session_actor(&token)).map(|inner| PyActor { inner })
    }

    /// Sets a new password with the current one; every session ends.
    fn change_password(
        &self,
        py: Python<'_>,
        token: String,
        current: String,
        new: String,
    ) -> PyResult<()> {
        let d = self.get(py)?;
        run(py, move || d.change_password(&token, &current, &new))
    }

    /// Ends a session.
    fn logout(&self, py: Python<'_>, token: String) -> PyResult<()> {
        let d = self.get(py)?;
        run(py, move || d.logout(&token))
    }

    /// Unlocks an account after failed logins (school admins).
    fn unlock_account(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::person)] person: i64,
    ) -> PyResult<()> {
        self.with(py, actor, |d, a| d.unlock_account(a, PersonId(person)))
    }

    /// Disables or re-enables an account (school admins).
    fn set_account_disabled(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::person)] person: i64,
        disabled: bool,
    ) -> PyResult<()> {
        self.with(py, actor, |d, a| {
            d.set_account_disabled(a, PersonId(person), disabled)
        })
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<IssuedCredentials>()?;
    m.add_class::<Session>()?;
    m.add_class::<SessionInfo>()?;
    Ok(())
}
