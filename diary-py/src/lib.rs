//! The native part of the `schooldiary` Python package (`schooldiary._diary`). It only
//! translates types and errors; every rule lives in `diary-core`.

#[macro_use]
mod macros;

mod accounts;
mod actor;
mod announcements;
mod applications;
mod arrow;
mod attendance;
mod calls;
mod consents;
mod conversations;
mod convert;
mod day_records;
mod diary;
mod directory;
mod errors;
mod export;
mod feed;
mod grading;
mod grading_records;
mod ids;
mod lessons;
mod link_codes;
mod mark_columns;
mod meetings;
mod messages;
mod notifications;
mod oneroster;
mod privacy;
mod pure;
mod records;
mod recovery;
mod report_cards;
mod rollover;
mod security;
mod services;
mod timetable;
mod trusted;

use pyo3::prelude::*;

/// Native extension of the `schooldiary` package; import `schooldiary` instead.
#[pymodule]
fn _diary(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", diary_core::VERSION)?;
    m.add_class::<diary::PyDiary>()?;
    m.add_class::<actor::PyActor>()?;
    m.add_class::<actor::PyManualClock>()?;
    m.add_function(wrap_pyfunction!(pure::_grading_average, m)?)?;
    m.add_function(wrap_pyfunction!(pure::_grading_mark_for, m)?)?;
    m.add_function(wrap_pyfunction!(pure::_grading_plan, m)?)?;
    m.add_function(wrap_pyfunction!(pure::_grading_mark_range, m)?)?;
    m.add_function(wrap_pyfunction!(pure::_grading_builtin_scales, m)?)?;
    m.add_function(wrap_pyfunction!(oneroster::_oneroster_check, m)?)?;
    records::register(m)?;
    grading_records::register(m)?;
    trusted::register(m)?;
    accounts::register(m)?;
    link_codes::register(m)?;
    recovery::register(m)?;
    security::register(m)?;
    day_records::register(m)?;
    announcements::register(m)?;
    meetings::register(m)?;
    conversations::register(m)?;
    directory::register(m)?;
    notifications::register(m)?;
    messages::register(m)?;
    services::register(m)?;
    applications::register(m)?;
    consents::register(m)?;
    privacy::register(m)?;
    feed::register(m)?;
    Ok(())
}
