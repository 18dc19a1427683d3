//! Teacher messages with signed replies (D13): a teacher's personal
//! message to a child's legal representative that may ask for a signed
//! reply, and the keys admins register for people after checking their
//! identity.
//!
//! A reply that must be signed is accepted only with a valid Ed25519
//! signature (RFC 8032) over [`crate::signature::signed_reply_bytes`] by a
//! key registered for the replier, not revoked, valid on the day, and made
//! within 15 minutes of the reply's arrival. The signature and the key are
//! stored with the reply and can be verified again later.

use super::audience::decided;
use super::Diary;
use crate::access::{conceals, Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{MessageId, PersonId, SigningKeyId};
use crate::model::{NewSigningKey, NewTeacherMessage, SigningKey, TeacherMessage};
use crate::signature::{
    check_scheme, from_hex, signed_reply_bytes, verify_ed25519, SignatureVerifier, ED25519,
};
use crate::storage::{self, messages as store};
use crate::text;
use std::sync::Arc;

const KIND: &str = "messages";
/// How far a signature's time may be from the reply's arrival, in seconds.
const SIGNING_SLACK: u64 = 15 * 60;

/// A signature given with a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplySignature {
    /// The replier's registered key.
    pub key: SigningKeyId,
    /// The Ed25519 signature, 128 hexadecimal digits.
    pub signature: String,
    /// The signing time written into the signed bytes (Unix seconds).
    pub signed_at: i64,
}

