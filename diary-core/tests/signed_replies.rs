//! Teacher messages with signed replies (D13): key registration by an
//! admin, a message asking for consent, a reply signed over the library's
//! canonical bytes and verified, and every way a signature is refused —
//! another person's key, a revoked or expired key, a tampered reply, a
//! malformed signature — with nothing stored.

mod common;

use common::world::*;
use diary_core::signature::signed_reply_bytes;
use diary_core::*;
use ed25519_dalek::Signer;
use std::sync::Arc;
use time::macros::{date, datetime};

const NOW: i64 = 1_726_826_400; // 2024-09-20 10:00 UTC

fn setup() -> (Diary, Arc<ManualClock>, TestSchool, TestSchool) {
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-20 10:00 UTC)));
    let d = common::fresh_diary(OpenOptions {
        clock: clock.clone(),
        ..OpenOptions::default()
    });
    let a = school(&d, "A", 700_000, None);
    let b = school(&d, "B", 800_000, None);
    (d, clock, a, b)
}

fn keypair(seed: u8) -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[seed; 32])
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn sign(
    k: &ed25519_dalek::SigningKey,
    message: MessageId,
    replier: PersonId,
    text: &str,
    at: i64,
) -> String {
    hex(&k
        .sign(&signed_reply_bytes(message.0, replier.0, text, at))
        .to_bytes())
}

