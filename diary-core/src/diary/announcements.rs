//! Announcements (D9): publishing to an audience, each person's list,
//! read receipts, edits kept as history, withdrawal.
//!
//! Who may publish where is decided per audience entry through the policy
//! (`PublishAnnouncement`): the whole school and its staff by its admins;
//! a class, a group of it, or a student or parent of it by the admins, the
//! class teacher and the class's subject teachers (its staff by the admins
//! and the class teacher only). The audience is kept as written and
//! resolved when read, from the reader's relations on that day: people who
//! join later see current announcements, and a transferred student's
//! family sees the new school's, not the old one's. Trusted persons are not
//! addressed (their grants cover a child's diary and visits, not the
//! school's notices to families).

use super::Diary;
use crate::access::{conceals, Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{AnnouncementId, PersonId};
use crate::model::{Announcement, AnnouncementEdit, NewAnnouncement, ReadReceipt};
use crate::storage::announcements::{self as store, Contexts};
use crate::text;
use serde::Serialize;
use time::Date;

/// Longest title and text, in characters.
const MAX_TITLE: usize = 200;
const MAX_BODY: usize = 10_000;
/// Most attachments.
const MAX_ATTACHMENTS: usize = 20;
/// Longest validity window, in days.
const MAX_DAYS_SHOWN: i64 = 366;
/// What the access log calls this data.
const KIND: &str = "announcements";

/// An earlier version of an edited announcement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnouncementVersion {
    /// When it was replaced (Unix seconds).
    pub replaced_at: i64,
    /// Who replaced it.
    pub replaced_by: PersonId,
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
}

fn reaches(a: &Announcement, ctx: &Contexts, me: PersonId, child: Option<PersonId>) -> bool {
    super::audience::reaches(&a.audience, a.school, ctx, me, child)
}

