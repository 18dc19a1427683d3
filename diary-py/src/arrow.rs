//! Large results as Arrow tables: objects with the Arrow PyCapsule
//! interface (`__arrow_c_stream__`), which `polars.DataFrame(t)`,
//! `pyarrow.table(t)` (and any reader of the interface, such as duckdb)
//! read without a Python object per cell.
//! Built with arrow-rs and pyo3-arrow. Exact numbers stay exact: marks and
//! weights are `decimal128` columns, averages come as numerator and
//! denominator integer columns beside a `decimal128` of the rounded value.

use crate::actor::PyActor;
use crate::diary::PyDiary;
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Decimal128Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{Field, Schema};
use diary_core as core;
use diary_core::grading::Ratio;
use diary_core::{ClassId, YearId};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use std::sync::Arc;
use time::Date;

/// Marks, weights and rounded averages: up to ±10¹⁶ with their places.
const PRECISION: u8 = 18;

/// One column: its field and the values built for it.
struct Column {
    field: Field,
    values: ArrayRef,
}

fn column(name: &str, nullable: bool, values: ArrayRef) -> Column {
    Column {
        field: Field::new(name, values.data_type().clone(), nullable),
        values,
    }
}

fn internal(e: impl std::fmt::Display) -> PyErr {
    crate::errors::to_py_err_nogil(core::Error::Internal(format!("arrow: {e}")))
}

/// A one-batch table of the columns.
fn table(columns: Vec<Column>) -> PyResult<PyTable> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) =
        columns.into_iter().map(|c| (c.field, c.values)).unzip();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(internal)?;
    PyTable::try_new(vec![batch], schema)
}

/// `r` scaled by 10^`scale`, when that is a whole number.
fn scaled(r: Ratio, scale: u32) -> PyResult<i128> {
    let factor = 10i128.pow(scale);
    let n = r
        .numer()
        .checked_mul(factor)
        .ok_or_else(|| internal("value out of range"))?;
    if n % r.denom() != 0 {
        return Err(internal(format!(
            "{r} has more than {scale} decimal places"
        )));
    }
    Ok(n / r.denom())
}

/// A decimal column of values exact at `scale` places.
fn decimals(values: impl Iterator<Item = PyResult<Option<i128>>>, scale: u8) -> PyResult<ArrayRef> {
    let mut b = Decimal128Builder::new()
        .with_precision_and_scale(PRECISION, scale as i8)
        .map_err(internal)?;
    for v in values {
        b.append_option(v?);
    }
    Ok(Arc::new(b.finish()))
}

fn ints(values: impl Iterator<Item = Option<i64>>) -> ArrayRef {
    let mut b = Int64Builder::new();
    for v in values {
        b.append_option(v);
    }
    Arc::new(b.finish())
}

fn texts<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    let mut b = StringBuilder::new();
    for v in values {
        b.append_option(v);
    }
    Arc::new(b.finish())
}

fn flags(values: impl Iterator<Item = bool>) -> ArrayRef {
    let mut b = BooleanBuilder::new();
    for v in values {
        b.append_value(v);
    }
    Arc::new(b.finish())
}

fn dates(values: impl Iterator<Item = Date>) -> ArrayRef {
    // Arrow's date32 counts days from 1970-01-01 (Julian day 2440588).
    let mut b = Date32Builder::new();
    for d in values {
        b.append_value(d.to_julian_day() - 2_440_588);
    }
    Arc::new(b.finish())
}

/// The fewest places (0 to 6) at which every value is exact.
fn places(values: impl Iterator<Item = Ratio> + Clone) -> u32 {
    (0..=6)
        .find(|p| values.clone().all(|v| v.is_exact_at(*p)))
        .unwrap_or(6)
}

