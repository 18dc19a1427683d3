"""The school structure from Python: values, enums, errors, files, threads."""

import datetime as dt
import threading

import pytest

import schooldiary as diary

D = dt.date


def test_version_matches_the_crate():
    assert diary.__version__ == "0.1.0"


def test_builds_and_reads_a_school(school):
    d, admin = school.diary, school.admin
    q1 = d.add_period(admin, school.year, diary.PeriodKind.QUARTER, "Quarter 1", D(2024, 9, 2), D(2024, 10, 25))
    assert q1.kind is diary.PeriodKind.QUARTER
    assert q1.number == 1
    assert q1.start == D(2024, 9, 2)
    d.add_period(admin, school.year, "quarter", "Quarter 2", D(2024, 11, 5), D(2024, 12, 27))
    assert [p.name for p in d.periods(admin, school.year)] == ["Quarter 1", "Quarter 2"]

    d.add_holiday(admin, school.school, "Autumn holidays", D(2024, 10, 28), D(2024, 11, 4))
    d.add_holiday(admin, school.school, "Unity Day", D(2024, 11, 4))
    assert not d.is_working_day(admin, school.school, D(2024, 10, 29))
    assert d.is_working_day(admin, school.school, D(2024, 11, 5))

    classes = d.classes(admin, school.year)
    assert [c.name for c in classes] == ["5A", "5B"]
    assert classes[0].class_teacher == school.teacher

    group = d.create_group(admin, school.class_5a, "English 1")
    d.add_group_member(admin, group.id, school.student)
    assert d.group_members(admin, group.id) == [school.student]
    a = d.assign_teacher(admin, school.teacher, school.class_5a, school.maths)
    assert a.group is None and a.year == school.year

    roster = d.class_roster(admin, school.class_5a, D(2024, 9, 10))
    assert [p.full_name for p in roster] == ["Ivanov Ivan"]
    assert roster[0].snils_masked == "***-***-*** 02"
    staff = d.staff(admin, school.school)
    assert {s.role for s in staff} == {diary.StaffRole.ADMIN, diary.StaffRole.TEACHER}

    kids = d.children(diary.Actor.vouched(school.mother), school.mother)
    assert kids[0].relation is diary.Relation.MOTHER and kids[0].legal_representative

    overview = d.school_overview(admin, school.school)
    assert overview.school.name == "School No. 1"
    assert overview.years[0].classes[0].class_.name == "5A"
    assert overview.years[0].classes[0].groups == [group]
    assert len(overview.holidays) == 2


def test_values_are_immutable_with_repr_and_equality(school):
    d, admin = school.diary, school.admin
    s1 = d.school(admin, school.school)
    s2 = d.schools(admin)[0]
    assert s1 == s2 and hash(s1) == hash(s2)
    assert repr(s1) == (
        "School(id=1, name='School No. 1', region='Moscow', time_zone='Europe/Moscow', days_per_week=5, "
        "period_kind=None)"
    )
    with pytest.raises(AttributeError):
        s1.name = "Other"  # type: ignore[misc]
    e = d.enrolments(admin, school.student)[0]
    assert "start=datetime.date(2024, 9, 1)" in repr(e)


def test_transfer_keeps_the_earlier_enrolment(school):
    d, admin = school.diary, school.admin
    d.transfer_student(admin, school.student, school.class_5b, D(2025, 1, 13))
    first, second = d.enrolments(admin, school.student)
    assert first.end == D(2025, 1, 12) and first.end_reason is diary.EndReason.TRANSFERRED
    assert second.class_id == school.class_5b and second.end is None


def test_errors_form_a_hierarchy_with_codes(school):
    d, admin = school.diary, school.admin
    with pytest.raises(diary.InvalidInput) as e:
        d.create_subject(admin, school.school, "   ")
    assert e.value.field == "name" and e.value.code == 1
    assert isinstance(e.value, diary.DiaryError)

    with pytest.raises(diary.InvalidInput) as e:
        d.register_person(admin, school.school, "Orlov", "Oleg", D(2012, 1, 1), snils="112-233-445 96")
    assert e.value.field == "snils" and "112" not in str(e.value)

    with pytest.raises(diary.Conflict) as e:
        d.register_person(admin, school.school, "Twin", "X", D(2012, 1, 1), snils="08765432102")
    assert e.value.code == 3 and e.value.field is None

    with pytest.raises(diary.NotFound):
        d.years(admin, 999)
    with pytest.raises(diary.AccessDenied) as e:
        d.create_subject(diary.Actor.vouched(school.teacher), school.school, "Art")
    assert e.value.code == 4
    with pytest.raises(diary.InvalidInput) as e:
        d.add_period(admin, school.year, "fortnight", "X", D(2024, 9, 2), D(2024, 9, 15))
    assert e.value.field == "kind"
    with pytest.raises(diary.InvalidInput) as e:
        d.add_guardian(admin, school.student, school.mother, 3)
    assert e.value.field == "relation"


