"""Signed replies from Python. The key is the Ed25519 key of seed 07 07 ...
07, and the signature below was made over the bytes
``signed_reply_bytes(1, 4, "I agree.", 1726826400)`` (Ed25519 is
deterministic); the test checks those bytes too."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

import schooldiary as diary
from conftest import build

PUBLIC_KEY = "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c"
SIGNATURE = (
    "b817eb6fe1fb755e4e832c1067577e085fd7c6f89a040c05ffc4b5e855b4e97b"
    "f26dcc4974bbf5d8465ccc310be3b7cff8e074f0e97b8575479fed74a24c8500"
)
AT = 1726826400


def test_a_signed_consent() -> None:
    clock = diary.ManualClock(dt.datetime(2024, 9, 20, 10, tzinfo=dt.timezone.utc))
    s = build(diary.Diary.in_memory(clock=clock))
    d, teacher, mother = s.diary, diary.Actor.vouched(s.teacher), diary.Actor.vouched(s.mother)
    key = d.register_signing_key(s.admin, s.mother, PUBLIC_KEY, "passport checked", valid_until=dt.date(2025, 8, 31)).id
    msg = d.send_teacher_message(teacher, s.student, s.mother, "Excursion", "Please confirm.", needs_signature=True).id
    signed = diary.signed_reply_bytes(msg, s.mother, "I agree.", AT)
    digest = hashlib.sha256("I agree.".encode()).hexdigest()
    assert signed == f"diary-signed-reply-v1\nmessage {msg}\nreplier {s.mother}\ntext-sha256 {digest}\nat {AT}\n".encode()
    assert (msg, s.mother) == (1, 4), "the precomputed signature is for message 1 and replier 4"
    with pytest.raises(diary.InvalidInput) as e:
        d.reply_to_teacher_message(mother, msg, "I agree.")
    assert e.value.field == "signature"
    with pytest.raises(diary.InvalidInput) as e:
        d.reply_to_teacher_message(mother, msg, "I agree!", key=key, signature=SIGNATURE, signed_at=AT)
    assert e.value.field == "signature"
    answered = d.reply_to_teacher_message(mother, msg, "I agree.", key=key, signature=SIGNATURE, signed_at=AT)
    assert answered.reply is not None and answered.reply.signed is not None
    assert answered.reply.signed.signature == SIGNATURE
    assert d.verify_signed_reply(teacher, msg) is True
    assert [k.public_key for k in d.signing_keys(mother, s.mother)] == [PUBLIC_KEY]


def test_a_host_scheme_through_a_python_verifier() -> None:
    clock = diary.ManualClock(dt.datetime(2024, 9, 20, 10, tzinfo=dt.timezone.utc))
    s = build(diary.Diary.in_memory(clock=clock))
    d, teacher, mother = s.diary, diary.Actor.vouched(s.teacher), diary.Actor.vouched(s.mother)
    cert = b"mother's certificate"
    with pytest.raises(diary.AccessDenied):
        d.vouch_certificate(s.admin, s.mother, "gost2012-256", cert.hex(), "CryptoPro")
    key = d.vouch_certificate(s.op, s.mother, "gost2012-256", cert.hex(), "CryptoPro")
    assert key.vouched_by_host and key.registered_by is None and key.scheme == "gost2012-256"
    msg = d.send_teacher_message(teacher, s.student, s.mother, "Trip", "Consent?", needs_signature=True).id
    signed = diary.signed_reply_bytes(msg, s.mother, "Yes.", AT)
    good = hashlib.sha256(cert + signed).hexdigest()
    seen: list[tuple[str, bytes]] = []

    def verify(scheme: str, k: bytes, message: bytes, signature: bytes) -> bool:
        seen.append((scheme, message))
        return hashlib.sha256(k + message).digest() == signature

    with pytest.raises(diary.InvalidInput) as e:
        d.reply_to_teacher_message(mother, msg, "Yes.", key=key.id, signature=good, signed_at=AT)
    assert e.value.field == "key"
    d.set_signature_verifier("gost2012-256", verify)
    with pytest.raises(diary.InvalidInput) as e:
        d.reply_to_teacher_message(mother, msg, "Yes.", key=key.id, signature="00" * 32, signed_at=AT)
    assert e.value.field == "signature"
    d.reply_to_teacher_message(mother, msg, "Yes.", key=key.id, signature=good, signed_at=AT)
    assert d.verify_signed_reply(teacher, msg) is True
    assert all(x == ("gost2012-256", signed) for x in seen)
    with pytest.raises(diary.InvalidInput):
        d.set_signature_verifier("ed25519", verify)