/// Numerator and denominator columns of optional exact values.
fn fractions(name: &str, values: &[Option<Ratio>]) -> PyResult<[Column; 2]> {
    let part = |f: fn(Ratio) -> i128| -> PyResult<ArrayRef> {
        let v = values
            .iter()
            .map(|r| r.map(|r| i64::try_from(f(r)).map_err(internal)).transpose())
            .collect::<PyResult<Vec<_>>>()?;
        Ok(ints(v.into_iter()))
    };
    Ok([
        column(&format!("{name}_num"), true, part(Ratio::numer)?),
        column(&format!("{name}_den"), true, part(Ratio::denom)?),
    ])
}

/// The columns of marks from `date` on (shared by the class and school
/// tables): `date`, `entry`, `label`, `value`, `weight`, `work_kind`,
/// `counts`.
fn mark_tail(marks: &[&core::Mark]) -> PyResult<Vec<Column>> {
    let m = || marks.iter().copied();
    Ok(vec![
        column("date", false, dates(m().map(|m| m.date))),
        column("entry", false, texts(m().map(|m| Some(m.entry.as_str())))),
        column("label", false, texts(m().map(|m| Some(m.label.as_str())))),
        column(
            "value",
            false,
            decimals(m().map(|m| scaled(m.value, 2).map(Some)), 2)?,
        ),
        column(
            "weight",
            false,
            decimals(m().map(|m| scaled(m.weight, 2).map(Some)), 2)?,
        ),
        column("work_kind", false, ints(m().map(|m| Some(m.work_kind.0)))),
        column(
            "counts",
            false,
            flags(
                m().map(|m| {
                    m.entry == core::EntryKind::Grade && m.counting != core::Counting::Never
                }),
            ),
        ),
    ])
}

/// A school's marks as a stream of Arrow batches, one core page each:
/// the next page is read only when the consumer asks for the next batch.
struct MarkPages {
    diary: Arc<core::Diary>,
    actor: core::Actor,
    year: YearId,
    after: core::MarkId,
    size: u32,
    /// A page already read (the first, read eagerly to raise refusals).
    pending: Option<Vec<core::Mark>>,
    done: bool,
    schema: arrow_schema::SchemaRef,
}

/// One batch of a school's marks.
fn school_batch(marks: &[core::Mark]) -> PyResult<RecordBatch> {
    let refs: Vec<&core::Mark> = marks.iter().collect();
    let m = || refs.iter().copied();
    let mut columns = vec![
        column("mark", false, ints(m().map(|m| Some(m.id.0)))),
        column("student", false, ints(m().map(|m| Some(m.student.0)))),
        column("subject", false, ints(m().map(|m| Some(m.subject.0)))),
        column("class", false, ints(m().map(|m| Some(m.class.0)))),
        column("period", false, ints(m().map(|m| Some(m.period.0)))),
    ];
    columns.extend(mark_tail(&refs)?);
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) =
        columns.into_iter().map(|c| (c.field, c.values)).unzip();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(internal)
}

impl Iterator for MarkPages {
    type Item = Result<RecordBatch, arrow_schema::ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let page = match self.pending.take() {
            Some(p) => Ok(p),
            None => self
                .diary
                .school_marks_page(&self.actor, self.year, self.after, self.size),
        };
        let page = match page {
            Ok(p) => p,
            Err(e) => {
                self.done = true;
                return Some(Err(arrow_schema::ArrowError::ExternalError(Box::new(e))));
            }
        };
        let Some(last) = page.last() else {
            self.done = true;
            return None;
        };
        self.after = last.id;
        Some(school_batch(&page).map_err(|e| arrow_schema::ArrowError::ComputeError(e.to_string())))
    }
}

impl arrow_array::RecordBatchReader for MarkPages {
    fn schema(&self) -> arrow_schema::SchemaRef {
        self.schema.clone()
    }
}

