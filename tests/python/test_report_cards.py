"""Report cards from Python: a card as a dict agreeing with the averages
and period marks, a class's cards, the HTML and the PDF (read back with
poppler's ``pdftotext``, Cyrillic included), the school's template with a
bad one refused and nothing changed, and who is refused."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date as D
from fractions import Fraction
from pathlib import Path

import pytest

import schooldiary as diary
from conftest import Fixture, mark_two_students


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    assert shutil.which("pdftotext"), "poppler-utils is installed by tests/run.sh"
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_a_card_from_python(school: Fixture, tmp_path: Path) -> None:
    s = mark_two_students(school)
    d, admin = s.diary, s.admin
    d.correct_person(admin, s.student, "Иванов", "Иван", D(2013, 3, 3), reason="Кириллица", patronymic="Петрович")
    card = d.report_card(admin, s.student, s.year, s.q1)
    assert card["student_name"] == "Иванов Иван Петрович"
    assert card["class_name"] == "5A" and card["period"] == s.q1
    (maths,) = card["subjects"]
    avg = d.average(admin, s.student, s.maths, s.q1)
    assert maths["average"] is not None and Fraction(maths["average"]) == avg.exact
    assert maths["average_display"] == "4.67"
    assert maths["period_marks"] == [d.period_mark(admin, s.student, s.maths, s.q1).mark]
    assert card["attendance"]["lessons_held"] >= 0
    year_card = d.report_card(admin, s.student, s.year)
    assert year_card["period"] is None and [p["name"] for p in year_card["periods"]] == ["Q1"]
    assert year_card["subjects"][0]["year_mark"] == d.year_mark(admin, s.student, s.maths, s.year).mark

    html = d.report_card_html(admin, s.student, s.year, s.q1)
    assert "Иванов Иван Петрович" in html and "@media print" in html
    text = pdf_text(d.report_card_pdf(admin, s.student, s.year, s.q1), tmp_path)
    for want in ["Табель успеваемости", "Иванов Иван Петрович", "Mathematics", "4.67"]:
        assert want in text, want

    t = diary.Actor.vouched(s.teacher)
    cards = d.class_report_cards(t, s.class_5a, s.q1)
    assert [c["student_name"] for c in cards] == ["Smirnova Olga", "Иванов Иван Петрович"]
    both = pdf_text(d.class_report_cards_pdf(t, s.class_5a), tmp_path)
    assert "Smirnova Olga" in both and "Иванов Иван Петрович" in both
    assert d.class_report_cards_html(t, s.class_5a).count('<section class="card">') == 2


def test_the_template_and_refusals(school: Fixture) -> None:
    s = mark_two_students(school)
    d, admin = s.diary, s.admin
    assert d.report_card_template(admin, s.school)["language"] == "ru"
    mine: diary.ReportCardTemplateInput = {
        "title": "Report card",
        "header": ["School No. 1"],
        "blocks": [diary.ReportBlock.AVERAGES, "attendance"],
        "language": diary.ReportLanguage.EN,
    }
    stored = d.set_report_card_template(admin, s.school, mine)
    assert stored == {
        "title": "Report card",
        "header": ["School No. 1"],
        "footer": None,
        "blocks": ["averages", "attendance"],
        "language": "en",
    }
    for bad, field in [
        ({**mine, "title": "\u202eevil"}, "title"),
        ({**mine, "header": ["x"] * 7}, "header"),
        ({**mine, "blocks": ["remarks", "remarks"]}, "blocks"),
        ({**mine, "blocks": ["nope"]}, "template.blocks[0]"),
        ({**mine, "language": "de"}, "template.language"),
    ]:
        with pytest.raises(diary.InvalidInput) as e:
            d.set_report_card_template(admin, s.school, bad)  # type: ignore[arg-type]
        assert e.value.field == field
        assert d.report_card_template(admin, s.school) == stored
    html = d.report_card_html(admin, s.student, s.year, s.q1)
    assert "School No. 1" in html and "Remarks" not in html

    mother = diary.Actor.vouched(s.mother)
    assert d.report_card(mother, s.student, s.year, s.q1)["student"] == s.student
    with pytest.raises(diary.AccessDenied):
        d.class_report_cards(mother, s.class_5a, s.q1)
    with pytest.raises(diary.AccessDenied):
        d.report_card(mother, s.other, s.year)
    op = diary.Actor.operator()
    other_school = d.create_school(op, "Other", "Moscow", "Europe/Moscow").id
    stranger = d.register_person(op, other_school, "Other", "O", D(1981, 1, 1), snils="100-200-300 30").id
    d.appoint_staff(op, other_school, stranger, diary.StaffRole.ADMIN)
    b = diary.Actor.vouched(stranger)
    for call in [
        lambda: d.report_card(b, s.student, s.year, s.q1),
        lambda: d.report_card_pdf(b, s.student, s.year),
        lambda: d.class_report_cards_html(b, s.class_5a),
        lambda: d.set_report_card_template(b, s.school, mine),
    ]:
        with pytest.raises(diary.NotFound):
            call()
    with pytest.raises(diary.InvalidInput):
        d.report_card(admin, s.student, s.year, -1)
