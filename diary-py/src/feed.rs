//! The change feed: its records, and the host's change listener (a
//! callable receiving each committed change on the diary's delivery
//! thread). `changes_since` and the settings are generated
//! (`calls/feed.rs`).

use crate::convert::EnumValue;
use crate::diary::PyDiary;
use diary_core as core;
use pyo3::prelude::*;
use std::sync::Arc;
use time::Date;

record! {
    /// One committed change (docs/integration.md).
    FeedChange {
        /// The change's place in the feed (larger for every later change).
        seq: i64,
        /// When it was written (Unix seconds).
        at: i64,
        /// The school.
        school: i64,
        /// What it is about (``FeedEntity``).
        entity: EnumValue,
        /// The id of what changed (the lesson of an attendance record, the
        /// period of a period mark, the timetable of a timetable change).
        id: i64,
        /// ``FeedOperation``: created, changed or deleted.
        operation: EnumValue,
        /// The student it concerns, if one.
        student: Option<i64>,
        /// The class, when known.
        class_id: Option<i64>,
        /// The subject, if any.
        subject: Option<i64>,
        /// The school day it is about.
        date: Option<Date>,
        /// The value before (a mark's label, an attendance status).
        old_value: Option<String>,
        /// The value after.
        new_value: Option<String>,
        /// A word more (a period mark's kind, a lesson change's kind, a
        /// notice's status, ``individual`` homework, a ``test`` lesson).
        detail: Option<String>,
    }
}

impl From<core::FeedChange> for FeedChange {
    fn from(c: core::FeedChange) -> Self {
        FeedChange {
            seq: c.seq,
            at: c.at,
            school: c.school.0,
            entity: EnumValue {
                class: "FeedEntity",
                value: c.entity.as_str(),
            },
            id: c.id,
            operation: EnumValue {
                class: "FeedOperation",
                value: c.operation.as_str(),
            },
            student: c.student.map(|p| p.0),
            class_id: c.class.map(|k| k.0),
            subject: c.subject.map(|s| s.0),
            date: c.date,
            old_value: c.old_value,
            new_value: c.new_value,
            detail: c.detail,
        }
    }
}

record! {
    /// One page of the change feed.
    FeedPage {
        /// The changes the actor may see, oldest first.
        changes: Vec<FeedChange>,
        /// Where to continue (pass it to the next call).
        next_cursor: i64,
        /// More changes wait after ``next_cursor`` (a page may be short).
        more: bool,
    }
}

impl From<core::FeedPage> for FeedPage {
    fn from(p: core::FeedPage) -> Self {
        FeedPage {
            changes: p.changes.into_iter().map(Into::into).collect(),
            next_cursor: p.next_cursor,
            more: p.more,
        }
    }
}

/// A Python callable receiving each committed change.
#[derive(Debug)]
struct PyListener(Py<PyAny>);

impl core::ChangeListener for PyListener {
    fn on_change(&self, change: &core::FeedChange) {
        Python::attach(|py| {
            let record = FeedChange::from(change.clone());
            if let Err(e) = Py::new(py, record).and_then(|r| self.0.call1(py, (r,))) {
                // Like an exception in a thread: reported, never raised
                // into the write that already committed.
                e.write_unraisable(py, None);
            }
        });
    }
}

#[pymethods]
impl PyDiary {
    /// Sets (or with None removes) the host's change listener: a callable
    /// given each change this handle commits (a ``FeedChange``; all of
    /// them, unfiltered — it is the host's own process), in commit order,
    /// on the diary's delivery thread after the commit. An exception is
    /// reported through ``sys.unraisablehook`` and never undoes the write;
    /// a slow listener delays no write. It may call back into the diary.
    /// Close the diary (or remove the listener) before the interpreter
    /// exits.
    #[pyo3(signature = (listener))]
    fn set_change_listener(&self, py: Python<'_>, listener: Option<Py<PyAny>>) -> PyResult<()> {
        let listener = match listener {
            None => None,
            Some(cb) if cb.bind(py).is_callable() => {
                Some(Arc::new(PyListener(cb)) as Arc<dyn core::ChangeListener>)
            }
            Some(_) => {
                return Err(crate::errors::to_py_err(
                    py,
                    core::Error::invalid("listener", "must be a callable taking one FeedChange"),
                ))
            }
        };
        self.get(py)?.set_change_listener(listener);
        Ok(())
    }

    /// Waits (at most ``timeout`` seconds) until every change committed so
    /// far reached the listener; True when it has.
    #[pyo3(signature = (timeout=10.0))]
    fn wait_for_change_listener(&self, py: Python<'_>, timeout: f64) -> PyResult<bool> {
        if !(0.0..=86_400.0).contains(&timeout) {
            return Err(crate::errors::to_py_err(
                py,
                core::Error::invalid("timeout", "must be 0 to 86400 seconds"),
            ));
        }
        let d = self.get(py)?;
        Ok(py.detach(move || {
            d.wait_for_change_listener(std::time::Duration::from_secs_f64(timeout))
        }))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<FeedChange>()?;
    m.add_class::<FeedPage>()?;
    Ok(())
}
