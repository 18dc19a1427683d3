//! Report cards (issue 18): a period's and a year's card as data, checked
//! against the calls that compute each part on their own; the school's
//! template; the printed HTML (escaped) and PDF (read back with poppler's
//! `pdftotext`, Cyrillic included); a class's cards; who may read them.

mod common;

use common::world::*;
use common::*;
use diary_core::*;
use std::process::Command;
use std::sync::Arc;
use time::macros::{date, datetime};

struct Fixture {
    d: Diary,
    s: TestSchool,
    q2: PeriodId,
    maria: PersonId,
    literature: SubjectId,
    reader: PersonId,
    /// Another school, made while the clock is in September.
    other: TestSchool,
}

/// The world's school with a second quarter, a Cyrillic-named student
/// with marks in maths and in literature (taught by a teacher who is not
/// the class teacher), a remark and a register, on 2024-11-20.
fn fixture() -> Fixture {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    });
    let s = school(&d, "A", 100, None);
    let other = school(&d, "B", 300, None);
    let a = Actor::vouched(s.admin);
    let t = Actor::vouched(s.ids.teacher);
    let q2 = d
        .add_period(
            &a,
            s.ids.year,
            &NewPeriod {
                kind: PeriodKind::Quarter,
                name: "Q2".into(),
                start: date!(2024 - 11 - 05),
                end: date!(2024 - 12 - 27),
            },
        )
        .unwrap()
        .id;
    let maria = d
        .register_person(
            &a,
            s.ids.school,
            &NewPerson {
                patronymic: Some("Петровна".into()),
                ..person("Иванова", "Мария", date!(2013 - 03 - 03), Some(&snils(150)))
            },
        )
        .unwrap()
        .id;
    d.enrol(&a, maria, s.ids.class, date!(2024 - 09 - 01))
        .unwrap();
    let reader = d
        .register_person(
            &a,
            s.ids.school,
            &person("Лебедев", "Олег", date!(1970 - 01 - 01), Some(&snils(151))),
        )
        .unwrap()
        .id;
    d.appoint_staff(&a, s.ids.school, reader, StaffRole::Teacher)
        .unwrap();
    let literature = d.create_subject(&a, s.ids.school, "Литература").unwrap().id;
    d.assign_teacher(
        &a,
        &NewAssignment {
            teacher: reader,
            class: s.ids.class,
            group: None,
            subject: literature,
        },
    )
    .unwrap();
    for (day, v) in [
        (date!(2024 - 09 - 09), "5"),
        (date!(2024 - 09 - 10), "4"),
        (date!(2024 - 09 - 16), "5"),
    ] {
        d.record_mark(&t, &NewMark::grade(maria, s.ids.subject, day, v, s.kind))
            .unwrap();
    }
    let r = Actor::vouched(reader);
    for (day, v) in [(date!(2024 - 09 - 11), "3"), (date!(2024 - 09 - 18), "4")] {
        d.record_mark(&r, &NewMark::grade(maria, literature, day, v, s.kind))
            .unwrap();
    }
    d.record_attendance(
        &t,
        &s.ids.lesson,
        &[AttendanceEntry {
            student: maria,
            status: AttendanceStatus::Late,
            late_minutes: Some(7),
            reason: None,
            excused: false,
        }],
    )
    .unwrap();
    d.add_remark(
        &t,
        maria,
        date!(2024 - 09 - 16),
        Some(s.ids.subject),
        RemarkKind::Positive,
        "Отлично решила задачу <script>alert(1)</script>",
    )
    .unwrap();
    clock.set(datetime!(2024-11-20 10:00 UTC));
    d.record_mark(
        &t,
        &NewMark::grade(maria, s.ids.subject, date!(2024 - 11 - 11), "3", s.kind),
    )
    .unwrap();
    Fixture {
        d,
        s,
        q2,
        maria,
        literature,
        reader,
        other,
    }
}

