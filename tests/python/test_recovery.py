"""Recovery contacts, password reset and login reminder from Python, with a
Python callable as the host's delivery."""

import datetime as dt

import pytest

import schooldiary as diary
from conftest import build

PASSWORD = "correct horse battery"


def _setup(outbox, clock=None):
    s = build(diary.Diary.in_memory(clock=clock, delivery=outbox.append))
    d = s.diary
    cred = d.issue_credentials(diary.Actor.vouched(s.teacher), s.mother)
    first = d.login(cred.login, cred.temporary_password)
    d.change_password(first.token, cred.temporary_password, PASSWORD)
    return s, cred.login, d.login(cred.login, PASSWORD).token


def test_confirm_contact_then_reset_password():
    outbox = []
    s, login, token = _setup(outbox)
    d = s.diary
    with pytest.raises(diary.InvalidInput) as e:
        d.set_contact(token, PASSWORD, diary.ContactKind.EMAIL, "no address")
    assert e.value.field == "email"
    d.set_contact(token, PASSWORD, diary.ContactKind.EMAIL, "m@example.ru")
    (msg,) = outbox
    assert msg["kind"] == "email" and msg["address"] == "m@example.ru"
    assert msg["purpose"] == "confirm_contact" and len(msg["secret"]) == 6
    wrong = "111111" if msg["secret"] == "000000" else "000000"
    with pytest.raises(diary.InvalidInput) as e:
        d.confirm_contact(token, "email", wrong)
    assert e.value.field == "code"
    d.confirm_contact(token, "email", msg["secret"])

    outbox.clear()
    d.request_password_reset("nobody.at.all")
    assert outbox == []
    d.request_password_reset(login)
    (msg,) = outbox
    assert msg["purpose"] == "password_reset"
    d.reset_password(msg["secret"], "a brand new passphrase")
    with pytest.raises(diary.AuthenticationFailed):
        d.session_actor(token)
    with pytest.raises(diary.AuthenticationFailed):
        d.reset_password(msg["secret"], "yet another passphrase")
    d.login(login, "a brand new passphrase")

    outbox.clear()
    d.request_login_reminder(diary.ContactKind.EMAIL, "M@Example.RU")
    (msg,) = outbox
    assert msg["purpose"] == "forgot_login" and login in msg["text"]


def test_a_failing_delivery_is_reported_not_fatal():
    def broken(_message):
        raise RuntimeError("smtp down")

    s = build(diary.Diary.in_memory(delivery=broken))
    d = s.diary
    cred = d.issue_credentials(diary.Actor.vouched(s.teacher), s.mother)
    first = d.login(cred.login, cred.temporary_password)
    d.change_password(first.token, cred.temporary_password, PASSWORD)
    token = d.login(cred.login, PASSWORD).token
    with pytest.raises(diary.DeliveryFailed) as e:
        d.set_contact(token, PASSWORD, "phone", "8 (916) 123-45-67")
    assert "smtp down" in str(e.value) and e.value.code == 10
    # Nothing is pending: no code was stored for the unsent message.
    with pytest.raises(diary.InvalidInput, match="no confirmation is pending"):
        d.confirm_contact(token, "phone", "123456")
    # An anonymous reset request keeps its quiet answer.
    d.request_password_reset(cred.login)


def test_a_delivery_calling_back_into_the_diary_gets_an_error():
    seen = []
    holder = {}

    def reentrant(_message):
        try:
            holder["d"].account_settings()
        except diary.InvalidInput as e:
            seen.append(e.field)

    s = build(diary.Diary.in_memory(delivery=reentrant))
    holder["d"] = d = s.diary
    cred = d.issue_credentials(diary.Actor.vouched(s.teacher), s.mother)
    first = d.login(cred.login, cred.temporary_password)
    d.change_password(first.token, cred.temporary_password, PASSWORD)
    token = d.login(cred.login, PASSWORD).token
    d.set_contact(token, PASSWORD, "phone", "8 (916) 123-45-67")
    assert seen == ["delivery"]