#[pymethods]
impl PyDiary {
    /// A class's marks in a period (one subject or all) that the actor may
    /// see, as an Arrow table (`__arrow_c_stream__`): `polars.DataFrame(t)`,
    /// `pyarrow.table(t)`. Columns: `mark`, `student`, `student_name`,
    /// `subject`, `subject_name`, `date` (date32), `entry`, `label`, `value`
    /// and `weight` (decimal128(18, 2), exact), `work_kind`, `counts`
    /// (bool). Each child's data read is logged, as by `class_marks`.
    #[pyo3(signature = (actor, class_id, period, *, subject=None))]
    fn class_marks_arrow(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
        #[pyo3(from_py_with = crate::ids::opt_subject)] subject: Option<i64>,
    ) -> PyResult<PyTable> {
        let recs = self.class_mark_records(py, actor, class_id, period, subject)?;
        let m = || recs.iter().map(|r| &r.mark);
        let mut columns = vec![
            column("mark", false, ints(m().map(|m| Some(m.id.0)))),
            column("student", false, ints(m().map(|m| Some(m.student.0)))),
            column(
                "student_name",
                false,
                texts(recs.iter().map(|r| Some(r.student_name.as_str()))),
            ),
            column("subject", false, ints(m().map(|m| Some(m.subject.0)))),
            column(
                "subject_name",
                false,
                texts(recs.iter().map(|r| Some(r.subject_name.as_str()))),
            ),
        ];
        let refs: Vec<&core::Mark> = m().collect();
        columns.extend(mark_tail(&refs)?);
        table(columns)
    }

