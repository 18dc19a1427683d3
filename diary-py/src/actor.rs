//! The acting identity and the settable clock.

use diary_core as core;
use pyo3::prelude::*;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// Who performs an operation: the installation's operator, or a person the
/// host has verified with its own login.
#[pyclass(frozen, eq, hash, module = "schooldiary", name = "Actor")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PyActor {
    pub inner: core::Actor,
}

#[pymethods]
impl PyActor {
    /// The installation's operator: creates schools and their first staff,
    /// reads no one's diary.
    #[staticmethod]
    fn operator() -> Self {
        PyActor {
            inner: core::Actor::operator(),
        }
    }

    /// A person whose identity the host has verified (its own login, the
    /// state identity service).
    #[staticmethod]
    fn vouched(#[pyo3(from_py_with = crate::ids::person)] person: i64) -> Self {
        PyActor {
            inner: core::Actor::vouched(core::PersonId(person)),
        }
    }

    /// The acting person's id, or None for the operator.
    #[getter]
    fn person(&self) -> Option<i64> {
        self.inner.person().map(|p| p.0)
    }

    fn __repr__(&self) -> String {
        match self.inner.person() {
            Some(p) => format!("Actor.vouched({p})"),
            None => "Actor.operator()".into(),
        }
    }
}

/// A clock that stands still until set or advanced, for tests and
/// simulations. Pass it as `clock=` when opening a diary.
#[pyclass(frozen, module = "schooldiary", name = "ManualClock")]
#[derive(Debug)]
pub struct PyManualClock {
    pub inner: Arc<core::ManualClock>,
}

#[pymethods]
impl PyManualClock {
    /// A clock showing `now` (an aware `datetime.datetime`).
    #[new]
    fn new(now: OffsetDateTime) -> Self {
        PyManualClock {
            inner: Arc::new(core::ManualClock::new(now)),
        }
    }

    /// The current instant, as an aware UTC `datetime.datetime`.
    fn now(&self) -> OffsetDateTime {
        use core::Clock;
        self.inner.now()
    }

    /// Shows `now` from now on.
    fn set(&self, now: OffsetDateTime) {
        self.inner.set(now);
    }

    /// Moves the clock forward by `seconds` (negative moves it back).
    fn advance(&self, seconds: i64) {
        self.inner.advance(Duration::seconds(seconds));
    }

    fn __repr__(&self) -> String {
        use core::Clock;
        format!("ManualClock({})", self.inner.now())
    }
}
