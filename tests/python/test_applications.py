"""Access applications from Python: submitted online with documents,
checked and approved with a login, rejected with reasons and submitted
again, the school's deadline and overdue list; bad input and another
school's admin refused."""

from __future__ import annotations

import datetime as dt

import pytest

import schooldiary as diary
from conftest import build

UTC = dt.timezone.utc
D = dt.date
HASH = "ab" * 32


def test_applications() -> None:
    clock = diary.ManualClock(dt.datetime(2024, 9, 20, 10, tzinfo=UTC))  # Friday
    s = build(diary.Diary.in_memory(clock=clock))
    d = s.diary
    other = d.create_school(s.op, "Other", "Moscow", "Europe/Moscow").id
    spy_id = d.register_person(s.op, other, "Spy", "S", D(1981, 1, 1)).id
    d.appoint_staff(s.op, other, spy_id, diary.StaffRole.ADMIN)
    spy = diary.Actor.vouched(spy_id)
    new: diary.NewAccessApplication = {
        "school": s.school,
        "child_surname": "ivanov",
        "child_birth_date": D(2013, 3, 3),
        "applicant": {"surname": "Ivanov", "first_name": "Ptyor", "birth_date": D(1984, 4, 4)},
        "relation": diary.Relation.FATHER,
        "legal_representative": True,
        "channel": diary.ApplicationChannel.ONLINE,
        "documents": [{"kind": "birth_certificate", "reference": "s3://a/1.pdf", "sha256": HASH}],
    }
    for change, field in [
        ({"child_surname": "Petrov"}, "child_surname"),
        ({"child_birth_date": D(2030, 1, 1)}, "child_birth_date"),
        ({"applicant": {"surname": "", "first_name": "P", "birth_date": D(1984, 4, 4)}}, "applicant.surname"),
        ({"documents": [{"kind": "consent", "reference": "x", "sha256": "00"}]}, "documents[0].sha256"),
        ({"documents": [{"kind": "passport", "reference": "x", "sha256": HASH}]}, "application.documents[0].kind"),
        ({"relation": "uncle"}, "application.relation"),
    ]:
        with pytest.raises(diary.InvalidInput) as e:
            d.submit_access_application(s.op, {**new, **change})  # type: ignore[typeddict-item]
        assert e.value.field == field, (field, e.value)
    with pytest.raises(diary.NotFound):
        d.submit_access_application(spy, new)
    assert d.access_applications(s.admin, s.school) == []

    a = d.submit_access_application(s.op, new)
    assert (a.status, a.due, a.overdue, a.student) == (diary.ApplicationStatus.SUBMITTED, D(2024, 9, 25), False, s.student)
    with pytest.raises(diary.Conflict):
        d.submit_access_application(s.op, new)
    d.provide_application_documents(
        s.op,
        a.id,
        [{"kind": k, "reference": f"s3://a/{k}.pdf", "sha256": HASH} for k in ("identity_document", "application_form", "consent")],
    )
    for kind in diary.DocumentKind:
        d.check_application_document(s.admin, a.id, kind, True)
    r = d.reject_access_application(
        s.admin, a.id, [diary.RejectionReason.FORM_FILLED_WRONGLY], "form filled in wrongly"
    )
    assert (r.status, r.reasons, r.note) == (
        diary.ApplicationStatus.REJECTED,
        [diary.RejectionReason.FORM_FILLED_WRONGLY],
        "form filled in wrongly",
    )
    with pytest.raises(diary.InvalidInput) as e:
        d.reject_access_application(s.admin, a.id, ["because"])
    assert e.value.field == "reasons"
    again = d.resubmit_access_application(
        s.op, a.id, applicant={"surname": "Ivanov", "first_name": "Pyotr", "birth_date": D(1984, 4, 4)}
    )
    assert again.status is diary.ApplicationStatus.SUBMITTED and again.applicant_first_name == "Pyotr"
    clock.set(dt.datetime(2024, 9, 26, 21, 30, tzinfo=UTC))  # Friday 00:30 in Moscow
    assert [x.id for x in d.overdue_access_applications(s.admin, s.school)] == [a.id]
    with pytest.raises(diary.NotFound):
        d.access_application(spy, a.id)
    with pytest.raises(diary.AccessDenied):
        d.approve_access_application(diary.Actor.vouched(s.teacher), a.id)
    ok = d.approve_access_application(s.admin, a.id)
    assert ok.application.status is diary.ApplicationStatus.APPROVED and ok.temporary_password
    father = ok.application.person
    assert father is not None
    assert d.login(ok.login, ok.temporary_password).person == father
    assert [g.guardian for g in d.guardians(s.admin, s.student) if g.relation is diary.Relation.FATHER] == [father]
    assert [st.what for st in ok.application.steps][-3:] == ["rejected", "resubmitted", "approved"]
