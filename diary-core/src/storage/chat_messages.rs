//! SQL for conversations' messages: posting, pages, unread counts, edits
//! with their versions, deletion to a tombstone, hiding, reports and the
//! full-text search (the `chat_search` FTS5 index, kept by triggers).

use crate::error::{Error, Result};
use crate::ids::{ChatMessageId, ConversationId, PersonId, ReportId, SchoolId};
use crate::model::{Attachment, ChatMessage, ChatMessageVersion, ChatReport, Hidden};
use crate::storage::db::{params, Db, DbResult, OptionalExtension, Params, Row, Statement};

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("stored message: {e}"))
}

const COLUMNS: &str = "m.id, m.conversation_id, m.author_id, m.body, m.attachments, m.reply_to,
     m.sent_at, m.edited_at, m.deleted_at, m.hidden_by, m.hidden_reason, m.hidden_at";

fn read(r: &Row<'_>) -> DbResult<(ChatMessage, String)> {
    let hidden = match (r.get::<_, Option<i64>>(9)?, r.get::<_, Option<i64>>(11)?) {
        (Some(by), Some(at)) => Some(Hidden {
            by: PersonId(by),
            reason: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            at,
        }),
        _ => None,
    };
    Ok((
        ChatMessage {
            id: ChatMessageId(r.get(0)?),
            conversation: ConversationId(r.get(1)?),
            author: PersonId(r.get(2)?),
            text: r.get(3)?,
            attachments: Vec::new(),
            reply_to: r.get::<_, Option<i64>>(5)?.map(ChatMessageId),
            sent_at: r.get(6)?,
            edited_at: r.get(7)?,
            deleted_at: r.get(8)?,
            hidden,
        },
        r.get(4)?,
    ))
}

fn finish((mut m, attachments): (ChatMessage, String)) -> Result<ChatMessage> {
    m.attachments = serde_json::from_str::<Vec<Attachment>>(&attachments).map_err(internal)?;
    Ok(m)
}

pub(crate) fn insert(
    c: Db<'_>,
    school: SchoolId,
    conversation: ConversationId,
    author: PersonId,
    body: &str,
    attachments: &[Attachment],
    reply_to: Option<ChatMessageId>,
    now: i64,
) -> Result<ChatMessageId> {
    let attachments = serde_json::to_string(attachments).map_err(internal)?;
    c.prepare_cached(
        "INSERT INTO chat_message (conversation_id, author_id, body, attachments, reply_to, sent_at, school_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        conversation.0,
        author.0,
        body,
        attachments,
        reply_to.map(|m| m.0),
        now,
        school.0
    ])?;
    Ok(ChatMessageId(c.last_insert_rowid()?))
}

pub(crate) fn get(c: Db<'_>, id: ChatMessageId) -> Result<Option<ChatMessage>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM chat_message m WHERE m.id = ?1"
    ))?;
    st.query_row([id.0], read)
        .optional()?
        .map(finish)
        .transpose()
}

/// Up to `limit` messages of a conversation older than `before` (all when
/// `None`), newest first; hidden ones only if `see_hidden` or the
/// reader's own.
pub(crate) fn page(
    c: Db<'_>,
    conversation: ConversationId,
    before: Option<ChatMessageId>,
    limit: u32,
    reader: PersonId,
    see_hidden: bool,
) -> Result<Vec<ChatMessage>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM chat_message m
         WHERE m.conversation_id = ?1 AND m.id < ?2
           AND (m.hidden_at IS NULL OR ?4 OR m.author_id = ?5)
         ORDER BY m.id DESC LIMIT ?3"
    ))?;
    let rows = st
        .query_map(
            params![
                conversation.0,
                before.map_or(i64::MAX, |b| b.0),
                limit,
                see_hidden,
                reader.0
            ],
            read,
        )?
        .collect::<DbResult<Vec<_>>>()?;
    rows.into_iter().map(finish).collect()
}

