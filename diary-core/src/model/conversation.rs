//! Conversations and class chats (D11): small conversations between a
//! child's family and the staff who teach or look after the child (or
//! among staff), class parents' chats owned by the class teacher, staff
//! rooms; their messages, read state, moderation and the school's rules
//! for who may reach whom.

use super::day::Attachment;
use super::enums::{ConversationKind, RetentionAction};
use crate::ids::{ChatMessageId, ClassId, ConversationId, PersonId, ReportId, SchoolId};
use serde::{Deserialize, Serialize};

/// A school's rules for conversations (Pronote's "who may message whom").
/// Staff always reach the families of the children they teach or look
/// after, and each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessagingSettings {
    /// Parents may start conversations with the child's subject teachers
    /// (default true).
    pub parents_reach_teachers: bool,
    /// Parents may start conversations with the child's class teacher
    /// (default true).
    pub parents_reach_class_teacher: bool,
    /// Parents may start conversations with the school's admins (default
    /// true).
    pub parents_reach_admins: bool,
    /// Students take part in conversations about themselves and may start
    /// them with their teachers (default false).
    pub students_take_part: bool,
    /// How long after sending an author may edit a message, in minutes
    /// (0–1440; 0: never; default 15).
    pub edit_window_minutes: u32,
    /// After how many years past a conversation's school year it is
    /// archived or deleted (1–50), or never (`None`, the default).
    pub retention_years: Option<u32>,
    /// What retention does (default archive).
    pub retention_action: RetentionAction,
}

impl Default for MessagingSettings {
    fn default() -> Self {
        MessagingSettings {
            parents_reach_teachers: true,
            parents_reach_class_teacher: true,
            parents_reach_admins: true,
            students_take_part: false,
            edit_window_minutes: 15,
            retention_years: None,
            retention_action: RetentionAction::Archive,
        }
    }
}

/// A conversation to start.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewConversation {
    /// The school it belongs to.
    pub school: SchoolId,
    /// The child it is about; `None` for a conversation among staff.
    #[serde(default)]
    pub child: Option<PersonId>,
    /// The other participants (1–20; the starter is added).
    pub participants: Vec<PersonId>,
    /// A title, up to 200 characters.
    #[serde(default)]
    pub title: Option<String>,
}

/// A participant's state in a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    /// Who.
    pub person: PersonId,
    /// Muted until (Unix seconds), if muted.
    pub muted_until: Option<i64>,
}

/// A conversation as a participant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conversation {
    /// Identifier.
    pub id: ConversationId,
    /// The school.
    pub school: SchoolId,
    /// What kind.
    pub kind: ConversationKind,
    /// Its title, if any.
    pub title: Option<String>,
    /// The child a direct conversation is about.
    pub child: Option<PersonId>,
    /// The class of a class chat.
    pub class: Option<ClassId>,
    /// Who started it (a class chat's: the class teacher who opened it).
    pub started_by: PersonId,
    /// When (Unix seconds).
    pub started_at: i64,
    /// The participants today (for a class chat or staff room: everyone
    /// it reaches today, less those who left).
    pub participants: Vec<Participant>,
    /// When it was archived (read-only), if it was.
    pub archived_at: Option<i64>,
    /// The newest message's id, if any.
    pub last_message: Option<ChatMessageId>,
    /// When that was sent.
    pub last_message_at: Option<i64>,
    /// Messages after the reader's read mark, not the reader's own.
    pub unread: u32,
}

/// A message to post.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewChatMessage {
    /// The conversation.
    pub conversation: ConversationId,
    /// The text, 1–10,000 characters.
    pub text: String,
    /// Described attachments (up to 10), as homework's.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The message this one answers (of the same conversation).
    #[serde(default)]
    pub reply_to: Option<ChatMessageId>,
}

/// Why and by whom a message was hidden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hidden {
    /// The moderator.
    pub by: PersonId,
    /// The reason given.
    pub reason: String,
    /// When (Unix seconds).
    pub at: i64,
}

/// A message as the reader sees it. A deleted message keeps its place
/// (a tombstone: no text, no attachments); a hidden one is shown only to
/// its author, the conversation's moderators and the school's admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChatMessage {
    /// Identifier.
    pub id: ChatMessageId,
    /// The conversation.
    pub conversation: ConversationId,
    /// Who wrote it.
    pub author: PersonId,
    /// The text; `None` once deleted.
    pub text: Option<String>,
    /// Described attachments.
    pub attachments: Vec<Attachment>,
    /// The message it answers.
    pub reply_to: Option<ChatMessageId>,
    /// When it was sent (Unix seconds).
    pub sent_at: i64,
    /// When it was last edited.
    pub edited_at: Option<i64>,
    /// When its author deleted it.
    pub deleted_at: Option<i64>,
    /// Whether, why and by whom it was hidden.
    pub hidden: Option<Hidden>,
}

/// One page of a conversation, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChatPage {
    /// The messages, newest first.
    pub messages: Vec<ChatMessage>,
    /// The cursor for the next (older) page, if there is one.
    pub next: Option<ChatMessageId>,
}

/// An earlier text of an edited message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChatMessageVersion {
    /// 1 for the original text, then 2, 3, …
    pub version: u32,
    /// The text then.
    pub text: String,
    /// When it was replaced (Unix seconds).
    pub replaced_at: i64,
}

/// Unread messages of a person across conversations and children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct UnreadCounts {
    /// All unread messages.
    pub total: u32,
    /// Per conversation with unread messages: (conversation, count).
    pub by_conversation: Vec<(ConversationId, u32)>,
    /// Per child (a direct conversation's child, a class chat's children
    /// of the class): (child, count).
    pub by_child: Vec<(PersonId, u32)>,
}

/// A participant's report about a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChatReport {
    /// Identifier.
    pub id: ReportId,
    /// The message.
    pub message: ChatMessageId,
    /// Its conversation.
    pub conversation: ConversationId,
    /// The message's author.
    pub author: PersonId,
    /// The message's text when reported.
    pub text: Option<String>,
    /// Who reported it.
    pub reporter: PersonId,
    /// Why.
    pub reason: String,
    /// When (Unix seconds).
    pub at: i64,
}

/// What retention did to one conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetentionRecord {
    /// The conversation.
    pub conversation: ConversationId,
    /// Archived or deleted.
    pub action: RetentionAction,
    /// How many messages it had.
    pub messages: u32,
    /// Who applied retention.
    pub by: PersonId,
    /// When (Unix seconds).
    pub at: i64,
}
