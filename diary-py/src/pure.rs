//! The grading engine without a diary (`schooldiary.grading.average`): an
//! average from marks and a rule given as values, computed by the core's
//! `grading::pure`, the same code the stored path uses.

use crate::convert::{json_text, run};
use crate::grading_records::Average;
use pyo3::prelude::*;

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
    let (rule, scales) = rule_and_scales(rule, scales)?;
    run(py, move || {
        diary_core::grading::pure::average_json(&marks, &rule, &scales)
    })
    .map(Into::into)
}

/// A rule (None: `{}`, the default) and scale definitions (None: none) as
/// JSON text.
fn rule_and_scales(
    rule: Option<&Bound<'_, PyAny>>,
    scales: Option<&Bound<'_, PyAny>>,
) -> PyResult<(String, String)> {
    Ok((
        match rule {
            Some(r) => json_text(r)?,
            None => "{}".to_owned(),
        },
        match scales {
            Some(s) => json_text(s)?,
            None => "[]".to_owned(),
        },
    ))
}

/// The period mark `rule` gives the average `value` (an int, Decimal,
/// Fraction or decimal string on the rule's scale).
#[pyfunction]
#[pyo3(signature = (value, rule=None, scales=None))]
pub fn _grading_mark_for(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    rule: Option<&Bound<'_, PyAny>>,
    scales: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let value = crate::convert::decimal_arg(value, "value")?;
    let (rule, scales) = rule_and_scales(rule, scales)?;
    run(py, move || {
        diary_core::grading::pure::mark_for_value(value, &rule, &scales)
    })
}

/// The band of averages that gives `mark`, as JSON text.
#[pyfunction]
#[pyo3(signature = (mark, rule=None, scales=None))]
pub fn _grading_mark_range(
    py: Python<'_>,
    mark: String,
    rule: Option<&Bound<'_, PyAny>>,
    scales: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let (rule, scales) = rule_and_scales(rule, scales)?;
    run(py, move || {
        let r = diary_core::grading::pure::mark_range_json(&mark, &rule, &scales)?;
        serde_json::to_string(&r).map_err(|e| diary_core::Error::Internal(e.to_string()))
    })
}

/// The built-in scales with their values, as JSON text.
#[pyfunction]
pub fn _grading_builtin_scales() -> PyResult<String> {
    serde_json::to_string(&diary_core::grading::pure::builtin_scale_list())
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))
}

/// Ways to reach `target` from marks given as values, fewest marks first.
#[pyfunction]
#[pyo3(signature = (marks, target, rule=None, scales=None))]
pub fn _grading_plan(
    py: Python<'_>,
    marks: &Bound<'_, PyAny>,
    target: String,
    rule: Option<&Bound<'_, PyAny>>,
    scales: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<crate::grading_records::PlanOption>> {
    let marks = json_text(marks)?;
    let (rule, scales) = rule_and_scales(rule, scales)?;
    run(py, move || {
        diary_core::grading::pure::plan_json(&marks, &rule, &scales, &target)
    })
    .map(|v| v.into_iter().map(Into::into).collect())
}
