//! Moderating conversations (D11): hiding a message with a reason (its
//! author and the admins still see it, marked hidden), muting a
//! participant for a time, participants' reports and the moderators' list
//! of them, and the school's retention of past years' conversations.

use super::audience::decided;
use super::conversations::{seat, KIND};
use super::Diary;
use crate::access::{Action, Facts, StructureAction};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ChatMessageId, ConversationId, PersonId, ReportId, SchoolId};
use crate::model::{ChatReport, RetentionRecord};
use crate::storage::chat_messages as messages;
use crate::storage::conversations as store;
use crate::text;
use time::{Date, Month};

/// Longest mute, in seconds (a year).
const MAX_MUTE: i64 = 366 * 86_400;

/// The day `years` years before `day` (29 February becomes the 28th).
fn years_before(day: Date, years: u32) -> Date {
    let year = day.year() - years as i32;
    Date::from_calendar_date(year, day.month(), day.day())
        .or_else(|_| Date::from_calendar_date(year, Month::February, 28))
        .unwrap_or(day)
}

impl Diary {
    /// Hides a message with a reason (the school's admins; a class chat's
    /// class teacher). Others no longer see it; its author and the admins
    /// see it marked hidden.
    pub fn hide_chat_message(&self, actor: &Actor, id: ChatMessageId, reason: &str) -> Result<()> {
        let reason = text::required("reason", reason, 500)?;
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            crate::limits::id("message", id.0)?;
            let m = messages::get(p.c, id)?.ok_or_else(|| Error::not_found("message", id.0))?;
            let s =
                seat(p, actor, m.conversation).map_err(|_| Error::not_found("message", id.0))?;
            s.decide(p, Action::ModerateConversation, true)?;
            if m.hidden.is_some() {
                return Err(Error::invalid("message", "the message is hidden already"));
            }
            messages::hide(p.c, id, s.me, &reason, now)
        })
    }

    /// Mutes a participant until `until` (Unix seconds, within a year), or
    /// lifts a mute (`None`) — the school's admins, a class chat's class
    /// teacher; moderators themselves cannot be muted.
    pub fn mute_participant(
        &self,
        actor: &Actor,
        conversation: ConversationId,
        person: PersonId,
        until: Option<i64>,
    ) -> Result<()> {
        let now = self.clock.now().unix_timestamp();
        if let Some(t) = until {
            if t <= now || t.saturating_sub(now) > MAX_MUTE {
                return Err(Error::invalid(
                    "until",
                    "must be in the future, at most a year from now",
                ));
            }
        }
        crate::limits::id("person", person.0)?;
        self.write_records(actor, |p| {
            let s = seat(p, actor, conversation)?;
            s.decide(p, Action::ModerateConversation, true)?;
            let target = seat_for(p, conversation, person)?;
            if !target.student {
                return Err(Error::invalid(
                    "person",
                    format!("person {person} does not take part in this conversation"),
                ));
            }
            if target.admin || target.moderator {
                return Err(Error::invalid("person", "moderators cannot be muted"));
            }
            store::mute(p.c, s.row.school, conversation, person, until, s.me)
        })
    }

    /// Reports a message to the moderators (a participant; once per
    /// message; not one's own).
    pub fn report_chat_message(
        &self,
        actor: &Actor,
        id: ChatMessageId,
        reason: &str,
    ) -> Result<ReportId> {
        let reason = text::required("reason", reason, 500)?;
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            crate::limits::id("message", id.0)?;
            let m = messages::get(p.c, id)?.ok_or_else(|| Error::not_found("message", id.0))?;
            let s =
                seat(p, actor, m.conversation).map_err(|_| Error::not_found("message", id.0))?;
            if m.hidden.is_some() && m.author != s.me && !s.sees_hidden() {
                return Err(Error::not_found("message", id.0));
            }
            s.decide(p, Action::ReportChatMessage, true)?;
            if m.author == s.me {
                return Err(Error::invalid(
                    "message",
                    "you cannot report your own message",
                ));
            }
            messages::report(p.c, s.row.school, id, s.me, &reason, now)
        })
    }

    /// Reports about a school's messages, newest first: all of them for
    /// its admins, or (with `conversation`) one conversation's for its
    /// moderators.
    pub fn chat_reports(
        &self,
        actor: &Actor,
        school: SchoolId,
        conversation: Option<ConversationId>,
    ) -> Result<Vec<ChatReport>> {
        self.read_marks(actor, |p| {
            p.known_school(school, KIND, false)?;
            match conversation {
                Some(id) => {
                    let s = seat(p, actor, id)?;
                    if s.row.school != school {
                        return Err(Error::not_found("conversation", id.0));
                    }
                    s.decide(p, Action::ModerateConversation, false)?;
                }
                None => {
                    let facts = Facts {
                        admin: p.standing.admin_of.contains(&school),
                        member: true,
                        ..Facts::default()
                    };
                    decided(
                        p,
                        KIND,
                        &facts,
                        Action::ModerateConversation,
                        None,
                        Some(school),
                        false,
                    )?;
                }
            }
            messages::reports(p.c, school, conversation)
        })
    }

    /// Applies the school's retention (its admins): conversations of years
    /// that ended more than the set number of years ago (or, with no year,
    /// started that long ago) are archived or deleted, each with a record.
    pub fn apply_conversation_retention(
        &self,
        actor: &Actor,
        school: SchoolId,
    ) -> Result<Vec<RetentionRecord>> {
        let now = self.clock.now();
        self.write_records(actor, |p| {
            p.known_school(school, KIND, true)?;
            p.decide_school(school, StructureAction::ManageStructure, KIND, true)?;
            let rules = store::settings(p.c, school)?;
            let Some(years) = rules.retention_years else {
                return Err(Error::invalid(
                    "school",
                    "the school keeps conversations: set retention_years first",
                ));
            };
            let by = actor
                .person()
                .ok_or_else(|| Error::denied("retention is applied by a person"))?;
            let cutoff = years_before(now.date(), years);
            let started_before = cutoff.midnight().assume_utc().unix_timestamp();
            let mut out = Vec::new();
            for id in store::expired(p.c, school, cutoff, started_before)? {
                let n = store::retain(
                    p.c,
                    school,
                    id,
                    rules.retention_action,
                    by,
                    now.unix_timestamp(),
                )?;
                out.push(RetentionRecord {
                    conversation: id,
                    action: rules.retention_action,
                    messages: n,
                    by,
                    at: now.unix_timestamp(),
                });
            }
            Ok(out)
        })
    }

    /// What retention did in a school, oldest first (its admins).
    pub fn conversation_retention_records(
        &self,
        actor: &Actor,
        school: SchoolId,
    ) -> Result<Vec<RetentionRecord>> {
        self.read_marks(actor, |p| {
            p.known_school(school, KIND, false)?;
            p.decide_school(school, StructureAction::ManageStructure, KIND, false)?;
            store::retention_records(p.c, school)
        })
    }
}

/// Another person's standing in a conversation (for muting): whether they
/// take part, are an admin of its school or its moderator.
fn seat_for(
    p: &mut super::placement::Placement<'_>,
    conversation: ConversationId,
    person: PersonId,
) -> Result<Facts> {
    let other = Actor::vouched(person);
    Ok(seat(p, &other, conversation)?.facts)
}

#[cfg(test)]
mod tests {
    use super::years_before;
    use time::macros::date;

    #[test]
    fn years_before_keeps_the_day_or_ends_february() {
        assert_eq!(
            years_before(date!(2026 - 11 - 30), 2),
            date!(2024 - 11 - 30)
        );
        assert_eq!(
            years_before(date!(2024 - 02 - 29), 1),
            date!(2023 - 02 - 28)
        );
    }
}
