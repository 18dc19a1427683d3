//! The `Diary` class: an open diary file (or in-memory diary).

use crate::actor::{PyActor, PyManualClock};
use crate::convert::run;
use diary_core as core;
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// An open school diary, backed by one SQLite file (or memory).
///
/// Use `Diary.open(path)` or `Diary.in_memory()`, ideally as a context
/// manager. Every method takes the acting identity (`Actor`) first and is
/// checked by the access rules. Calls release the GIL; a diary may be used
/// from several threads.
#[pyclass(frozen, module = "schooldiary", name = "Diary")]
#[derive(Debug)]
pub struct PyDiary {
    inner: RwLock<Option<Arc<core::Diary>>>,
}

/// Drops a diary with the interpreter free: closing delivers the change
/// listener's last changes and waits for its thread, which may need the
/// interpreter to call a Python listener.
fn release(py: Python<'_>, d: Option<Arc<core::Diary>>) {
    if let Some(d) = d {
        py.detach(move || drop(d));
    }
}

impl Drop for PyDiary {
    fn drop(&mut self) {
        let d = self
            .inner
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if d.is_some() {
            Python::attach(|py| release(py, d));
        }
    }
}

fn options(
    py: Python<'_>,
    clock: Option<&PyManualClock>,
    delivery: Option<Py<PyAny>>,
) -> PyResult<core::OpenOptions> {
    let mut o = core::OpenOptions::default();
    if let Some(c) = clock {
        o.clock = c.inner.clone();
    }
    o.delivery = crate::recovery::delivery(py, delivery)?;
    Ok(o)
}

impl PyDiary {
    pub(crate) fn get(&self, py: Python<'_>) -> PyResult<Arc<core::Diary>> {
        let guard = self.inner.read().unwrap_or_else(|p| p.into_inner());
        guard.clone().ok_or_else(|| {
            crate::errors::to_py_err(py, core::Error::invalid("diary", "the diary is closed"))
        })
    }

    /// Runs `f` on the diary with the core actor, without the GIL.
    pub(crate) fn with<T: Send>(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        f: impl FnOnce(&core::Diary, &core::Actor) -> core::Result<T> + Send,
    ) -> PyResult<T> {
        let d = self.get(py)?;
        let a = actor.inner;
        run(py, move || f(&d, &a))
    }
}

#[pymethods]
impl PyDiary {
    /// Opens the existing diary file at `path`; a missing or empty file
    /// raises `NotADiary` (a mistyped path never becomes a new, empty
    /// diary: create one with `Diary.create`).
    ///
    /// Raises `NotADiary` for a file that is not a diary database and
    /// `VersionTooNew` for one written by a newer diary; either file is left
    /// untouched. `delivery`, if given, is called with a dict for each
    /// message the host must send (recovery codes, reset tokens, notices):
    /// keys `kind` ("email"/"phone"), `address`, `purpose`, `secret`, `text`.
    ///
    /// `mode` is "existing" (the default), "create" (as `Diary.create`) or
    /// "read_only" (nothing is written: changes and reads of children's
    /// data, which must be logged, raise `ReadOnly`). `busy_timeout` is how
    /// many seconds a call waits for another process's lock before it
    /// raises `Busy` (safe to retry); default 5. `key` opens (or creates)
    /// an encrypted file — only in builds with encryption at rest
    /// (SQLCipher, the core's `sqlcipher` feature); other builds raise
    /// `InvalidInput` ("key") rather than write clear text.
    ///
    /// Example::
    ///
    ///     with diary.Diary.open("school.diary") as d:
    ///         schools = d.schools(diary.Actor.operator())
    #[staticmethod]
    #[pyo3(signature = (path, *, clock=None, delivery=None, mode="existing", busy_timeout=None, key=None))]
    fn open(
        py: Python<'_>,
        path: PathBuf,
        clock: Option<PyRef<'_, PyManualClock>>,
        delivery: Option<Py<PyAny>>,
        mode: &str,
        busy_timeout: Option<&Bound<'_, PyAny>>,
        key: Option<String>,
    ) -> PyResult<Self> {
        let mode = match mode {
            "create" => core::OpenMode::Create,
            "existing" => core::OpenMode::Existing,
            "read_only" => core::OpenMode::ReadOnly,
            _ => {
                return Err(crate::errors::to_py_err(
                    py,
                    core::Error::invalid(
                        "mode",
                        "must be \"existing\", \"create\" or \"read_only\"",
                    ),
                ))
            }
        };
        open_file(
            py,
            path,
            clock.as_deref(),
            delivery,
            mode,
            busy_timeout,
            key,
        )
    }

