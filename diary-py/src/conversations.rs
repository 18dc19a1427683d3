//! Conversations and class chats (D11): the values, and the `Diary`
//! methods that take structured input (start a conversation, post a
//! message with attachments, set the school's rules); the regular calls
//! are generated (`calls/conversations.rs`).

use crate::actor::PyActor;
use crate::announcements::instant;
use crate::convert::{from_py_json, EnumValue};
use crate::day_records::Attachment;
use crate::diary::PyDiary;
use diary_core as core;
use pyo3::prelude::*;
use time::OffsetDateTime;

record! {
    /// A school's rules for conversations ("who may message whom").
    MessagingSettings {
        /// Parents may start conversations with the child's subject teachers.
        parents_reach_teachers: bool,
        /// Parents may start conversations with the child's class teacher.
        parents_reach_class_teacher: bool,
        /// Parents may start conversations with the school's admins.
        parents_reach_admins: bool,
        /// Students take part in conversations about themselves.
        students_take_part: bool,
        /// Minutes after sending during which an author may edit (0–1440).
        edit_window_minutes: u32,
        /// Years after a conversation's school year before retention (1–50).
        retention_years: Option<u32>,
        /// What retention does (`RetentionAction`).
        retention_action: EnumValue,
    }
}

impl From<core::MessagingSettings> for MessagingSettings {
    fn from(s: core::MessagingSettings) -> Self {
        MessagingSettings {
            parents_reach_teachers: s.parents_reach_teachers,
            parents_reach_class_teacher: s.parents_reach_class_teacher,
            parents_reach_admins: s.parents_reach_admins,
            students_take_part: s.students_take_part,
            edit_window_minutes: s.edit_window_minutes,
            retention_years: s.retention_years,
            retention_action: EnumValue {
                class: "RetentionAction",
                value: s.retention_action.as_str(),
            },
        }
    }
}

record! {
    /// A participant of a conversation today.
    Participant {
        /// Who.
        person: i64,
        /// Muted until, if muted.
        muted_until: Option<OffsetDateTime>,
    }
}

record! {
    /// A conversation as a participant sees it.
    Conversation {
        /// Identifier.
        id: i64,
        /// The school.
        school: i64,
        /// What kind (`ConversationKind`).
        kind: EnumValue,
        /// Its title.
        title: Option<String>,
        /// The child a direct conversation is about.
        child: Option<i64>,
        /// The class of a class chat.
        class_: Option<i64>,
        /// Who started it.
        started_by: i64,
        /// When.
        started_at: OffsetDateTime,
        /// The participants today.
        participants: Vec<Participant>,
        /// When it was archived (read-only).
        archived_at: Option<OffsetDateTime>,
        /// The newest message's id.
        last_message: Option<i64>,
        /// When that was sent.
        last_message_at: Option<OffsetDateTime>,
        /// Messages after the reader's read mark, not the reader's own.
        unread: u32,
    }
}

impl From<core::Conversation> for Conversation {
    fn from(c: core::Conversation) -> Self {
        Conversation {
            id: c.id.0,
            school: c.school.0,
            kind: EnumValue {
                class: "ConversationKind",
                value: c.kind.as_str(),
            },
            title: c.title,
            child: c.child.map(|p| p.0),
            class_: c.class.map(|x| x.0),
            started_by: c.started_by.0,
            started_at: instant(c.started_at),
            participants: c
                .participants
                .into_iter()
                .map(|p| Participant {
                    person: p.person.0,
                    muted_until: p.muted_until.map(instant),
                })
                .collect(),
            archived_at: c.archived_at.map(instant),
            last_message: c.last_message.map(|m| m.0),
            last_message_at: c.last_message_at.map(instant),
            unread: c.unread,
        }
    }
}

record! {
    /// Why and by whom a message was hidden.
    Hidden {
        /// The moderator.
        by: i64,
        /// The reason given.
        reason: String,
        /// When.
        at: OffsetDateTime,
    }
}

record! {
    /// A message as the reader sees it (a deleted one has no text).
    ChatMessage {
        /// Identifier.
        id: i64,
        /// The conversation.
        conversation: i64,
        /// Who wrote it.
        author: i64,
        /// The text; None once deleted.
        text: Option<String>,
        /// Described attachments.
        attachments: Vec<Attachment>,
        /// The message it answers.
        reply_to: Option<i64>,
        /// When it was sent.
        sent_at: OffsetDateTime,
        /// When it was last edited.
        edited_at: Option<OffsetDateTime>,
        /// When its author deleted it.
        deleted_at: Option<OffsetDateTime>,
        /// Whether, why and by whom it was hidden.
        hidden: Option<Hidden>,
    }
}

impl From<core::ChatMessage> for ChatMessage {
    fn from(m: core::ChatMessage) -> Self {
        ChatMessage {
            id: m.id.0,
            conversation: m.conversation.0,
            author: m.author.0,
            text: m.text,
            attachments: m.attachments.into_iter().map(Into::into).collect(),
            reply_to: m.reply_to.map(|r| r.0),
            sent_at: instant(m.sent_at),
            edited_at: m.edited_at.map(instant),
            deleted_at: m.deleted_at.map(instant),
            hidden: m.hidden.map(|h| Hidden {
                by: h.by.0,
                reason: h.reason,
                at: instant(h.at),
            }),
        }
    }
}

record! {
    /// One page of a conversation, newest first, and the next cursor.
    ChatPage {
        /// The messages, newest first.
        messages: Vec<ChatMessage>,
        /// The cursor for the next (older) page, if any.
        next: Option<i64>,
    }
}

