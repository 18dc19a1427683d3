//! Messages of conversations (D11): posting (text with the hardening
//! rules, described attachments, a reply to an earlier message), pages
//! newest first with a cursor, edits within the school's window with the
//! earlier texts kept, deletion to a tombstone, and full-text search in a
//! person's own conversations (SQLite FTS5).

use super::conversations::{own, seat, seats_of, Seat};
use super::placement::Placement;
use super::Diary;
use crate::access::Action;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ChatMessageId, ConversationId, PersonId};
use crate::model::{ChatMessage, ChatMessageVersion, ChatPage, NewChatMessage};
use crate::storage::chat_messages as store;
use crate::storage::conversations;
use crate::text;

/// Longest message, in characters.
const MAX_MESSAGE_CHARS: usize = 10_000;
/// Most attachments of a message.
const MAX_ATTACHMENTS: usize = 10;
/// Most messages in one page or search answer.
const MAX_PAGE: u32 = 100;
/// Most words in a search.
const MAX_SEARCH_WORDS: usize = 10;

/// A message and the actor's seat in its conversation (not found when
/// the actor cannot see it: another school's, or hidden from them).
fn seat_of_message(
    p: &mut Placement<'_>,
    actor: &Actor,
    id: ChatMessageId,
) -> Result<(ChatMessage, Seat)> {
    crate::limits::id("message", id.0)?;
    let m = store::get(p.c, id)?.ok_or_else(|| Error::not_found("message", id.0))?;
    let s = seat(p, actor, m.conversation).map_err(|e| match e {
        Error::NotFound { .. } => Error::not_found("message", id.0),
        e => e,
    })?;
    if m.hidden.is_some() && m.author != s.me && !s.sees_hidden() {
        return Err(Error::not_found("message", id.0));
    }
    Ok((m, s))
}

/// The author's seat: only the author edits or deletes.
fn as_author(s: &mut Seat, m: &ChatMessage) {
    s.facts.student &= m.author == s.me;
}

/// An FTS5 expression from a person's words, all required: a word of six
/// letters or more matches the words that begin with its first six, one
/// of four or five letters those that begin with its first four (a poor
/// man's stemming: "экскурсия" finds "экскурсию", "экскурсии"), a shorter
/// one matches whole. Those prefix lengths are indexed (migration 16), so
/// a search never merges every word of a prefix. Operators and quotes in
/// the input are plain text.
pub(crate) fn search_terms(query: &str) -> Result<String> {
    let words: Vec<&str> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Err(Error::invalid("query", "give at least one word"));
    }
    if words.len() > MAX_SEARCH_WORDS || query.chars().count() > 200 {
        return Err(Error::invalid(
            "query",
            format!("at most {MAX_SEARCH_WORDS} words and 200 characters"),
        ));
    }
    Ok(words
        .iter()
        .map(|w| match w.chars().count() {
            n if n >= 6 => format!("\"{}\"*", w.chars().take(6).collect::<String>()),
            4 | 5 => format!("\"{}\"*", w.chars().take(4).collect::<String>()),
            _ => format!("\"{w}\""),
        })
        .collect::<Vec<_>>()
        .join(" "))
}

fn check_limit(limit: u32) -> Result<()> {
    if limit == 0 || limit > MAX_PAGE {
        return Err(Error::invalid("limit", format!("must be 1 to {MAX_PAGE}")));
    }
    Ok(())
}

impl Diary {
    /// Posts a message to a conversation the actor takes part in (not
    /// muted, not archived).
    pub fn post_chat_message(&self, actor: &Actor, new: &NewChatMessage) -> Result<ChatMessage> {
        let body = text::free_text("text", &new.text, MAX_MESSAGE_CHARS)?;
        if new.attachments.len() > MAX_ATTACHMENTS {
            return Err(Error::invalid(
                "attachments",
                format!("at most {MAX_ATTACHMENTS} files"),
            ));
        }
        let attachments = new
            .attachments
            .iter()
            .map(super::lessons::check_attachment)
            .collect::<Result<Vec<_>>>()?;
        let now = self.clock.now();
        self.write_records(actor, |p| {
            let s = seat(p, actor, new.conversation)?;
            s.decide(p, Action::PostChatMessage, true)?;
            s.open_for_writing()?;
            if let Some(r) = new.reply_to {
                crate::limits::id("reply_to", r.0)?;
                let ok = store::get(p.c, r)?.is_some_and(|m| {
                    m.conversation == new.conversation
                        && (m.hidden.is_none() || m.author == s.me || s.sees_hidden())
                });
                if !ok {
                    return Err(Error::invalid(
                        "reply_to",
                        format!("message {r} is not of this conversation"),
                    ));
                }
            }
            let id = store::insert(
                p.c,
                s.row.school,
                new.conversation,
                s.me,
                &body,
                &attachments,
                new.reply_to,
                now.unix_timestamp(),
            )?;
            // The author has read their own conversation up to here.
            conversations::set_read(p.c, s.row.school, new.conversation, s.me, id.0)?;
            if self.notifying() {
                let people: Vec<PersonId> = super::conversations::participants(p, &s.row)?
                    .into_iter()
                    .map(|x| x.person)
                    .collect();
                self.notify(
                    p.c,
                    &people,
                    Some(s.me),
                    &super::notifications::News {
                        event: crate::model::NotificationEvent::ChatMessage,
                        school: s.row.school,
                        object: id.0,
                        conversation: Some(new.conversation.0),
                        child: s.row.child,
                        title: s.row.title.as_deref().unwrap_or("New message"),
                        text: Some(&body),
                        urgent: false,
                    },
                )?;
            }
            store::get(p.c, id)?.ok_or_else(|| Error::not_found("message", id.0))
        })
    }

