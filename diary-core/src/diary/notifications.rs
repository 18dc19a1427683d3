//! Host notifications: when an announcement, a chat message, a meeting
//! invitation or a teacher's message (asking for a signed reply or not)
//! reaches people, each of them is handed to the host's [`Notifier`]
//! inside the transaction of the write — unless the person muted that
//! event, or it falls in their quiet hours (in the school's time zone):
//! then it waits in a queue that [`Diary::deliver_due_notifications`] hands
//! over once the quiet hours end (an urgent announcement goes at once if
//! the person allows it). Without a notifier nothing is produced or
//! queued.

use super::Diary;
use crate::access::{Action, Facts};
use crate::actor::Actor;
use crate::delivery::Notifier;
use crate::error::{Error, Result};
use crate::ids::{PersonId, SchoolId};
use crate::model::{Notification, NotificationEvent, NotificationPreferences};
use crate::storage::db::Db;
use crate::storage::{self, notifications as store};
use std::sync::Arc;

/// What the access log calls this data.
const KIND: &str = "notifications";
/// Longest preview, in characters.
const PREVIEW_CHARS: usize = 140;
/// Most queued notifications handed over by one call.
const FLUSH_BATCH: u32 = 1000;

/// What a write tells its recipients (the person is filled in per
/// recipient).
pub(super) struct News<'a> {
    pub event: NotificationEvent,
    pub school: SchoolId,
    pub object: i64,
    pub conversation: Option<i64>,
    pub child: Option<PersonId>,
    pub title: &'a str,
    pub text: Option<&'a str>,
    pub urgent: bool,
}

/// Minutes from `now` (minutes after midnight) until quiet hours
/// `from`–`until` end, or `None` outside them.
fn quiet_left(now: u32, from: u32, until: u32) -> Option<u32> {
    let inside = if from <= until {
        (from..until).contains(&now)
    } else {
        now >= from || now < until
    };
    inside.then(|| (until + 1440 - now) % 1440)
}

impl Diary {
    /// Sets (or with `None` removes) the host's notifier for this handle.
    pub fn set_notifier(&self, notifier: Option<Arc<dyn Notifier>>) {
        *self.notifier.write().unwrap_or_else(|p| p.into_inner()) = notifier;
    }

    /// Whether a notifier is set (so that writes resolve recipients only
    /// when someone will be told).
    pub(super) fn notifying(&self) -> bool {
        self.current_notifier().is_some()
    }

