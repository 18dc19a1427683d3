"""The stubs constrain what a type checker accepts: code with a misspelt
key, a missing required key or a float where an exact number is meant is
refused by mypy (the accepted forms are in typed_usage.py)."""

import subprocess
import sys
import textwrap

import pytest

mypy = pytest.importorskip("mypy")

WRONG = textwrap.dedent(
    """
    import datetime
    import schooldiary as diary

    def wrong(d: diary.Diary, a: diary.Actor) -> None:
        d.record_attendance(a, diary.LessonKey(1, datetime.date(2024, 9, 2), 1), [{"student": 1, "stat": "absent"}])
        d.set_timetable(a, 1, datetime.date(2024, 9, 2), [{"weekday": 1, "number": 1, "subject": 1}])
        d.what_if(a, 1, 1, 1, [{"value": "5", "work_kind": 1, "weight": 1.5}])
        sheet: diary.AttachmentInput = {"name": "a.pdf", "media_type": "application/pdf", "size": "big"}
        d.record_marks(a, [{"student": 1, "subject": 1, "date": datetime.date(2024, 9, 2)}])
    """
)


def test_mypy_refuses_malformed_inputs(tmp_path):
    src = tmp_path / "wrong.py"
    src.write_text(WRONG)
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(src)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    out = run.stdout
    assert run.returncode == 1, out
    for line in (6, 7, 8, 9, 10):
        assert f"wrong.py:{line}:" in out, f"line {line} not refused:\n{out}"
    assert '"stat"' in out and '"teacher"' in out and '"work_kind"' in out, out
