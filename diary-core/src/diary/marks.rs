//! Entering, changing, deleting and reading marks; every change keeps its
//! history.

use super::placement::{comment, sign_label, Placement};
use super::Diary;
use crate::access::{decide_mark, MarkAction};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::grading::ScaledValue;
use crate::ids::{MarkId, PersonId, ScaleId};
use crate::model::{EntryKind, Mark, MarkChange, MarkEdit, NewMark};
use crate::storage::{self, MarkRow};
use crate::text;
use time::Date;

/// A mark that is about to be changed or deleted: it must not be deleted
/// already, and the actor must be allowed to write it.
fn current_for_write(p: &mut Placement<'_>, id: MarkId) -> Result<(Mark, ScaleId)> {
    let (old, scale) = p.known_mark(id, "marks", true)?;
    if old.deleted {
        return Err(Error::Conflict(format!("mark {id} was deleted")));
    }
    let closed = storage::period_closed(p.c, old.period)?;
    p.authorize(
        old.student,
        old.class,
        old.subject,
        closed,
        MarkAction::Write,
        "marks",
        false,
    )?;
    Ok((old, scale))
}

/// Prefixes an error from the `i`-th mark of a batch with its position.
fn at_position(i: usize, e: Error) -> Error {
    match e {
        Error::InvalidInput { field, reason } => Error::InvalidInput {
            field: format!("marks[{i}].{field}"),
            reason,
        },
        Error::AccessDenied(m) => Error::AccessDenied(format!("mark {i}: {m}")),
        Error::Conflict(m) => Error::Conflict(format!("mark {i}: {m}")),
        Error::NotFound { entity, id } => Error::InvalidInput {
            field: format!("marks[{i}]"),
            reason: format!("{entity} {id} not found"),
        },
        other => other,
    }
}

impl Diary {
    /// Enters one mark (a teacher of the class and subject, or an admin) and
    /// returns it as stored. The date must fall in an open period of the
    /// student's class (admins may enter marks in a closed one).
    pub fn record_mark(&self, actor: &Actor, new: &NewMark) -> Result<Mark> {
        let now = self.now();
        self.write_records(actor, |p| {
            let c = p.c;
            let row = p.place(new)?;
            let id = storage::insert_mark(c, &row, now)?;
            let scale = p.scale_code(row.scale)?;
            row.into_mark(id, scale, now)
        })
    }

