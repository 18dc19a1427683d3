//! Report cards (issue 18): a student's card for a period or a year as
//! data, a class's cards in one call, a school's template, and the printed
//! documents (HTML and PDF, rendered by [`crate::report_card`]).
//!
//! A card is the school's summary for the family: the student, its
//! guardians, the class teacher and the school's admins read it
//! ([`Action::ReadReportCard`]); the marks inside are read as summaries
//! and logged per child like any other read.

use super::attendance::{any_class, summary};
use super::averages::{overall, period, period_line, year_marks_of};
use super::directory::display_name;
use super::lessons_of_day::Days;
use super::placement::{Placement, MARKS};
use super::student_day::authorize_child;
use super::Diary;
use crate::access::{Action, StructureAction};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ClassId, PeriodId, PersonId, SchoolId, SubjectId, YearId};
use crate::model::{
    Class, Period, ReportCard, ReportCardTemplate, ReportPeriod, ReportSubject, StaffRole,
};
use crate::storage::Db;
use crate::storage::{self, attendance as att, report_cards as store};
use crate::{report_card, text};
use std::collections::BTreeSet;
use time::Date;

const KIND: &str = "report_cards";

/// Most header lines a template may have.
pub const MAX_HEADER_LINES: usize = 6;

/// The template's text checked and normalised: a title of 1–200
/// characters, up to six header lines of 1–200, a footer of up to 500
/// (single lines: no control, bidi or zero-width characters), each block
/// once.
fn checked(t: &ReportCardTemplate) -> Result<ReportCardTemplate> {
    if t.header.len() > MAX_HEADER_LINES {
        return Err(Error::invalid(
            "header",
            format!("at most {MAX_HEADER_LINES} lines"),
        ));
    }
    let mut seen = BTreeSet::new();
    for b in &t.blocks {
        if !seen.insert(b.as_str()) {
            return Err(Error::invalid("blocks", format!("{b} is listed twice")));
        }
    }
    Ok(ReportCardTemplate {
        title: text::required("title", &t.title, 200)?,
        header: t
            .header
            .iter()
            .enumerate()
            .map(|(i, l)| text::required(&format!("header[{i}]"), l, 200))
            .collect::<Result<_>>()?,
        footer: match t.footer.as_deref() {
            Some(f) if !f.trim().is_empty() => Some(text::required("footer", f, 500)?),
            _ => None,
        },
        blocks: t.blocks.clone(),
        language: t.language,
    })
}

/// The days a card covers and, for a year card, its periods.
struct Term {
    year: YearId,
    period: Option<Period>,
    from: Date,
    to: Date,
}

fn term(p: &mut Placement<'_>, year: YearId, period_id: Option<PeriodId>) -> Result<Term> {
    let c = p.c;
    match period_id {
        Some(id) => {
            let per = period(c, id)?;
            if per.year != year {
                return Err(Error::not_found("period", id.0));
            }
            Ok(Term {
                year,
                from: per.start,
                to: per.end,
                period: Some(per),
            })
        }
        None => {
            let y = storage::year(c, year)?;
            Ok(Term {
                year,
                period: None,
                from: y.start,
                to: y.end,
            })
        }
    }
}

/// The subjects on a student's card: those taught to the class (the whole
/// class's and the student's groups') and any with marks in the term, by
/// name.
fn subjects(
    p: &mut Placement<'_>,
    class: &Class,
    student: PersonId,
    t: &Term,
) -> Result<Vec<(SubjectId, String)>> {
    let c = p.c;
    let groups: Vec<_> = storage::groups(c, class.id)?
        .into_iter()
        .filter(|g| {
            storage::group_members(c, g.id)
                .map(|m| m.contains(&student))
                .unwrap_or(false)
        })
        .map(|g| g.id)
        .collect();
    let mut ids: BTreeSet<SubjectId> = storage::assignments(c, class.year)?
        .into_iter()
        .filter(|a| a.class == class.id && a.group.is_none_or(|g| groups.contains(&g)))
        .map(|a| a.subject)
        .collect();
    ids.extend(
        storage::marks_of_student(c, student, t.from, t.to)?
            .into_iter()
            .map(|(m, _)| m.subject),
    );
    let mut out = ids
        .into_iter()
        .map(|s| Ok((s, storage::subject(c, s)?.name)))
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(out)
}