/// The newest message of a conversation: id and time.
pub(crate) fn last(c: Db<'_>, conversation: ConversationId) -> Result<Option<(i64, i64)>> {
    let mut st = c.prepare_cached(
        "SELECT id, sent_at FROM chat_message WHERE conversation_id = ?1 ORDER BY id DESC LIMIT 1",
    )?;
    Ok(st
        .query_row([conversation.0], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Messages after `after` that are not `reader`'s, not deleted and not
/// hidden.
pub(crate) fn unread(
    c: Db<'_>,
    conversation: ConversationId,
    after: i64,
    reader: PersonId,
) -> Result<u32> {
    let mut st = c.prepare_cached(
        "SELECT count(*) FROM chat_message
         WHERE conversation_id = ?1 AND id > ?2 AND author_id <> ?3
           AND deleted_at IS NULL AND hidden_at IS NULL",
    )?;
    Ok(st.query_row(params![conversation.0, after, reader.0], |r| r.get(0))?)
}

/// Replaces a message's text, keeping the old one as a version.
pub(crate) fn edit(
    c: Db<'_>,
    school: SchoolId,
    id: ChatMessageId,
    old: &str,
    new: &str,
    now: i64,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO chat_message_version (message_id, version, body, replaced_at, school_id)
         SELECT ?1, coalesce(max(version), 0) + 1, ?2, ?3, ?4 FROM chat_message_version
          WHERE message_id = ?1 AND school_id = ?4",
    )?
    .execute(params![id.0, old, now, school.0])?;
    c.prepare_cached("UPDATE chat_message SET body = ?2, edited_at = ?3 WHERE id = ?1")?
        .execute(params![id.0, new, now])?;
    Ok(())
}

/// A message's earlier texts, oldest first.
pub(crate) fn versions(c: Db<'_>, id: ChatMessageId) -> Result<Vec<ChatMessageVersion>> {
    let mut st = c.prepare_cached(
        "SELECT version, body, replaced_at FROM chat_message_version WHERE message_id = ?1 ORDER BY version",
    )?;
    let v = st
        .query_map([id.0], |r| {
            Ok(ChatMessageVersion {
                version: r.get(0)?,
                text: r.get(1)?,
                replaced_at: r.get(2)?,
            })
        })?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

/// Deletes a message's content (and earlier versions), keeping a
/// tombstone.
pub(crate) fn delete(c: Db<'_>, id: ChatMessageId, now: i64) -> Result<()> {
    c.prepare_cached("DELETE FROM chat_message_version WHERE message_id = ?1")?
        .execute([id.0])?;
    c.prepare_cached(
        "UPDATE chat_message SET body = NULL, attachments = '[]', deleted_at = ?2 WHERE id = ?1",
    )?
    .execute(params![id.0, now])?;
    Ok(())
}

pub(crate) fn hide(
    c: Db<'_>,
    id: ChatMessageId,
    by: PersonId,
    reason: &str,
    now: i64,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE chat_message SET hidden_by = ?2, hidden_reason = ?3, hidden_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id.0, by.0, reason, now])?;
    Ok(())
}

/// Files a report (one per reporter and message).
pub(crate) fn report(
    c: Db<'_>,
    school: SchoolId,
    message: ChatMessageId,
    reporter: PersonId,
    reason: &str,
    now: i64,
) -> Result<ReportId> {
    c.prepare_cached(
        "INSERT INTO chat_report (message_id, reporter_id, reason, at, school_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![message.0, reporter.0, reason, now, school.0])
    .map_err(|e| {
        super::conflict_on_unique(e, || "you have already reported this message".into())
    })?;
    Ok(ReportId(c.last_insert_rowid()?))
}

/// The reports about messages of a school's conversations (`class` limits
/// them to one class chat's), newest first.
pub(crate) fn reports(
    c: Db<'_>,
    school: SchoolId,
    only: Option<ConversationId>,
) -> Result<Vec<ChatReport>> {
    let mut st = c.prepare_cached(
        "SELECT r.id, r.message_id, m.conversation_id, m.author_id, m.body, r.reporter_id, r.reason, r.at
         FROM chat_report r JOIN chat_message m ON m.id = r.message_id
           JOIN conversation cv ON cv.id = m.conversation_id
         WHERE cv.school_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR cv.id = ?2)
         ORDER BY r.id DESC",
    )?;
    let v = st
        .query_map(params![school.0, only.map(|o| o.0)], |r| {
            Ok(ChatReport {
                id: ReportId(r.get(0)?),
                message: ChatMessageId(r.get(1)?),
                conversation: ConversationId(r.get(2)?),
                author: PersonId(r.get(3)?),
                text: r.get(4)?,
                reporter: PersonId(r.get(5)?),
                reason: r.get(6)?,
                at: r.get(7)?,
            })
        })?
        .collect::<DbResult<_>>()?;
    Ok(v)
}

/// Messages of `conversations` whose text matches `terms` (an FTS5
/// expression over the words), newest first; hidden ones only the
/// reader's own. The conversations are part of the FTS query (their `k<id>`
/// tokens), so the cost follows the reader's conversations.
pub(crate) fn search(
    c: Db<'_>,
    conversations: &[ConversationId],
    terms: &str,
    reader: PersonId,
    limit: u32,
) -> Result<Vec<ChatMessage>> {
    if conversations.is_empty() {
        return Ok(Vec::new());
    }
    #[cfg(feature = "postgres")]
    if let Db::Postgres(_) = c {
        return search_postgres(c, conversations, terms, reader, limit);
    }
    let tokens: Vec<String> = conversations.iter().map(|c| format!("k{}", c.0)).collect();
    let query = format!("body : ({terms}) AND conv : ({})", tokens.join(" OR "));
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM chat_search s JOIN chat_message m ON m.id = s.rowid
         WHERE chat_search MATCH ?1 AND (m.hidden_at IS NULL OR m.author_id = ?2)
         ORDER BY s.rowid DESC LIMIT ?3"
    ))?;
    found(&mut st, params![query, reader.0, limit])
}