impl From<core::ChatPage> for ChatPage {
    fn from(p: core::ChatPage) -> Self {
        ChatPage {
            messages: p.messages.into_iter().map(Into::into).collect(),
            next: p.next.map(|n| n.0),
        }
    }
}

record! {
    /// An earlier text of an edited message.
    ChatMessageVersion {
        /// 1 for the original, then 2, 3, …
        version: u32,
        /// The text then.
        text: String,
        /// When it was replaced.
        replaced_at: OffsetDateTime,
    }
}

impl From<core::ChatMessageVersion> for ChatMessageVersion {
    fn from(v: core::ChatMessageVersion) -> Self {
        ChatMessageVersion {
            version: v.version,
            text: v.text,
            replaced_at: instant(v.replaced_at),
        }
    }
}

record! {
    /// Unread messages across conversations and children.
    UnreadCounts {
        /// All unread messages.
        total: u32,
        /// Per conversation with unread messages: (conversation, count).
        by_conversation: Vec<(i64, u32)>,
        /// Per child: (child, count).
        by_child: Vec<(i64, u32)>,
    }
}

impl From<core::UnreadCounts> for UnreadCounts {
    fn from(u: core::UnreadCounts) -> Self {
        UnreadCounts {
            total: u.total,
            by_conversation: u
                .by_conversation
                .into_iter()
                .map(|(c, n)| (c.0, n))
                .collect(),
            by_child: u.by_child.into_iter().map(|(c, n)| (c.0, n)).collect(),
        }
    }
}

record! {
    /// A participant's report about a message.
    ChatReport {
        /// Identifier.
        id: i64,
        /// The message.
        message: i64,
        /// Its conversation.
        conversation: i64,
        /// The message's author.
        author: i64,
        /// The message's text when reported.
        text: Option<String>,
        /// Who reported it.
        reporter: i64,
        /// Why.
        reason: String,
        /// When.
        at: OffsetDateTime,
    }
}

impl From<core::ChatReport> for ChatReport {
    fn from(r: core::ChatReport) -> Self {
        ChatReport {
            id: r.id.0,
            message: r.message.0,
            conversation: r.conversation.0,
            author: r.author.0,
            text: r.text,
            reporter: r.reporter.0,
            reason: r.reason,
            at: instant(r.at),
        }
    }
}

record! {
    /// What retention did to one conversation.
    RetentionRecord {
        /// The conversation.
        conversation: i64,
        /// Archived or deleted (`RetentionAction`).
        action: EnumValue,
        /// How many messages it had.
        messages: u32,
        /// Who applied retention.
        by: i64,
        /// When.
        at: OffsetDateTime,
    }
}

impl From<core::RetentionRecord> for RetentionRecord {
    fn from(r: core::RetentionRecord) -> Self {
        RetentionRecord {
            conversation: r.conversation.0,
            action: EnumValue {
                class: "RetentionAction",
                value: r.action.as_str(),
            },
            messages: r.messages,
            by: r.by.0,
            at: instant(r.at),
        }
    }
}

#[pymethods]
impl PyDiary {
    /// Starts a conversation from a dict (``NewConversation``): ``school``,
    /// ``participants`` (1–20 person ids, not the actor), optional ``child``
    /// (the child it is about; without one, a conversation among staff) and
    /// ``title``. Each participant is decided under the school's rules for
    /// who may reach whom; unknown keys raise ``InvalidInput``.
    #[pyo3(signature = (actor, conversation))]
    fn start_conversation(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        conversation: &Bound<'_, PyAny>,
    ) -> PyResult<Conversation> {
        let new: core::NewConversation = from_py_json(conversation, "conversation")?;
        self.with(py, actor, move |d, a| d.start_conversation(a, &new))
            .map(Into::into)
    }

    /// Posts a message from a dict (``NewChatMessage``): ``conversation``,
    /// ``text`` (1–10,000 characters), optional ``reply_to`` and
    /// ``attachments`` (described as homework's).
    #[pyo3(signature = (actor, message))]
    fn post_chat_message(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        message: &Bound<'_, PyAny>,
    ) -> PyResult<ChatMessage> {
        let new: core::NewChatMessage = from_py_json(message, "message")?;
        self.with(py, actor, move |d, a| d.post_chat_message(a, &new))
            .map(Into::into)
    }

    /// Sets a school's rules for conversations (its admins) from a dict of
    /// every field of ``MessagingSettings`` (``retention_action`` a
    /// ``RetentionAction`` or its text, ``retention_years`` None to keep).
    #[pyo3(signature = (actor, school, settings))]
    fn set_messaging_settings(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        school: &Bound<'_, PyAny>,
        settings: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let school = core::SchoolId(crate::ids::id_arg(school, "school")?);
        let settings: core::MessagingSettings = from_py_json(settings, "settings")?;
        self.with(py, actor, move |d, a| {
            d.set_messaging_settings(a, school, &settings)
        })
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<MessagingSettings>()?;
    m.add_class::<Participant>()?;
    m.add_class::<Conversation>()?;
    m.add_class::<Hidden>()?;
    m.add_class::<ChatMessage>()?;
    m.add_class::<ChatPage>()?;
    m.add_class::<ChatMessageVersion>()?;
    m.add_class::<UnreadCounts>()?;
    m.add_class::<ChatReport>()?;
    m.add_class::<RetentionRecord>()?;
    Ok(())
}
