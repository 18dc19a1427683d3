"""Issued credentials, first login, sessions and lockout from Python."""

import threading

import pytest

import schooldiary as diary


def test_first_login_and_sessions(school):
    s = school
    d = s.diary
    cred = d.issue_credentials(diary.Actor.vouched(s.teacher), s.student)
    assert cred.login == "ivanov.i" and len(cred.temporary_password) == 12
    with pytest.raises(diary.AuthenticationFailed) as e:
        d.login(cred.login, "wrong password")
    assert e.value.code == 5
    session = d.login(cred.login, cred.temporary_password)
    assert session.must_change_password
    with pytest.raises(diary.AccessDenied):
        d.session_actor(session.token)
    with pytest.raises(diary.InvalidInput) as e:
        d.change_password(session.token, cred.temporary_password, "Ivanov2013!")
    assert e.value.field == "password"
    d.change_password(session.token, cred.temporary_password, "correct horse battery")
    session = d.login(cred.login, "correct horse battery")
    actor = d.session_actor(session.token)
    assert actor == diary.Actor.vouched(s.student)
    assert d.person(actor, s.student).surname == "Ivanov"
    other = d.login(cred.login, "correct horse battery")
    sessions = d.my_sessions(session.token)
    assert len(sessions) == 2 and sum(x.current for x in sessions) == 1
    d.revoke_my_session(session.token, next(x.id for x in sessions if not x.current))
    with pytest.raises(diary.AuthenticationFailed):
        d.session_actor(other.token)
    d.logout(session.token)
    with pytest.raises(diary.AuthenticationFailed):
        d.session_actor(session.token)


def test_lockout_and_parallel_logins(school):
    s = school
    d = s.diary
    cred = d.issue_credentials(s.admin, s.student)
    errors = []

    def attempt():
        try:
            d.login(cred.login, "wrong password")
        except diary.AuthenticationFailed:
            pass
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with pytest.raises(diary.AuthenticationFailed):
        d.login(cred.login, cred.temporary_password)
    d.unlock_account(s.admin, s.student)
    assert d.login(cred.login, cred.temporary_password).must_change_password
