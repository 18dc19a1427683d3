//! Report cards as PDF, drawn without a browser: the cards are laid out
//! as [`Sheet`]s, wrapped and paginated here with the glyph advances of
//! the embedded font (DejaVu Sans, whose licence lets it be shipped and
//! embedded; it covers Latin and Cyrillic), and written with `pdf-writer`.
//! The font is embedded as a subset of the glyphs used (`subsetter`), as a
//! CID font with a ToUnicode map, so text extraction (search, copy,
//! `pdftotext`) gives back the same Unicode text. The output is
//! deterministic: the same cards give the same bytes.

use super::{sheet, Sheet};
use crate::error::{Error, Result};
use crate::model::{ReportCard, ReportCardTemplate};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::BTreeMap;

/// DejaVu Sans 2.37 (Bitstream Vera licence; see fonts/LICENSE-DejaVu.txt).
static FONT: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const FONT_NAME: &[u8] = b"DIARYA+DejaVuSans";

/// A4 in points, and the margins.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 50.0;
const BOTTOM: f32 = 56.0;

/// One drawing instruction on a page.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
}

/// The embedded font's metrics.
struct Font<'a> {
    face: ttf_parser::Face<'a>,
    upem: f32,
}

impl Font<'_> {
    fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map_or(0, |g| g.0)
    }

    /// Advance of a glyph in thousandths of the font size.
    fn advance(&self, gid: u16) -> f32 {
        f32::from(
            self.face
                .glyph_hor_advance(ttf_parser::GlyphId(gid))
                .unwrap_or(0),
        ) * 1000.0
            / self.upem
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// `text` broken into lines no wider than `max` at `size`: at spaces,
    /// and inside a word only when the word alone is too wide.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split(' ') {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= max {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for c in word.chars() {
                    let mut next = line.clone();
                    next.push(c);
                    if self.width(&next, size) > max && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = next;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// Pages being filled, top to bottom.
struct Layout<'f> {
    font: &'f Font<'f>,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Layout<'_> {
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_H - MARGIN;
    }

    /// Starts a new page unless `height` still fits on this one.
    fn need(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    fn op(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn text(&mut self, x: f32, size: f32, text: &str) {
        let y = self.y - size;
        self.op(Op::Text {
            x,
            y,
            size,
            text: text.to_owned(),
        });
    }

    /// A wrapped paragraph at `x`, no wider than `width`.
    fn paragraph(&mut self, x: f32, width: f32, size: f32, text: &str) {
        for line in self.font.wrap(text, size, width) {
            self.need(size * 1.35);
            self.text(x, size, &line);
            self.y -= size * 1.35;
        }
    }

    fn centred(&mut self, size: f32, text: &str) {
        for line in self.font.wrap(text, size, PAGE_W - 2.0 * MARGIN) {
            self.need(size * 1.4);
            let x = (PAGE_W - self.font.width(&line, size)) / 2.0;
            self.text(x, size, &line);
            self.y -= size * 1.4;
        }
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.op(Op::Line { x1, y1, x2, y2 });
    }

    /// "Label: value" lines, the values aligned.
    fn pairs(&mut self, size: f32, pairs: &[(String, String)]) {
        let label_w = pairs
            .iter()
            .map(|(k, _)| self.font.width(&format!("{k}:"), size))
            .fold(0.0, f32::max)
            .min(240.0);
        let x = MARGIN + label_w + 8.0;
        for (k, v) in pairs {
            let lines = self.font.wrap(v, size, PAGE_W - MARGIN - x);
            self.need(size * 1.4 * lines.len() as f32);
            self.text(MARGIN, size, &format!("{k}:"));
            for l in lines {
                self.text(x, size, &l);
                self.y -= size * 1.4;
            }
        }
    }

    /// The subjects' table; its head is repeated on a new page.
    fn table(&mut self, columns: &[String], rows: &[Vec<String>]) {
        const SIZE: f32 = 8.5;
        const PAD: f32 = 3.0;
        let full = PAGE_W - 2.0 * MARGIN;
        let n = columns.len().max(1);
        let rest = (n - 1) as f32;
        let widest = rows
            .iter()
            .map(|r| self.font.width(&r[0], SIZE))
            .chain(std::iter::once(self.font.width(&columns[0], SIZE)))
            .fold(0.0, f32::max)
            + 2.0 * PAD;
        let first = widest.clamp(110.0, (full - rest * 40.0).max(110.0));
        let other = if n > 1 { (full - first) / rest } else { 0.0 };
        let widths: Vec<f32> = std::iter::once(first)
            .chain(std::iter::repeat_n(other, n - 1))
            .collect();
        let cells = |l: &Self, row: &[String]| -> Vec<Vec<String>> {
            row.iter()
                .zip(&widths)
                .map(|(t, w)| l.font.wrap(t, SIZE, w - 2.0 * PAD))
                .collect()
        };
        let height = |cells: &[Vec<String>]| {
            cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * SIZE * 1.3 + 2.0 * PAD
        };
        let head = cells(self, columns);
        let head_h = height(&head);
        let draw = |l: &mut Self, cells: &[Vec<String>], h: f32, centre: bool| {
            let top = l.y;
            let mut x = MARGIN;
            for (i, (lines, w)) in cells.iter().zip(&widths).enumerate() {
                let mut y = top - PAD;
                for line in lines {
                    let tx = if centre && i > 0 {
                        x + (w - l.font.width(line, SIZE)) / 2.0
                    } else {
                        x + PAD
                    };
                    l.op(Op::Text {
                        x: tx,
                        y: y - SIZE,
                        size: SIZE,
                        text: line.clone(),
                    });
                    y -= SIZE * 1.3;
                }
                l.line(x, top, x, top - h);
                x += w;
            }
            l.line(x, top, x, top - h);
            l.line(MARGIN, top, x, top);
            l.line(MARGIN, top - h, x, top - h);
            l.y -= h;
        };
        self.need(head_h * 2.0);
        draw(self, &head, head_h, true);
        for row in rows {
            let c = cells(self, row);
            let h = height(&c);
            if self.y - h < BOTTOM {
                self.new_page();
                draw(self, &head, head_h, true);
            }
            draw(self, &c, h, true);
        }
        self.y -= 10.0;
    }

    fn heading(&mut self, text: &str) {
        self.need(40.0);
        self.y -= 4.0;
        self.text(MARGIN, 11.5, text);
        self.y -= 11.5 * 1.6;
    }

    fn card(&mut self, s: &Sheet) {
        self.new_page();
        for line in &s.header {
            self.centred(9.0, line);
        }
        self.y -= 6.0;
        self.centred(15.0, &s.title);
        self.y -= 6.0;
        self.pairs(10.0, &s.details);
        self.y -= 8.0;
        self.table(&s.columns, &s.rows);
        if let Some(o) = &s.overall {
            self.pairs(10.0, std::slice::from_ref(o));
        }
        if let Some((heading, lines)) = &s.attendance {
            self.heading(heading);
            self.pairs(9.5, lines);
        }
        if let Some((heading, lines)) = &s.remarks {
            self.heading(heading);
            for l in lines {
                self.paragraph(MARGIN, PAGE_W - 2.0 * MARGIN, 9.5, l);
            }
        }
        if !s.signatures.is_empty() {
            self.y -= 12.0;
            for sig in &s.signatures {
                self.need(28.0);
                self.y -= 12.0;
                self.text(MARGIN, 9.5, sig);
                let x = MARGIN + self.font.width(sig, 9.5) + 10.0;
                self.line(
                    x,
                    self.y - 11.0,
                    (x + 180.0).min(PAGE_W - MARGIN),
                    self.y - 11.0,
                );
                self.y -= 16.0;
            }
        }
        self.y -= 10.0;
        self.paragraph(MARGIN, PAGE_W - 2.0 * MARGIN, 8.0, &s.footer);
    }
}

/// The cards as one PDF document (A4), each starting on a new page.
pub fn pdf(cards: &[ReportCard], template: &ReportCardTemplate) -> Result<Vec<u8>> {
    let face = ttf_parser::Face::parse(FONT, 0)
        .map_err(|e| Error::Internal(format!("embedded font: {e}")))?;
    let font = Font {
        upem: f32::from(face.units_per_em()),
        face,
    };
    let mut layout = Layout {
        font: &font,
        pages: Vec::new(),
        y: 0.0,
    };
    for c in cards {
        layout.card(&sheet(c, template));
    }
    if layout.pages.is_empty() {
        // A class without students still gives a valid (one-page) PDF.
        layout.new_page();
        layout.centred(15.0, &template.title);
    }
    write(&font, &layout.pages, &template.title)
}

/// Writes the pages, with the font subset to the glyphs they use.
fn write(font: &Font<'_>, pages: &[Vec<Op>], title: &str) -> Result<Vec<u8>> {
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut unicode: BTreeMap<u16, char> = BTreeMap::new();
    for op in pages.iter().flatten() {
        if let Op::Text { text, .. } = op {
            for c in text.chars() {
                let cid = remapper.remap(font.glyph(c));
                unicode.entry(cid).or_insert(c);
            }
        }
    }
    let subset = subsetter::subset(FONT, 0, &remapper)
        .map_err(|e| Error::Internal(format!("font subset: {e:?}")))?;

    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let type0 = Ref::new(3);
    let cid_font = Ref::new(4);
    let descriptor = Ref::new(5);
    let font_file = Ref::new(6);
    let cmap = Ref::new(7);
    let info = Ref::new(8);
    let first_page = 9;
    let page_refs: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(first_page + 2 * i as i32))
        .collect();

    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_refs.iter().copied())
        .count(pages.len() as i32);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("diary (report cards)"));

    let name = Name(FONT_NAME);
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(cmap);
    let widths: Vec<f32> = remapper
        .remapped_gids()
        .map(|old| font.advance(old))
        .collect();
    let mut cid = pdf.cid_font(cid_font);
    cid.subtype(CidFontType::Type2)
        .base_font(name)
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid.widths().consecutive(0, widths);
    cid.finish();
    let scale = |v: i16| f32::from(v) * 1000.0 / font.upem;
    let bbox = font.face.global_bounding_box();
    pdf.font_descriptor(descriptor)
        .name(name)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(scale(font.face.ascender()))
        .descent(scale(font.face.descender()))
        .cap_height(scale(
            font.face.capital_height().unwrap_or(font.face.ascender()),
        ))
        .stem_v(80.0)
        .font_file2(font_file);
    pdf.stream(font_file, &subset)
        .pair(Name(b"Length1"), subset.len() as i32);
    let mut map = UnicodeCmap::new(Name(b"Diary-UCS"), system);
    for (cid, c) in &unicode {
        map.pair(*cid, *c);
    }
    pdf.cmap(cmap, &map.finish());

    let encode = |text: &str| -> Vec<u8> {
        text.chars()
            .flat_map(|c| remapper.get(font.glyph(c)).unwrap_or(0).to_be_bytes())
            .collect()
    };
    for (i, ops) in pages.iter().enumerate() {
        let page_ref = page_refs[i];
        let content_ref = Ref::new(page_ref.get() + 1);
        let mut content = Content::new();
        content.set_line_width(0.6);
        for op in ops {
            match op {
                Op::Text { x, y, size, text } => {
                    content
                        .begin_text()
                        .set_font(Name(b"F1"), *size)
                        .next_line(*x, *y)
                        .show(Str(&encode(text)))
                        .end_text();
                }
                Op::Line { x1, y1, x2, y2 } => {
                    content.move_to(*x1, *y1).line_to(*x2, *y2).stroke();
                }
            }
        }
        let data = content.finish();
        let mut page = pdf.page(page_ref);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(content_ref);
        page.resources().fonts().pair(Name(b"F1"), type0);
        page.finish();
        pdf.stream(content_ref, &data);
    }
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::Ratio;
    use crate::ids::{ClassId, PersonId, SchoolId, SubjectId, YearId};
    use crate::model::{AttendanceSummary, ReportSubject};
    use time::macros::date;

    fn card(subjects: usize) -> ReportCard {
        ReportCard {
            student: PersonId(1),
            student_name: "Иванова Мария Петровна".into(),
            school: SchoolId(1),
            school_name: "Школа № 1".into(),
            class: ClassId(1),
            class_name: "5А".into(),
            year: YearId(1),
            year_label: "2024/25".into(),
            period: None,
            period_name: None,
            from: date!(2024 - 09 - 01),
            to: date!(2025 - 05 - 31),
            class_teacher: None,
            periods: Vec::new(),
            subjects: (0..subjects)
                .map(|i| ReportSubject {
                    subject: SubjectId(i as i64 + 1),
                    name: format!("Предмет номер {i} с очень длинным названием дисциплины"),
                    scale: "five".into(),
                    average: Some(Ratio::new(9, 2)),
                    average_display: Some("4.50".into()),
                    period_marks: Vec::new(),
                    year_mark: Some("5".into()),
                    exam_mark: None,
                    final_mark: None,
                    coefficient: Ratio::int(1),
                })
                .collect(),
            overall_average: None,
            attendance: AttendanceSummary {
                student: PersonId(1),
                lessons_held: 0,
                recorded: 0,
                present: 0,
                late: 0,
                late_minutes: 0,
                left_early: 0,
                absent_excused: 0,
                absent_unexcused: 0,
                rate: None,
            },
            remarks: Vec::new(),
            issued_on: date!(2025 - 05 - 31),
        }
    }

    #[test]
    fn a_long_table_continues_on_the_next_page() {
        let t = ReportCardTemplate::default();
        let one = pdf(&[card(5)], &t).unwrap();
        let long = pdf(&[card(80)], &t).unwrap();
        let n = |p: &[u8]| String::from_utf8_lossy(p).matches("/Parent").count();
        assert_eq!(n(&one), 1);
        assert!(n(&long) >= 3, "{} pages", n(&long));
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let face = ttf_parser::Face::parse(FONT, 0).unwrap();
        let font = Font {
            upem: f32::from(face.units_per_em()),
            face,
        };
        let word = "Ж".repeat(200);
        let lines = font.wrap(&format!("a {word} b"), 10.0, 300.0);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines.iter().all(|l| font.width(l, 10.0) <= 300.0));
        assert_eq!(lines.concat().replace(' ', ""), format!("a{word}b"));
        assert_eq!(font.wrap("", 10.0, 300.0), vec![String::new()]);
    }

    #[test]
    fn no_cards_still_make_a_valid_document() {
        let out = pdf(&[], &ReportCardTemplate::default()).unwrap();
        assert!(out.starts_with(b"%PDF-"));
        assert_eq!(String::from_utf8_lossy(&out).matches("/Parent").count(), 1);
    }
}