#[test]
fn a_consent_is_signed_verified_and_kept() {
    let (d, _, a, b) = setup();
    let admin = Actor::vouched(a.admin);
    let mother = Actor::vouched(a.ids.mother);
    let k = keypair(7);
    let key = d
        .register_signing_key(
            &admin,
            &NewSigningKey {
                person: a.ids.mother,
                public_key: k.verifying_key().to_bytes().to_vec(),
                identity_check: "passport checked at the office".into(),
                valid_until: Some(date!(2025 - 08 - 31)),
            },
        )
        .unwrap();
    assert_eq!(key.registered_by, Some(a.admin));
    // Only admins register keys; another school's admin does not learn
    // the person exists.
    let other_key = NewSigningKey {
        person: a.ids.mother,
        public_key: keypair(8).verifying_key().to_bytes().to_vec(),
        identity_check: "x".into(),
        valid_until: None,
    };
    assert!(matches!(
        d.register_signing_key(&Actor::vouched(a.ids.teacher), &other_key),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        d.register_signing_key(&Actor::vouched(b.admin), &other_key),
        Err(Error::NotFound { .. })
    ));
    let teacher = Actor::vouched(a.ids.teacher);
    let msg = d
        .send_teacher_message(
            &teacher,
            &NewTeacherMessage {
                student: a.ids.student,
                recipient: a.ids.mother,
                subject: "Excursion on 3 October".into(),
                body: "Please confirm your consent.".into(),
                needs_signature: true,
            },
        )
        .unwrap();
    let text = "I agree.";
    // Unsigned: refused.
    assert_eq!(
        d.reply_to_teacher_message(&mother, msg.id, text, None)
            .unwrap_err()
            .field(),
        Some("signature")
    );
    // Signed over other bytes (a tampered text): refused, nothing stored.
    let tampered = ReplySignature {
        key: key.id,
        signature: sign(&k, msg.id, a.ids.mother, "I do not agree.", NOW),
        signed_at: NOW,
    };
    assert_eq!(
        d.reply_to_teacher_message(&mother, msg.id, text, Some(&tampered))
            .unwrap_err()
            .field(),
        Some("signature")
    );
    let malformed = ReplySignature {
        signature: "zz".into(),
        ..tampered.clone()
    };
    assert_eq!(
        d.reply_to_teacher_message(&mother, msg.id, text, Some(&malformed))
            .unwrap_err()
            .field(),
        Some("signature")
    );
    let stale = ReplySignature {
        signature: sign(&k, msg.id, a.ids.mother, text, NOW - 3600),
        signed_at: NOW - 3600,
        ..tampered.clone()
    };
    assert_eq!(
        d.reply_to_teacher_message(&mother, msg.id, text, Some(&stale))
            .unwrap_err()
            .field(),
        Some("signed_at")
    );
    assert!(d.teacher_messages(&mother, a.ids.mother).unwrap()[0]
        .reply
        .is_none());
    // The right signature is accepted, stored and verifies again later.
    let good = ReplySignature {
        signature: sign(&k, msg.id, a.ids.mother, text, NOW),
        signed_at: NOW,
        key: key.id,
    };
    let answered = d
        .reply_to_teacher_message(&mother, msg.id, text, Some(&good))
        .unwrap();
    let signed = answered.reply.unwrap().signed.unwrap();
    assert_eq!((signed.key, signed.signed_at), (key.id, NOW));
    assert!(d.verify_signed_reply(&teacher, msg.id).unwrap());
    assert!(matches!(
        d.reply_to_teacher_message(&mother, msg.id, text, Some(&good)),
        Err(Error::Conflict(_))
    ));
    // Another school's admin learns nothing.
    assert!(matches!(
        d.verify_signed_reply(&Actor::vouched(b.admin), msg.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        d.verify_signed_reply(&Actor::vouched(b.admin), MessageId(99_999)),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn other_revoked_and_expired_keys_are_refused() {
    let (d, clock, a, _) = setup();
    let admin = Actor::vouched(a.admin);
    let mother = Actor::vouched(a.ids.mother);
    let register = |person: PersonId, seed: u8, until| {
        d.register_signing_key(
            &admin,
            &NewSigningKey {
                person,
                public_key: keypair(seed).verifying_key().to_bytes().to_vec(),
                identity_check: "passport".into(),
                valid_until: until,
            },
        )
        .unwrap()
    };
    let teachers = register(a.ids.teacher, 1, None);
    let revoked = register(a.ids.mother, 2, None);
    let expiring = register(a.ids.mother, 3, Some(date!(2024 - 09 - 30)));
    d.revoke_signing_key(&admin, revoked.id).unwrap();
    let send = || {
        d.send_teacher_message(
            &Actor::vouched(a.ids.teacher),
            &NewTeacherMessage {
                student: a.ids.student,
                recipient: a.ids.mother,
                subject: "Decision".into(),
                body: "Please acknowledge.".into(),
                needs_signature: true,
            },
        )
        .unwrap()
        .id
    };
    let m = send();
    let attempt = |key: &SigningKey, seed: u8, at: i64| {
        d.reply_to_teacher_message(
            &mother,
            m,
            "Seen.",
            Some(&ReplySignature {
                key: key.id,
                signature: sign(&keypair(seed), m, a.ids.mother, "Seen.", at),
                signed_at: at,
            }),
        )
    };
    assert_eq!(attempt(&teachers, 1, NOW).unwrap_err().field(), Some("key"));
    assert_eq!(attempt(&revoked, 2, NOW).unwrap_err().field(), Some("key"));
    clock.set(datetime!(2024-10-01 10:00 UTC));
    let later = NOW + 11 * 86_400;
    assert_eq!(
        attempt(&expiring, 3, later).unwrap_err().field(),
        Some("key")
    );
    // A message that does not ask for a signature takes a plain reply.
    let plain = d
        .send_teacher_message(
            &Actor::vouched(a.ids.teacher),
            &NewTeacherMessage {
                student: a.ids.student,
                recipient: a.ids.mother,
                subject: "News".into(),
                body: "Well done today.".into(),
                needs_signature: false,
            },
        )
        .unwrap();
    d.reply_to_teacher_message(&mother, plain.id, "Thank you!", None)
        .unwrap();
    assert_eq!(
        d.verify_signed_reply(&mother, plain.id)
            .unwrap_err()
            .field(),
        Some("message")
    );
    // Only a legal representative receives them; only teachers send them.
    let e = d
        .send_teacher_message(
            &Actor::vouched(a.ids.teacher),
            &NewTeacherMessage {
                student: a.ids.student,
                recipient: a.ids.teacher,
                subject: "x".into(),
                body: "x".into(),
                needs_signature: false,
            },
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("recipient"));
    assert!(matches!(
        d.send_teacher_message(
            &mother,
            &NewTeacherMessage {
                student: a.ids.student,
                recipient: a.ids.mother,
                subject: "x".into(),
                body: "x".into(),
                needs_signature: false,
            }
        ),
        Err(Error::AccessDenied(_))
    ));
}

/// A host's verifier standing in for a GOST provider: a "signature" is the
/// SHA-256 of key and message (what the provider would compute), so the
/// library's path — exact bytes in, valid or not out — is what is tested.
#[derive(Debug, Default)]
struct HostVerifier {
    calls: std::sync::Mutex<Vec<(String, Vec<u8>)>>,
    broken: std::sync::atomic::AtomicBool,
}

fn host_sign(key: &[u8], message: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(key);
    h.update(message);
    h.finalize().to_vec()
}

impl diary_core::signature::SignatureVerifier for HostVerifier {
    fn verify(
        &self,
        scheme: &str,
        key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> std::result::Result<bool, String> {
        if self.broken.load(std::sync::atomic::Ordering::SeqCst) {
            return Err("provider unreachable".into());
        }
        self.calls
            .lock()
            .unwrap()
            .push((scheme.to_owned(), message.to_vec()));
        Ok(host_sign(key, message) == signature)
    }
}

#[test]
fn a_host_scheme_verifies_through_the_hosts_verifier() {
    let (d, _, a, _) = setup();
    let teacher = Actor::vouched(a.ids.teacher);
    let mother = Actor::vouched(a.ids.mother);
    let cert = b"certificate of the mother from the provider".to_vec();
    // Only the host (the operator) vouches; a bad scheme name is refused.
    assert!(matches!(
        d.vouch_certificate(
            &Actor::vouched(a.admin),
            a.ids.mother,
            "gost2012-256",
            &cert,
            "CryptoPro",
            None
        ),
        Err(Error::AccessDenied(_))
    ));
    assert!(matches!(
        d.vouch_certificate(&Actor::operator(), a.ids.mother, "GOST 2012", &cert, "CryptoPro", None),
        Err(Error::InvalidInput { field, .. }) if field == "scheme"
    ));
    let key = d
        .vouch_certificate(
            &Actor::operator(),
            a.ids.mother,
            "gost2012-256",
            &cert,
            "CryptoPro",
            None,
        )
        .unwrap();
    assert!(key.vouched_by_host && key.registered_by.is_none());
    assert_eq!(key.scheme, "gost2012-256");
    let m = d
        .send_teacher_message(
            &teacher,
            &NewTeacherMessage {
                student: a.ids.student,
                recipient: a.ids.mother,
                subject: "Excursion".into(),
                body: "Do you agree?".into(),
                needs_signature: true,
            },
        )
        .unwrap();
    let bytes = signed_reply_bytes(m.id.0, a.ids.mother.0, "I agree", NOW);
    let good = hex(&host_sign(&cert, &bytes));
    let sig = |s: &str| ReplySignature {
        key: key.id,
        signature: s.into(),
        signed_at: NOW,
    };
    // No verifier for the scheme yet: refused, nothing stored.
    assert!(matches!(
        d.reply_to_teacher_message(&mother, m.id, "I agree", Some(&sig(&good))),
        Err(Error::InvalidInput { field, .. }) if field == "key"
    ));
    assert!(matches!(
        d.set_signature_verifier("ed25519", None),
        Err(Error::InvalidInput { .. })
    ));
    let v = Arc::new(HostVerifier::default());
    d.set_signature_verifier("gost2012-256", Some(v.clone()))
        .unwrap();
    // A wrong signature, and a verifier that cannot tell: refused.
    assert!(matches!(
        d.reply_to_teacher_message(&mother, m.id, "I agree", Some(&sig(&hex(&[0; 32])))),
        Err(Error::InvalidInput { field, .. }) if field == "signature"
    ));
    v.broken.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(matches!(
        d.reply_to_teacher_message(&mother, m.id, "I agree", Some(&sig(&good))),
        Err(Error::InvalidInput { field, .. }) if field == "signature"
    ));
    v.broken.store(false, std::sync::atomic::Ordering::SeqCst);
    let done = d
        .reply_to_teacher_message(&mother, m.id, "I agree", Some(&sig(&good)))
        .unwrap();
    assert!(done.reply.unwrap().signed.is_some());
    // The verifier got exactly the library's signed bytes.
    assert!(v
        .calls
        .lock()
        .unwrap()
        .iter()
        .all(|(s, msg)| s == "gost2012-256" && *msg == bytes));
    assert!(d.verify_signed_reply(&teacher, m.id).unwrap());
    // Without the verifier the stored reply cannot be checked again.
    d.set_signature_verifier("gost2012-256", None).unwrap();
    assert!(d.verify_signed_reply(&teacher, m.id).is_err());
}