/// One student's card; the reader's right to it is decided first (and
/// logged), the class must be of the term's year.
fn card(
    p: &mut Placement<'_>,
    student: PersonId,
    class: &Class,
    t: &Term,
    today: Date,
) -> Result<ReportCard> {
    let (_, window) = authorize_child(
        p,
        student,
        class,
        KIND,
        Action::ReadReportCard,
        false,
        MARKS,
    )?;
    let c = p.c;
    let periods: Vec<Period> = match &t.period {
        Some(per) => vec![per.clone()],
        None => {
            let mut ps: Vec<Period> = storage::periods(c, t.year)?
                .into_iter()
                .filter(|per| per.kind == class.period_kind)
                .collect();
            ps.sort_by_key(|per| per.start);
            ps
        }
    };
    let mut lines = Vec::new();
    for (subject, name) in subjects(p, class, student, t)? {
        let mut marks = Vec::new();
        let mut first = None;
        for per in &periods {
            let l = period_line(p, student, subject, per)?;
            marks.push(l.mark.mark.clone());
            first.get_or_insert(l);
        }
        let line = match &t.period {
            Some(_) => {
                let l = first.ok_or_else(|| Error::Internal("no period line".into()))?;
                ReportSubject {
                    subject,
                    name,
                    scale: l.scale,
                    average: l.average.exact,
                    average_display: l.average.display,
                    period_marks: marks,
                    year_mark: None,
                    exam_mark: None,
                    final_mark: None,
                    coefficient: l.coefficient,
                }
            }
            None => {
                let y = year_marks_of(p, student, subject, t.year)?;
                ReportSubject {
                    subject,
                    name,
                    scale: y.scale,
                    average: y.average.exact,
                    average_display: y.average.display,
                    period_marks: marks,
                    year_mark: y.year_mark.mark,
                    exam_mark: y.exam_mark,
                    final_mark: y.final_mark.mark,
                    coefficient: y.coefficient,
                }
            }
        };
        lines.push(line);
    }
    let mut by_id: Vec<&ReportSubject> = lines.iter().collect();
    by_id.sort_by_key(|l| l.subject);
    let overall_average = overall(
        &by_id
            .iter()
            .map(|l| (l.scale.as_str(), l.average, l.coefficient))
            .collect::<Vec<_>>(),
    );
    // A family limited to the school's window of recent days sees the
    // attendance and remarks of those days, as in the diary.
    let from = window.map_or(t.from, |w| t.from.max(w));
    let to = t.to.max(from);
    let attendance = summary(
        c,
        &mut Days::over(c, from, to.min(today)),
        student,
        from,
        to,
        today,
    )?;
    let remarks = att::remarks_of(c, student, from, to)?;
    let person = storage::person(c, student)?;
    let school = storage::school(c, class.school)?;
    let year = storage::year(c, t.year)?;
    Ok(ReportCard {
        student,
        student_name: person.full_name(),
        school: class.school,
        school_name: school.name,
        class: class.id,
        class_name: class.name(),
        year: t.year,
        year_label: year.label,
        period: t.period.as_ref().map(|per| per.id),
        period_name: t.period.as_ref().map(|per| per.name.clone()),
        from: t.from,
        to: t.to,
        class_teacher: class
            .class_teacher
            .map(|id| display_name(c, id, StaffRole::Teacher).map(|n| n.display_name))
            .transpose()?,
        periods: periods
            .iter()
            .map(|per| ReportPeriod {
                period: per.id,
                name: per.name.clone(),
            })
            .collect(),
        subjects: lines,
        overall_average,
        attendance,
        remarks,
        issued_on: today,
    })
}

/// The student's class in the term: the class on its last day that has
/// passed (or its first), which must be of the term's year.
fn class_in_term(p: &mut Placement<'_>, student: PersonId, t: &Term, today: Date) -> Result<Class> {
    let on = today.min(t.to).max(t.from);
    let class = any_class(p, student, on, KIND, false)?;
    if class.year == t.year {
        return Ok(class);
    }
    // Enrolled in the year but not on that day: the year's last class.
    let c = p.c;
    for e in storage::enrolments_of_student(c, student)?
        .into_iter()
        .rev()
    {
        let cl = storage::class(c, e.class)?;
        if cl.year == t.year {
            return Ok(cl);
        }
    }
    Err(Error::invalid(
        "student",
        format!("person {student} has no class in year {}", t.year),
    ))
}

/// The school's template, or the default.
fn template_of(c: Db<'_>, school: SchoolId) -> Result<ReportCardTemplate> {
    Ok(store::template(c, school)?.unwrap_or_default())
}

