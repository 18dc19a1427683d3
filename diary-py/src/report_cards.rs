//! Report cards: a card is a dict (``ReportCardDict`` in
//! ``schooldiary.types``), a printed card ``str`` (HTML) or ``bytes``
//! (PDF); the school's template a dict (``ReportCardTemplateInput``).

use crate::actor::PyActor;
use crate::convert::{from_py_json, to_py_json};
use crate::diary::PyDiary;
use crate::ids::id_arg;
use diary_core as core;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

fn period_arg(period: Option<&Bound<'_, PyAny>>) -> PyResult<Option<core::PeriodId>> {
    period
        .filter(|p| !p.is_none())
        .map(|p| id_arg(p, "period").map(core::PeriodId))
        .transpose()
}

/// A student's card's arguments: the student, the year, the period (None
/// for the year's card).
type CardArgs = (core::PersonId, core::YearId, Option<core::PeriodId>);

fn card_args(
    student: &Bound<'_, PyAny>,
    year: &Bound<'_, PyAny>,
    period: Option<&Bound<'_, PyAny>>,
) -> PyResult<CardArgs> {
    Ok((
        core::PersonId(id_arg(student, "student")?),
        core::YearId(id_arg(year, "year")?),
        period_arg(period)?,
    ))
}

#[pymethods]
impl PyDiary {
    /// A student's report card as a dict: for ``period``, or for the whole
    /// ``year`` when ``period`` is None (then a column per period and the
    /// year, exam and final marks). Every subject taught to the student's
    /// class with its exact average (a ``Fraction``), the average as the
    /// rule displays it and the marks in force; the overall average;
    /// attendance and remarks over the term (a family limited to a window
    /// of recent days sees those days'); the class teacher. For the
    /// student, its guardians, the class teacher and the school's admins.
    #[pyo3(signature = (actor, student, year, period=None))]
    fn report_card<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        student: &Bound<'py, PyAny>,
        year: &Bound<'py, PyAny>,
        period: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (student, year, period) = card_args(student, year, period)?;
        let card = self.with(py, actor, move |d, a| {
            d.report_card(a, student, year, period)
        })?;
        to_py_json(py, &card)
    }

    /// The report cards of a class's students (on the term's last day that
    /// has passed), by name, for ``period`` or the class's whole year: the
    /// class teacher and the school's admins.
    #[pyo3(signature = (actor, class_id, period=None))]
    fn class_report_cards<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        class_id: &Bound<'py, PyAny>,
        period: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let class = core::ClassId(id_arg(class_id, "class_id")?);
        let period = period_arg(period)?;
        let cards = self.with(py, actor, move |d, a| {
            d.class_report_cards(a, class, period)
        })?;
        to_py_json(py, &cards)
    }

    /// A student's report card as a printable HTML page (print CSS, A4),
    /// laid out by the school's template.
    #[pyo3(signature = (actor, student, year, period=None))]
    fn report_card_html(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        student: &Bound<'_, PyAny>,
        year: &Bound<'_, PyAny>,
        period: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let (student, year, period) = card_args(student, year, period)?;
        self.with(py, actor, move |d, a| {
            d.report_card_html(a, student, year, period)
        })
    }

    /// A student's report card as a PDF document (A4, its font embedded):
    /// write the bytes to a ``.pdf`` file or send them as
    /// ``application/pdf``.
    #[pyo3(signature = (actor, student, year, period=None))]
    fn report_card_pdf<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        student: &Bound<'py, PyAny>,
        year: &Bound<'py, PyAny>,
        period: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let (student, year, period) = card_args(student, year, period)?;
        let pdf = self.with(py, actor, move |d, a| {
            d.report_card_pdf(a, student, year, period)
        })?;
        Ok(PyBytes::new(py, &pdf))
    }

    /// A class's report cards as one HTML document, a printed page per
    /// student.
    #[pyo3(signature = (actor, class_id, period=None))]
    fn class_report_cards_html(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        class_id: &Bound<'_, PyAny>,
        period: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let class = core::ClassId(id_arg(class_id, "class_id")?);
        let period = period_arg(period)?;
        self.with(py, actor, move |d, a| {
            d.class_report_cards_html(a, class, period)
        })
    }

    /// A class's report cards as one PDF document, each student's card on
    /// a new page.
    #[pyo3(signature = (actor, class_id, period=None))]
    fn class_report_cards_pdf<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        class_id: &Bound<'py, PyAny>,
        period: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let class = core::ClassId(id_arg(class_id, "class_id")?);
        let period = period_arg(period)?;
        let pdf = self.with(py, actor, move |d, a| {
            d.class_report_cards_pdf(a, class, period)
        })?;
        Ok(PyBytes::new(py, &pdf))
    }

    /// A school's report-card template as a dict (the default until its
    /// admins set one; for the school's members).
    #[pyo3(signature = (actor, school))]
    fn report_card_template<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        school: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let school = core::SchoolId(id_arg(school, "school")?);
        let t = self.with(py, actor, move |d, a| d.report_card_template(a, school))?;
        to_py_json(py, &t)
    }

    /// Sets a school's report-card template (its admins) and returns it as
    /// stored. ``template``: ``title`` (1–200 characters), ``header``
    /// (up to 6 lines of 1–200), ``footer`` (up to 500, or None),
    /// ``blocks`` (each once, of ``ReportBlock``'s values; the subjects'
    /// table is always shown), ``language`` (``"ru"`` or ``"en"``).
    #[pyo3(signature = (actor, school, template))]
    fn set_report_card_template<'py>(
        &self,
        py: Python<'py>,
        actor: &PyActor,
        school: &Bound<'py, PyAny>,
        template: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let school = core::SchoolId(id_arg(school, "school")?);
        let template: core::ReportCardTemplate = from_py_json(template, "template")?;
        let t = self.with(py, actor, move |d, a| {
            d.set_report_card_template(a, school, &template)
        })?;
        to_py_json(py, &t)
    }
}
