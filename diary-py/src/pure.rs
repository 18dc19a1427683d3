//! The grading engine without a diary (`schooldiary.grading.average`): an
//! average from marks and a rule given as values, computed by the core's
//! `grading::pure`, the same code the stored path uses.

use crate::convert::run;
use crate::grading_records::Average;
use pyo3::prelude::*;

/// Converts a Python value to JSON text the way every dict input is read
/// (Decimal, Fraction and dates as their text; a float stays a float and is
/// refused where an exact number is meant).
fn json_text(ob: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = ob.py();
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("default", py.import("builtins")?.getattr("str")?)?;
    py.import("json")?
        .getattr("dumps")?
        .call((ob,), Some(&kwargs))?
        .extract()
}

/// The explained average of `marks` (a list of dicts, see
/// `schooldiary.grading.average`) under `rule` (a dict; None: the default
/// Russian rule), with `scales` defining scales that are not built in.
#[pyfunction]
#[pyo3(signature = (marks, rule=None, scales=None))]
pub fn _grading_average(
    py: Python<'_>,
    marks: &Bound<'_, PyAny>,
    rule: Option<&Bound<'_, PyAny>>,
    scales: Option<&Bound<'_, PyAny>>,
) -> PyResult<Average> {
    let marks = json_text(marks)?;
    let rule = match rule {
        Some(r) => json_text(r)?,
        None => "{}".to_owned(),
    };
    let scales = match scales {
        Some(s) => json_text(s)?,
        None => "[]".to_owned(),
    };
    run(py, move || {
        diary_core::grading::pure::average_json(&marks, &rule, &scales)
    })
    .map(Into::into)
}