impl Diary {
    /// Registers a person's Ed25519 public key (an admin of one of the
    /// person's schools, after checking their identity: `identity_check`
    /// says how, and is logged with who and when).
    pub fn register_signing_key(&self, actor: &Actor, new: &NewSigningKey) -> Result<SigningKey> {
        let now = self.clock.now();
        let check = text::required("identity_check", &new.identity_check, 500)?;
        let valid_key = <[u8; 32]>::try_from(new.public_key.as_slice())
            .ok()
            .is_some_and(|k| ed25519_dalek::VerifyingKey::from_bytes(&k).is_ok());
        if !valid_key {
            return Err(Error::invalid(
                "public_key",
                "must be a valid Ed25519 public key of 32 bytes",
            ));
        }
        if new.valid_until.is_some_and(|d| d < now.date()) {
            return Err(Error::invalid("valid_until", "must not be in the past"));
        }
        self.write_people(actor, |p| {
            p.known_person(new.person, KIND, true)?;
            let facts = person_facts(p, new.person)?;
            decided(
                p,
                KIND,
                &facts,
                Action::RegisterSigningKey,
                Some(new.person),
                None,
                true,
            )?;
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("keys are registered by a person"))?;
            let id = store::insert_key(
                p.c,
                new.person,
                crate::signature::ED25519,
                &new.public_key,
                Some(by),
                now.unix_timestamp(),
                &check,
                new.valid_until,
            )?;
            Ok(store::key(p.c, id)?.0)
        })
    }

    /// Revokes a key at once (an admin of one of its owner's schools).
    pub fn revoke_signing_key(&self, actor: &Actor, key: SigningKeyId) -> Result<()> {
        let now = self.clock.now();
        self.write_people(actor, |p| {
            crate::limits::id("signing key", key.0)?;
            let (k, _) = store::key(p.c, key)?;
            p.known_person(k.person, KIND, true)
                .map_err(|_| Error::not_found("signing key", key.0))?;
            let facts = person_facts(p, k.person)?;
            decided(
                p,
                KIND,
                &facts,
                Action::RegisterSigningKey,
                Some(k.person),
                None,
                true,
            )?;
            store::revoke_key(p.c, key, now.unix_timestamp())
        })
    }

    /// A person's registered keys (the person and admins of their schools).
    pub fn signing_keys(&self, actor: &Actor, person: PersonId) -> Result<Vec<SigningKey>> {
        self.read_marks(actor, |p| {
            p.known_person(person, KIND, false)?;
            let mut facts = person_facts(p, person)?;
            facts.student = actor.person() == Some(person);
            decided(
                p,
                KIND,
                &facts,
                Action::ReadTeacherMessages,
                Some(person),
                None,
                false,
            )?;
            store::keys_of(p.c, person)
        })
    }

    /// Sends a child's legal representative a personal message (the
    /// child's teachers, class teacher and the school's admins).
    pub fn send_teacher_message(
        &self,
        actor: &Actor,
        new: &NewTeacherMessage,
    ) -> Result<TeacherMessage> {
        let now = self.clock.now();
        let subject = text::required("subject", &new.subject, 200)?;
        let body = text::free_text("body", &new.body, 10_000)?;
        self.write_people(actor, |p| {
            let class = super::attendance::any_class(p, new.student, now.date(), KIND, true)?;
            let mut facts =
                p.facts_in(new.student, class.id, None, false, super::placement::MARKS)?;
            if let Some(me) = actor.person() {
                facts.teaches = storage::teaches_class(p.c, me, class.id)?;
            }
            decided(
                p,
                KIND,
                &facts,
                Action::SendTeacherMessage,
                Some(new.student),
                Some(class.school),
                true,
            )?;
            let legal = storage::guardians_of(p.c, new.student)?
                .into_iter()
                .any(|g| g.guardian == new.recipient && g.legal_representative);
            if !legal {
                return Err(Error::invalid(
                    "recipient",
                    "is not a legal representative of the student",
                ));
            }
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("messages are sent by a person"))?;
            let id = store::insert_message(
                p.c,
                class.school,
                me,
                new.student,
                new.recipient,
                &subject,
                &body,
                new.needs_signature,
                now.unix_timestamp(),
            )?;
            self.notify(
                p.c,
                &[new.recipient],
                Some(me),
                &super::notifications::News {
                    event: if new.needs_signature {
                        crate::model::NotificationEvent::SignatureRequest
                    } else {
                        crate::model::NotificationEvent::TeacherMessage
                    },
                    school: class.school,
                    object: id.0,
                    conversation: None,
                    child: Some(new.student),
                    title: &subject,
                    text: Some(&body),
                    urgent: false,
                },
            )?;
            store::message(p.c, id)
        })
    }

    /// The personal messages `person` (the actor) sent or received, newest
    /// first.
    pub fn teacher_messages(&self, actor: &Actor, person: PersonId) -> Result<Vec<TeacherMessage>> {
        self.read_marks(actor, |p| {
            let facts = Facts {
                student: actor.person() == Some(person),
                member: actor.person() == Some(person),
                ..Facts::default()
            };
            let decision = decided(
                p,
                KIND,
                &facts,
                Action::ReadTeacherMessages,
                None,
                None,
                false,
            );
            if decision.is_err() {
                return Err(Error::not_found("person", person.0));
            }
            let messages = store::messages_of(p.c, person)?;
            // Each message is about a child: the read is logged under it.
            let mut children: Vec<(PersonId, crate::ids::SchoolId)> =
                messages.iter().map(|m| (m.student, m.school)).collect();
            children.sort();
            children.dedup();
            for (child, school) in children {
                p.note(Some(child), Some(school), KIND, false, "self", true);
            }
            Ok(messages)
        })
    }

    /// Replies to a personal message (its recipient, once). A message that
    /// asks for a signature needs `signature`: refused with InvalidInput
    /// naming `signature` or `key` when it is malformed, does not verify,
    /// or the key is another person's, revoked or expired.
    pub fn reply_to_teacher_message(
        &self,
        actor: &Actor,
        id: MessageId,
        reply: &str,
        signature: Option<&ReplySignature>,
    ) -> Result<TeacherMessage> {
        let now = self.clock.now();
        let reply = text::free_text("reply", reply, 5000)?;
        let raw = signature
            .map(|s| from_hex("signature", &s.signature))
            .transpose()?;
        self.write_people(actor, |p| {
            crate::limits::id("message", id.0)?;
            let m = store::message(p.c, id)?;
            let me = actor.person();
            let mut facts = p.standing.facts_for(Some(m.school));
            facts.student = me == Some(m.recipient);
            let decision = decided(
                p,
                KIND,
                &facts,
                Action::ReplyToTeacherMessage,
                Some(m.student),
                Some(m.school),
                true,
            );
            if decision.is_err() && (conceals(&facts) || me != Some(m.author)) && !facts.admin {
                return Err(Error::not_found("message", id.0));
            }
            decision?;
            let me = me.ok_or_else(|| Error::denied("replies are written by a person"))?;
            if m.reply.is_some() {
                return Err(Error::Conflict(format!(
                    "message {id} was already answered"
                )));
            }
            let signed = match (signature, raw.as_deref()) {
                (Some(s), Some(bytes)) => {
                    let (key, public) = store::key(p.c, s.key)
                        .map_err(|_| Error::invalid("key", "is not a registered key"))?;
                    if key.person != me {
                        return Err(Error::invalid("key", "is another person's key"));
                    }
                    if key.revoked_at.is_some() {
                        return Err(Error::invalid("key", "was revoked"));
                    }
                    if key.valid_until.is_some_and(|d| d < now.date()) {
                        return Err(Error::invalid("key", "has expired"));
                    }
                    if s.signed_at.abs_diff(now.unix_timestamp()) > SIGNING_SLACK {
                        return Err(Error::invalid(
                            "signed_at",
                            "must be within 15 minutes of now",
                        ));
                    }
                    let bytes_signed = signed_reply_bytes(id.0, me.0, &reply, s.signed_at);
                    if key.scheme == ED25519 {
                        verify_ed25519(&public, &bytes_signed, bytes, "signature")?;
                    } else if !self.signature_holds(&key.scheme, &public, &bytes_signed, bytes)? {
                        return Err(Error::invalid(
                            "signature",
                            "does not verify with this key over this reply",
                        ));
                    }
                    Some((s.key, bytes, s.signed_at))
                }
                _ if m.needs_signature => {
                    return Err(Error::invalid(
                        "signature",
                        "this message asks for a signed reply",
                    ))
                }
                _ => None,
            };
            store::insert_reply(p.c, m.school, id, me, &reply, now.unix_timestamp(), signed)?;
            store::message(p.c, id)
        })
    }

    /// Verifies a stored signed reply again (its author, recipient and the
    /// school's admins): `true` when the stored reply, key and signature
    /// still agree; `false` when they do not (the reply or signature was
    /// changed in storage); InvalidInput when the reply is not signed.
    pub fn verify_signed_reply(&self, actor: &Actor, id: MessageId) -> Result<bool> {
        self.read_marks(actor, |p| {
            crate::limits::id("message", id.0)?;
            let m = store::message(p.c, id)?;
            let me = actor.person();
            let mut facts = p.standing.facts_for(Some(m.school));
            facts.student = me == Some(m.author) || me == Some(m.recipient);
            let decision = decided(
                p,
                KIND,
                &facts,
                Action::ReadTeacherMessages,
                Some(m.student),
                Some(m.school),
                false,
            );
            if decision.is_err() {
                return Err(Error::not_found("message", id.0));
            }
            let (reply, (key, signature, at)) = match (m.reply, store::reply_signature(p.c, id)?) {
                (Some(r), Some(s)) => (r, s),
                _ => return Err(Error::invalid("message", "its reply is not signed")),
            };
            let (key, public) = store::key(p.c, key)?;
            let bytes = signed_reply_bytes(id.0, reply.replier.0, &reply.text, at);
            self.signature_holds(&key.scheme, &public, &bytes, &signature)
        })
    }
}