def test_bad_input_leaves_stored_data_unchanged(file_school):
    s = file_school
    d, admin = s.diary, s.admin
    d.add_period(admin, s.year, diary.PeriodKind.QUARTER, "Quarter 1", D(2024, 9, 2), D(2024, 10, 25))
    before = d.school_overview(admin, s.school)
    roster_before = d.class_roster(admin, s.class_5a, D(2024, 9, 10))
    refusals = [
        (diary.InvalidInput, lambda: d.create_subject(admin, s.school, "")),
        (diary.Conflict, lambda: d.add_period(admin, s.year, "quarter", "Q", D(2024, 10, 20), D(2024, 12, 27))),
        (diary.InvalidInput, lambda: d.add_period(admin, s.year, "quarter", "Q", D(2025, 5, 1), D(2025, 6, 30))),
        (diary.Conflict, lambda: d.enrol(admin, s.student, s.class_5b, D(2024, 10, 1))),
        (diary.NotFound, lambda: d.create_group(admin, 999, "G")),
        (diary.InvalidInput, lambda: d.create_class(admin, s.year, 6, "A", class_teacher=s.mother)),
        (diary.Conflict, lambda: d.create_class(admin, s.year, 5, "a")),
        (diary.InvalidInput, lambda: d.register_person(admin, s.school, "", "Ivan", D(2013, 1, 1))),
    ]
    for exc, call in refusals:
        with pytest.raises(exc):
            call()
    assert d.school_overview(admin, s.school) == before
    assert d.class_roster(admin, s.class_5a, D(2024, 9, 10)) == roster_before


