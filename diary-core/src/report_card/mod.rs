//! Printing report cards (issue 18): a card and its school's template are
//! first laid out as a [`Sheet`] — the texts of each block in the
//! template's language — which [`html`] and [`pdf`] then draw. Both
//! documents therefore say exactly the same thing.

mod html;
mod labels;
mod pdf;

pub use html::html;
pub use pdf::pdf;

use crate::model::{RemarkKind, ReportBlock, ReportCard, ReportCardTemplate};
use labels::Labels;

/// What a printed card shows, block by block, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sheet {
    /// The school's letterhead lines.
    pub header: Vec<String>,
    /// The title.
    pub title: String,
    /// "Label: value" lines about the student, class, year and term.
    pub details: Vec<(String, String)>,
    /// The subjects' table: column titles, then a row per subject.
    pub columns: Vec<String>,
    /// The table's rows.
    pub rows: Vec<Vec<String>>,
    /// The overall average line.
    pub overall: Option<(String, String)>,
    /// The attendance block: its heading and lines.
    pub attendance: Option<(String, Vec<(String, String)>)>,
    /// The remarks block: its heading and a line per remark.
    pub remarks: Option<(String, Vec<String>)>,
    /// Signature captions (a line to sign follows each).
    pub signatures: Vec<String>,
    /// The footer line, with the date of issue.
    pub footer: String,
}

fn mark(m: &Option<String>) -> String {
    m.clone().unwrap_or_else(|| "—".to_owned())
}

/// Lays out one card by its template.
pub(crate) fn sheet(card: &ReportCard, t: &ReportCardTemplate) -> Sheet {
    let l = Labels::of(t.language);
    let year_card = card.period.is_none();
    let mut details = vec![
        (l.student.to_owned(), card.student_name.clone()),
        (l.school.to_owned(), card.school_name.clone()),
        (l.class.to_owned(), card.class_name.clone()),
        (l.year.to_owned(), card.year_label.clone()),
        (
            l.term.to_owned(),
            card.period_name
                .clone()
                .unwrap_or_else(|| l.whole_year.to_owned()),
        ),
    ];
    if t.shows(ReportBlock::ClassTeacher) {
        if let Some(ct) = &card.class_teacher {
            details.push((l.class_teacher.to_owned(), ct.clone()));
        }
    }
    let mut columns = vec![l.subject.to_owned()];
    let averages = t.shows(ReportBlock::Averages);
    let periods = year_card && t.shows(ReportBlock::PeriodMarks);
    let exams = year_card && t.shows(ReportBlock::ExamMarks);
    if averages {
        columns.push(l.average.to_owned());
    }
    if year_card {
        if periods {
            columns.extend(card.periods.iter().map(|p| p.name.clone()));
        }
        columns.push(l.year_mark.to_owned());
        if exams {
            columns.push(l.exam_mark.to_owned());
            columns.push(l.final_mark.to_owned());
        }
    } else {
        columns.push(l.period_mark.to_owned());
    }
    let rows = card
        .subjects
        .iter()
        .map(|s| {
            let mut row = vec![s.name.clone()];
            if averages {
                row.push(mark(&s.average_display));
            }
            if year_card {
                if periods {
                    row.extend(s.period_marks.iter().map(mark));
                }
                row.push(mark(&s.year_mark));
                if exams {
                    row.push(mark(&s.exam_mark));
                    row.push(mark(&s.final_mark));
                }
            } else {
                row.push(mark(&s.period_marks.first().cloned().flatten()));
            }
            row
        })
        .collect();
    let overall = (t.shows(ReportBlock::OverallAverage))
        .then(|| {
            card.overall_average
                .map(|v| (l.overall_average.to_owned(), v.to_decimal(2)))
        })
        .flatten();
    let a = &card.attendance;
    let attendance = t.shows(ReportBlock::Attendance).then(|| {
        let mut lines = vec![
            (l.lessons_held.to_owned(), a.lessons_held.to_string()),
            (l.present.to_owned(), a.present.to_string()),
            (
                l.late.to_owned(),
                format!("{} ({} {})", a.late, a.late_minutes, l.minutes),
            ),
            (l.left_early.to_owned(), a.left_early.to_string()),
            (l.absent_excused.to_owned(), a.absent_excused.to_string()),
            (
                l.absent_unexcused.to_owned(),
                a.absent_unexcused.to_string(),
            ),
        ];
        if let Some(rate) = a.rate {
            lines.push((
                l.attendance_rate.to_owned(),
                format!(
                    "{} %",
                    rate.mul(crate::grading::Ratio::int(100)).to_decimal(1)
                ),
            ));
        }
        (l.attendance.to_owned(), lines)
    });
    let remarks = t.shows(ReportBlock::Remarks).then(|| {
        let lines = if card.remarks.is_empty() {
            vec![l.no_remarks.to_owned()]
        } else {
            card.remarks
                .iter()
                .map(|r| {
                    let kind = match r.kind {
                        RemarkKind::Positive => l.positive,
                        RemarkKind::Negative => l.negative,
                        RemarkKind::Neutral => l.neutral,
                    };
                    format!("{} · {kind}: {}", l.date(r.date), r.text)
                })
                .collect()
        };
        (l.remarks.to_owned(), lines)
    });
    let signatures = if t.shows(ReportBlock::Signatures) {
        l.signatures.iter().map(|s| (*s).to_owned()).collect()
    } else {
        Vec::new()
    };
    let issued = format!("{} {}", l.issued_on, l.date(card.issued_on));
    Sheet {
        header: t.header.clone(),
        title: t.title.clone(),
        details,
        columns,
        rows,
        overall,
        attendance,
        remarks,
        signatures,
        footer: match &t.footer {
            Some(f) => format!("{f} · {issued}"),
            None => issued,
        },
    }
}
