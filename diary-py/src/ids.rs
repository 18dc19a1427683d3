//! Integer arguments (ids) checked against their documented range with the
//! argument's name: an int outside 1..2^63-1 raises `InvalidInput` with
//! `field` set (anything but an int, a bool included, raises `TypeError`), as the core does for its own numbers,
//! instead of Python's `OverflowError`. One extractor per argument name,
//! used as `#[pyo3(from_py_with = ids::student)]`.

use crate::errors::to_py_err;
use diary_core::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};

/// An id argument named `field` (for the generated methods).
pub fn id_arg(ob: &Bound<'_, PyAny>, field: &str) -> PyResult<i64> {
    let py = ob.py();
    let refuse = || {
        to_py_err(
            py,
            Error::invalid(field, "must be an id: an integer from 1 to 2^63 - 1"),
        )
    };
    if ob.is_instance_of::<PyBool>() || !ob.is_instance_of::<PyInt>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "argument '{field}': an id must be an int"
        )));
    }
    match ob.extract::<i64>() {
        Ok(v) if v >= 1 => Ok(v),
        _ => Err(refuse()),
    }
}

fn optional_int_arg(ob: &Bound<'_, PyAny>, field: &str) -> PyResult<Option<i64>> {
    if ob.is_none() {
        Ok(None)
    } else {
        id_arg(ob, field).map(Some)
    }
}

macro_rules! ids {
    ($($name:ident),* $(,)?) => {
        $(
            #[doc = concat!("The `", stringify!($name), "` argument, an id.")]
            pub fn $name(ob: &Bound<'_, PyAny>) -> PyResult<i64> {
                id_arg(ob, stringify!($name))
            }
        )*
    };
}

macro_rules! optional_ids {
    ($($name:ident => $field:ident),* $(,)?) => {
        $(
            #[doc = concat!("The optional `", stringify!($field), "` argument, an id or None.")]
            pub fn $name(ob: &Bound<'_, PyAny>) -> PyResult<Option<i64>> {
                optional_int_arg(ob, stringify!($field))
            }
        )*
    };
}

ids!(
    student, school, subject, class_id, period, year, person, mark, grant, anchor_id, work_kind,
    notice,
);

optional_ids!(
    opt_subject => subject,
    opt_group => group,
    opt_teacher => teacher,
    opt_retake_of => retake_of,
    opt_work_kind => work_kind,
);

/// An unsigned number argument: an int that fits `T`; anything else raises
/// `InvalidInput` naming the argument (the core then checks the documented
/// range, e.g. 1–366 days).
pub fn number_arg<T: TryFrom<i128>>(ob: &Bound<'_, PyAny>, field: &str) -> PyResult<T> {
    let py = ob.py();
    if ob.is_instance_of::<PyBool>() || !ob.is_instance_of::<PyInt>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "argument '{field}': must be an int"
        )));
    }
    ob.extract::<i128>()
        .ok()
        .and_then(|v| T::try_from(v).ok())
        .ok_or_else(|| {
            to_py_err(
                py,
                Error::invalid(field, "is out of range (see the method's documented range)"),
            )
        })
}

macro_rules! numbers {
    ($($name:ident: $t:ty),* $(,)?) => {
        $(
            #[doc = concat!("The `", stringify!($name), "` argument, a number.")]
            pub fn $name(ob: &Bound<'_, PyAny>) -> PyResult<$t> {
                number_arg::<$t>(ob, stringify!($name))
            }
        )*
    };
}

macro_rules! optional_numbers {
    ($($name:ident: $t:ty => $field:ident),* $(,)?) => {
        $(
            #[doc = concat!("The optional `", stringify!($field), "` argument, a number or None.")]
            pub fn $name(ob: &Bound<'_, PyAny>) -> PyResult<Option<$t>> {
                if ob.is_none() {
                    Ok(None)
                } else {
                    number_arg::<$t>(ob, stringify!($field)).map(Some)
                }
            }
        )*
    };
}

numbers!(
    width: u32,
    height: u32,
    shift: u8,
    n: u32,
    number: u8,
);

optional_numbers!(
    opt_to_number: u8 => to_number,
    opt_window_days: u32 => window_days,
    opt_days: u32 => days,
    opt_first_day: u32 => first_day,
);

/// A `datetime.date` argument. A `datetime.datetime` — a subclass of
/// `date` — is refused with `TypeError`: a time of day where a day is
/// meant is a mistake (which day would 23:30 in Moscow be?), not something
/// to cut off silently.
pub fn date(ob: &Bound<'_, PyAny>) -> PyResult<time::Date> {
    if ob.is_instance_of::<pyo3::types::PyDateTime>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "expected a datetime.date, got a datetime.datetime: pass its .date() \
             (the day in the school's time zone) instead",
        ));
    }
    ob.extract()
}

/// An optional `datetime.date` argument (None for none); see [`date`].
pub fn optional_date(ob: &Bound<'_, PyAny>) -> PyResult<Option<time::Date>> {
    if ob.is_none() {
        Ok(None)
    } else {
        date(ob).map(Some)
    }
}
