//! Teacher messages with signed replies (D13): a teacher's personal message
//! to a child's legal representative, which may ask for a reply signed with
//! a key registered for that person.

use crate::ids::{MessageId, PersonId, SchoolId, SigningKeyId};
use serde::{Deserialize, Serialize};
use time::Date;

/// A public key to register for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSigningKey {
    /// Whose key.
    pub person: PersonId,
    /// The Ed25519 public key (32 bytes).
    pub public_key: Vec<u8>,
    /// How the person's identity was checked, e.g. "passport at the
    /// office" (kept with who and when).
    pub identity_check: String,
    /// Last day the key is valid, if limited.
    pub valid_until: Option<Date>,
}

/// A registered key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SigningKey {
    /// Identifier.
    pub id: SigningKeyId,
    /// Whose key.
    pub person: PersonId,
    /// The scheme: "ed25519".
    pub scheme: String,
    /// The public key, as hexadecimal digits.
    pub public_key: String,
    /// Who registered it (none for a certificate the host vouched for).
    pub registered_by: Option<PersonId>,
    /// When (Unix seconds).
    pub registered_at: i64,
    /// How the identity was checked.
    pub identity_check: String,
    /// Last valid day, if limited.
    pub valid_until: Option<Date>,
    /// When it was revoked (Unix seconds), if it was.
    pub revoked_at: Option<i64>,
    /// A certificate the host vouched for (from its e-signature provider).
    pub vouched_by_host: bool,
}

/// A personal message to send.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTeacherMessage {
    /// The child it is about.
    pub student: PersonId,
    /// The child's legal representative it is for.
    pub recipient: PersonId,
    /// Its subject line, 1–200 characters.
    pub subject: String,
    /// Its text, up to 10,000 characters.
    pub body: String,
    /// Whether the reply must be signed (consent, acknowledgement).
    #[serde(default)]
    pub needs_signature: bool,
}

/// A signed reply's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedReply {
    /// The key it was made with.
    pub key: SigningKeyId,
    /// The signature, as hexadecimal digits.
    pub signature: String,
    /// The signing time in the signed bytes (Unix seconds).
    pub signed_at: i64,
}

/// A reply to a teacher's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageReply {
    /// Who replied.
    pub replier: PersonId,
    /// The reply text.
    pub text: String,
    /// When it was stored (Unix seconds).
    pub at: i64,
    /// Its signature, for a message that asked for one.
    pub signed: Option<SignedReply>,
}

/// A teacher's message as its author, its recipient or an admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeacherMessage {
    /// Identifier.
    pub id: MessageId,
    /// The school.
    pub school: SchoolId,
    /// Who wrote it.
    pub author: PersonId,
    /// The child it is about.
    pub student: PersonId,
    /// Whom it is for.
    pub recipient: PersonId,
    /// Subject line.
    pub subject: String,
    /// Text.
    pub body: String,
    /// Whether the reply must be signed.
    pub needs_signature: bool,
    /// When it was sent (Unix seconds).
    pub sent_at: i64,
    /// The reply, once given.
    pub reply: Option<MessageReply>,
}
