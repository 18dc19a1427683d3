//! Integer arguments (ids) checked against their documented range with the
//! argument's name: an int outside 1..2^63-1 raises `InvalidInput` with
//! `field` set (anything but an int, a bool included, raises `TypeError`), as the core does for its own numbers,
//! instead of Python's `OverflowError`. One extractor per argument name,
//! used as `#[pyo3(from_py_with = ids::student)]`.

use crate::errors::to_py_err;
use diary_core::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};

fn int_arg(ob: &Bound<'_, PyAny>, field: &str) -> PyResult<i64> {
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
        int_arg(ob, field).map(Some)
    }
}

macro_rules! ids {
    ($($name:ident),* $(,)?) => {
        $(
            #[doc = concat!("The `", stringify!($name), "` argument, an id.")]
            pub fn $name(ob: &Bound<'_, PyAny>) -> PyResult<i64> {
                int_arg(ob, stringify!($name))
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
    student, school, subject, class_id, period, year, teacher, person, mark, grant, guardian,
    anchor_id, work_kind, homework, notice, group, to_class, enrolment,
);

optional_ids!(
    opt_subject => subject,
    opt_group => group,
    opt_teacher => teacher,
    opt_retake_of => retake_of,
    opt_work_kind => work_kind,
    opt_class_teacher => class_teacher,
);
