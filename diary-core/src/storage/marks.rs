//! SQL for scales, kinds of work, marks, their history, grading rules,
//! period closing and final marks.

use super::{conflict_on_unique, found};
use crate::error::{Error, Result};
use crate::grading::{GradingRule, NewScale, Ratio, Scale, ScaleKind};
use crate::ids::{
    ClassId, MarkId, PeriodId, PersonId, ScaleId, SchoolId, SubjectId, WorkKindId, YearId,
};
use crate::model::{Counting, EntryKind, Mark, MarkChange, NewWorkKind, WorkKind};
use crate::storage::db::{params, Db, DbError, DbResult, OptionalExtension, Param, Row, Statement};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

fn conv<T>(i: usize, r: Result<T>) -> DbResult<T> {
    r.map_err(|e| DbError::undecodable(i, e))
}

fn scale_row(r: &Row<'_>) -> DbResult<Scale> {
    let def: String = r.get(4)?;
    let kind: ScaleKind = conv(
        4,
        serde_json::from_str(&def).map_err(|e| Error::Internal(format!("scale definition: {e}"))),
    )?;
    Ok(Scale {
        id: ScaleId(r.get(0)?),
        school: r.get::<_, Option<i64>>(1)?.map(SchoolId),
        code: r.get(2)?,
        name: r.get(3)?,
        kind,
        lower_is_better: r.get(5)?,
    })
}

const SCALE_SELECT: &str =
    "SELECT id, school_id, code, name, definition, lower_is_better FROM scale";

/// The built-in scales and the school's own, by id.
pub(crate) fn scales_for(c: Db<'_>, school: SchoolId) -> Result<HashMap<ScaleId, Scale>> {
    let mut st = c.prepare_cached(&format!(
        "{SCALE_SELECT} WHERE school_id IS NULL OR school_id = ?1 ORDER BY id"
    ))?;
    let rows = st
        .query_map([school.0], scale_row)?
        .collect::<DbResult<Vec<_>>>()?;
    Ok(rows.into_iter().map(|s| (s.id, s)).collect())
}

pub(crate) fn insert_scale(c: Db<'_>, school: SchoolId, s: &NewScale) -> Result<ScaleId> {
    let def = serde_json::to_string(&s.kind).map_err(|e| Error::Internal(e.to_string()))?;
    c.execute(
        "INSERT INTO scale (school_id, code, name, definition, lower_is_better) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![school.0, s.code, s.name, def, s.lower_is_better],
    )
    .map_err(|e| conflict_on_unique(e, || format!("a scale with code \"{}\" already exists", s.code)))?;
    Ok(ScaleId(c.last_insert_rowid()?))
}

fn centi(r: Ratio, field: &str) -> Result<i64> {
    crate::limits::centi(field, r)
}

/// Converts a weight or value to hundredths, refusing more precision.
pub(crate) fn to_centi(r: Ratio, field: &str) -> Result<i64> {
    centi(r, field)
}

fn work_kind_row(r: &Row<'_>) -> DbResult<WorkKind> {
    Ok(WorkKind {
        id: WorkKindId(r.get(0)?),
        school: SchoolId(r.get(1)?),
        name: r.get(2)?,
        default_weight: Ratio::centi(r.get(3)?),
        min_weight: Ratio::centi(r.get(4)?),
        max_weight: Ratio::centi(r.get(5)?),
    })
}

const WORK_KIND_SELECT: &str =
    "SELECT id, school_id, name, default_weight_centi, min_weight_centi, max_weight_centi FROM work_kind";

pub(crate) fn insert_work_kind(c: Db<'_>, school: SchoolId, k: &NewWorkKind) -> Result<WorkKind> {
    c.execute(
        "INSERT INTO work_kind (school_id, name, default_weight_centi, min_weight_centi, max_weight_centi)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            school.0,
            k.name,
            centi(k.default_weight, "default_weight")?,
            centi(k.min_weight, "min_weight")?,
            centi(k.max_weight, "max_weight")?
        ],
    )
    .map_err(|e| conflict_on_unique(e, || format!("a kind of work \"{}\" already exists", k.name)))?;
    work_kind(c, WorkKindId(c.last_insert_rowid()?))
}

pub(crate) fn work_kind(c: Db<'_>, id: WorkKindId) -> Result<WorkKind> {
    found(
        c.cached_row(
            &format!("{WORK_KIND_SELECT} WHERE id = ?1"),
            [id.0],
            work_kind_row,
        ),
        "kind of work",
        id.0,
    )
}