impl Diary {
    /// Publishes an announcement (see the module's rules for who may
    /// address whom); every audience entry is checked against the school
    /// and the policy, and a refused entry stores nothing.
    pub fn publish_announcement(
        &self,
        actor: &Actor,
        new: &NewAnnouncement,
    ) -> Result<Announcement> {
        let now = self.clock.now();
        let mut a = new.clone();
        a.title = text::required("title", &new.title, MAX_TITLE)?;
        a.body = text::free_text("body", &new.body, MAX_BODY)?;
        if a.attachments.len() > MAX_ATTACHMENTS {
            return Err(Error::invalid(
                "attachments",
                format!("at most {MAX_ATTACHMENTS} files"),
            ));
        }
        a.attachments = a
            .attachments
            .iter()
            .map(super::lessons::check_attachment)
            .collect::<Result<_>>()?;
        text::date_within(
            "shown_from",
            a.shown_from,
            text::EARLIEST_DATE,
            text::LATEST_DATE,
        )?;
        if a.shown_until < a.shown_from {
            return Err(Error::invalid(
                "shown_until",
                "must not be before shown_from",
            ));
        }
        if (a.shown_until - a.shown_from).whole_days() >= MAX_DAYS_SHOWN {
            return Err(Error::invalid(
                "shown_until",
                "an announcement is shown for at most a year",
            ));
        }
        if a.shown_until < now.date() {
            return Err(Error::invalid(
                "shown_until",
                "the announcement would never be shown",
            ));
        }
        super::audience::check_entries(&a.audience)?;
        self.write_records(actor, |p| {
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("announcements are published by a person"))?;
            let id = self.publish_in(p, &a, me)?;
            store::get(p.c, id, Some(me))
        })
    }

    /// Publishes a checked announcement inside the caller's transaction:
    /// each audience entry decided for `me`, stored, its recipients told.
    pub(super) fn publish_in(
        &self,
        p: &mut super::placement::Placement<'_>,
        a: &NewAnnouncement,
        me: PersonId,
    ) -> Result<AnnouncementId> {
        let now = self.clock.now();
        p.known_school(a.school, KIND, true)?;
        for (i, entry) in a.audience.iter().enumerate() {
            let facts = super::audience::publish_facts(p, a.school, entry, me, i)?;
            super::audience::decided(
                p,
                KIND,
                &facts,
                Action::PublishAnnouncement,
                None,
                Some(a.school),
                true,
            )?;
        }
        let id = store::insert(p.c, a, me, now.unix_timestamp())?;
        if self.notifying() {
            let people = super::audience::recipients(
                p,
                &a.audience,
                a.school,
                a.shown_from.max(now.date()),
            )?;
            self.notify(
                p.c,
                &people,
                Some(me),
                &super::notifications::News {
                    event: crate::model::NotificationEvent::Announcement,
                    school: a.school,
                    object: id.0,
                    conversation: None,
                    child: None,
                    title: &a.title,
                    text: Some(&a.body),
                    urgent: a.urgent,
                },
            )?;
        }
        Ok(id)
    }

    /// Changes an announcement's title, text, last day, pin or priority
    /// (the author or the school's admins); the replaced text is kept.
    pub fn edit_announcement(
        &self,
        actor: &Actor,
        id: AnnouncementId,
        edit: &AnnouncementEdit,
    ) -> Result<Announcement> {
        let now = self.clock.now();
        let title = edit
            .title
            .as_deref()
            .map(|t| text::required("title", t, MAX_TITLE))
            .transpose()?;
        let body = edit
            .body
            .as_deref()
            .map(|t| text::free_text("body", t, MAX_BODY))
            .transpose()?;
        self.write_records(actor, |p| {
            let (old, me) = managed(p, actor, id, Action::ManageAnnouncement, true)?;
            if old.withdrawn {
                return Err(Error::Conflict(format!("announcement {id} was withdrawn")));
            }
            let until = edit.shown_until.unwrap_or(old.shown_until);
            if until < old.shown_from {
                return Err(Error::invalid(
                    "shown_until",
                    "must not be before shown_from",
                ));
            }
            if (until - old.shown_from).whole_days() >= MAX_DAYS_SHOWN {
                return Err(Error::invalid(
                    "shown_until",
                    "an announcement is shown for at most a year",
                ));
            }
            store::edit(
                p.c,
                id,
                me,
                now.unix_timestamp(),
                &old,
                title.as_deref().unwrap_or(&old.title),
                body.as_deref().unwrap_or(&old.body),
                until,
                edit.pinned.unwrap_or(old.pinned),
                edit.urgent.unwrap_or(old.urgent),
            )?;
            store::get(p.c, id, Some(me))
        })
    }

    /// Withdraws an announcement (the author or the school's admins): its
    /// recipients no longer see it; it stays for the record.
    pub fn withdraw_announcement(&self, actor: &Actor, id: AnnouncementId) -> Result<()> {
        let now = self.clock.now();
        self.write_records(actor, |p| {
            managed(p, actor, id, Action::ManageAnnouncement, true)?;
            store::withdraw(p.c, id, now.unix_timestamp())
        })
    }

    /// Earlier versions of an edited announcement, oldest first (the
    /// author and the school's admins).
    pub fn announcement_versions(
        &self,
        actor: &Actor,
        id: AnnouncementId,
    ) -> Result<Vec<AnnouncementVersion>> {
        self.read_marks(actor, |p| {
            managed(p, actor, id, Action::ManageAnnouncement, false)?;
            Ok(store::versions(p.c, id)?
                .into_iter()
                .map(
                    |(replaced_at, replaced_by, title, body)| AnnouncementVersion {
                        replaced_at,
                        replaced_by,
                        title,
                        body,
                    },
                )
                .collect())
        })
    }

    /// The announcements addressed today to `person` (the actor), or with
    /// `child` those that reach a guardian through that child: pinned
    /// first, then unread, then urgent, then newest.
    pub fn announcements_for(
        &self,
        actor: &Actor,
        person: PersonId,
        child: Option<PersonId>,
    ) -> Result<Vec<Announcement>> {
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            let (ctx, schools) = super::audience::own_view(
                p,
                actor.person(),
                person,
                child,
                today,
                KIND,
                Action::ReadAnnouncements,
            )?;
            let mut out = Vec::new();
            for school in schools {
                for id in store::shown_on(p.c, school, today)? {
                    let a = store::get(p.c, id, Some(person))?;
                    if reaches(&a, &ctx, person, child) {
                        out.push(a);
                    }
                }
            }
            out.sort_by(|a, b| {
                b.pinned
                    .cmp(&a.pinned)
                    .then(a.read_at.is_some().cmp(&b.read_at.is_some()))
                    .then(b.urgent.cmp(&a.urgent))
                    .then(b.published_at.cmp(&a.published_at))
                    .then(b.id.cmp(&a.id))
            });
            Ok(out)
        })
    }

    /// One announcement: for a recipient today, its author and the
    /// school's admins.
    pub fn announcement(&self, actor: &Actor, id: AnnouncementId) -> Result<Announcement> {
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            let me = actor.person();
            let a = store::get(p.c, id, me).map_err(hide_missing(id))?;
            let mut facts = p.standing.facts_for(Some(a.school));
            facts.student = me == Some(a.author);
            if !(facts.admin || facts.student) {
                facts.student = is_recipient(p, &a, me, today)?;
            }
            let decision = super::audience::decided(
                p,
                KIND,
                &facts,
                Action::ReadAnnouncements,
                None,
                Some(a.school),
                false,
            );
            if decision.is_err() {
                return Err(Error::not_found("announcement", id.0));
            }
            Ok(a)
        })
    }

    /// Marks an announcement read by the actor, a recipient today.
    pub fn mark_announcement_read(&self, actor: &Actor, id: AnnouncementId) -> Result<()> {
        let now = self.clock.now();
        self.write_records(actor, |p| {
            let me = actor.person();
            let a = store::get(p.c, id, me).map_err(hide_missing(id))?;
            let facts = Facts {
                student: is_recipient(p, &a, me, now.date())?,
                ..p.standing.facts_for(Some(a.school))
            };
            let decision = super::audience::decided(
                p,
                KIND,
                &facts,
                Action::MarkAnnouncementRead,
                None,
                Some(a.school),
                true,
            );
            let Some(me) = me.filter(|_| decision.is_ok()) else {
                return Err(Error::not_found("announcement", id.0));
            };
            store::mark_read(p.c, a.school, id, me, now.unix_timestamp())
        })
    }

    /// Who has read an announcement (the author and the school's admins):
    /// everyone it reaches today, with the time they marked it read or
    /// `None`, and earlier readers it no longer reaches.
    pub fn announcement_receipts(
        &self,
        actor: &Actor,
        id: AnnouncementId,
    ) -> Result<Vec<ReadReceipt>> {
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            let (a, _) = managed(p, actor, id, Action::ReadAnnouncementReceipts, false)?;
            let mut out = store::readers(p.c, id)?;
            let read: std::collections::HashSet<PersonId> = out.iter().map(|r| r.person).collect();
            for person in store::candidates(p.c, &a.audience, a.school, today)? {
                if read.contains(&person) {
                    continue;
                }
                if reaches(&a, &store::contexts(p.c, person, today)?, person, None) {
                    out.push(ReadReceipt {
                        person,
                        read_at: None,
                    });
                }
            }
            out.sort_by_key(|r| (r.read_at.is_some(), r.person));
            Ok(out)
        })
    }
}