def test_a_parent_links_a_child_with_a_one_time_code(school):
    d = school.diary
    father = d.register_person(school.admin, school.school, "Ivanov", "Pyotr", dt.date(1980, 1, 1)).id
    me = diary.Actor.vouched(father)
    with pytest.raises((diary.AccessDenied, diary.NotFound)):
        d.issue_link_code(me, school.student, diary.Relation.FATHER)
    code = d.issue_link_code(
        diary.Actor.vouched(school.teacher), school.student, "father", legal_representative=True
    )
    assert isinstance(code, diary.LinkCode) and len(code.code) == 14
    assert code.relation is diary.Relation.FATHER and code.expires_at.tzinfo is not None
    link = d.redeem_link_code(me, code.code.lower())
    assert (link.student, link.guardian, link.relation, link.legal_representative) == (
        school.student,
        father,
        diary.Relation.FATHER,
        True,
    )
    assert [c.student for c in d.children(me, father)] == [school.student]
    with pytest.raises(diary.InvalidInput) as e:
        d.redeem_link_code(me, code.code)
    assert e.value.field == "code"


def test_the_operator_sets_account_lifetimes(school):
    d = school.diary
    s = d.account_settings()
    assert s == d.account_settings() and "link_code_days=14" in repr(s)
    assert (s.temporary_password_days, s.reset_token_minutes, s.link_code_days) == (14, 30, 14)
    with pytest.raises(diary.AccessDenied):
        d.set_account_settings(school.admin, link_code_days=3)
    with pytest.raises(diary.InvalidInput) as e:
        d.set_account_settings(school.op, reset_token_minutes=4)
    assert e.value.field == "reset_token_minutes"
    d.set_account_settings(school.op, link_code_days=3)
    assert d.account_settings().link_code_days == 3 and d.account_settings().reset_token_minutes == 30
    code = d.issue_link_code(school.admin, school.student, "other")
    left = code.expires_at - dt.datetime.now(dt.timezone.utc)
    assert dt.timedelta(days=2, hours=23) < left <= dt.timedelta(days=3)


def test_delivery_must_be_callable():
    with pytest.raises(diary.InvalidInput) as e:
        diary.Diary.in_memory(delivery="not callable")
    assert e.value.field == "delivery"
    with pytest.raises(diary.InvalidInput):
        diary.Diary.in_memory().set_contact("t", "p", "fax", "123")


def test_family_contacts_and_an_invitation_by_phone():
    outbox = []
    s, login, token = _setup(outbox)
    d = s.diary
    d.set_contact(token, PASSWORD, diary.ContactKind.PHONE, "8 916 555 44 33")
    d.confirm_contact(token, "phone", outbox.pop()["secret"])
    mine = d.my_contacts(token)
    assert mine.person == s.mother and mine.phone == "+79165554433" and mine.email is None
    assert mine.relation is None
    family = d.family_contacts(diary.Actor.vouched(s.teacher), s.student)
    assert [(f.person, f.relation) for f in family] == [(s.student, None), (s.mother, diary.Relation.MOTHER)]
    assert family[1].phone == "+79165554433"
    with pytest.raises(diary.AccessDenied):
        d.family_contacts(diary.Actor.vouched(s.mother), s.student)

    # The mother (a legal representative) invites an aunt by surname and her
    # confirmed phone; case and ё/е do not matter.
    aunt = d.register_person(s.admin, s.school, "Сёмина", "Ольга", dt.date(1979, 4, 4)).id
    aunt_cred = d.issue_credentials(s.admin, aunt)
    first = d.login(aunt_cred.login, aunt_cred.temporary_password)
    d.change_password(first.token, aunt_cred.temporary_password, "aunt's own passphrase")
    aunt_token = d.login(aunt_cred.login, "aunt's own passphrase").token
    d.set_contact(aunt_token, "aunt's own passphrase", "phone", "+7 903 111 22 33")
    d.confirm_contact(aunt_token, "phone", outbox.pop()["secret"])
    g = d.invite_trusted_person(diary.Actor.vouched(s.mother), s.student, "СЕМИНА", phone="89031112233")
    assert g.invitee == aunt
    assert [i.id for i in d.my_invitations(d.session_actor(aunt_token))] == [g.id]
