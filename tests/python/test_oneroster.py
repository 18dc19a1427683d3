"""OneRoster 1.2 CSV from Python: a school exported (as a dict and to a
folder) conforms to the checker written from the binding's tables, the
hand-made sample set too; a broken file is named with its line and
column; another school's admin is refused."""

from __future__ import annotations

from datetime import date as D
from pathlib import Path

import pytest

import schooldiary as diary
from conftest import Fixture, mark_two_students

SAMPLE = Path(__file__).resolve().parents[1] / "oneroster" / "sample"


def test_export_and_check(school: Fixture, tmp_path: Path) -> None:
    s = mark_two_students(school)
    d, admin = s.diary, s.admin
    files = d.export_oneroster(admin, s.school)
    assert set(files) >= {"manifest.csv", "users.csv", "results.csv"}
    assert diary.oneroster.check(files) == []
    assert files["results.csv"].count("\r\n") == 7, "a header and six marks"
    names = d.export_oneroster_to_dir(admin, tmp_path / "out", s.school)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)
    assert diary.oneroster.check(tmp_path / "out") == []
    assert diary.oneroster.check(SAMPLE) == []

    broken = dict(files)
    broken["orgs.csv"] = broken["orgs.csv"].replace(",school,", ",academy,", 1)
    (problem,) = diary.oneroster.check(broken)
    assert (problem["file"], problem["line"], problem["column"]) == ("orgs.csv", 2, "type")

    op = diary.Actor.operator()
    assert diary.oneroster.check(d.export_oneroster(op)) == []
    other = d.create_school(op, "Other", "Moscow", "Europe/Moscow").id
    stranger = d.register_person(op, other, "Other", "O", D(1981, 1, 1), snils="100-200-300 30").id
    d.appoint_staff(op, other, stranger, diary.StaffRole.ADMIN)
    with pytest.raises(diary.NotFound):
        d.export_oneroster(diary.Actor.vouched(stranger), s.school)
    with pytest.raises(diary.AccessDenied):
        d.export_oneroster(admin)


def test_import_the_sample(tmp_path: Path) -> None:
    d = diary.Diary.in_memory()
    op = diary.Actor.operator()
    dry = d.import_oneroster(op, SAMPLE, dry_run=True)
    assert dry["problems"] == [] and not dry["applied"]
    assert d.schools(op) == []
    done = d.import_oneroster(op, str(SAMPLE))
    assert done["applied"] and done["created"]["users.csv"] == 6
    assert sorted(s.name for s in d.schools(op)) == ["Лицей № 2", "Школа № 1"]
    again = d.import_oneroster(op, SAMPLE)
    assert again["created"] == {}
    files = {p.name: p.read_text(encoding="utf-8") for p in SAMPLE.iterdir()}
    files["users.csv"] = files["users.csv"].replace(",Пётр,Иванов,", ",Пётр,,", 1)
    broken = diary.Diary.in_memory().import_oneroster(op, files)
    assert not broken["applied"]
    assert [(p["file"], p["line"], p["column"]) for p in broken["problems"]] == [("users.csv", 5, "familyName")]
