//! Marks handed over as Arrow columns (`record_marks` with a pyarrow or
//! polars table, a record batch, or a stream of batches — an import in
//! chunks): no Python object per mark, and no dict per mark.
//!
//! Columns carry the keys of a mark dict: `student`, `subject`, `date`,
//! `work_kind` and `value` are required; `entry`, `out_of`, `scale`,
//! `weight`, `counting`, `comment` and `retake_of` are optional (a missing
//! column or a null is the default). Ids are integers; dates `date32` or
//! ISO text; values and maxima text, integers or `decimal128`; weights
//! `decimal128`, integers or text — never binary floats.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type,
    UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchReader};
use arrow_schema::DataType;
use diary_core as core;
use diary_core::grading::Ratio;
use diary_core::{Error, MarkId, PersonId, SubjectId, WorkKindId};
use time::Date;

type Result<T> = std::result::Result<T, Error>;

const KNOWN: [&str; 12] = [
    "student",
    "subject",
    "date",
    "work_kind",
    "value",
    "entry",
    "out_of",
    "scale",
    "weight",
    "counting",
    "comment",
    "retake_of",
];

/// Every mark of every batch `reader` yields, in order.
pub(crate) fn marks(reader: Box<dyn RecordBatchReader + Send>) -> Result<Vec<core::NewMark>> {
    let schema = reader.schema();
    if let Some(f) = schema
        .fields()
        .iter()
        .find(|f| !KNOWN.contains(&f.name().as_str()))
    {
        return Err(Error::invalid(
            "marks",
            format!(
                "unknown column {:?} (columns: {})",
                f.name(),
                KNOWN.join(", ")
            ),
        ));
    }
    let mut out = Vec::new();
    for batch in reader {
        let batch =
            batch.map_err(|e| Error::invalid("marks", format!("reading the batches: {e}")))?;
        read_batch(&batch, &mut out)?;
    }
    Ok(out)
}

fn read_batch(batch: &RecordBatch, out: &mut Vec<core::NewMark>) -> Result<()> {
    let col = |name: &str| batch.column_by_name(name);
    let need = |name: &str| {
        col(name).ok_or_else(|| Error::invalid("marks", format!("a column {name:?} is required")))
    };
    let student = Ints::new("student", need("student")?)?;
    let subject = Ints::new("subject", need("subject")?)?;
    let work_kind = Ints::new("work_kind", need("work_kind")?)?;
    let date = Dates::new(need("date")?)?;
    let value = Texts::new("value", need("value")?)?;
    let opt_text = |name: &str| col(name).map(|a| Texts::new(name, a)).transpose();
    let (entry, out_of, scale) = (opt_text("entry")?, opt_text("out_of")?, opt_text("scale")?);
    let (weight, counting, comment) = (
        opt_text("weight")?,
        opt_text("counting")?,
        opt_text("comment")?,
    );
    let retake_of = col("retake_of")
        .map(|a| Ints::new("retake_of", a))
        .transpose()?;
    out.reserve(batch.num_rows());
    for row in 0..batch.num_rows() {
        let i = out.len();
        let at = |field: &str| format!("marks[{i}].{field}");
        let required = |r: Option<i64>, field: &str| {
            r.ok_or_else(|| Error::invalid(at(field), "must not be null"))
        };
        let text = |t: &Option<Texts<'_>>| t.as_ref().and_then(|t| t.get(row));
        out.push(core::NewMark {
            student: PersonId(required(student.get(row), "student")?),
            subject: SubjectId(required(subject.get(row), "subject")?),
            date: date
                .get(row)
                .map_err(|e| Error::invalid(at("date"), e))?
                .ok_or_else(|| Error::invalid(at("date"), "must not be null"))?,
            entry: match text(&entry) {
                Some(e) => core::EntryKind::parse(&at("entry"), &e)?,
                None => core::EntryKind::Grade,
            },
            value: value.get(row).unwrap_or_default(),
            out_of: text(&out_of),
            scale: text(&scale),
            work_kind: WorkKindId(required(work_kind.get(row), "work_kind")?),
            weight: text(&weight)
                .map(|w| Ratio::parse(&at("weight"), &w))
                .transpose()?,
            counting: match text(&counting) {
                Some(c) => core::Counting::parse(&at("counting"), &c)?,
                None => core::Counting::Always,
            },
            comment: text(&comment),
            retake_of: retake_of.as_ref().and_then(|r| r.get(row)).map(MarkId),
        });
    }
    Ok(())
}