impl Diary {
    /// A student's report card as data: for `period`, or for the whole
    /// `year` when `period` is `None` (then a column per period of the
    /// class's kind, the year, exam and final marks). Every subject taught
    /// to the student's class, with its average and marks in force; the
    /// overall average; attendance and remarks over the term (a family
    /// limited to a window of recent days sees those days'); the class
    /// teacher. For the student, its guardians, the class teacher and the
    /// school's admins.
    pub fn report_card(
        &self,
        actor: &Actor,
        student: PersonId,
        year: YearId,
        period: Option<PeriodId>,
    ) -> Result<ReportCard> {
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            p.known_person(student, KIND, false)?;
            let t = term(p, year, period)?;
            let class = class_in_term(p, student, &t, today)?;
            card(p, student, &class, &t, today)
        })
    }

    /// The report cards of every student of a class (on the term's last
    /// day that has passed), by name, for `period` or the class's whole
    /// year: the class teacher and the school's admins.
    pub fn class_report_cards(
        &self,
        actor: &Actor,
        class: ClassId,
        period: Option<PeriodId>,
    ) -> Result<Vec<ReportCard>> {
        let today = self.clock.now().date();
        self.read_marks(actor, |p| Ok(class_cards(p, class, period, today)?.0))
    }

    /// A school's report-card template (the default until its admins set
    /// one): for the school's members.
    pub fn report_card_template(
        &self,
        actor: &Actor,
        school: SchoolId,
    ) -> Result<ReportCardTemplate> {
        self.read_marks(actor, |p| {
            p.known_school(school, KIND, false)?;
            p.decide_school(school, StructureAction::ReadStructure, KIND, false)?;
            template_of(p.c, school)
        })
    }

    /// Sets a school's report-card template (its admins); returns it as
    /// stored (text normalised).
    pub fn set_report_card_template(
        &self,
        actor: &Actor,
        school: SchoolId,
        template: &ReportCardTemplate,
    ) -> Result<ReportCardTemplate> {
        let t = checked(template)?;
        let at = self.now();
        self.write(actor, |p| {
            p.known_school(school, KIND, true)?;
            p.decide_school(school, StructureAction::ManageStructure, KIND, true)?;
            store::set_template(p.c, school, &t, p.actor, at)?;
            Ok(t.clone())
        })
    }

    /// A student's report card as a printable HTML page (print CSS, A4),
    /// laid out by the school's template.
    pub fn report_card_html(
        &self,
        actor: &Actor,
        student: PersonId,
        year: YearId,
        period: Option<PeriodId>,
    ) -> Result<String> {
        let (card, template) = self.card_and_template(actor, student, year, period)?;
        Ok(report_card::html(&[card], &template))
    }

    /// A student's report card as a PDF document (A4, the font embedded),
    /// laid out by the school's template.
    pub fn report_card_pdf(
        &self,
        actor: &Actor,
        student: PersonId,
        year: YearId,
        period: Option<PeriodId>,
    ) -> Result<Vec<u8>> {
        let (card, template) = self.card_and_template(actor, student, year, period)?;
        report_card::pdf(&[card], &template)
    }

    /// A class's report cards as one HTML document, a page per student.
    pub fn class_report_cards_html(
        &self,
        actor: &Actor,
        class: ClassId,
        period: Option<PeriodId>,
    ) -> Result<String> {
        let today = self.clock.now().date();
        let (cards, template) = self.read_marks(actor, |p| class_cards(p, class, period, today))?;
        Ok(report_card::html(&cards, &template))
    }

    /// A class's report cards as one PDF document, each student's card
    /// starting on a new page.
    pub fn class_report_cards_pdf(
        &self,
        actor: &Actor,
        class: ClassId,
        period: Option<PeriodId>,
    ) -> Result<Vec<u8>> {
        let today = self.clock.now().date();
        let (cards, template) = self.read_marks(actor, |p| class_cards(p, class, period, today))?;
        report_card::pdf(&cards, &template)
    }

    fn card_and_template(
        &self,
        actor: &Actor,
        student: PersonId,
        year: YearId,
        period: Option<PeriodId>,
    ) -> Result<(ReportCard, ReportCardTemplate)> {
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            p.known_person(student, KIND, false)?;
            let t = term(p, year, period)?;
            let class = class_in_term(p, student, &t, today)?;
            let card = card(p, student, &class, &t, today)?;
            Ok((card, template_of(p.c, class.school)?))
        })
    }
}

/// A class's cards and its school's template, in one snapshot.
fn class_cards(
    p: &mut Placement<'_>,
    class: ClassId,
    period: Option<PeriodId>,
    today: Date,
) -> Result<(Vec<ReportCard>, ReportCardTemplate)> {
    let cl = p.known_class(class, KIND, false)?;
    p.decide_class(&cl, Action::ReadReportCard, KIND)?;
    let t = term(p, cl.year, period)?;
    let day = today.min(t.to).max(t.from);
    let mut cards = Vec::new();
    for s in storage::class_roster(p.c, class, day)? {
        cards.push(card(p, s.id, &cl, &t, today)?);
    }
    cards.sort_by(|a, b| {
        a.student_name
            .cmp(&b.student_name)
            .then(a.student.cmp(&b.student))
    });
    Ok((cards, template_of(p.c, cl.school)?))
}
