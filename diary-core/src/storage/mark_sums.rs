//! SQL for the maintained sums of plain marks (migration 34): per
//! (period, student, subject, scale) Σ weight × value, Σ weight and the
//! count, kept by triggers on every write to `mark`, and added by a bulk
//! import itself ([`Sums`]).

use crate::error::Result;
use crate::ids::PeriodId;
use crate::model::{Counting, EntryKind};
use crate::storage::db::{params, Db, DbResult};
use std::collections::HashMap;

use super::marks::MarkRow;

/// (school, period, student, subject, scale).
type Key = (i64, i64, i64, i64, i64);

/// The sums of a batch of marks a bulk import inserts (the insert trigger
/// stands aside while `feed_state.bulk` is set).
#[derive(Debug, Default)]
pub(crate) struct Sums(HashMap<Key, (i64, i64, i64), crate::fasthash::FastBuild>);

impl Sums {
    /// Counts a new mark, if a plain average takes it.
    pub(crate) fn add(&mut self, m: &MarkRow) {
        if m.entry != EntryKind::Grade || m.counting != Counting::Always || m.retake_of.is_some() {
            return;
        }
        let e = self
            .0
            .entry((m.school.0, m.period.0, m.student.0, m.subject.0, m.scale.0))
            .or_default();
        e.0 += m.weight_centi * m.value_centi;
        e.1 += m.weight_centi;
        e.2 += 1;
    }

    /// Adds the batch's sums to the table.
    pub(crate) fn write(self, c: Db<'_>) -> Result<()> {
        let mut st = c.prepare_cached(
            "INSERT INTO mark_sum (school_id, period_id, student_id, subject_id, scale_id, weighted, weights, marks)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (period_id, student_id, subject_id, scale_id, school_id) DO UPDATE
             SET weighted = mark_sum.weighted + excluded.weighted,
                 weights = mark_sum.weights + excluded.weights,
                 marks = mark_sum.marks + excluded.marks",
        )?;
        for ((school, period, student, subject, scale), (weighted, weights, marks)) in self.0 {
            st.execute(params![
                school, period, student, subject, scale, weighted, weights, marks
            ])?;
        }
        Ok(())
    }
}

/// One group's sums: (student, subject, period, scale, Σ w·v, Σ w, count).
pub(crate) type Group = (i64, i64, i64, i64, i64, i64, i64);

/// The groups of the given periods, read from the maintained table.
pub(crate) fn of_periods(c: Db<'_>, periods: &[PeriodId]) -> Result<Vec<Group>> {
    let mut st = c.prepare_cached(
        "SELECT student_id, subject_id, scale_id, weighted, weights, marks
         FROM mark_sum WHERE period_id = ?1",
    )?;
    let mut out = Vec::new();
    for p in periods {
        let mut rows = st.query([p.0])?;
        while let Some(r) = rows.next()? {
            out.push((
                r.get(0)?,
                r.get(1)?,
                p.0,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ));
        }
    }
    Ok(out)
}

/// Where the maintained sums disagree with the marks, computed afresh: at
/// most `limit` groups, worded for an operator.
pub(crate) fn differences(c: Db<'_>, limit: usize) -> Result<Vec<String>> {
    let mut st = c.prepare(
        "WITH fresh AS (
             SELECT period_id, student_id, subject_id, scale_id,
                    sum(weight_centi * value_centi) AS weighted, sum(weight_centi) AS weights,
                    count(*) AS marks
             FROM mark WHERE deleted = 0 AND entry = 0 AND counting = 0 AND retake_of IS NULL
             GROUP BY period_id, student_id, subject_id, scale_id)
         SELECT f.period_id, f.student_id, f.subject_id, f.scale_id FROM fresh f
         LEFT JOIN mark_sum s USING (period_id, student_id, subject_id, scale_id)
         WHERE s.marks IS DISTINCT FROM f.marks OR s.weights IS DISTINCT FROM f.weights
            OR s.weighted IS DISTINCT FROM f.weighted
         UNION ALL
         SELECT s.period_id, s.student_id, s.subject_id, s.scale_id FROM mark_sum s
         LEFT JOIN fresh f USING (period_id, student_id, subject_id, scale_id)
         WHERE f.marks IS NULL
         LIMIT ?1",
    )?;
    let rows = st
        .query_map([limit as i64], |r| {
            Ok(format!(
                "the sums of period {}, student {}, subject {}, scale {} disagree with the marks",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?
            ))
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}