    fn current_notifier(&self) -> Option<Arc<dyn Notifier>> {
        self.notifier
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Tells `people` (less `author`) about `news`, inside the caller's
    /// transaction `c`; a notifier's error refuses the write.
    pub(super) fn notify(
        &self,
        c: Db<'_>,
        people: &[PersonId],
        author: Option<PersonId>,
        news: &News<'_>,
    ) -> Result<()> {
        let Some(notifier) = self.current_notifier() else {
            return Ok(());
        };
        let now = self.clock.now().unix_timestamp();
        let zone = storage::school(c, news.school)?.time_zone;
        let local = crate::ical::local_minutes(&zone, now)?;
        let preview = news.text.map(|t| t.chars().take(PREVIEW_CHARS).collect());
        let mut seen = std::collections::HashSet::new();
        for &to in people {
            if Some(to) == author || !seen.insert(to) {
                continue;
            }
            let prefs = store::preferences(c, to)?;
            if prefs.muted.contains(&news.event) {
                continue;
            }
            let n = Notification {
                to,
                event: news.event,
                school: news.school,
                object: news.object,
                conversation: news.conversation,
                child: news.child,
                title: news.title.to_owned(),
                preview: preview.clone(),
                urgent: news.urgent,
                at: now,
                delayed: false,
            };
            let wait = prefs
                .quiet
                .and_then(|(from, until)| quiet_left(local, from, until))
                .filter(|_| !(news.urgent && prefs.urgent_in_quiet_hours));
            match wait {
                Some(minutes) => store::enqueue(c, &n, now + i64::from(minutes) * 60)?,
                None => self.hand_over(notifier.as_ref(), &n)?,
            }
        }
        Ok(())
    }

    fn hand_over(&self, notifier: &dyn Notifier, n: &Notification) -> Result<()> {
        let _guard = super::Delivering::enter(self);
        notifier.notify(n).map_err(|e| {
            Error::DeliveryFailed(format!("the host could not take the notification: {e}"))
        })
    }

    /// A person's notification preferences (the person).
    pub fn notification_preferences(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<NotificationPreferences> {
        self.read_marks(actor, |p| {
            own(p, actor, person, false)?;
            let prefs = store::preferences(p.c, person)?;
            let clock = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
            Ok(NotificationPreferences {
                muted: prefs.muted,
                quiet_from: prefs.quiet.map(|q| clock(q.0)),
                quiet_until: prefs.quiet.map(|q| clock(q.1)),
                urgent_in_quiet_hours: prefs.urgent_in_quiet_hours,
            })
        })
    }

    /// Sets a person's notification preferences (the person): events they
    /// do not want, and quiet hours "HH:MM"–"HH:MM" in the school's time
    /// zone (both or neither; they may span midnight).
    pub fn set_notification_preferences(
        &self,
        actor: &Actor,
        person: PersonId,
        prefs: &NotificationPreferences,
    ) -> Result<()> {
        let quiet = match (prefs.quiet_from.as_deref(), prefs.quiet_until.as_deref()) {
            (None, None) => None,
            (Some(f), Some(u)) => {
                let minutes =
                    |field: &str, t: &str| crate::text::clock_minutes(field, t).map(|m| m as u32);
                let (f, u) = (minutes("quiet_from", f)?, minutes("quiet_until", u)?);
                if f == u {
                    return Err(Error::invalid("quiet_until", "must differ from quiet_from"));
                }
                Some((f, u))
            }
            (Some(_), None) => {
                return Err(Error::invalid(
                    "quiet_until",
                    "give both ends of quiet hours",
                ))
            }
            (None, Some(_)) => {
                return Err(Error::invalid(
                    "quiet_from",
                    "give both ends of quiet hours",
                ))
            }
        };
        let mut muted = prefs.muted.clone();
        muted.sort_by_key(|m| m.code());
        muted.dedup();
        self.write_records(actor, |p| {
            own(p, actor, person, true)?;
            store::set_preferences(
                p.c,
                person,
                &store::Preferences {
                    muted,
                    quiet,
                    urgent_in_quiet_hours: prefs.urgent_in_quiet_hours,
                },
            )
        })
    }

    /// Hands the host the queued notifications whose quiet hours have
    /// ended (up to 1,000 per call, oldest first; the installation's
    /// operator, e.g. from a timer every minute); returns how many went.
    /// A notifier's error stops the batch with the rest still queued.
    pub fn deliver_due_notifications(&self, actor: &Actor) -> Result<u32> {
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            let facts = p.standing.facts_for(None);
            super::audience::decided(
                p,
                KIND,
                &facts,
                Action::ConfigureInstallation,
                None,
                None,
                true,
            )?;
            let Some(notifier) = self.current_notifier() else {
                return Err(Error::invalid(
                    "notifier",
                    "the host has not set a notifier for this handle",
                ));
            };
            let mut sent = 0;
            for (id, text) in store::due(p.c, now, FLUSH_BATCH)? {
                let mut n: Notification = serde_json::from_str(&text)
                    .map_err(|e| Error::Internal(format!("queued notification: {e}")))?;
                n.delayed = true;
                self.hand_over(notifier.as_ref(), &n)?;
                store::remove(p.c, id)?;
                sent += 1;
            }
            Ok(sent)
        })
    }

    /// How many notifications wait for the end of quiet hours (the
    /// operator).
    pub fn queued_notifications(&self, actor: &Actor) -> Result<u32> {
        self.read_marks(actor, |p| {
            let facts = p.standing.facts_for(None);
            super::audience::decided(
                p,
                KIND,
                &facts,
                Action::ConfigureInstallation,
                None,
                None,
                false,
            )?;
            store::waiting(p.c)
        })
    }
}

/// Only the person sets or reads their own preferences.
fn own(
    p: &mut super::placement::Placement<'_>,
    actor: &Actor,
    person: PersonId,
    write: bool,
) -> Result<()> {
    crate::limits::id("person", person.0)?;
    let me = actor.person() == Some(person);
    let facts = Facts {
        student: me,
        member: me,
        ..Facts::default()
    };
    if super::audience::decided(
        p,
        KIND,
        &facts,
        Action::SetNotificationPreferences,
        None,
        None,
        write,
    )
    .is_err()
    {
        return Err(Error::not_found("person", person.0));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::quiet_left;

    #[test]
    fn quiet_hours_may_span_midnight() {
        // 22:00–07:00.
        assert_eq!(quiet_left(23 * 60, 22 * 60, 7 * 60), Some(8 * 60));
        assert_eq!(quiet_left(6 * 60 + 30, 22 * 60, 7 * 60), Some(30));
        assert_eq!(quiet_left(12 * 60, 22 * 60, 7 * 60), None);
        assert_eq!(quiet_left(7 * 60, 22 * 60, 7 * 60), None);
        // 13:00–15:00.
        assert_eq!(quiet_left(14 * 60, 13 * 60, 15 * 60), Some(60));
        assert_eq!(quiet_left(15 * 60, 13 * 60, 15 * 60), None);
    }
}