pub(crate) fn work_kinds(c: Db<'_>, school: SchoolId) -> Result<Vec<WorkKind>> {
    let mut st = c.prepare_cached(&format!(
        "{WORK_KIND_SELECT} WHERE school_id = ?1 ORDER BY id"
    ))?;
    let rows = st
        .query_map([school.0], work_kind_row)?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn rule(
    c: Db<'_>,
    school: SchoolId,
    subject: Option<SubjectId>,
) -> Result<Option<GradingRule>> {
    let json: Option<String> = c
        .query_row(
            "SELECT rule FROM grading_rule WHERE school_id = ?1 AND subject_id = ?2",
            params![school.0, subject.map_or(0, |s| s.0)],
            |r| r.get(0),
        )
        .optional()?;
    json.map(|j| serde_json::from_str(&j).map_err(|e| Error::Internal(format!("stored rule: {e}"))))
        .transpose()
}

pub(crate) fn set_rule(
    c: Db<'_>,
    school: SchoolId,
    subject: Option<SubjectId>,
    rule: &GradingRule,
    now: i64,
) -> Result<()> {
    let json = serde_json::to_string(rule).map_err(|e| Error::Internal(e.to_string()))?;
    let subject = subject.map_or(0, |s| s.0);
    c.execute(
        "INSERT INTO grading_rule (school_id, subject_id, rule) VALUES (?1, ?2, ?3)
         ON CONFLICT (school_id, subject_id) DO UPDATE SET rule = excluded.rule",
        params![school.0, subject, json],
    )?;
    // The new version replaces the one in force.
    c.execute(
        "INSERT INTO grading_rule_version (school_id, subject_id, rule, valid_from) VALUES (?1, ?2, ?3, ?4)",
        params![school.0, subject, json, now],
    )?;
    let version = c.last_insert_rowid()?;
    c.execute(
        "UPDATE grading_rule_version SET valid_until = ?4, replaced_by = ?3
         WHERE school_id = ?1 AND subject_id = ?2 AND replaced_by IS NULL AND id <> ?3",
        params![school.0, subject, version, now],
    )?;
    Ok(())
}

/// The rule version of a school (`subject` None: its default) that was in
/// force when the newest version was `version`, if one was.
pub(crate) fn rule_at(
    c: Db<'_>,
    school: SchoolId,
    subject: Option<SubjectId>,
    version: i64,
) -> Result<Option<GradingRule>> {
    let json: Option<String> = c
        .cached_row(
            "SELECT rule FROM grading_rule_version
             WHERE school_id = ?1 AND subject_id = ?2 AND id <= ?3
               AND (replaced_by IS NULL OR replaced_by > ?3)
             ORDER BY id DESC LIMIT 1",
            params![school.0, subject.map_or(0, |s| s.0), version],
            |r| r.get(0),
        )
        .optional()?;
    json.map(|j| serde_json::from_str(&j).map_err(|e| Error::Internal(format!("stored rule: {e}"))))
        .transpose()
}

/// The rule for a subject — its own, else the school's, else the built-in
/// default — in force now (`version` None) or when `version` was the
/// newest rule version (a closed period's frozen rules).
pub(crate) fn rule_in_force(
    c: Db<'_>,
    school: SchoolId,
    subject: SubjectId,
    version: Option<i64>,
) -> Result<GradingRule> {
    let (own, default) = match version {
        None => (rule(c, school, Some(subject))?, None),
        Some(v) => (rule_at(c, school, Some(subject), v)?, Some(v)),
    };
    if let Some(r) = own {
        return Ok(r);
    }
    Ok(match default {
        None => rule(c, school, None)?,
        Some(v) => rule_at(c, school, None, v)?,
    }
    .unwrap_or_default())
}

/// The rule version frozen when a period was closed (None while it is
/// open, or closed before versions existed).
pub(crate) fn period_rule_version(c: Db<'_>, period: PeriodId) -> Result<Option<i64>> {
    Ok(c.cached_row(
        "SELECT rule_version FROM period WHERE id = ?1",
        [period.0],
        |r| r.get(0),
    )?)
}

/// A validated mark, ready to store.
#[derive(Debug, Clone)]
pub(crate) struct MarkRow {
    /// The school of the mark's class.
    pub school: SchoolId,
    pub student: PersonId,
    pub subject: SubjectId,
    pub class: ClassId,
    pub period: PeriodId,
    pub date: Date,
    pub entry: EntryKind,
    pub scale: ScaleId,
    pub label: std::sync::Arc<str>,
    pub value_centi: i64,
    pub out_of_centi: Option<i64>,
    pub work_kind: WorkKindId,
    pub weight_centi: i64,
    pub counting: Counting,
    pub comment: Option<String>,
    pub teacher: PersonId,
    pub retake_of: Option<MarkId>,
}

impl MarkRow {
    /// The stored mark this row becomes under `id`, entered at `now`.
    pub(crate) fn into_mark(self, id: MarkId, scale: String, now: i64) -> Result<Mark> {
        Ok(Mark {
            id,
            student: self.student,
            subject: self.subject,
            class: self.class,
            period: self.period,
            date: self.date,
            entry: self.entry,
            scale,
            label: self.label.to_string(),
            value: Ratio::centi(self.value_centi),
            out_of: self.out_of_centi.map(Ratio::centi),
            work_kind: self.work_kind,
            weight: Ratio::centi(self.weight_centi),
            counting: self.counting,
            comment: self.comment,
            teacher: self.teacher,
            entered_at: OffsetDateTime::from_unix_timestamp(now)
                .map_err(|e| Error::Internal(e.to_string()))?,
            retake_of: self.retake_of,
            deleted: false,
        })
    }
}

pub(crate) fn insert_mark(c: Db<'_>, m: &MarkRow, now: i64) -> Result<MarkId> {
    let mut st = c.prepare_cached(
        "INSERT INTO mark (school_id, student_id, subject_id, class_id, period_id, lesson_day, entry, scale_id,
                           label, value_centi, out_of_centi, work_kind_id, weight_centi, counting, comment,
                           teacher_id, created_at, retake_of)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    st.execute(params![
        m.school.0,
        m.student.0,
        m.subject.0,
        m.class.0,
        m.period.0,
        m.date.to_julian_day(),
        m.entry.code(),
        m.scale.0,
        &*m.label,
        m.value_centi,
        m.out_of_centi,
        m.work_kind.0,
        m.weight_centi,
        m.counting.code(),
        m.comment,
        m.teacher.0,
        now,
        m.retake_of.map(|r| r.0),
    ])?;
    Ok(MarkId(c.last_insert_rowid()?))
}

const MARK_COLUMNS: &str = "(school_id, student_id, subject_id, class_id, period_id, lesson_day, entry, scale_id, label,
    value_centi, out_of_centi, work_kind_id, weight_centi, counting, comment, teacher_id, created_at, retake_of)";

