//! Report cards as one self-contained HTML document: no scripts, no
//! external resources, every text escaped; print CSS for A4 with each
//! card on its own page.

use super::{sheet, Sheet};
use crate::model::{ReportCard, ReportCardTemplate, ReportLanguage};
use std::fmt::Write;

const STYLE: &str = "\
body{font-family:'DejaVu Sans','PT Sans',Arial,sans-serif;font-size:11pt;color:#000;margin:0}
.card{max-width:180mm;margin:10mm auto;padding:0 5mm}
.letterhead{text-align:center;font-size:10pt;margin:0}
h1{text-align:center;font-size:16pt;margin:4mm 0}
dl.details{display:grid;grid-template-columns:max-content auto;gap:1mm 4mm;margin:0 0 4mm}
dl.details dt{font-weight:bold}dl.details dd{margin:0}
table{border-collapse:collapse;width:100%;margin:0 0 4mm}
th,td{border:1px solid #444;padding:1mm 2mm;text-align:center}
th:first-child,td:first-child{text-align:left}
thead th{background:#eee}
h2{font-size:12pt;margin:4mm 0 2mm}
ul.remarks{margin:0;padding-left:5mm;white-space:pre-line}
.signatures{margin-top:8mm}.signature{margin:5mm 0}
.signature span{display:inline-block;width:70mm;border-bottom:1px solid #000;margin-left:4mm}
footer{margin-top:6mm;font-size:9pt;color:#333}
@page{size:A4;margin:12mm}
@media print{.card{margin:0;max-width:none;padding:0;break-after:page;page-break-after:always}
.card:last-child{break-after:auto;page-break-after:auto}thead{display:table-header-group}
tr{break-inside:avoid;page-break-inside:avoid}}
";

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn card(out: &mut String, s: &Sheet) -> std::fmt::Result {
    writeln!(out, "<section class=\"card\">")?;
    for line in &s.header {
        writeln!(out, "<p class=\"letterhead\">{}</p>", esc(line))?;
    }
    writeln!(out, "<h1>{}</h1>\n<dl class=\"details\">", esc(&s.title))?;
    for (k, v) in &s.details {
        writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v))?;
    }
    writeln!(out, "</dl>\n<table class=\"subjects\">\n<thead><tr>")?;
    for c in &s.columns {
        write!(out, "<th scope=\"col\">{}</th>", esc(c))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    for row in &s.rows {
        write!(out, "<tr>")?;
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                write!(out, "<th scope=\"row\">{}</th>", esc(cell))?;
            } else {
                write!(out, "<td>{}</td>", esc(cell))?;
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")?;
    if let Some((k, v)) = &s.overall {
        writeln!(
            out,
            "<p class=\"overall\"><strong>{}:</strong> {}</p>",
            esc(k),
            esc(v)
        )?;
    }
    if let Some((heading, lines)) = &s.attendance {
        writeln!(
            out,
            "<h2>{}</h2>\n<dl class=\"details attendance\">",
            esc(heading)
        )?;
        for (k, v) in lines {
            writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v))?;
        }
        writeln!(out, "</dl>")?;
    }
    if let Some((heading, lines)) = &s.remarks {
        writeln!(out, "<h2>{}</h2>\n<ul class=\"remarks\">", esc(heading))?;
        for l in lines {
            writeln!(out, "<li>{}</li>", esc(l))?;
        }
        writeln!(out, "</ul>")?;
    }
    if !s.signatures.is_empty() {
        writeln!(out, "<div class=\"signatures\">")?;
        for sig in &s.signatures {
            writeln!(out, "<p class=\"signature\">{}<span></span></p>", esc(sig))?;
        }
        writeln!(out, "</div>")?;
    }
    writeln!(out, "<footer>{}</footer>\n</section>", esc(&s.footer))
}

/// The cards as one HTML document, each on its own printed page.
pub fn html(cards: &[ReportCard], template: &ReportCardTemplate) -> String {
    let lang = match template.language {
        ReportLanguage::Ru => "ru",
        ReportLanguage::En => "en",
    };
    let title = match cards {
        [one] => format!("{} — {}", template.title, one.student_name),
        _ => template.title.clone(),
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    for c in cards {
        // Writing to a String cannot fail.
        let _ = card(&mut out, &sheet(c, template));
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn markup_in_names_is_text() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