/// The text poppler extracts from a PDF, and its page count.
fn pdf_text(pdf: &[u8]) -> (String, usize) {
    assert!(pdf.starts_with(b"%PDF-"), "a PDF header");
    assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"), "a PDF trailer");
    let dir = std::env::temp_dir().join(format!("diary-cards-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let n = std::sync::atomic::AtomicUsize::new(0);
    let path = dir.join(format!(
        "card-{}-{}.pdf",
        n.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        pdf.len()
    ));
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed; tests/run.sh installs it");
    assert!(
        out.status.success(),
        "pdftotext opens the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = Command::new("pdfinfo").arg(&path).output().unwrap();
    assert!(info.status.success(), "pdfinfo opens the file");
    assert!(
        info.stderr.is_empty(),
        "poppler has no complaint: {}",
        String::from_utf8_lossy(&info.stderr)
    );
    let pages = String::from_utf8(info.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    (String::from_utf8(out.stdout).unwrap(), pages)
}

#[test]
fn a_period_card_says_what_each_call_says() {
    let f = fixture();
    let (d, s) = (&f.d, &f.s);
    let mother_of_other = Actor::vouched(s.ids.mother);
    let a = Actor::vouched(s.admin);
    let card = d
        .report_card(&a, f.maria, s.ids.year, Some(s.ids.period))
        .unwrap();
    assert_eq!(card.student_name, "Иванова Мария Петровна");
    assert_eq!(card.class_name, "5A");
    assert_eq!(card.period_name.as_deref(), Some("Q1"));
    assert_eq!(
        (card.from, card.to),
        (date!(2024 - 09 - 02), date!(2024 - 10 - 25))
    );
    assert_eq!(card.periods.len(), 1);
    let names: Vec<&str> = card.subjects.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Mathematics", "Литература"], "by name");
    assert_eq!(card.subjects[1].subject, f.literature);
    for line in &card.subjects {
        let avg = d.average(&a, f.maria, line.subject, s.ids.period).unwrap();
        assert_eq!(line.average, avg.exact, "{}", line.name);
        assert_eq!(line.average_display, avg.display);
        let pm = d
            .period_mark(&a, f.maria, line.subject, s.ids.period)
            .unwrap();
        assert_eq!(line.period_marks, vec![pm.mark.clone()]);
        assert_eq!(line.year_mark, None, "a period card has no year mark");
    }
    assert_eq!(card.subjects[0].average_display.as_deref(), Some("4.67"));
    assert_eq!(card.subjects[0].period_marks, [Some("5".to_owned())]);
    assert_eq!(
        card.overall_average,
        d.overall_average(&a, f.maria, s.ids.period).unwrap()
    );
    assert_eq!(
        card.attendance,
        d.attendance_summary(&a, f.maria, card.from, card.to)
            .unwrap()
    );
    assert_eq!((card.attendance.late, card.attendance.late_minutes), (1, 7));
    assert_eq!(
        card.remarks,
        d.remarks(&a, f.maria, card.from, card.to).unwrap()
    );
    assert_eq!(card.remarks.len(), 1);
    assert_eq!(card.class_teacher.as_deref(), Some("TeacherA X."));
    assert_eq!(card.issued_on, date!(2024 - 11 - 20));

    // Q2's card: the November mark only.
    let q2 = d.report_card(&a, f.maria, s.ids.year, Some(f.q2)).unwrap();
    assert_eq!(q2.subjects[0].average_display.as_deref(), Some("3.00"));
    assert_eq!(q2.subjects[1].average, None, "no literature marks in Q2");
    assert!(q2.remarks.is_empty());

    // A period of another year, or no period at all: not found.
    assert!(matches!(
        d.report_card(&a, f.maria, s.ids.year, Some(f.other.ids.period)),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.report_card(&a, f.maria, s.ids.year, Some(PeriodId(9_999))),
        Err(Error::NotFound { .. })
    ));
    // The world's student's mother is no relation of Maria's.
    assert!(d
        .report_card(&mother_of_other, f.maria, s.ids.year, Some(s.ids.period))
        .is_err());
}

#[test]
fn a_year_card_has_a_column_per_period_and_the_final_marks() {
    let f = fixture();
    let (d, s) = (&f.d, &f.s);
    let t = Actor::vouched(s.ids.teacher);
    d.set_exam_mark(&t, f.maria, s.ids.subject, s.ids.year, "5")
        .unwrap();
    let card = d.report_card(&t, f.maria, s.ids.year, None).unwrap();
    assert_eq!(card.period, None);
    let periods: Vec<&str> = card.periods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(periods, ["Q1", "Q2"]);
    let maths = &card.subjects[0];
    assert_eq!(maths.period_marks.len(), 2);
    for (p, got) in [s.ids.period, f.q2].iter().zip(&maths.period_marks) {
        let want = d.period_mark(&t, f.maria, s.ids.subject, *p).unwrap();
        assert_eq!(*got, want.mark);
    }
    let year = d.year_mark(&t, f.maria, s.ids.subject, s.ids.year).unwrap();
    assert_eq!(maths.year_mark, year.mark);
    assert_eq!(maths.exam_mark.as_deref(), Some("5"));
    let fin = d
        .final_mark(&t, f.maria, s.ids.subject, s.ids.year)
        .unwrap();
    assert_eq!(maths.final_mark, fin.mark);
    assert!(maths.final_mark.is_some());
    let avg = d
        .year_average(&t, f.maria, s.ids.subject, s.ids.year)
        .unwrap();
    assert_eq!(maths.average, avg.exact);
    assert_eq!(card.from, date!(2024 - 09 - 01));
    assert_eq!(card.to, date!(2025 - 05 - 31));
}

#[test]
fn who_may_read_a_card() {
    let f = fixture();
    let (d, s) = (&f.d, &f.s);
    let year = s.ids.year;
    let q1 = Some(s.ids.period);
    // The student, the mother, the class teacher, the admin.
    for who in [s.ids.student, s.ids.mother, s.ids.teacher, s.admin] {
        d.report_card(&Actor::vouched(who), s.ids.student, year, q1)
            .unwrap();
    }
    // A subject teacher sees their subject, not the whole card.
    let r = Actor::vouched(f.reader);
    assert!(matches!(
        d.report_card(&r, f.maria, year, q1),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        d.class_report_cards(&r, s.ids.class, q1),
        Err(Error::AccessDenied(_))
    ));
    // A mother reads her child's card, not the class's.
    assert!(matches!(
        d.class_report_cards(&Actor::vouched(s.ids.mother), s.ids.class, q1),
        Err(Error::AccessDenied(_))
    ));
    // A trusted person's grant is the diary, not the card.
    let nanny = trusted_nanny(d, s, Services::DIARY, 152);
    assert!(matches!(
        d.report_card(&Actor::vouched(nanny), s.ids.student, year, q1),
        Err(Error::AccessDenied(_))
    ));
    // Another school's admin learns nothing by naming ids.
    let b = Actor::vouched(f.other.admin);
    for r in [
        d.report_card(&b, f.maria, year, q1).map(drop),
        d.class_report_cards(&b, s.ids.class, q1).map(drop),
        d.report_card_pdf(&b, f.maria, year, q1).map(drop),
        d.class_report_cards_html(&b, s.ids.class, None).map(drop),
        d.report_card_template(&b, s.ids.school).map(drop),
        d.set_report_card_template(&b, s.ids.school, &ReportCardTemplate::default())
            .map(drop),
    ] {
        assert!(matches!(r, Err(Error::NotFound { .. })), "{r:?}");
    }
    // Each refusal is in the school's log.
    let log = d
        .access_log_of_school(&Actor::vouched(s.admin), s.ids.school)
        .unwrap();
    assert!(log
        .iter()
        .any(|e| e.data_kind == "report_cards" && !e.allowed && e.actor == Some(f.reader)));
}

#[test]
fn a_class_s_cards_in_one_call() {
    let f = fixture();
    let (d, s) = (&f.d, &f.s);
    let ct = Actor::vouched(s.ids.teacher);
    let cards = d.class_report_cards(&ct, s.ids.class, None).unwrap();
    let names: Vec<&str> = cards.iter().map(|c| c.student_name.as_str()).collect();
    assert_eq!(names, ["StudentA X", "Иванова Мария Петровна"]);
    for c in &cards {
        assert_eq!(*c, d.report_card(&ct, c.student, s.ids.year, None).unwrap());
    }
    let pdf = d.class_report_cards_pdf(&ct, s.ids.class, None).unwrap();
    let (text, pages) = pdf_text(&pdf);
    assert!(pages >= 2, "a page per student at least: {pages}");
    assert!(text.contains("StudentA X") && text.contains("Иванова Мария Петровна"));
    let html = d.class_report_cards_html(&ct, s.ids.class, None).unwrap();
    assert_eq!(html.matches("<section class=\"card\">").count(), 2);
}

#[test]
fn printed_cards_show_the_data_in_the_template() {
    let f = fixture();
    let (d, s) = (&f.d, &f.s);
    let a = Actor::vouched(s.admin);
    let q1 = Some(s.ids.period);
    // The default template: Russian labels and every block.
    assert_eq!(
        d.report_card_template(&a, s.ids.school).unwrap(),
        ReportCardTemplate::default()
    );
    let html = d.report_card_html(&a, f.maria, s.ids.year, q1).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"ru\">"));
    assert!(html.contains("@media print") && html.contains("size:A4"));
    assert!(html.contains("Иванова Мария Петровна"));
    assert!(html.contains("Литература") && html.contains("4.67"));
    assert!(html.contains("Замечания и поощрения"));
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script>"),
        "a remark's markup is shown as text"
    );
    assert!(html.contains("20.11.2024"), "the day of issue");

    let pdf = d.report_card_pdf(&a, f.maria, s.ids.year, q1).unwrap();
    let (text, pages) = pdf_text(&pdf);
    assert_eq!(pages, 1);
    for want in [
        "Табель успеваемости",
        "Иванова Мария Петровна",
        "Литература",
        "Mathematics",
        "4.67",
        "Посещаемость",
        "Отлично решила задачу",
        "Классный руководитель",
    ] {
        assert!(text.contains(want), "{want:?} in the PDF's text:\n{text}");
    }
    assert!(
        pdf.len() < 120_000,
        "the font is subset: {} bytes",
        pdf.len()
    );
    assert_eq!(
        pdf,
        d.report_card_pdf(&a, f.maria, s.ids.year, q1).unwrap(),
        "the same card gives the same bytes"
    );

    // The school's own template: letterhead, English labels, no remarks.
    let mine = ReportCardTemplate {
        title: "  Report   card ".into(),
        header: vec!["ГБОУ Школа № 1".into(), "Moscow".into()],
        footer: Some("Valid without a seal".into()),
        blocks: vec![ReportBlock::Averages, ReportBlock::Attendance],
        language: ReportLanguage::En,
    };
    let stored = d.set_report_card_template(&a, s.ids.school, &mine).unwrap();
    assert_eq!(stored.title, "Report card", "normalised");
    assert_eq!(d.report_card_template(&a, s.ids.school).unwrap(), stored);
    let html = d.report_card_html(&a, f.maria, s.ids.year, q1).unwrap();
    assert!(html.contains("ГБОУ Школа № 1") && html.contains("Lessons held"));
    assert!(!html.contains("Remarks") && !html.contains("Отлично"));
    assert!(!html.contains("Class teacher"), "the block is left out");
    let (text, _) = pdf_text(&d.report_card_pdf(&a, f.maria, s.ids.year, q1).unwrap());
    assert!(text.contains("ГБОУ Школа № 1") && text.contains("Valid without a seal"));
    assert!(!text.contains("Отлично"));
    // A year card without the period columns.
    let year_html = d.report_card_html(&a, f.maria, s.ids.year, None).unwrap();
    assert!(!year_html.contains(">Q2<") && year_html.contains(">Year<"));
}

#[test]
fn a_bad_template_is_refused_and_nothing_changes() {
    let f = fixture();
    let (d, s) = (&f.d, &f.s);
    let a = Actor::vouched(s.admin);
    let good = ReportCardTemplate {
        header: vec!["School".into()],
        ..ReportCardTemplate::default()
    };
    d.set_report_card_template(&a, s.ids.school, &good).unwrap();
    let bad = |t: ReportCardTemplate, field: &str| {
        match d.set_report_card_template(&a, s.ids.school, &t) {
            Err(Error::InvalidInput { field: got, .. }) => assert_eq!(got, field),
            other => panic!("{field}: {other:?}"),
        }
        assert_eq!(d.report_card_template(&a, s.ids.school).unwrap(), good);
    };
    bad(
        ReportCardTemplate {
            title: " ".into(),
            ..good.clone()
        },
        "title",
    );
    bad(
        ReportCardTemplate {
            title: "x".repeat(201),
            ..good.clone()
        },
        "title",
    );
    bad(
        ReportCardTemplate {
            header: vec!["ok".into(), "evil\u{202e}txt".into()],
            ..good.clone()
        },
        "header[1]",
    );
    bad(
        ReportCardTemplate {
            header: vec!["zero\u{200b}width".into()],
            ..good.clone()
        },
        "header[0]",
    );
    bad(
        ReportCardTemplate {
            header: vec!["line".into(); 7],
            ..good.clone()
        },
        "header",
    );
    bad(
        ReportCardTemplate {
            footer: Some("a\u{0007}bell".into()),
            ..good.clone()
        },
        "footer",
    );
    bad(
        ReportCardTemplate {
            blocks: vec![ReportBlock::Remarks, ReportBlock::Remarks],
            ..good.clone()
        },
        "blocks",
    );
    // Only the school's admins set it.
    assert!(matches!(
        d.set_report_card_template(&Actor::vouched(s.ids.teacher), s.ids.school, &good),
        Err(Error::AccessDenied(_))
    ));
}
