"""Trusted persons, visibility windows and the access log from Python."""

import datetime as dt

import pytest

import schooldiary as diary

D = dt.date
UTC = dt.timezone.utc


@pytest.fixture
def world():
    from conftest import build

    clock = diary.ManualClock(dt.datetime(2024, 9, 20, 10, 0, tzinfo=UTC))
    s = build(diary.Diary.in_memory(clock=clock))
    d, admin = s.diary, s.admin
    s.clock = clock
    s.q1 = d.add_period(admin, s.year, diary.PeriodKind.QUARTER, "Q1", D(2024, 9, 2), D(2024, 10, 25)).id
    kind = d.create_work_kind(admin, s.school, "Homework", 1).id
    d.assign_teacher(admin, s.teacher, s.class_5a, s.maths)
    d.record_mark(diary.Actor.vouched(s.teacher), s.student, s.maths, D(2024, 9, 10), "5", kind)
    s.granny = d.register_person(admin, s.school, "Ivanova", "Anna", D(1955, 5, 5), snils="222-333-444 16").id
    # Only people with an account can be invited.
    with pytest.raises(diary.InvalidInput) as e:
        d.invite_trusted_person(diary.Actor.vouched(s.mother), s.student, "Ivanova", "22233344416")
    assert e.value.field == "invitee"
    d.issue_credentials(admin, s.granny)
    return s


def test_trusted_person_lifecycle(world):
    s = world
    d = s.diary
    granny = diary.Actor.vouched(s.granny)
    mother = diary.Actor.vouched(s.mother)

    def read():
        return d.marks(granny, s.student, D(2024, 9, 1), D(2024, 10, 25))

    g = d.invite_trusted_person(mother, s.student, "Ivanova", "22233344416")
    assert g.status is diary.GrantStatus.PENDING
    assert [i.id for i in d.my_invitations(granny)] == [g.id]
    with pytest.raises((diary.AccessDenied, diary.NotFound)):
        read()
    assert d.accept_invitation(granny, g.id).status is diary.GrantStatus.WAITING
    with pytest.raises((diary.AccessDenied, diary.NotFound)):
        read()
    s.clock.advance(24 * 3600)
    assert [m.label for m in read()] == ["5"]
    with pytest.raises(diary.AccessDenied):
        d.invite_trusted_person(granny, s.student, "Ivanova", "22233344416")
    d.revoke_grant(mother, g.id)
    with pytest.raises((diary.AccessDenied, diary.NotFound)):
        read()
    assert d.trusted_grants(mother, s.student)[0].status is diary.GrantStatus.REVOKED


def test_finer_services(world):
    s = world
    d = s.diary
    granny = diary.Actor.vouched(s.granny)
    mother = diary.Actor.vouched(s.mother)
    for bad in (["grades"], ["marks", 5], "marks"):
        with pytest.raises((diary.InvalidInput, TypeError)):
            d.invite_trusted_person(mother, s.student, "Ivanova", "22233344416", services=bad)
    with pytest.raises(diary.InvalidInput) as both:
        d.invite_trusted_person(mother, s.student, "Ivanova", "22233344416", services=["marks"], diary=True)
    assert both.value.field == "services"
    with pytest.raises(diary.InvalidInput) as empty:
        d.invite_trusted_person(mother, s.student, "Ivanova", "22233344416", services=[])
    assert empty.value.field == "services"
    assert d.trusted_grants(mother, s.student) == []
    g = d.invite_trusted_person(mother, s.student, "Ivanova", "22233344416", services=["homework", "visits_meals"])
    assert g.services == ["homework", "visits", "meals"]
    assert g.visits_meals and not g.diary
    d.accept_invitation(granny, g.id)
    s.clock.advance(24 * 3600)
    with pytest.raises(diary.AccessDenied):
        d.marks(granny, s.student, D(2024, 9, 1), D(2024, 10, 25))
    d.revoke_grant(mother, g.id)
    g = d.invite_trusted_person(mother, s.student, "Ivanova", "22233344416", services=("marks",))
    d.accept_invitation(granny, g.id)
    s.clock.advance(24 * 3600)
    assert [m.label for m in d.marks(granny, s.student, D(2024, 9, 1), D(2024, 10, 25))] == ["5"]