/// Smallest batch for which the secondary index is rebuilt rather than
/// maintained row by row.
const REBUILD_MIN: usize = 50_000;

/// The mark table's insert triggers (migrations 28 and 34): a large load
/// does their work itself, once per batch instead of once per row.
const INSERT_TRIGGERS: [&str; 2] = ["feed_mark_ins", "mark_sum_ins"];

/// Drops what a large load would otherwise maintain row by row — the mark
/// table's secondary indexes and its insert triggers — and returns the
/// statements the schema stored for them, so that [`restore`] re-creates
/// them exactly as the migrations made them.
fn stand_aside(c: Db<'_>) -> Result<Vec<String>> {
    let mut st = c.prepare(
        "SELECT type, name, sql FROM sqlite_schema
         WHERE tbl_name = 'mark' AND sql IS NOT NULL
           AND (type = 'index' OR (type = 'trigger' AND name IN (?1, ?2)))
         ORDER BY type = 'trigger', name",
    )?;
    let objects: Vec<(String, String, String)> = st
        .query_map(INSERT_TRIGGERS, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<DbResult<_>>()?;
    let triggers = objects.iter().filter(|o| o.0 == "trigger").count();
    if triggers != INSERT_TRIGGERS.len() {
        return Err(Error::Internal(format!(
            "the mark table has {triggers} of its {} insert triggers",
            INSERT_TRIGGERS.len()
        )));
    }
    let mut sql = Vec::with_capacity(objects.len());
    for (kind, name, create) in objects {
        c.execute_batch(&format!("DROP {kind} \"{name}\""))?;
        sql.push(create);
    }
    Ok(sql)
}

/// Re-creates what [`stand_aside`] dropped (the indexes are built here, in
/// one sort each).
fn restore(c: Db<'_>, sql: &[String]) -> Result<()> {
    for create in sql {
        c.execute_batch(create)?;
    }
    Ok(())
}

/// The largest mark id on file (0 when there is none).
pub(crate) fn last_mark_id(c: Db<'_>) -> Result<i64> {
    Ok(c.cached_row("SELECT coalesce(max(id), 0) FROM mark", (), |r| r.get(0))?)
}

/// Inserts a large batch of marks, streamed: `rows` yields each mark once
/// (in index order, student by student, for B-tree locality) and
/// `inserted` is told each new id in the same order; no row is kept beyond
/// one multi-row statement's worth. When the batch is at least as large as
/// the table already is, the secondary indexes and insert triggers stand
/// aside ([`stand_aside`]) and come back after the load, inside the same
/// transaction: loading first and indexing after is several times faster
/// than maintaining the indexes row by row, and the feed records and sums
/// the triggers would write per row are written per run and per group.
/// On PostgreSQL the indexes stay (its schema is not SQLite's to rebuild);
/// the triggers stand aside by the flag, as for a smaller batch.
pub(crate) fn insert_marks_bulk(
    c: Db<'_>,
    count: usize,
    rows: &mut dyn Iterator<Item = Result<MarkRow>>,
    now: i64,
    inserted: &mut dyn FnMut(MarkId),
) -> Result<()> {
    if c.is_sqlite() && count >= REBUILD_MIN && count as i64 >= last_mark_id(c)? {
        // A large load appends pages and spills them to the log whatever
        // the cache holds; a smaller cache keeps its memory, and that of the
        // index sorts SQLite sizes from it, from growing with the file.
        let cache: i64 = c.query_row("PRAGMA cache_size", (), |r| r.get(0))?;
        c.execute_batch(&format!("PRAGMA cache_size = -{LOAD_CACHE_KIB}"))?;
        let loaded = stand_aside(c).and_then(|aside| {
            load(c, rows, now, inserted)?;
            restore(c, &aside)
        });
        let reset = c.execute_batch(&format!("PRAGMA cache_size = {cache}"));
        return loaded.and(reset.map_err(Into::into));
    }
    // Smaller batches keep the triggers, which stand aside while the flag
    // is set.
    super::feed::set_bulk(c, true)?;
    load(c, rows, now, inserted)?;
    super::feed::set_bulk(c, false)
}

/// Page cache during a large load, in KiB.
const LOAD_CACHE_KIB: i64 = 16 * 1024;

/// Inserts the rows and writes what the insert triggers would have: one
/// feed record per run of a student's marks in a class (the rows come
/// sorted by student) instead of one per mark, and the batch's sums.
fn load(
    c: Db<'_>,
    rows: &mut dyn Iterator<Item = Result<MarkRow>>,
    now: i64,
    inserted: &mut dyn FnMut(MarkId),
) -> Result<()> {
    let mut runs = Runs::default();
    let mut sums = super::mark_sums::Sums::default();
    insert_marks(c, rows, now, &mut |m, id| {
        sums.add(m);
        runs.add(m, id);
        inserted(id);
    })?;
    super::feed::record_mark_runs(c, &runs.done())?;
    sums.write(c)
}

/// The runs of marks with consecutive ids per (student, class), as a bulk
/// import inserts them.
#[derive(Default)]
struct Runs(Vec<super::feed::MarkRun>);

impl Runs {
    fn add(&mut self, m: &MarkRow, id: MarkId) {
        match self.0.last_mut() {
            // Split where ids are not consecutive (they are, in one
            // transaction, unless SQLite had to pick rowids at random).
            Some(r)
                if r.student == m.student && r.class == m.class && r.first + r.count == id.0 =>
            {
                r.count += 1
            }
            _ => self.0.push(super::feed::MarkRun {
                student: m.student,
                class: m.class,
                first: id.0,
                count: 1,
            }),
        }
    }

    fn done(self) -> Vec<super::feed::MarkRun> {
        self.0
    }
}

/// Rows per multi-row INSERT in a bulk import.
const CHUNK: usize = 64;

/// Inserts marks with multi-row statements (much less per-row work in
/// SQLite's VM than one statement per row), telling `inserted` each row
/// with its new id, in order.
fn insert_marks(
    c: Db<'_>,
    rows: &mut dyn Iterator<Item = Result<MarkRow>>,
    now: i64,
    inserted: &mut dyn FnMut(&MarkRow, MarkId),
) -> Result<()> {
    let one = format!("({})", vec!["?"; 18].join(", "));
    let chunk_sql = format!(
        "INSERT INTO mark {MARK_COLUMNS} VALUES {}",
        vec![one.as_str(); CHUNK].join(", ")
    );
    let mut chunk_st = c.prepare_cached(&chunk_sql)?;
    let mut pending: Vec<MarkRow> = Vec::with_capacity(CHUNK);
    for row in rows {
        pending.push(row?);
        if pending.len() == CHUNK {
            let mut i = 1;
            for m in &pending {
                bind_mark(&mut chunk_st, &mut i, m, now)?;
            }
            chunk_st.execute_bound()?;
            let first = c.last_insert_rowid()? - CHUNK as i64 + 1;
            for (k, m) in pending.drain(..).enumerate() {
                inserted(&m, MarkId(first + k as i64));
            }
        }
    }
    for m in pending {
        let id = insert_mark(c, &m, now)?;
        inserted(&m, id);
    }
    Ok(())
}

fn bind_mark(st: &mut Statement<'_>, i: &mut usize, m: &MarkRow, now: i64) -> Result<()> {
    let (day, entry, counting) = (m.date.to_julian_day(), m.entry.code(), m.counting.code());
    let values: [&dyn Param; 18] = [
        &m.school.0,
        &m.student.0,
        &m.subject.0,
        &m.class.0,
        &m.period.0,
        &day,
        &entry,
        &m.scale.0,
        &&*m.label,
        &m.value_centi,
        &m.out_of_centi,
        &m.work_kind.0,
        &m.weight_centi,
        &counting,
        &m.comment,
        &m.teacher.0,
        &now,
        &m.retake_of.map(|r| r.0),
    ];
    for v in values {
        st.bind_at(*i, v)?;
        *i += 1;
    }
    Ok(())
}

/// The columns of a mark, without its scale's code: a school has a few
/// scales, so [`with_scale_codes`] looks each up once per call instead of
/// joining the scale table on every row (a student's quarter is ~450 rows).
const MARK_SELECT: &str =
    "SELECT m.id, m.student_id, m.subject_id, m.class_id, m.period_id, m.lesson_day, m.entry,
    m.label, m.value_centi, m.out_of_centi, m.work_kind_id, m.weight_centi, m.counting, m.comment,
    m.teacher_id, m.created_at, m.retake_of, m.deleted, m.scale_id
    FROM mark m";

/// A stored mark plus its scale id (for averaging).
pub(crate) fn mark_row(r: &Row<'_>) -> DbResult<(Mark, ScaleId)> {
    let entry: i64 = r.get(6)?;
    let counting: i64 = r.get(12)?;
    let day: i32 = r.get(5)?;
    let created: i64 = r.get(15)?;
    Ok((
        Mark {
            id: MarkId(r.get(0)?),
            student: PersonId(r.get(1)?),
            subject: SubjectId(r.get(2)?),
            class: ClassId(r.get(3)?),
            period: PeriodId(r.get(4)?),
            date: conv(
                5,
                Date::from_julian_day(day)
                    .map_err(|e| Error::Internal(format!("stored lesson day: {e}"))),
            )?,
            entry: conv(6, EntryKind::from_code("entry", entry))?,
            // Filled by `with_scale_codes`.
            scale: String::new(),
            label: r.get(7)?,
            value: Ratio::centi(r.get(8)?),
            out_of: r.get::<_, Option<i64>>(9)?.map(Ratio::centi),
            work_kind: WorkKindId(r.get(10)?),
            weight: Ratio::centi(r.get(11)?),
            counting: conv(12, Counting::from_code("counting", counting))?,
            comment: r.get(13)?,
            teacher: PersonId(r.get(14)?),
            entered_at: conv(
                15,
                OffsetDateTime::from_unix_timestamp(created)
                    .map_err(|e| Error::Internal(e.to_string())),
            )?,
            retake_of: r.get::<_, Option<i64>>(16)?.map(MarkId),
            deleted: r.get(17)?,
        },
        ScaleId(r.get(18)?),
    ))
}

/// Sets each mark's scale code, looking up each distinct scale once.
fn with_scale_codes(c: Db<'_>, mut rows: Vec<(Mark, ScaleId)>) -> Result<Vec<(Mark, ScaleId)>> {
    let mut known: Vec<(ScaleId, String)> = Vec::new();
    for (m, scale) in &mut rows {
        let code = match known.iter().find(|(id, _)| id == scale) {
            Some((_, code)) => code.clone(),
            None => {
                let code: String =
                    c.cached_row("SELECT code FROM scale WHERE id = ?1", [scale.0], |r| {
                        r.get(0)
                    })?;
                known.push((*scale, code.clone()));
                code
            }
        };
        m.scale = code;
    }
    Ok(rows)
}

pub(crate) fn mark(c: Db<'_>, id: MarkId) -> Result<(Mark, ScaleId)> {
    let one = found(
        c.cached_row(&format!("{MARK_SELECT} WHERE m.id = ?1"), [id.0], mark_row),
        "mark",
        id.0,
    )?;
    Ok(with_scale_codes(c, vec![one])?.remove(0))
}

/// A student's marks from `from` to `to` (inclusive), not deleted, by date.
pub(crate) fn marks_of_student(
    c: Db<'_>,
    student: PersonId,
    from: Date,
    to: Date,
) -> Result<Vec<(Mark, ScaleId)>> {
    let mut st = c.prepare_cached(&format!(
        "{MARK_SELECT} WHERE m.student_id = ?1 AND m.lesson_day BETWEEN ?2 AND ?3 AND m.deleted = 0
         ORDER BY m.lesson_day, m.id"
    ))?;
    let rows = st
        .query_map(
            params![student.0, from.to_julian_day(), to.to_julian_day()],
            mark_row,
        )?
        .collect::<DbResult<_>>()?;
    with_scale_codes(c, rows)
}

/// A page of a year's marks (not deleted), in id order after `after`.
pub(crate) fn marks_of_year_page(
    c: Db<'_>,
    year: YearId,
    after: MarkId,
    limit: u32,
) -> Result<Vec<(Mark, ScaleId)>> {
    let mut st = c.prepare_cached(&format!(
        "{MARK_SELECT} JOIN class k ON k.id = m.class_id
         WHERE k.year_id = ?1 AND m.id > ?2 AND m.deleted = 0 ORDER BY m.id LIMIT ?3"
    ))?;
    let rows = st
        .query_map(params![year.0, after.0, limit], mark_row)?
        .collect::<DbResult<_>>()?;
    with_scale_codes(c, rows)
}

/// Every mark (not deleted) of a school's classes, in id order.
pub(crate) fn marks_of_school(c: Db<'_>, school: SchoolId) -> Result<Vec<(Mark, ScaleId)>> {
    let mut st = c.prepare_cached(&format!(
        "{MARK_SELECT} JOIN class k ON k.id = m.class_id
         WHERE k.school_id = ?1 AND m.deleted = 0 ORDER BY m.id"
    ))?;
    let rows = st
        .query_map([school.0], mark_row)?
        .collect::<DbResult<_>>()?;
    with_scale_codes(c, rows)
}

/// The marks of a class in a subject and period (every student who was in
/// the class when the mark was given), not deleted.
pub(crate) fn marks_of_class(
    c: Db<'_>,
    class: ClassId,
    subject: SubjectId,
    period: PeriodId,
) -> Result<Vec<(Mark, ScaleId)>> {
    let mut st = c.prepare_cached(&format!(
        "{MARK_SELECT} WHERE m.class_id = ?1 AND m.subject_id = ?2 AND m.period_id = ?3 AND m.deleted = 0
         ORDER BY m.student_id, m.lesson_day, m.id"
    ))?;
    let rows = st
        .query_map(params![class.0, subject.0, period.0], mark_row)?
        .collect::<DbResult<_>>()?;
    with_scale_codes(c, rows)
}

pub(crate) fn update_mark(c: Db<'_>, id: MarkId, m: &MarkRow) -> Result<()> {
    c.execute(
        "UPDATE mark SET entry = ?2, label = ?3, value_centi = ?4, out_of_centi = ?5, work_kind_id = ?6,
                         weight_centi = ?7, counting = ?8, comment = ?9
         WHERE id = ?1",
        params![
            id.0,
            m.entry.code(),
            &*m.label,
            m.value_centi,
            m.out_of_centi,
            m.work_kind.0,
            m.weight_centi,
            m.counting.code(),
            m.comment
        ],
    )?;
    Ok(())
}

pub(crate) fn mark_deleted(c: Db<'_>, id: MarkId) -> Result<()> {
    c.execute("UPDATE mark SET deleted = 1 WHERE id = ?1", [id.0])?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_mark_change(
    c: Db<'_>,
    school: SchoolId,
    id: MarkId,
    action: &str,
    by: PersonId,
    now: i64,
    reason: &str,
    old: &Mark,
    new: Option<&Mark>,
) -> Result<()> {
    let json = |m: &Mark| serde_json::to_string(m).map_err(|e| Error::Internal(e.to_string()));
    c.execute(
        "INSERT INTO mark_change (school_id, mark_id, action, changed_by, changed_at, reason, old_label, new_label,
                                  old_state, new_state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            school.0,
            id.0,
            action,
            by.0,
            now,
            reason,
            old.label,
            new.map(|m| m.label.clone()),
            json(old)?,
            new.map(json).transpose()?
        ],
    )?;
    Ok(())
}

pub(crate) fn mark_changes(c: Db<'_>, id: MarkId) -> Result<Vec<MarkChange>> {
    let mut st = c.prepare_cached(
        "SELECT mark_id, action, changed_by, changed_at, reason, old_label, new_label FROM mark_change
         WHERE mark_id = ?1 ORDER BY id",
    )?;
    let rows = st
        .query_map([id.0], |r| {
            let at: i64 = r.get(3)?;
            Ok(MarkChange {
                mark: MarkId(r.get(0)?),
                action: r.get(1)?,
                changed_by: PersonId(r.get(2)?),
                changed_at: conv(
                    3,
                    OffsetDateTime::from_unix_timestamp(at)
                        .map_err(|e| Error::Internal(e.to_string())),
                )?,
                reason: r.get(4)?,
                old_label: r.get(5)?,
                new_label: r.get(6)?,
            })
        })?
        .collect::<DbResult<_>>()?;
    Ok(rows)
}

pub(crate) fn period_closed(c: Db<'_>, period: PeriodId) -> Result<bool> {
    found(
        c.cached_row(
            "SELECT closed_at IS NOT NULL FROM period WHERE id = ?1",
            [period.0],
            |r| r.get(0),
        ),
        "period",
        period.0,
    )
}

pub(crate) fn set_period_closed(
    c: Db<'_>,
    period: PeriodId,
    by: Option<PersonId>,
    now: i64,
) -> Result<()> {
    match by {
        // Closing freezes the rules: the newest version id at this moment.
        Some(p) => c.execute(
            "UPDATE period SET closed_at = ?2, closed_by = ?3,
                 rule_version = (SELECT coalesce(max(id), 0) FROM grading_rule_version)
             WHERE id = ?1",
            params![period.0, now, p.0],
        )?,
        None => c.execute(
            "UPDATE period SET closed_at = NULL, closed_by = NULL, rule_version = NULL WHERE id = ?1",
            [period.0],
        )?,
    };
    Ok(())
}

/// Whether `teacher` teaches `subject` to `class` (whole class or a group).
/// Whether `teacher` teaches `subject` to `student` in `class`: an
/// assignment for the whole class, or for a group the student belongs to.
/// Without a student (class-level questions), any assignment counts.
pub(crate) fn teaches(
    c: Db<'_>,
    teacher: PersonId,
    class: ClassId,
    subject: SubjectId,
    student: Option<PersonId>,
) -> Result<bool> {
    let mut st = c.prepare_cached(
        "SELECT 1 FROM teaching_assignment a
         WHERE a.teacher_id = ?1 AND a.class_id = ?2 AND a.subject_id = ?3
           AND (CAST(?4 AS BIGINT) IS NULL OR a.group_id IS NULL
                OR EXISTS (SELECT 1 FROM group_member m WHERE m.group_id = a.group_id AND m.student_id = ?4))
         LIMIT 1",
    )?;
    Ok(st
        .query_row(
            params![teacher.0, class.0, subject.0, student.map(|s| s.0)],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Whether `teacher` teaches any subject to `class` (or one of its groups).
pub(crate) fn teaches_class(c: Db<'_>, teacher: PersonId, class: ClassId) -> Result<bool> {
    let mut st = c.prepare_cached(
        "SELECT 1 FROM teaching_assignment WHERE teacher_id = ?1 AND class_id = ?2 LIMIT 1",
    )?;
    Ok(st
        .query_row(params![teacher.0, class.0], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A stored period, year or final mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FinalRow {
    pub mark: String,
    pub derived: Option<String>,
    pub reason: Option<String>,
    pub set_by: PersonId,
    pub set_at: i64,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn upsert_final(
    c: Db<'_>,
    school: SchoolId,
    student: PersonId,
    subject: SubjectId,
    year: YearId,
    period: Option<PeriodId>,
    kind: &str,
    row: &FinalRow,
) -> Result<()> {
    c.execute(
        "INSERT INTO final_mark (student_id, subject_id, year_id, period_id, kind, mark, derived, reason, set_by, set_at, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (student_id, subject_id, year_id, period_id, kind, school_id) DO UPDATE SET
           mark = excluded.mark, derived = excluded.derived, reason = excluded.reason,
           set_by = excluded.set_by, set_at = excluded.set_at",
        params![student.0, subject.0, year.0, period.map_or(0, |p| p.0), kind, row.mark, row.derived, row.reason, row.set_by.0, row.set_at, school.0],
    )?;
    Ok(())
}

pub(crate) fn final_mark(
    c: Db<'_>,
    student: PersonId,
    subject: SubjectId,
    year: YearId,
    period: Option<PeriodId>,
    kind: &str,
) -> Result<Option<FinalRow>> {
    Ok(c
        .query_row(
            "SELECT mark, derived, reason, set_by, set_at FROM final_mark
             WHERE student_id = ?1 AND subject_id = ?2 AND year_id = ?3 AND period_id = ?4 AND kind = ?5",
            params![student.0, subject.0, year.0, period.map_or(0, |p| p.0), kind],
            |r| {
                Ok(FinalRow {
                    mark: r.get(0)?,
                    derived: r.get(1)?,
                    reason: r.get(2)?,
                    set_by: PersonId(r.get(3)?),
                    set_at: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Streams every (student, subject, period, scale, value, out_of, weight)
/// of plain counting marks of a school's year, for school-wide averages.
pub(crate) fn for_each_plain_mark(
    c: Db<'_>,
    year: YearId,
    mut f: impl FnMut(i64, i64, i64, i64, i64, Option<i64>, i64),
) -> Result<()> {
    // The year's periods are few: test membership in Rust rather than make
    // SQLite probe a subquery for every row.
    let periods: Vec<i64> = {
        let mut st = c.prepare_cached("SELECT id FROM period WHERE year_id = ?1")?;
        let rows = st
            .query_map([year.0], |r| r.get(0))?
            .collect::<DbResult<_>>()?;
        rows
    };
    let (lo, hi) = (
        periods.iter().min().copied().unwrap_or(0),
        periods.iter().max().copied().unwrap_or(-1),
    );
    let mut st = c.prepare_cached(
        "SELECT student_id, subject_id, period_id, scale_id, value_centi, out_of_centi, weight_centi
         FROM mark
         WHERE period_id BETWEEN ?1 AND ?2
           AND deleted = 0 AND entry = 0 AND counting = 0 AND retake_of IS NULL",
    )?;
    let mut rows = st.query([lo, hi])?;
    while let Some(r) = rows.next()? {
        let period: i64 = r.get(2)?;
        if periods.contains(&period) {
            f(
                r.get(0)?,
                r.get(1)?,
                period,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            );
        }
    }
    Ok(())
}

/// The year a period belongs to.
pub(crate) fn period_year(c: Db<'_>, period: PeriodId) -> Result<YearId> {
    found(
        c.cached_row(
            "SELECT year_id FROM period WHERE id = ?1",
            [period.0],
            |r| r.get(0),
        ),
        "period",
        period.0,
    )
    .map(YearId)
}

/// A year's periods with whether each is closed, in one query.
pub(crate) fn periods_with_closing(
    c: Db<'_>,
    year: YearId,
) -> Result<Vec<(crate::model::Period, bool)>> {
    let closed: HashMap<i64, bool> = {
        let mut st =
            c.prepare_cached("SELECT id, closed_at IS NOT NULL FROM period WHERE year_id = ?1")?;
        let rows = st
            .query_map([year.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<DbResult<_>>()?;
        rows
    };
    Ok(super::periods(c, year)?
        .into_iter()
        .map(|p| {
            let cl = closed.get(&p.id.0).copied().unwrap_or(false);
            (p, cl)
        })
        .collect())
}
