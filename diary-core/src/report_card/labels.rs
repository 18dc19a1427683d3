//! The printed words of a report card in each language a template may
//! choose.

use crate::model::ReportLanguage;
use time::Date;

/// Every fixed text on a card.
pub(crate) struct Labels {
    pub language: ReportLanguage,
    pub student: &'static str,
    pub school: &'static str,
    pub class: &'static str,
    pub year: &'static str,
    pub term: &'static str,
    pub whole_year: &'static str,
    pub class_teacher: &'static str,
    pub subject: &'static str,
    pub average: &'static str,
    pub period_mark: &'static str,
    pub year_mark: &'static str,
    pub exam_mark: &'static str,
    pub final_mark: &'static str,
    pub overall_average: &'static str,
    pub attendance: &'static str,
    pub lessons_held: &'static str,
    pub present: &'static str,
    pub late: &'static str,
    pub minutes: &'static str,
    pub left_early: &'static str,
    pub absent_excused: &'static str,
    pub absent_unexcused: &'static str,
    pub attendance_rate: &'static str,
    pub remarks: &'static str,
    pub no_remarks: &'static str,
    pub positive: &'static str,
    pub negative: &'static str,
    pub neutral: &'static str,
    pub signatures: [&'static str; 3],
    pub issued_on: &'static str,
}

const RU: Labels = Labels {
    language: ReportLanguage::Ru,
    student: "Обучающийся",
    school: "Школа",
    class: "Класс",
    year: "Учебный год",
    term: "Период",
    whole_year: "Учебный год целиком",
    class_teacher: "Классный руководитель",
    subject: "Предмет",
    average: "Средний балл",
    period_mark: "Отметка за период",
    year_mark: "Годовая",
    exam_mark: "Экзамен",
    final_mark: "Итоговая",
    overall_average: "Общий средний балл",
    attendance: "Посещаемость",
    lessons_held: "Уроков проведено",
    present: "Присутствие",
    late: "Опоздания",
    minutes: "мин",
    left_early: "Ушёл раньше",
    absent_excused: "Пропуски по уважительной причине",
    absent_unexcused: "Пропуски без уважительной причины",
    attendance_rate: "Доля посещённых уроков",
    remarks: "Замечания и поощрения",
    no_remarks: "Нет",
    positive: "поощрение",
    negative: "замечание",
    neutral: "сведения",
    signatures: [
        "Классный руководитель",
        "Директор",
        "Родитель (законный представитель)",
    ],
    issued_on: "Выдан",
};

const EN: Labels = Labels {
    language: ReportLanguage::En,
    student: "Student",
    school: "School",
    class: "Class",
    year: "School year",
    term: "Term",
    whole_year: "The whole year",
    class_teacher: "Class teacher",
    subject: "Subject",
    average: "Average",
    period_mark: "Term mark",
    year_mark: "Year",
    exam_mark: "Exam",
    final_mark: "Final",
    overall_average: "Overall average",
    attendance: "Attendance",
    lessons_held: "Lessons held",
    present: "Present",
    late: "Late",
    minutes: "min",
    left_early: "Left early",
    absent_excused: "Absent, excused",
    absent_unexcused: "Absent, unexcused",
    attendance_rate: "Lessons attended",
    remarks: "Remarks",
    no_remarks: "None",
    positive: "praise",
    negative: "concern",
    neutral: "note",
    signatures: ["Class teacher", "Head teacher", "Parent or guardian"],
    issued_on: "Issued",
};

impl Labels {
    /// The labels of `language`.
    pub(crate) fn of(language: ReportLanguage) -> &'static Labels {
        match language {
            ReportLanguage::Ru => &RU,
            ReportLanguage::En => &EN,
        }
    }

    /// A date as the language writes it: 31.05.2026 or 2026-05-31.
    pub(crate) fn date(&self, d: Date) -> String {
        match self.language {
            ReportLanguage::Ru => {
                format!("{:02}.{:02}.{:04}", d.day(), u8::from(d.month()), d.year())
            }
            ReportLanguage::En => crate::text::format_date(d),
        }
    }
}