/// Whether `me` is a recipient of `a` on `day` (shown, not withdrawn, and
/// addressed through their relations that day).
fn is_recipient(
    p: &super::placement::Placement<'_>,
    a: &Announcement,
    me: Option<PersonId>,
    day: Date,
) -> Result<bool> {
    match me {
        Some(me) if !a.withdrawn && shown(a, day) => {
            Ok(reaches(a, &store::contexts(p.c, me, day)?, me, None))
        }
        _ => Ok(false),
    }
}

fn shown(a: &Announcement, day: Date) -> bool {
    a.shown_from <= day && day <= a.shown_until
}

/// A missing announcement and one the actor may not know read alike.
fn hide_missing(id: AnnouncementId) -> impl FnOnce(Error) -> Error {
    move |e| match e {
        Error::NotFound { .. } => Error::not_found("announcement", id.0),
        other => other,
    }
}

/// An announcement the actor manages (its author, or an admin of its
/// school), decided for `action`; others get "not found" when they have no
/// relation to the school, else the refusal.
fn managed(
    p: &mut super::placement::Placement<'_>,
    actor: &Actor,
    id: AnnouncementId,
    action: Action,
    write: bool,
) -> Result<(Announcement, PersonId)> {
    crate::limits::id("announcement", id.0)?;
    let me = actor.person();
    let a = store::get(p.c, id, me).map_err(hide_missing(id))?;
    let mut facts = p.standing.facts_for(Some(a.school));
    facts.student = me == Some(a.author);
    let decision = super::audience::decided(p, KIND, &facts, action, None, Some(a.school), write);
    if decision.is_err() && conceals(&facts) {
        return Err(Error::not_found("announcement", id.0));
    }
    decision?;
    let me = me.ok_or_else(|| Error::denied("announcements are managed by a person"))?;
    Ok((a, me))
}