    /// Every visible student's average per subject in a period as an Arrow
    /// table: `student`, `student_name`, `subject`, `subject_name`,
    /// `average` (the rounded value, decimal128 with the rule's places, null
    /// without counted marks), `exact_num` and `exact_den` (the exact
    /// average as integers), `mark` (the period mark by the rule),
    /// `marks` (how many counted), `certified` (bool).
    #[pyo3(signature = (actor, class_id, period, *, subject=None))]
    fn class_averages_arrow(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::period)] period: i64,
        #[pyo3(from_py_with = crate::ids::opt_subject)] subject: Option<i64>,
    ) -> PyResult<PyTable> {
        let recs = self.class_average_records(py, actor, class_id, period, subject)?;
        let rounded = recs.iter().filter_map(|r| r.average.rounded);
        let scale = places(rounded);
        let exact: Vec<Option<Ratio>> = recs.iter().map(|r| r.average.exact).collect();
        let [num, den] = fractions("exact", &exact)?;
        table(vec![
            column(
                "student",
                false,
                ints(recs.iter().map(|r| Some(r.student.0))),
            ),
            column(
                "student_name",
                false,
                texts(recs.iter().map(|r| Some(r.student_name.as_str()))),
            ),
            column(
                "subject",
                false,
                ints(recs.iter().map(|r| Some(r.subject.0))),
            ),
            column(
                "subject_name",
                false,
                texts(recs.iter().map(|r| Some(r.subject_name.as_str()))),
            ),
            column(
                "average",
                true,
                decimals(
                    recs.iter()
                        .map(|r| r.average.rounded.map(|v| scaled(v, scale)).transpose()),
                    scale as u8,
                )?,
            ),
            num,
            den,
            column(
                "mark",
                true,
                texts(recs.iter().map(|r| r.average.mark.as_deref())),
            ),
            column(
                "marks",
                false,
                ints(recs.iter().map(|r| Some(r.average.counted.len() as i64))),
            ),
            column(
                "certified",
                false,
                flags(recs.iter().map(|r| r.average.certified)),
            ),
        ])
    }

    /// Every (student, subject, period) weighted average of a school's year
    /// (admins) as an Arrow table: `student`, `subject`, `period`,
    /// `average_num` and `average_den` (exact), `marks` (counted).
    fn school_period_averages_arrow(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::year)] year: i64,
    ) -> PyResult<PyTable> {
        let all = self.with(py, actor, |d, a| d.school_period_averages(a, YearId(year)))?;
        let exact: Vec<Option<Ratio>> = all.iter().map(|r| Some(r.average)).collect();
        let [num, den] = fractions("average", &exact)?;
        table(vec![
            column(
                "student",
                false,
                ints(all.iter().map(|r| Some(r.student.0))),
            ),
            column(
                "subject",
                false,
                ints(all.iter().map(|r| Some(r.subject.0))),
            ),
            column("period", false, ints(all.iter().map(|r| Some(r.period.0)))),
            num,
            den,
            column(
                "marks",
                false,
                ints(all.iter().map(|r| Some(i64::from(r.marks)))),
            ),
        ])
    }

    /// Every mark of a school's academic year (its admins) as a stream of
    /// Arrow record batches of `batch_size` rows (1 to 100,000), read from
    /// the diary one page at a time as the consumer asks for the next batch,
    /// so that a whole school's marks are never held at once:
    /// `pyarrow.RecordBatchReader.from_stream(r)`, `polars.DataFrame(r)`,
    /// or iterate its batches. Columns: `mark`, `student`, `subject`,
    /// `class`, `period`, `date` (date32), `entry`, `label`, `value` and
    /// `weight` (decimal128(18, 2)), `work_kind`, `counts`. Every child in a
    /// page is logged as read when the page is read; each page is its own
    /// snapshot.
    #[pyo3(signature = (actor, year, *, batch_size=65_536))]
    fn school_marks_batches(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::year)] year: i64,
        batch_size: i64,
    ) -> PyResult<pyo3_arrow::PyRecordBatchReader> {
        let batch_size = u32::try_from(batch_size)
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| {
                crate::errors::to_py_err(
                    py,
                    core::Error::invalid("batch_size", "must be 1 to 100000"),
                )
            })?;
        let diary = self.get(py)?;
        let (actor, year) = (actor.inner, YearId(year));
        // The first page is read now, so that a refusal is raised here
        // rather than inside the consumer.
        let first = {
            let d = diary.clone();
            crate::convert::run(py, move || {
                d.school_marks_page(&actor, year, core::MarkId(0), batch_size)
            })?
        };
        let pages = MarkPages {
            diary,
            actor,
            year,
            after: core::MarkId(0),
            size: batch_size,
            pending: Some(first),
            done: false,
            schema: school_batch(&[])?.schema(),
        };
        Ok(pyo3_arrow::PyRecordBatchReader::new(Box::new(pages)))
    }

    /// Attendance of every student of a class (the class teacher, admins)
    /// as an Arrow table: `student`, `lessons_held`, `recorded`, `present`,
    /// `late`, `late_minutes`, `left_early`, `absent_excused`,
    /// `absent_unexcused`, `rate_num` and `rate_den` (attended ÷ recorded,
    /// exact; null when nothing was recorded).
    fn class_attendance_arrow(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        #[pyo3(from_py_with = crate::ids::class_id)] class_id: i64,
        #[pyo3(from_py_with = crate::ids::date)] start: Date,
        #[pyo3(from_py_with = crate::ids::date)] end: Date,
    ) -> PyResult<PyTable> {
        let rows = self.with(py, actor, |d, a| {
            d.class_attendance(a, ClassId(class_id), start, end)
        })?;
        let count = |f: fn(&core::AttendanceSummary) -> u32| {
            ints(rows.iter().map(move |s| Some(i64::from(f(s)))))
        };
        let rate: Vec<Option<Ratio>> = rows.iter().map(|s| s.rate).collect();
        let [num, den] = fractions("rate", &rate)?;
        table(vec![
            column(
                "student",
                false,
                ints(rows.iter().map(|s| Some(s.student.0))),
            ),
            column("lessons_held", false, count(|s| s.lessons_held)),
            column("recorded", false, count(|s| s.recorded)),
            column("present", false, count(|s| s.present)),
            column("late", false, count(|s| s.late)),
            column("late_minutes", false, count(|s| s.late_minutes)),
            column("left_early", false, count(|s| s.left_early)),
            column("absent_excused", false, count(|s| s.absent_excused)),
            column("absent_unexcused", false, count(|s| s.absent_unexcused)),
            num,
            den,
        ])
    }
}
