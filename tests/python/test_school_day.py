"""The school day from Python: bells and timetable, changes, homework,
attendance with notices and excuses, remarks, a parent's week, analysis
exports and an iCalendar feed checked by an independent parser."""

import datetime as dt
from fractions import Fraction

import icalendar
import pandas
import polars
import pytest

import schooldiary as diary
from conftest import build

D = dt.date
MON = D(2024, 9, 2)
TUE = D(2024, 9, 3)


@pytest.fixture
def day():
    clock = diary.ManualClock(dt.datetime(2024, 9, 2, 12, 0, tzinfo=dt.timezone.utc))
    s = build(diary.Diary.in_memory(clock=clock))
    d = s.diary
    s.clock = clock
    s.russian = d.create_subject(s.admin, s.school, "Russian").id
    s.teacher2 = d.register_person(s.admin, s.school, "Sidorova", "Olga", D(1980, 2, 2)).id
    d.appoint_staff(s.admin, s.school, s.teacher2, "teacher")
    d.add_bell_schedule(
        s.admin,
        s.school,
        "Regular",
        [(1, dt.time(8, 30), dt.time(9, 15)), (2, dt.time(9, 25), dt.time(10, 10)), (3, dt.time(10, 30), dt.time(11, 15))],
        valid_from=D(2024, 9, 1),
    )
    d.set_timetable(
        s.admin,
        s.class_5a,
        MON,
        [
            {"weekday": 1, "number": 1, "subject": s.maths, "teacher": s.teacher, "room": "101"},
            {"weekday": 1, "number": 2, "subject": s.russian, "teacher": s.teacher2, "room": "102"},
            {"weekday": 2, "number": 1, "subject": s.maths, "teacher": s.teacher, "room": "101"},
        ],
    )
    return s


def test_timetable_views_and_changes(day):
    s, d = day, day.diary
    lessons = d.class_day(diary.Actor.vouched(s.student), s.class_5a, MON)
    assert [(l.key.number, l.subject_name, l.start) for l in lessons] == [
        (1, "Mathematics", dt.time(8, 30)),
        (2, "Russian", dt.time(9, 25)),
    ]
    assert lessons[0].status is diary.LessonStatus.SCHEDULED and "LessonKey(" in repr(lessons[0].key)
    with pytest.raises(diary.InvalidInput) as e:
        d.set_timetable(s.admin, s.class_5b, MON, [{"weekday": 1, "number": 9, "subject": s.maths, "teacher": s.teacher2}])
    assert e.value.field == "lessons.number"
    with pytest.raises(diary.Conflict):
        d.set_timetable(s.admin, s.class_5b, MON, [{"weekday": 1, "number": 1, "subject": s.maths, "teacher": s.teacher}])
    with pytest.raises(diary.InvalidInput) as e:
        d.set_timetable(s.admin, s.class_5b, MON, [{"weekday": 1, "number": 1, "subject": s.maths}])
    assert e.value.field == "lessons.teacher"
    key = diary.LessonKey(s.class_5a, D(2024, 9, 9), 1)
    changed = d.change_lesson(
        s.admin, key, diary.ChangeKind.SUBSTITUTION, teacher=s.teacher2, reason="ill", announce=True
    )
    assert changed.teacher == s.teacher2 and changed.was.teacher == s.teacher
    told = d.announcements_for(diary.Actor.vouched(s.mother), s.mother)
    assert [a.kind for a in told] == [diary.AnnouncementKind.SCHEDULE_CHANGE] and "substitute" in told[0].title
    with pytest.raises(diary.InvalidInput) as e:
        d.change_lesson(s.admin, diary.LessonKey(s.class_5a, D(2024, 9, 10), 1), "moved", to_date=D(2024, 9, 10))
    assert e.value.field == "to_number"
    with pytest.raises(diary.AccessDenied):
        d.change_lesson(diary.Actor.vouched(s.teacher), key, "cancellation")
    week = d.teacher_week(diary.Actor.vouched(s.teacher2), s.teacher2, D(2024, 9, 9))
    assert any(l.key == key for l in week)
    assert [l.key.number for l in d.room_day(s.admin, s.school, "102", MON)] == [2]
    assert len(d.timetables(s.admin, s.class_5a)[0].lessons) == 3
    assert d.bell_schedules(s.admin, s.school)[0].bells[0].end == dt.time(9, 15)


