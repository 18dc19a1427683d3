"""Recovery contacts, password reset and login reminder from Python, with a
Python callable as the host's delivery."""

import pytest

import diary
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
    with pytest.raises(diary.DiaryError) as e:
        d.set_contact(token, PASSWORD, "phone", "8 (916) 123-45-67")
    assert "smtp down" in str(e.value)


def test_delivery_must_be_callable():
    with pytest.raises(diary.InvalidInput) as e:
        diary.Diary.in_memory(delivery="not callable")
    assert e.value.field == "delivery"
    with pytest.raises(diary.InvalidInput):
        diary.Diary.in_memory().set_contact("t", "p", "fax", "123")