fn wrong_type(name: &str, a: &ArrayRef, want: &str) -> Error {
    Error::invalid(
        format!("marks.{name}"),
        format!("the column must hold {want}, not {}", a.data_type()),
    )
}

/// An integer column of any width that fits in 64 bits.
struct Ints<'a>(&'a ArrayRef);

impl<'a> Ints<'a> {
    fn new(name: &str, a: &'a ArrayRef) -> Result<Self> {
        match a.data_type() {
            DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32 => Ok(Ints(a)),
            _ => Err(wrong_type(name, a, "integers")),
        }
    }

    fn get(&self, row: usize) -> Option<i64> {
        let a = self.0;
        if a.is_null(row) {
            return None;
        }
        Some(match a.data_type() {
            DataType::Int8 => i64::from(a.as_primitive::<Int8Type>().value(row)),
            DataType::Int16 => i64::from(a.as_primitive::<Int16Type>().value(row)),
            DataType::Int32 => i64::from(a.as_primitive::<Int32Type>().value(row)),
            DataType::UInt8 => i64::from(a.as_primitive::<UInt8Type>().value(row)),
            DataType::UInt16 => i64::from(a.as_primitive::<UInt16Type>().value(row)),
            DataType::UInt32 => i64::from(a.as_primitive::<UInt32Type>().value(row)),
            _ => a.as_primitive::<Int64Type>().value(row),
        })
    }
}

/// A date column: `date32`, or ISO 8601 text (`2024-09-02`).
struct Dates<'a>(&'a ArrayRef, Option<Texts<'a>>);

impl<'a> Dates<'a> {
    fn new(a: &'a ArrayRef) -> Result<Self> {
        match a.data_type() {
            DataType::Date32 => Ok(Dates(a, None)),
            _ => match Texts::new("date", a) {
                Ok(t) if t.is_text() => Ok(Dates(a, Some(t))),
                _ => Err(wrong_type("date", a, "date32 dates or ISO text")),
            },
        }
    }

    fn get(&self, row: usize) -> std::result::Result<Option<Date>, String> {
        if self.0.is_null(row) {
            return Ok(None);
        }
        if let Some(t) = &self.1 {
            let s = t.get(row).unwrap_or_default();
            let format = time::macros::format_description!("[year]-[month]-[day]");
            return Date::parse(&s, format)
                .map(Some)
                .map_err(|_| format!("{s:?} is not a date such as 2024-09-02"));
        }
        let days = self.0.as_primitive::<Date32Type>().value(row);
        // 2440588 is the Julian day of 1970-01-01.
        days.checked_add(2_440_588)
            .and_then(|jd| Date::from_julian_day(jd).ok())
            .map(Some)
            .ok_or_else(|| format!("{days} days from 1970-01-01 is out of range"))
    }
}

/// A column read as text: strings of every Arrow layout, integers, and
/// decimals (written with their places, as a `Decimal` prints).
struct Texts<'a>(&'a ArrayRef);

impl<'a> Texts<'a> {
    fn new(name: &str, a: &'a ArrayRef) -> Result<Self> {
        match a.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => {
                Ok(Texts(a))
            }
            DataType::Decimal128(_, scale) if *scale >= 0 => Ok(Texts(a)),
            _ if Ints::new(name, a).is_ok() => Ok(Texts(a)),
            DataType::Float16 | DataType::Float32 | DataType::Float64 => Err(Error::invalid(
                format!("marks.{name}"),
                "binary floats are inexact: pass text, integers or decimal128",
            )),
            _ => Err(wrong_type(name, a, "text, integers or decimal128")),
        }
    }

    fn is_text(&self) -> bool {
        matches!(
            self.0.data_type(),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
        )
    }

    fn get(&self, row: usize) -> Option<String> {
        let a = self.0;
        if a.is_null(row) || a.data_type() == &DataType::Null {
            return None;
        }
        Some(match a.data_type() {
            DataType::Utf8 => a.as_string::<i32>().value(row).to_owned(),
            DataType::LargeUtf8 => a.as_string::<i64>().value(row).to_owned(),
            DataType::Utf8View => a.as_string_view().value(row).to_owned(),
            DataType::Decimal128(_, scale) => {
                let v = a.as_primitive::<Decimal128Type>().value(row);
                let places = u32::try_from(*scale).unwrap_or(0);
                Ratio::new(v, 10i128.pow(places)).to_decimal(places)
            }
            _ => Ints(a).get(row)?.to_string(),
        })
    }
}
