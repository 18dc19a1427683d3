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
        /// Who registered it (None for a certificate the host vouched for).
        registered_by: Option<i64>,
        /// When.
        registered_at: OffsetDateTime,
        /// How the identity was checked.
        identity_check: String,
        /// Last valid day, if limited.
        valid_until: Option<Date>,
        /// When it was revoked.
        revoked_at: Option<OffsetDateTime>,
        /// A certificate the host vouched for.
        vouched_by_host: bool,
    }
}

impl From<core::SigningKey> for SigningKey {
    fn from(k: core::SigningKey) -> Self {
        SigningKey {
            id: k.id.0,
            person: k.person.0,
            scheme: k.scheme,
            public_key: k.public_key,
            registered_by: k.registered_by.map(|p| p.0),
            registered_at: instant(k.registered_at),
            identity_check: k.identity_check,
            valid_until: k.valid_until,
            revoked_at: k.revoked_at.map(instant),
            vouched_by_host: k.vouched_by_host,
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

/// A Python callable verifying signatures of one scheme.
#[derive(Debug)]
struct PyVerifier(Py<PyAny>);

impl core::signature::SignatureVerifier for PyVerifier {
    fn verify(
        &self,
        scheme: &str,
        key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<bool, String> {
        Python::attach(|py| {
            let args = (
                scheme,
                pyo3::types::PyBytes::new(py, key),
                pyo3::types::PyBytes::new(py, message),
                pyo3::types::PyBytes::new(py, signature),
            );
            self.0.call1(py, args)?.extract::<bool>(py)
        })
        .map_err(|e: PyErr| e.to_string())
    }
}

#[pymethods]
impl crate::diary::PyDiary {
    /// Sets (or with None removes) this handle's verifier for signatures of
    /// ``scheme`` (e.g. "gost2012-256"): a callable ``(scheme, key, message,
    /// signature) -> bool`` given bytes (the registered key or certificate,
    /// the exact signed bytes of ``signed_reply_bytes``, the signature); an
    /// exception means it cannot tell, and the reply is refused. Ed25519 is
    /// built in.
    #[pyo3(signature = (scheme, verifier))]
    fn set_signature_verifier(
        &self,
        py: Python<'_>,
        scheme: &str,
        verifier: Option<Py<PyAny>>,
    ) -> PyResult<()> {
        let v = match verifier {
            None => None,
            Some(cb) if cb.bind(py).is_callable() => Some(std::sync::Arc::new(PyVerifier(cb))
                as std::sync::Arc<dyn core::signature::SignatureVerifier>),
            Some(_) => {
                return Err(crate::errors::to_py_err(
                    py,
                    core::Error::invalid("verifier", "must be a callable taking four arguments"),
                ))
            }
        };
        self.get(py)?
            .set_signature_verifier(scheme, v)
            .map_err(|e| crate::errors::to_py_err(py, e))
    }
}
