//! What the host delivers. The library never sends an e-mail or an SMS:
//! it hands each message to the host's [`Delivery`].

use serde::Serialize;
use std::fmt;

/// Where a message goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "address", rename_all = "snake_case")]
pub enum Address {
    /// An e-mail address.
    Email(String),
    /// A mobile number, +7XXXXXXXXXX.
    Phone(String),
}

/// Why a message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// A one-time code confirming a new contact.
    ConfirmContact,
    /// A password-reset token.
    PasswordReset,
    /// The logins registered to this contact.
    ForgotLogin,
    /// A notice to the old contact that it was replaced.
    ContactChanged,
    /// A notice that the password was changed or reset.
    PasswordChanged,
}

impl Purpose {
    /// The stable text form (as in the JSON and the Python dict).
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::ConfirmContact => "confirm_contact",
            Purpose::PasswordReset => "password_reset",
            Purpose::ForgotLogin => "forgot_login",
            Purpose::ContactChanged => "contact_changed",
            Purpose::PasswordChanged => "password_changed",
        }
    }
}

impl Address {
    /// Which kind of contact, and the address itself.
    pub fn parts(&self) -> (&'static str, &str) {
        match self {
            Address::Email(a) => ("email", a),
            Address::Phone(a) => ("phone", a),
        }
    }
}

/// One message for the host to deliver.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The recipient.
    pub to: Address,
    /// Why.
    pub purpose: Purpose,
    /// The secret to pass on (a code or a reset token), if any.
    pub secret: Option<String>,
    /// Plain text the host may show or send.
    pub text: String,
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("to", &self.to)
            .field("purpose", &self.purpose)
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .finish()
    }
}

/// The host's way of delivering messages (an e-mail gateway, an SMS
/// provider). An error means the message was not sent.
pub trait Delivery: Send + Sync + fmt::Debug {
    /// Delivers one message.
    fn deliver(&self, message: &Message) -> Result<(), String>;
}

/// The host's notifier: told, inside the transaction of the write, about
/// everything new that reaches a person (see
/// [`crate::model::Notification`]); an error refuses the write, as a
/// failed delivery does. It must not call back into the same diary.
pub trait Notifier: Send + Sync + fmt::Debug {
    /// Hands one notification to the host.
    fn notify(&self, notification: &crate::model::Notification) -> Result<(), String>;
}