/// The messages a search statement finds.
fn found(st: &mut Statement<'_>, params: impl Params) -> Result<Vec<ChatMessage>> {
    let rows = st.query_map(params, read)?.collect::<DbResult<Vec<_>>>()?;
    rows.into_iter().map(finish).collect()
}

/// [`search`] on PostgreSQL: the words of `terms` (`"word"` or, for a
/// prefix, `"word"*`) as a text-search query over the message bodies
/// (lower-cased words, no stemming: the `simple` configuration; an index
/// on the same expression serves it).
#[cfg(feature = "postgres")]
fn search_postgres(
    c: Db<'_>,
    conversations: &[ConversationId],
    terms: &str,
    reader: PersonId,
    limit: u32,
) -> Result<Vec<ChatMessage>> {
    let query = terms
        .split_whitespace()
        .map(|t| {
            let prefix = t.ends_with('*');
            let word = t.trim_end_matches('*').trim_matches('"').to_lowercase();
            // Words are letters and digits only (search_terms); quoted all
            // the same.
            format!(
                "'{}'{}",
                word.replace('\'', ""),
                if prefix { ":*" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join(" & ");
    let ids: Vec<i64> = conversations.iter().map(|c| c.0).collect();
    let ids =
        serde_json::to_string(&ids).map_err(|e| crate::error::Error::Internal(e.to_string()))?;
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM chat_message m
         WHERE m.conversation_id IN ({}) AND m.body IS NOT NULL
           AND to_tsvector('simple', m.body) @@ to_tsquery('simple', ?1)
           AND (m.hidden_at IS NULL OR m.author_id = ?2)
         ORDER BY m.id DESC LIMIT ?3",
        c.json_ids(4)
    ))?;
    found(&mut st, params![query, reader.0, limit, ids])
}
