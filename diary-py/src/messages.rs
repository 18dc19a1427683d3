//! Teacher messages with signed replies (D13) and signing keys: the values;
//! the `Diary` methods are generated (`calls/messages.rs`). The bytes a
//! replier signs: `schooldiary.signed_reply_bytes`.

use crate::announcements::instant;
use diary_core as core;
use pyo3::prelude::*;
use time::{Date, OffsetDateTime};

record! {
    /// A registered signing key.
    SigningKey {
        /// Identifier.
        id: i64,
        /// Whose key.
        person: i64,
        /// The scheme: "ed25519".
        scheme: String,
        /// The public key in hexadecimal digits.
        public_key: String,
        /// Who registered it.
        registered_by: i64,
        /// When.
        registered_at: OffsetDateTime,
        /// How the identity was checked.
        identity_check: String,
        /// Last valid day, if limited.
        valid_until: Option<Date>,
        /// When it was revoked.
        revoked_at: Option<OffsetDateTime>,
    }
}

impl From<core::SigningKey> for SigningKey {
    fn from(k: core::SigningKey) -> Self {
        SigningKey {
            id: k.id.0,
            person: k.person.0,
            scheme: k.scheme,
            public_key: k.public_key,
            registered_by: k.registered_by.0,
            registered_at: instant(k.registered_at),
            identity_check: k.identity_check,
            valid_until: k.valid_until,
            revoked_at: k.revoked_at.map(instant),
        }
    }
}

record! {
    /// A reply's signature.
    SignedReply {
        /// The key it was made with.
        key: i64,
        /// The signature in hexadecimal digits.
        signature: String,
        /// The signing time in the signed bytes.
        signed_at: OffsetDateTime,
    }
}

record! {
    /// A reply to a teacher's message.
    MessageReply {
        /// Who replied.
        replier: i64,
        /// The text.
        text: String,
        /// When it was stored.
        at: OffsetDateTime,
        /// Its signature, if signed.
        signed: Option<SignedReply>,
    }
}

record! {
    /// A teacher's personal message to a child's legal representative.
    TeacherMessage {
        /// Identifier.
        id: i64,
        /// The school.
        school: i64,
        /// Who wrote it.
        author: i64,
        /// The child it is about.
        student: i64,
        /// Whom it is for.
        recipient: i64,
        /// Subject line.
        subject: String,
        /// Text.
        body: String,
        /// Whether the reply must be signed.
        needs_signature: bool,
        /// When it was sent.
        sent_at: OffsetDateTime,
        /// The reply, once given.
        reply: Option<MessageReply>,
    }
}

impl From<core::TeacherMessage> for TeacherMessage {
    fn from(m: core::TeacherMessage) -> Self {
        TeacherMessage {
            id: m.id.0,
            school: m.school.0,
            author: m.author.0,
            student: m.student.0,
            recipient: m.recipient.0,
            subject: m.subject,
            body: m.body,
            needs_signature: m.needs_signature,
            sent_at: instant(m.sent_at),
            reply: m.reply.map(|r| MessageReply {
                replier: r.replier.0,
                text: r.text,
                at: instant(r.at),
                signed: r.signed.map(|s| SignedReply {
                    key: s.key.0,
                    signature: s.signature,
                    signed_at: instant(s.signed_at),
                }),
            }),
        }
    }
}

/// The exact bytes a replier signs for a reply to `message` (see
/// docs/communication.md): sign them with the replier's Ed25519 key and
/// pass the signature to `Diary.reply_to_teacher_message`.
#[pyfunction]
pub fn signed_reply_bytes<'py>(
    py: Python<'py>,
    message: i64,
    replier: i64,
    reply: &str,
    signed_at: i64,
) -> Bound<'py, pyo3::types::PyBytes> {
    let bytes = core::signature::signed_reply_bytes(message, replier, reply, signed_at);
    pyo3::types::PyBytes::new(py, &bytes)
}

/// Registers the classes and the function.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SigningKey>()?;
    m.add_class::<SignedReply>()?;
    m.add_class::<MessageReply>()?;
    m.add_class::<TeacherMessage>()?;
    m.add_function(wrap_pyfunction!(signed_reply_bytes, m)?)?;
    Ok(())
}