def test_files_are_recognised(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_bytes(b"not a database\n")
    with pytest.raises(diary.NotADiary):
        diary.Diary.open(text)
    assert text.read_bytes() == b"not a database\n"
    path = tmp_path / "school.diary"
    # A mistyped path is an error, not a new empty diary: creating is explicit.
    with pytest.raises(diary.NotADiary):
        diary.Diary.open(path)
    assert not path.exists()
    with diary.Diary.create(path) as d:
        d.create_school(diary.Actor.operator(), "School 5", "Tula", "Europe/Moscow")
        assert d.schema_version >= 1
    with pytest.raises(diary.DiaryError):
        d.schools(diary.Actor.operator())
    with diary.Diary.open(str(path)) as d:
        assert [s.name for s in d.schools(diary.Actor.operator())] == ["School 5"]


def test_manual_clock_bounds_birth_dates():
    clock = diary.ManualClock(dt.datetime(2024, 9, 1, 8, 0, tzinfo=dt.timezone.utc))
    d = diary.Diary.in_memory(clock=clock)
    op = diary.Actor.operator()
    school = d.create_school(op, "S", "R", "UTC").id
    with pytest.raises(diary.InvalidInput) as e:
        d.register_person(op, school, "Late", "Born", D(2024, 9, 2))
    assert e.value.field == "birth_date"
    clock.advance(2 * 24 * 3600)
    assert d.register_person(op, school, "Late", "Born", D(2024, 9, 2)).surname == "Late"
    assert clock.now() == dt.datetime(2024, 9, 3, 8, 0, tzinfo=dt.timezone.utc)


def test_queries_from_several_threads(school):
    d, admin = school.diary, school.admin
    errors = []

    def work(i: int) -> None:
        try:
            for j in range(20):
                d.create_subject(admin, school.school, f"Subject {i}-{j}")
                assert len(d.classes(admin, school.year)) == 2
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(d.subjects(admin, school.school)) == 81


def test_every_error_kind_maps_to_its_class_and_code(tmp_path):
    assert all(issubclass(c, diary.DiaryError) for c in (
        diary.InvalidInput, diary.NotFound, diary.Conflict, diary.AccessDenied,
        diary.AuthenticationFailed, diary.StorageError, diary.InternalError))
    assert issubclass(diary.NotADiary, diary.StorageError) and issubclass(diary.VersionTooNew, diary.StorageError)
    d = diary.Diary.in_memory()
    op = diary.Actor.operator()
    s = d.create_school(op, "S", "R", "UTC").id
    cases = [
        (diary.InvalidInput, 1, lambda: d.create_subject(op, s, "")),
        (diary.NotFound, 2, lambda: d.years(op, 999)),
        (diary.Conflict, 3, lambda: d.create_school(op, "S", "R", "UTC")),
        (diary.AccessDenied, 4, lambda: d.create_subject(op, s, "Art")),
    ]
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite")
    cases.append((diary.NotADiary, 7, lambda: diary.Diary.open(bad)))
    for cls, code, call in cases:
        with pytest.raises(cls) as e:
            call()
        assert e.value.code == code and str(e.value)


def test_a_school_grades_in_trimesters(school):
    d, admin = school.diary, school.admin
    assert d.school(admin, school.school).period_kind is None
    assert d.school_class(admin, school.class_5a).period_kind is diary.PeriodKind.QUARTER
    s = d.set_school_period_kind(admin, school.school, diary.PeriodKind.TRIMESTER)
    assert s.period_kind is diary.PeriodKind.TRIMESTER
    c = d.create_class(admin, school.year, 7, "T")
    assert c.period_kind is diary.PeriodKind.TRIMESTER
    assert d.set_class_period_kind(admin, c.id, "quarter").period_kind is diary.PeriodKind.QUARTER
    with pytest.raises(diary.InvalidInput) as e:
        d.set_class_period_kind(admin, c.id, "fortnight")
    assert e.value.field == "kind"
    assert d.set_school_period_kind(admin, school.school, None).period_kind is None


def test_a_familys_directory(school) -> None:
    s = school
    d = s.diary
    d.assign_teacher(s.admin, s.teacher, s.class_5a, s.maths)
    mine = d.child_directory(diary.Actor.vouched(s.mother), s.student)
    assert (mine.class_, mine.class_name, mine.year_label) == (s.class_5a, "5A", "2024/25")
    assert mine.class_teacher is not None and mine.class_teacher.display_name == "Petrov P. I."
    assert [(x.name, [t.person for t in x.teachers]) for x in mine.subjects] == [("Mathematics", [s.teacher])]
    assert [a.role for a in mine.admins] == [diary.StaffRole.ADMIN]
    op = diary.Actor.operator()
    other = d.create_school(op, "Other", "Moscow", "Europe/Moscow").id
    spy = d.register_person(op, other, "Spy", "S", dt.date(1980, 1, 1), snils="222-333-444 16").id
    d.appoint_staff(op, other, spy, diary.StaffRole.ADMIN)
    with pytest.raises(diary.NotFound):
        d.child_directory(diary.Actor.vouched(spy), s.student)


def test_corrections_of_a_persons_data(school) -> None:
    s = school
    d = s.diary
    mother = diary.Actor.vouched(s.mother)
    k = d.correct_person(s.admin, s.student, "Ivanoff", "Ivan", dt.date(2013, 3, 3), "typo", snils="087-654-321 02")
    assert k.status == diary.CorrectionStatus.APPLIED and k.before.surname == "Ivanov" and k.after.surname == "Ivanoff"
    p = d.propose_person_correction(mother, s.student, "Ivanov", "Ivan", dt.date(2013, 3, 3), "no, it was right", snils="087-654-321 02")
    assert p.status == diary.CorrectionStatus.PENDING
    with pytest.raises(diary.Conflict):
        d.propose_person_correction(mother, s.student, "X", "Ivan", dt.date(2013, 3, 3), "again")
    done = d.decide_person_correction(s.admin, p.id, True, note="checked")
    assert done.status == diary.CorrectionStatus.APPLIED and d.person(s.admin, s.student).surname == "Ivanov"
    with pytest.raises(diary.InvalidInput) as e:
        d.correct_person(s.admin, s.student, "Ivanov", "Ivan", dt.date(2013, 3, 3), "bad", snils="087-654-321 00")
    assert e.value.field == "snils"
    assert [c.status for c in d.person_corrections(mother, s.student)] == [
        diary.CorrectionStatus.APPLIED,
        diary.CorrectionStatus.APPLIED,
    ]