impl Diary {
    /// Sets (or with `None` removes) the host's verifier for signatures of
    /// `scheme` on this handle; Ed25519 is built in and cannot be replaced.
    pub fn set_signature_verifier(
        &self,
        scheme: &str,
        verifier: Option<Arc<dyn SignatureVerifier>>,
    ) -> Result<()> {
        check_scheme(scheme)?;
        if scheme == ED25519 {
            return Err(Error::invalid(
                "scheme",
                "Ed25519 is built in; a verifier is for other schemes",
            ));
        }
        let mut map = self.verifiers.write().unwrap_or_else(|p| p.into_inner());
        match verifier {
            Some(v) => map.insert(scheme.to_owned(), v),
            None => map.remove(scheme),
        };
        Ok(())
    }

    /// Whether `signature` over `message` verifies with `key` of `scheme`:
    /// Ed25519 built in (RFC 8032, strict), other schemes by the host's
    /// verifier; a scheme without one, or a verifier that cannot tell, is
    /// refused.
    fn signature_holds(
        &self,
        scheme: &str,
        key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<bool> {
        if scheme == ED25519 {
            return Ok(verify_ed25519(key, message, signature, "signature").is_ok());
        }
        let verifier = self
            .verifiers
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(scheme)
            .cloned()
            .ok_or_else(|| {
                Error::invalid(
                    "key",
                    format!("no verifier for the {scheme} scheme is set on this handle"),
                )
            })?;
        let _guard = super::Delivering::enter(self);
        verifier
            .verify(scheme, key, message, signature)
            .map_err(|e| Error::invalid("signature", format!("the {scheme} verifier failed: {e}")))
    }

    /// Registers a certificate (or public key) of `scheme` for a person on
    /// the host's word (the installation's operator: the host checked the
    /// person's identity with its e-signature provider, named in
    /// `provider`). Its signatures are checked by the scheme's verifier.
    pub fn vouch_certificate(
        &self,
        actor: &Actor,
        person: PersonId,
        scheme: &str,
        certificate: &[u8],
        provider: &str,
        valid_until: Option<time::Date>,
    ) -> Result<SigningKey> {
        check_scheme(scheme)?;
        if certificate.is_empty() || certificate.len() > 16 * 1024 {
            return Err(Error::invalid("certificate", "must be 1 to 16,384 bytes"));
        }
        let provider = text::required("provider", provider, 200)?;
        let now = self.clock.now();
        if valid_until.is_some_and(|d| d < now.date()) {
            return Err(Error::invalid("valid_until", "must not be in the past"));
        }
        self.write_people(actor, |p| {
            p.known_person(person, KIND, true)?;
            let facts = p.standing.facts_for(None);
            decided(
                p,
                KIND,
                &facts,
                Action::ConfigureInstallation,
                Some(person),
                None,
                true,
            )?;
            let id = store::insert_key(
                p.c,
                person,
                scheme,
                certificate,
                None,
                now.unix_timestamp(),
                &format!("vouched by the host: {provider}"),
                valid_until,
            )?;
            Ok(store::key(p.c, id)?.0)
        })
    }
}

/// The actor's facts towards a person: admin if they administer one of
/// the person's schools.
fn person_facts(p: &mut super::placement::Placement<'_>, person: PersonId) -> Result<Facts> {
    let schools = storage::member_schools_of_person(p.c, person)?;
    let mut facts = Facts::default();
    for s in schools {
        let f = p.standing.facts_for(Some(s));
        facts.admin |= f.admin;
        facts.member |= f.member;
    }
    facts.operator = p.standing.operator;
    Ok(facts)
}