    /// Opens the diary file at `path`, creating a new, empty diary when the
    /// file does not exist or is empty. Otherwise as `Diary.open`.
    ///
    /// In a module built with the `postgres` feature, `path` may be a
    /// PostgreSQL URL (``postgresql://user@host/db``, optionally with
    /// ``?options=-c%20search_path%3Dname`` for a schema of its own, created
    /// when missing); other builds refuse a URL with ``InvalidInput``.
    ///
    /// Example::
    ///
    ///     with diary.Diary.create("school.diary") as d:
    ///         school = d.create_school(diary.Actor.operator(), "School No. 1",
    ///                                  "Moscow", "Europe/Moscow")
    #[staticmethod]
    #[pyo3(signature = (path, *, clock=None, delivery=None, busy_timeout=None, key=None))]
    fn create(
        py: Python<'_>,
        path: PathBuf,
        clock: Option<PyRef<'_, PyManualClock>>,
        delivery: Option<Py<PyAny>>,
        busy_timeout: Option<&Bound<'_, PyAny>>,
        key: Option<String>,
    ) -> PyResult<Self> {
        open_file(
            py,
            path,
            clock.as_deref(),
            delivery,
            core::OpenMode::Create,
            busy_timeout,
            key,
        )
    }

    /// A private diary in memory, for tests and scripts.
    #[staticmethod]
    #[pyo3(signature = (*, clock=None, delivery=None))]
    fn in_memory(
        py: Python<'_>,
        clock: Option<PyRef<'_, PyManualClock>>,
        delivery: Option<Py<PyAny>>,
    ) -> PyResult<Self> {
        let opts = options(py, clock.as_deref(), delivery)?;
        let d = run(py, move || core::Diary::open_in_memory_with(opts))?;
        Ok(PyDiary {
            inner: RwLock::new(Some(Arc::new(d))),
        })
    }

    /// Closes the diary; later calls raise `InvalidInput`. Calls already
    /// running in other threads finish first.
    fn close(&self, py: Python<'_>) {
        let d = self.inner.write().unwrap_or_else(|p| p.into_inner()).take();
        release(py, d);
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __exit__(
        &self,
        py: Python<'_>,
        _exc_type: Py<PyAny>,
        _exc: Py<PyAny>,
        _tb: Py<PyAny>,
    ) -> bool {
        self.close(py);
        false
    }

    /// The schema version of the open file.
    #[getter]
    fn schema_version(&self, py: Python<'_>) -> PyResult<i64> {
        let d = self.get(py)?;
        run(py, move || d.schema_version())
    }

    // --- schools and calendar -------------------------------------------

    // --- classes, subjects, groups, assignments ---------------------------

    // --- people -------------------------------------------------------------
}

/// Opens a diary file in `mode` with the Python-side options.
fn open_file(
    py: Python<'_>,
    path: PathBuf,
    clock: Option<&PyManualClock>,
    delivery: Option<Py<PyAny>>,
    mode: core::OpenMode,
    busy_timeout: Option<&Bound<'_, PyAny>>,
    key: Option<String>,
) -> PyResult<PyDiary> {
    let mut opts = options(py, clock, delivery)?;
    opts.mode = mode;
    opts.key = key;
    if let Some(t) = busy_timeout {
        let ms = crate::convert::decimal_arg(t, "busy_timeout")?
            .mul(core::grading::Ratio::int(1000))
            .round(0);
        let ms = u64::try_from(ms.numer())
            .ok()
            .filter(|ms| *ms <= 600_000)
            .ok_or_else(|| {
                crate::errors::to_py_err(
                    py,
                    core::Error::invalid("busy_timeout", "must be 0 to 600 seconds"),
                )
            })?;
        opts.busy_timeout = std::time::Duration::from_millis(ms);
    }
    let d = run(py, move || core::Diary::open_with(path, opts))?;
    Ok(PyDiary {
        inner: RwLock::new(Some(Arc::new(d))),
    })
}
