//! Argument conversion and the call wrapper that releases the GIL and keeps
//! panics from reaching Python as `PanicException`.

use crate::errors::to_py_err;
use diary_core::{Error, Result};
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `f` without the GIL; errors become diary exceptions and a panic
/// becomes `InternalError`.
pub fn run<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T> + Send) -> PyResult<T> {
    let out = py.detach(|| {
        catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::Internal(what))
        })
    });
    out.map_err(|e| to_py_err(py, e))
}

/// Reads an enum argument given as a member of the Python enum or as its
/// text value, and parses it with the core's parser.
pub fn enum_arg<T>(
    obj: &Bound<'_, PyAny>,
    field: &str,
    parse: fn(&str, &str) -> Result<T>,
) -> PyResult<T> {
    let py = obj.py();
    let text = if obj.is_instance_of::<PyString>() {
        obj.extract::<String>()?
    } else if let Ok(v) = obj.getattr("value") {
        v.extract::<String>().map_err(|_| {
            to_py_err(
                py,
                Error::invalid(field, "must be a diary enum member or its text value"),
            )
        })?
    } else {
        return Err(to_py_err(
            py,
            Error::invalid(field, "must be a diary enum member or its text value"),
        ));
    };
    parse(field, &text).map_err(|e| to_py_err(py, e))
}

/// A value of one of the Python enums in `diary._enums`, converted on the
/// way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnumValue {
    /// The Python enum class name, e.g. "PeriodKind".
    pub class: &'static str,
    /// The member's value, e.g. "quarter".
    pub value: &'static str,
}

impl<'py> IntoPyObject<'py> for &EnumValue {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("schooldiary._enums")?
            .getattr(self.class)?
            .call1((self.value,))
    }
}

/// An exact number shown to Python as `fractions.Fraction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fraction(pub diary_core::grading::Ratio);

impl<'py> IntoPyObject<'py> for &Fraction {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("fractions")?
            .getattr("Fraction")?
            .call1((self.0.numer(), self.0.denom()))
    }
}

impl<'py> IntoPyObject<'py> for Fraction {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        (&self).into_pyobject(py)
    }
}

/// A number with a finite decimal expansion shown as `decimal.Decimal`
/// (marks, weights, rounded averages), written without trailing zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dec(pub diary_core::grading::Ratio);

impl<'py> IntoPyObject<'py> for &Dec {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let places = (0..=6).find(|p| self.0.is_exact_at(*p)).unwrap_or(6);
        py.import("decimal")?
            .getattr("Decimal")?
            .call1((self.0.to_decimal(places),))
    }
}

/// Reads a decimal argument given as `Decimal`, `Fraction`, `int` or `str` (never a
/// `float`, which cannot hold 0.1 exactly).
pub fn decimal_arg(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<diary_core::grading::Ratio> {
    let py = obj.py();
    if obj.is_instance_of::<pyo3::types::PyFloat>() {
        return Err(to_py_err(
            py,
            Error::invalid(
                field,
                "pass a Decimal, int or str, not a float (binary floats are inexact)",
            ),
        ));
    }
    // A Fraction is exact too: taken as numerator and denominator (the
    // core then refuses what its field cannot hold, e.g. a weight of 1/3).
    let fraction = py.import("fractions")?.getattr("Fraction")?;
    if obj.is_instance(&fraction)? {
        let part = |name: &str| -> PyResult<i64> {
            obj.getattr(name)?.extract::<i64>().map_err(|_| {
                to_py_err(
                    py,
                    Error::invalid(field, "is out of range (a Fraction of 64-bit integers)"),
                )
            })
        };
        let (num, den) = (part("numerator")?, part("denominator")?);
        return Ok(diary_core::grading::Ratio::new(
            i128::from(num),
            i128::from(den),
        ));
    }
    let text = obj.str()?.extract::<String>()?;
    diary_core::grading::Ratio::parse(field, &text).map_err(|e| to_py_err(py, e))
}

/// Converts a JSON-compatible Python value (dict, list, str, int, Decimal)
/// to a Rust value through `json.dumps`.
pub fn from_py_json<T: serde::de::DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
    field: &str,
) -> PyResult<T> {
    let py = obj.py();
    let text = json_text(obj)?;
    diary_core::json_input::parse(field, &text).map_err(|e| to_py_err(py, e))
}