def test_homework_attendance_and_the_parents_week(day):
    s, d = day, day.diary
    teacher, mother = diary.Actor.vouched(s.teacher), diary.Actor.vouched(s.mother)
    mon1 = diary.LessonKey(s.class_5a, MON, 1)
    d.set_lesson_topic(teacher, mon1, "Fractions")
    with pytest.raises(diary.AccessDenied):
        d.set_lesson_topic(mother, mon1, "Nothing")
    with pytest.raises(diary.InvalidInput) as e:
        d.set_homework(teacher, mon1, D(2024, 9, 1), "p. 12")
    assert e.value.field == "due"
    hw = d.set_homework(
        teacher,
        mon1,
        TUE,
        "Exercises 1-5\nShow your working",
        attachments=[{"name": "sheet.pdf", "media_type": "application/pdf", "size": 1024, "url": "https://f.example/s.pdf"}],
    )
    assert hw.attachments[0].name == "sheet.pdf"
    russian = d.set_homework_for_subject(diary.Actor.vouched(s.teacher2), s.class_5a, s.russian, MON, TUE, "Read chapter 2")
    assert russian.lesson == diary.LessonKey(s.class_5a, MON, 2)
    with pytest.raises(diary.InvalidInput) as e:
        d.set_homework_for_subject(teacher, s.class_5a, s.russian, TUE, TUE, "x")
    assert e.value.field == "date"
    d.mark_homework_done(diary.Actor.vouched(s.student), hw.id)
    assert d.lesson_homework(teacher, mon1)[0].done_by == [s.student]

    with pytest.raises(diary.InvalidInput) as e:
        d.record_attendance(teacher, mon1, [{"student": s.mother, "status": "present"}])
    assert e.value.field == "entries.student"
    register = d.record_attendance(
        teacher, mon1, [{"student": s.student, "status": diary.AttendanceStatus.ABSENT, "reason": diary.AbsenceReason.ILLNESS}]
    )
    assert register[0].status is diary.AttendanceStatus.ABSENT and register[0].reason is diary.AbsenceReason.ILLNESS
    with pytest.raises(diary.InvalidInput) as e:
        d.submit_excuse(mother, s.student, D(2024, 8, 30), D(2024, 8, 30), "family")
    assert e.value.field == "first_day"
    excuse = d.submit_excuse(mother, s.student, MON, MON, "illness", note="doctor's note")
    assert excuse.status is diary.NoticeStatus.PENDING
    assert d.decide_excuse(teacher, excuse.id, True).status is diary.NoticeStatus.APPROVED
    summary = d.attendance_summary(mother, s.student, MON, MON)
    assert (summary.absent_excused, summary.rate) == (1, Fraction(0))

    d.add_remark(teacher, s.student, MON, diary.RemarkKind.POSITIVE, "Well done", subject=s.maths)
    week = d.student_week(mother, s.student, MON)
    monday = week[0]
    assert [l.lesson.key.number for l in monday.lessons] == [1, 2]
    first = monday.lessons[0]
    assert first.lesson.topic == "Fractions" and first.homework[0].id == hw.id
    assert first.attendance.excused and monday.remarks[0].kind is diary.RemarkKind.POSITIVE
    assert [h.id for h in week[1].homework_due] == [hw.id, russian.id]
    with pytest.raises(diary.AccessDenied):
        d.student_week(diary.Actor.vouched(s.teacher2), s.student, MON)

    # An advance notice from today on is applied to the register.
    notice = d.notify_absence(mother, s.student, TUE, TUE, "family")
    s.clock.set(dt.datetime(2024, 9, 3, 12, 0, tzinfo=dt.timezone.utc))
    tue = d.record_attendance(teacher, diary.LessonKey(s.class_5a, TUE, 1), [{"student": s.student, "status": "absent"}])
    assert tue[0].excused and tue[0].notice == notice.id and tue[0].reason is diary.AbsenceReason.FAMILY

    # Analysis: a class's attendance as rows and as columns for DataFrames.
    rows = d.class_attendance(teacher, s.class_5a, MON, TUE)
    assert rows[0]["student"] == s.student and rows[0]["absent_excused"] == 2
    cols = d.class_attendance(teacher, s.class_5a, MON, TUE, columns=True, as_float=True)
    assert pandas.DataFrame(cols).shape == (1, 10)
    assert polars.DataFrame(cols)["recorded"].to_list() == [2]
    untaken = d.untaken_registers(diary.Actor.vouched(s.teacher2), s.teacher2, MON, TUE)
    assert [(l.key.date, l.key.number) for l in untaken] == [(MON, 2)]


def test_the_calendar_feed_parses_and_keeps_its_uids(day):
    s, d = day, day.diary
    mother = diary.Actor.vouched(s.mother)
    d.set_homework(diary.Actor.vouched(s.teacher), diary.LessonKey(s.class_5a, MON, 1), TUE, "p. 12, exercises 1–5; bring a ruler")
    first = d.student_calendar(mother, s.student, MON, D(2024, 9, 15))
    cal = icalendar.Calendar.from_ical(first)
    events = [c for c in cal.walk("VEVENT")]
    todos = [c for c in cal.walk("VTODO")]
    assert len(events) == 6 and len(todos) == 1
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Moscow"
    start = events[0].decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(hours=3) and start.time() == dt.time(8, 30)
    assert all(len(line) <= 75 for line in first.encode().split(b"\r\n"))
    uids = {str(e["UID"]) for e in events}
    d.change_lesson(s.admin, diary.LessonKey(s.class_5a, D(2024, 9, 9), 2), "cancellation")
    again = icalendar.Calendar.from_ical(d.student_calendar(mother, s.student, MON, D(2024, 9, 15)))
    again_events = list(again.walk("VEVENT"))
    assert {str(e["UID"]) for e in again_events} == uids
    cancelled = [e for e in again_events if str(e["STATUS"]) == "CANCELLED"]
    assert len(cancelled) == 1
    with pytest.raises(diary.AccessDenied):
        d.student_calendar(diary.Actor.vouched(s.teacher2), s.student, MON, TUE)
    teacher_feed = icalendar.Calendar.from_ical(d.teacher_calendar(diary.Actor.vouched(s.teacher), s.teacher, MON, D(2024, 9, 15)))
    assert len(list(teacher_feed.walk("VEVENT"))) == 4