def test_invitations_do_not_reveal_registrations(world):
    s = world
    mother = diary.Actor.vouched(s.mother)
    with pytest.raises(diary.InvalidInput) as wrong:
        world.diary.invite_trusted_person(mother, s.student, "Smirnova", "22233344416")
    with pytest.raises(diary.InvalidInput) as unknown:
        world.diary.invite_trusted_person(mother, s.student, "Ivanova", "33344455561")
    assert str(wrong.value) == str(unknown.value) and wrong.value.field == "invitee"
    with pytest.raises(diary.InvalidInput) as by_phone:
        world.diary.invite_trusted_person(mother, s.student, "Ivanova", phone="+7 916 000 00 00")
    assert str(by_phone.value) == str(unknown.value)
    with pytest.raises(diary.InvalidInput) as neither:
        world.diary.invite_trusted_person(mother, s.student, "Ivanova")
    assert neither.value.field == "snils"
    with pytest.raises(diary.InvalidInput) as both:
        world.diary.invite_trusted_person(mother, s.student, "Ivanova", "22233344416", phone="+79160000000")
    assert both.value.field == "phone"


def test_the_access_log(world):
    s = world
    d = s.diary
    d.marks(diary.Actor.vouched(s.mother), s.student, D(2024, 9, 1), D(2024, 10, 25))
    # An unknown or unrelated actor learns nothing: "not found".
    with pytest.raises(diary.NotFound):
        d.marks(diary.Actor.vouched(s.teacher + 1000), s.student, D(2024, 9, 1), D(2024, 10, 25))
    log = d.access_log_of_child(diary.Actor.vouched(s.student), s.student)
    rows = {(e.actor, e.acting_as, e.data_kind, e.action, e.allowed) for e in log}
    assert (s.mother, "legal_representative", "marks", "read", True) in rows
    assert (s.teacher, "subject_teacher", "marks", "write", True) in rows
    assert all(len(e.hash) == 64 for e in log)
    entries, broken = d.verify_access_log(s.admin)
    assert entries >= 2 and broken is None
    with pytest.raises(diary.AccessDenied):
        d.access_log_of_school(diary.Actor.vouched(s.mother), s.school)


def test_regional_officers_see_aggregates_only(world):
    s = world
    d = s.diary
    officer = d.register_person(s.admin, s.school, "Regionova", "R", D(1970, 1, 1), snils="333-444-555 61").id
    with pytest.raises(diary.AccessDenied):
        d.appoint_regional_officer(s.admin, officer, "Moscow")
    d.appoint_regional_officer(s.op, officer, "Moscow")
    [stat] = d.regional_statistics(diary.Actor.vouched(officer), "Moscow")
    # One student: the cell is withheld (minimum group size, default 10).
    assert (stat.subject, stat.students, stat.marks, stat.mean, stat.suppressed) == ("Mathematics", 1, 0, None, True)
    assert d.min_group_size() == 10
    # An officer reads no single child: the child is "not found" to them.
    with pytest.raises(diary.NotFound):
        d.marks(diary.Actor.vouched(officer), s.student, D(2024, 9, 1), D(2024, 10, 25))


def test_a_family_visibility_window(world):
    s = world
    d = s.diary
    mother = diary.Actor.vouched(s.mother)
    s.clock.set(dt.datetime(2024, 10, 30, 9, 0, tzinfo=UTC))
    d.set_family_visibility_window(s.admin, s.school, 30)
    assert d.marks(mother, s.student, D(2024, 9, 1), D(2024, 10, 25)) == []
    # The period's average stays visible to the family.
    assert d.average(mother, s.student, s.maths, s.q1) == d.average(s.admin, s.student, s.maths, s.q1)
    # By month: October (the calendar month), or the school's month from the 10th.
    d.set_family_visibility_month(s.admin, s.school, 1)
    assert d.marks(mother, s.student, D(2024, 9, 1), D(2024, 10, 25)) == []
    d.set_family_visibility_month(s.admin, s.school, 10)
    with pytest.raises(diary.InvalidInput) as e:
        d.set_family_visibility_month(s.admin, s.school, 29)
    assert e.value.field == "first_day"
    with pytest.raises(diary.AccessDenied):
        d.set_family_visibility_month(mother, s.school, 1)
    d.set_family_visibility_window(s.admin, s.school, None)
    assert len(d.marks(mother, s.student, D(2024, 9, 1), D(2024, 10, 25))) == 1