    /// A page of a conversation, newest first: up to `limit` (1–100)
    /// messages older than `before` (from the newest when `None`), and the
    /// cursor for the next page.
    pub fn chat_messages(
        &self,
        actor: &Actor,
        conversation: ConversationId,
        before: Option<ChatMessageId>,
        limit: u32,
    ) -> Result<ChatPage> {
        check_limit(limit)?;
        if let Some(b) = before {
            crate::limits::id("before", b.0)?;
        }
        self.read_marks(actor, |p| {
            let s = seat(p, actor, conversation)?;
            s.decide(p, Action::ReadConversations, false)?;
            let mut messages =
                store::page(p.c, conversation, before, limit + 1, s.me, s.sees_hidden())?;
            let next = if messages.len() > limit as usize {
                messages.truncate(limit as usize);
                messages.last().map(|m| m.id)
            } else {
                None
            };
            Ok(ChatPage { messages, next })
        })
    }

    /// Edits one's own message within the school's edit window; the
    /// replaced text is kept as a version.
    pub fn edit_chat_message(
        &self,
        actor: &Actor,
        id: ChatMessageId,
        new_text: &str,
    ) -> Result<ChatMessage> {
        let body = text::free_text("text", new_text, MAX_MESSAGE_CHARS)?;
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            let (m, mut s) = seat_of_message(p, actor, id)?;
            as_author(&mut s, &m);
            s.decide(p, Action::EditChatMessage, true)?;
            s.open_for_writing()?;
            let Some(old) = m.text.as_deref() else {
                return Err(Error::invalid("message", "the message was deleted"));
            };
            if m.hidden.is_some() {
                return Err(Error::invalid(
                    "message",
                    "a moderator hid the message; it cannot be edited",
                ));
            }
            let window = conversations::settings(p.c, s.row.school)?.edit_window_minutes;
            if now.saturating_sub(m.sent_at) > i64::from(window) * 60 {
                return Err(Error::invalid(
                    "message",
                    format!("messages can be edited only within {window} minutes of sending"),
                ));
            }
            if old != body {
                store::edit(p.c, s.row.school, id, old, &body, now)?;
            }
            store::get(p.c, id)?.ok_or_else(|| Error::not_found("message", id.0))
        })
    }

    /// Deletes one's own message: its text and attachments go, a tombstone
    /// keeps its place (and the access log its history).
    pub fn delete_chat_message(&self, actor: &Actor, id: ChatMessageId) -> Result<()> {
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            let (m, mut s) = seat_of_message(p, actor, id)?;
            as_author(&mut s, &m);
            s.decide(p, Action::EditChatMessage, true)?;
            if m.deleted_at.is_some() {
                return Err(Error::invalid("message", "the message was deleted already"));
            }
            store::delete(p.c, id, now)
        })
    }

    /// A message's earlier texts, oldest first (its author, the
    /// conversation's moderators and the school's admins).
    pub fn chat_message_versions(
        &self,
        actor: &Actor,
        id: ChatMessageId,
    ) -> Result<Vec<ChatMessageVersion>> {
        self.read_marks(actor, |p| {
            let (m, mut s) = seat_of_message(p, actor, id)?;
            if m.author == s.me {
                s.decide(p, Action::EditChatMessage, false)?;
            } else {
                as_author(&mut s, &m);
                s.decide(p, Action::ModerateConversation, false)?;
            }
            store::versions(p.c, id)
        })
    }

    /// Searches `person`'s (the actor's) conversations for messages with
    /// every word of `query` (word prefixes, any case), newest first, up
    /// to `limit` (1–100).
    pub fn search_chat_messages(
        &self,
        actor: &Actor,
        person: PersonId,
        query: &str,
        limit: u32,
    ) -> Result<Vec<ChatMessage>> {
        check_limit(limit)?;
        let terms = search_terms(query)?;
        self.read_marks(actor, |p| {
            own(p, actor, person, false)?;
            let seats = seats_of(p, actor, person)?;
            let ids: Vec<ConversationId> = seats.iter().map(|s| s.row.id).collect();
            let found = store::search(p.c, &ids, &terms, person, limit)?;
            // Messages about a child that were found are logged under it.
            let hit: Vec<Seat> = seats
                .into_iter()
                .filter(|s| found.iter().any(|m| m.conversation == s.row.id))
                .collect();
            super::conversations::log_children(p, &hit);
            Ok(found)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::search_terms;

    #[test]
    fn search_words_are_quoted_prefixes() {
        assert_eq!(
            search_terms("Экскурсия в музей").unwrap(),
            "\"Экскур\"* \"в\" \"музе\"*"
        );
        // FTS5 syntax is plain text.
        assert_eq!(
            search_terms("a\" OR b* NEAR(c)").unwrap(),
            "\"a\" \"OR\" \"b\" \"NEAR\"* \"c\""
        );
        assert!(search_terms("  ?! ").is_err());
        assert!(search_terms(&"word ".repeat(11)).is_err());
    }
}