/// A dict argument as JSON text: exact numbers and dates as their text,
/// enum members as their value (`schooldiary._convert.json_default`); a
/// float stays a float and is refused where an exact number is meant.
pub fn json_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = obj.py();
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item(
        "default",
        py.import("schooldiary._convert")?.getattr("json_default")?,
    )?;
    py.import("json")?
        .getattr("dumps")?
        .call((obj,), Some(&kwargs))?
        .extract()
}

/// Converts a Rust value to plain Python data through `json.loads`.
pub fn to_py_json<'py, T: serde::Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    let text =
        serde_json::to_string(v).map_err(|e| to_py_err(py, Error::Internal(e.to_string())))?;
    py.import("json")?.getattr("loads")?.call1((text,))
}

/// A decimal written with a fixed number of places (a rounded average such
/// as "4.50"), shown as `decimal.Decimal` keeping those places.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DecText(pub String);

impl<'py> IntoPyObject<'py> for &DecText {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("decimal")?
            .getattr("Decimal")?
            .call1((self.0.as_str(),))
    }
}

/// Converts each element (a core value to its Python value object).
pub fn list<A, B: From<A>>(v: Vec<A>) -> Vec<B> {
    v.into_iter().map(B::from).collect()
}

/// An `InvalidInput` naming `field`.
pub fn invalid(py: Python<'_>, field: &str, reason: &str) -> PyErr {
    to_py_err(py, Error::invalid(field, reason))
}

/// A required item of a dict argument; `field.key` names it in errors.
pub fn item<'py, T: pyo3::conversion::FromPyObjectOwned<'py>>(
    d: &Bound<'py, pyo3::types::PyDict>,
    key: &str,
    field: &str,
) -> PyResult<T> {
    let py = d.py();
    match d.get_item(key)? {
        Some(v) if !v.is_none() => v
            .extract()
            .map_err(|_| invalid(py, &format!("{field}.{key}"), "has the wrong type")),
        _ => Err(invalid(py, &format!("{field}.{key}"), "is required")),
    }
}

/// An optional item of a dict argument (absent or None gives None).
pub fn opt_item<'py, T: pyo3::conversion::FromPyObjectOwned<'py>>(
    d: &Bound<'py, pyo3::types::PyDict>,
    key: &str,
    field: &str,
) -> PyResult<Option<T>> {
    let py = d.py();
    match d.get_item(key)? {
        Some(v) if !v.is_none() => v
            .extract()
            .map(Some)
            .map_err(|_| invalid(py, &format!("{field}.{key}"), "has the wrong type")),
        _ => Ok(None),
    }
}

/// An iterable of dicts (rows of a timetable or a register).
pub fn dicts<'py>(
    rows: &Bound<'py, PyAny>,
    field: &str,
) -> PyResult<Vec<Bound<'py, pyo3::types::PyDict>>> {
    let py = rows.py();
    rows.try_iter()
        .map_err(|_| invalid(py, field, "must be a list of dicts"))?
        .map(|x| {
            x?.cast_into::<pyo3::types::PyDict>()
                .map_err(|_| invalid(py, field, "must be a list of dicts"))
        })
        .collect()
}

/// A weekday given as 1 (Monday) to 7.
pub fn weekday(py: Python<'_>, n: u8, field: &str) -> PyResult<time::Weekday> {
    diary_core::schedule::weekday_from_number(field, n).map_err(|e| to_py_err(py, e))
}
