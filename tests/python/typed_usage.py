"""Checked by mypy --strict in the test command (not run): the stubs give
an analyst's code precise types — rows as TypedDicts, inputs checked."""

import datetime

import schooldiary as diary


def analyst(d: diary.Diary, admin: diary.Actor) -> list[str]:
    rows: list[diary.ClassMarkRow] = d.class_marks(admin, 1, 1)
    columns: dict[str, list[object]] = d.class_marks(admin, 1, 1, columns=True)
    averages = d.class_averages(admin, 1, 1)
    first_exact = averages[0]["exact"] if averages else None
    mark: diary.MarkInput = {
        "student": 1,
        "subject": 1,
        "date": datetime.date(2024, 9, 2),
        "work_kind": 1,
        "value": "5",
    }
    d.record_marks(admin, [mark])
    rule: diary.GradingRule = {"method": "median", "thresholds": [{"min": "4.50", "mark": "5"}]}
    d.set_grading_rule(admin, 1, rule)
    present = [r["present"] for r in d.class_attendance(admin, 1, datetime.date(2024, 9, 2), datetime.date(2024, 9, 6))]
    maybe = d.what_if(admin, 1, 1, 1, [{"value": "5", "work_kind": 1}, {"value": 4, "work_kind": 1, "weight": "2"}])
    entry: diary.AttendanceEntryInput = {"student": 1, "status": diary.AttendanceStatus.ABSENT, "excused": True}
    d.record_attendance(admin, diary.LessonKey(1, datetime.date(2024, 9, 2), 1), [entry, {"student": 2, "status": "present"}])
    lesson: diary.TimetableLessonInput = {"weekday": 1, "number": 1, "subject": 1, "teacher": 1, "room": "101"}
    d.set_timetable(admin, 1, datetime.date(2024, 9, 2), [lesson])
    sheet: diary.AttachmentInput = {"name": "sheet.pdf", "media_type": "application/pdf", "size": 1024}
    key = diary.LessonKey(1, datetime.date(2024, 9, 2), 1)
    d.set_homework(admin, key, datetime.date(2024, 9, 3), "p. 12", attachments=[sheet])
    return [r["student_name"] for r in rows] + [str(len(columns)), str(first_exact), str(sum(present)), str(maybe.mark)]


def pure(rule: diary.GradingRule) -> str:
    marks: list[diary.PureMark] = [{"value": "5"}, {"value": 4, "weight": "2", "work_kind": 2}]
    avg = diary.grading.average(marks, rule)
    return str(avg.exact)