    /// Enters many marks in one transaction (an import, or a teacher saving a
    /// whole class's column). One bad mark rejects the batch: the error names
    /// its position (`marks[i].field`, the first bad mark in input order) and
    /// nothing is stored. Returns the new ids in input order.
    ///
    /// The marks are streamed: beyond the caller's slice this holds 16 bytes
    /// per mark for the order they are written in, the returned ids, and
    /// per-group sums — never a copy of the marks. A batch holds at most
    /// 4,294,967,295 marks.
    pub fn record_marks(&self, actor: &Actor, marks: &[NewMark]) -> Result<Vec<MarkId>> {
        if u32::try_from(marks.len()).is_err() {
            return Err(Error::invalid(
                "marks",
                "at most 4,294,967,295 marks in one call",
            ));
        }
        let now = self.now();
        self.write_records(actor, |p| {
            let c = p.c;
            // A retake names a mark that existed before this call, never
            // one this batch is about to insert.
            let floor = storage::last_mark_id(c)?;
            let place = |p: &mut Placement<'_>, m: &NewMark| match m.retake_of {
                Some(r) if r.0 > floor => Err(Error::invalid(
                    "retake_of",
                    format!("mark {r} does not exist"),
                )),
                _ => p.place(m),
            };
            // Insert in index order (student, day): the B-tree grows at its
            // right edges instead of splitting pages all over, and
            // placement's lookups repeat from one mark to the next. The
            // sort runs on 16-byte keys read from the caller's marks.
            let mut order: Vec<(i64, u64)> = marks
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let day = (i64::from(m.date.to_julian_day()) - i64::from(i32::MIN)) as u64;
                    (m.student.0, (day << 32) | i as u64)
                })
                .collect();
            order.sort_unstable();
            let position = |k: usize| (order[k].1 & 0xFFFF_FFFF) as usize;
            let mut ids = vec![MarkId(0); marks.len()];
            let mut failed = None;
            let mut written = 0usize;
            let outcome = {
                let mut rows = (0..marks.len()).map(|k| {
                    let i = position(k);
                    place(p, &marks[i]).inspect_err(|_| failed = Some(i))
                });
                storage::insert_marks_bulk(c, marks.len(), &mut rows, now, &mut |id| {
                    ids[position(written)] = id;
                    written += 1;
                })
            };
            match (outcome, failed) {
                (Ok(()), _) => Ok(ids),
                // Name the first bad mark in the caller's order (placing
                // reads no mark of this batch, so it decides the same way);
                // the transaction is rolled back by the caller.
                (Err(e), Some(at)) => {
                    for (i, m) in marks.iter().enumerate().take(at) {
                        place(p, m).map_err(|e| at_position(i, e))?;
                    }
                    Err(at_position(at, e))
                }
                (Err(e), None) => Err(e),
            }
        })
    }

    /// One mark, with the same access as the student's diary.
    pub fn mark(&self, actor: &Actor, id: MarkId) -> Result<Mark> {
        self.read_marks(actor, |p| {
            let c = p.c;
            let (m, _) = p.known_mark(id, "mark", false)?;
            let closed = storage::period_closed(c, m.period)?;
            let facts = p.authorize(
                m.student,
                m.class,
                m.subject,
                closed,
                MarkAction::Read,
                "mark",
                false,
            )?;
            p.inside_window(&facts, &m, "mark")?;
            Ok(m)
        })
    }

    /// A student's marks from `from` to `to` inclusive, by date: everything
    /// for the student, their guardians, class teacher and admins; a subject
    /// teacher sees the subjects they teach the class.
    pub fn marks(
        &self,
        actor: &Actor,
        student: PersonId,
        from: Date,
        to: Date,
    ) -> Result<Vec<Mark>> {
        if to < from {
            return Err(Error::invalid("to", "must not be before from"));
        }
        self.read_marks(actor, |p| {
            let c = p.c;
            p.known_person(student, "marks", false)?;
            let all = storage::marks_of_student(c, student, from, to)?;
            let mut visible = Vec::with_capacity(all.len());
            let mut any_right = actor.person() == Some(student);
            let mut seen = None;
            for (m, _) in all {
                let facts = p.facts(student, m.class, m.subject, false)?;
                let in_window = p
                    .window_start(&facts, student)?
                    .is_none_or(|start| m.date >= start);
                if decide_mark(&facts, MarkAction::Read).is_ok() {
                    any_right = true;
                    seen = Some((facts, m.class));
                    if in_window {
                        visible.push(m);
                    }
                }
            }
            if seen.is_none() {
                // With no marks to show, decide on the student's current class.
                let class = p
                    .class_on(student, to)
                    .or_else(|_| p.class_on(student, from));
                if let Ok(cl) = class {
                    let f = p.facts(student, cl, crate::ids::SubjectId(0), false)?;
                    if f.admin || f.class_teacher || f.guardian || f.student || f.trusted {
                        any_right = true;
                    }
                    seen = Some((f, cl));
                }
            }
            let school = match &seen {
                Some((_, cl)) => Some(p.class(*cl)?.school),
                None => None,
            };
            let facts = seen.map(|(f, _)| f).unwrap_or_default();
            p.record(
                student,
                school,
                "marks",
                MarkAction::Read,
                &facts,
                any_right,
            );
            if !any_right {
                return Err(Error::denied("no right to see this student's marks"));
            }
            Ok(visible)
        })
    }

    /// Changes a mark; `reason` is required and kept in the history with the
    /// old and new state. After the period is closed only an admin may.
    pub fn change_mark(
        &self,
        actor: &Actor,
        id: MarkId,
        edit: &MarkEdit,
        reason: &str,
    ) -> Result<Mark> {
        let reason = text::required("reason", reason, 500)?;
        let now = self.now();
        self.write_records(actor, |p| {
            let c = p.c;
            let (old, scale_id) = current_for_write(p, id)?;
            let school = p.class(old.class)?.school;
            let scale = p
                .scales(school)?
                .get(&scale_id)
                .cloned()
                .ok_or_else(|| Error::Internal("mark without scale".into()))?;
            let entry = edit.entry.unwrap_or(old.entry);
            let v = match (entry, &edit.value) {
                (EntryKind::Grade, Some(v)) => scale.value(v, edit.out_of.as_deref())?,
                (EntryKind::Grade, None) if old.entry == EntryKind::Grade => ScaledValue {
                    label: old.label.clone().into(),
                    value_centi: storage::to_centi(old.value, "value")?,
                    out_of_centi: old
                        .out_of
                        .map(|o| storage::to_centi(o, "out_of"))
                        .transpose()?,
                },
                (EntryKind::Grade, None) => {
                    return Err(Error::invalid("value", "a mark needs a value"))
                }
                (sign, _) => ScaledValue {
                    label: sign_label(sign).into(),
                    value_centi: 0,
                    out_of_centi: None,
                },
            };
            let kind = p
                .work_kind(edit.work_kind.unwrap_or(old.work_kind))?
                .clone();
            if kind.school != school {
                return Err(Error::invalid(
                    "work_kind",
                    "this kind of work is not of this school",
                ));
            }
            if let Some(w) = edit.weight {
                crate::limits::weight("weight", w)?;
            }
            let weight = edit.weight.unwrap_or(old.weight);
            if weight < kind.min_weight || weight > kind.max_weight {
                return Err(Error::invalid(
                    "weight",
                    format!(
                        "must be between {} and {}",
                        kind.min_weight.to_decimal(2),
                        kind.max_weight.to_decimal(2)
                    ),
                ));
            }
            let row = MarkRow {
                school,
                student: old.student,
                subject: old.subject,
                class: old.class,
                period: old.period,
                date: old.date,
                entry,
                scale: scale_id,
                label: v.label.as_ref().into(),
                value_centi: v.value_centi,
                out_of_centi: v.out_of_centi,
                work_kind: kind.id,
                weight_centi: storage::to_centi(weight, "weight")?,
                counting: edit.counting.unwrap_or(old.counting),
                comment: match &edit.comment {
                    Some(cm) => comment(Some(cm))?,
                    None => old.comment.clone(),
                },
                teacher: old.teacher,
                retake_of: old.retake_of,
            };
            storage::update_mark(c, id, &row)?;
            let (new, _) = storage::mark(c, id)?;
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("marks are changed by a person"))?;
            storage::insert_mark_change(
                c,
                row.school,
                id,
                "update",
                by,
                now,
                &reason,
                &old,
                Some(&new),
            )?;
            Ok(new)
        })
    }

    /// Deletes a mark: it is kept, marked deleted, with the reason in its
    /// history, and no longer counts or shows in the diary.
    pub fn delete_mark(&self, actor: &Actor, id: MarkId, reason: &str) -> Result<()> {
        let reason = text::required("reason", reason, 500)?;
        let now = self.now();
        self.write_records(actor, |p| {
            let c = p.c;
            let (old, _) = current_for_write(p, id)?;
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("marks are deleted by a person"))?;
            let school = p.class(old.class)?.school;
            storage::mark_deleted(c, id)?;
            storage::insert_mark_change(c, school, id, "delete", by, now, &reason, &old, None)
        })
    }

    /// The history of a mark: every change and deletion with who, when, why,
    /// the old and the new label.
    pub fn mark_history(&self, actor: &Actor, id: MarkId) -> Result<Vec<MarkChange>> {
        self.read_marks(actor, |p| {
            let c = p.c;
            let (m, _) = p.known_mark(id, "mark_history", false)?;
            let facts = p.authorize(
                m.student,
                m.class,
                m.subject,
                false,
                MarkAction::Read,
                "mark_history",
                false,
            )?;
            // The history shows old values: it follows the visibility
            // window like the mark itself.
            p.inside_window(&facts, &m, "mark_history")?;
            storage::mark_changes(c, id)
        })
    }
}
