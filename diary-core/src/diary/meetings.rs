//! Meetings with agendas (D12): organising one for an audience (the same
//! rules as announcements: admins anywhere in their school, teachers for
//! the classes they teach or lead), each person's meetings, answers (yes,
//! no, maybe with a comment), minutes and decisions recorded from the
//! meeting's day on and visible to the invited, and cancellation.
//!
//! Times are local to the school's time zone: a day and "HH:MM".

use super::audience::{check_entries, decided, publish_facts, reaches};
use super::Diary;
use crate::access::{conceals, Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{MeetingId, PersonId};
use crate::model::{Meeting, MeetingAnswer, MeetingReply, NewMeeting};
use crate::storage::announcements as people;
use crate::storage::meetings::{self as store, Row};
use crate::text;
use time::Date;

/// What the access log calls this data.
const KIND: &str = "meetings";
/// Most agenda items and decisions.
const MAX_ITEMS: usize = 50;

fn optional_line(field: &str, v: Option<&str>, max: usize) -> Result<Option<String>> {
    match v {
        Some(v) if !v.trim().is_empty() => text::required(field, v, max).map(Some),
        _ => Ok(None),
    }
}

impl Diary {
    /// Organises a meeting: checked (a day today or later, a start and a
    /// length ending by midnight, an https link, an agenda ordered by start
    /// within the meeting without overlaps, presenters of the school) and
    /// decided per audience entry as announcements are; nothing is stored
    /// on a refusal.
    pub fn organise_meeting(&self, actor: &Actor, new: &NewMeeting) -> Result<Meeting> {
        let now = self.clock.now();
        let title = text::required("title", &new.title, 200)?;
        let description =
            text::optional_free_text("description", new.description.as_deref(), 5000)?;
        let place = optional_line("place", new.place.as_deref(), 200)?;
        let link = optional_line("online_link", new.online_link.as_deref(), 2048)?;
        if link.as_deref().is_some_and(|l| !l.starts_with("https://")) {
            return Err(Error::invalid("online_link", "must be an https:// link"));
        }
        if new.day < now.date() {
            return Err(Error::invalid(
                "day",
                "a meeting cannot be organised in the past",
            ));
        }
        text::date_within("day", new.day, text::EARLIEST_DATE, text::LATEST_DATE)?;
        let starts = text::clock_minutes("starts", &new.starts)?;
        if !(5..=720).contains(&new.minutes) || starts + i64::from(new.minutes) > 1440 {
            return Err(Error::invalid(
                "minutes",
                "a meeting lasts 5 to 720 minutes and ends by midnight",
            ));
        }
        check_entries(&new.audience)?;
        if new.agenda.len() > MAX_ITEMS {
            return Err(Error::invalid(
                "agenda",
                format!("at most {MAX_ITEMS} items"),
            ));
        }
        let end = starts + i64::from(new.minutes);
        let mut agenda = Vec::with_capacity(new.agenda.len());
        let mut previous_end = starts;
        for (i, item) in new.agenda.iter().enumerate() {
            let at = |f: &str| format!("agenda[{i}].{f}");
            let t = text::required(&at("title"), &item.title, 200)?;
            let s = text::clock_minutes(&at("starts"), &item.starts)?;
            if item.minutes == 0 || item.minutes > 720 {
                return Err(Error::invalid(at("minutes"), "must be 1 to 720"));
            }
            if s < previous_end {
                return Err(Error::invalid(
                    at("starts"),
                    "agenda items follow each other without overlapping, from the meeting's start",
                ));
            }
            if s + i64::from(item.minutes) > end {
                return Err(Error::invalid(
                    at("minutes"),
                    "the item ends after the meeting",
                ));
            }
            previous_end = s + i64::from(item.minutes);
            agenda.push((t, item.presenter, s, item.minutes));
        }
        self.write_records(actor, |p| {
            p.known_school(new.school, KIND, true)?;
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("meetings are organised by a person"))?;
            for (i, (_, presenter, _, _)) in agenda.iter().enumerate() {
                if let Some(person) = presenter {
                    let ctx = people::contexts(p.c, *person, now.date())?;
                    if !ctx.staff_schools.contains(&new.school)
                        && !ctx.as_student.iter().any(|pl| pl.school == new.school)
                        && !ctx.as_parent.iter().any(|(_, pl)| pl.school == new.school)
                    {
                        return Err(Error::invalid(
                            format!("agenda[{i}].presenter"),
                            format!("person {person} is not of this school"),
                        ));
                    }
                }
            }
            for (i, entry) in new.audience.iter().enumerate() {
                let facts = publish_facts(p, new.school, entry, me, i)?;
                decided(
                    p,
                    KIND,
                    &facts,
                    Action::OrganiseMeeting,
                    None,
                    Some(new.school),
                    true,
                )?;
            }
            let row = Row {
                school: new.school,
                organiser: me,
                kind: new.kind,
                title: &title,
                description: description.as_deref(),
                day: new.day,
                starts,
                minutes: new.minutes,
                place: place.as_deref(),
                online_link: link.as_deref(),
                audience: &new.audience,
                agenda,
            };
            let id = store::insert(p.c, &row, now.unix_timestamp())?;
            if self.notifying() {
                let people = super::audience::recipients(p, &new.audience, new.school, now.date())?;
                self.notify(
                    p.c,
                    &people,
                    Some(me),
                    &super::notifications::News {
                        event: crate::model::NotificationEvent::MeetingInvitation,
                        school: new.school,
                        object: id.0,
                        conversation: None,
                        child: None,
                        title: &title,
                        text: description.as_deref(),
                        urgent: false,
                    },
                )?;
            }
            store::get(p.c, id, Some(me))
        })
    }

    /// The meetings `person` (the actor) is invited to on days
    /// `first_day..=last_day` (at most a year), or with `child` those
    /// reaching a guardian through that child; by day and start.
    pub fn meetings_for(
        &self,
        actor: &Actor,
        person: PersonId,
        child: Option<PersonId>,
        first_day: Date,
        last_day: Date,
    ) -> Result<Vec<Meeting>> {
        if last_day < first_day || (last_day - first_day).whole_days() > 366 {
            return Err(Error::invalid(
                "last_day",
                "must be on or after first_day, at most a year later",
            ));
        }
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            meetings_in(p, actor, person, child, (first_day, last_day), today, false)
        })
    }

    /// One meeting: for an invitee today, its organiser and the school's
    /// admins.
    pub fn meeting(&self, actor: &Actor, id: MeetingId) -> Result<Meeting> {
        let today = self.clock.now().date();
        self.read_marks(actor, |p| {
            crate::limits::id("meeting", id.0)?;
            let me = actor.person();
            let m = store::get(p.c, id, me).map_err(hide(id))?;
            let mut facts = p.standing.facts_for(Some(m.school));
            facts.student = me == Some(m.organiser) || invited(p, &m, me, today)?;
            let decision = decided(
                p,
                KIND,
                &facts,
                Action::ReadMeetings,
                None,
                Some(m.school),
                false,
            );
            if decision.is_err() {
                return Err(Error::not_found("meeting", id.0));
            }
            Ok(m)
        })
    }

    /// Answers an invitation (an invitee, before the meeting's day ends);
    /// a later answer replaces the earlier one.
    pub fn reply_to_meeting(
        &self,
        actor: &Actor,
        id: MeetingId,
        answer: MeetingAnswer,
        comment: Option<&str>,
    ) -> Result<Meeting> {
        let now = self.clock.now();
        let comment = text::optional_free_text("comment", comment, 500)?;
        self.write_records(actor, |p| {
            crate::limits::id("meeting", id.0)?;
            let me = actor.person();
            let m = store::get(p.c, id, me).map_err(hide(id))?;
            let facts = Facts {
                student: invited(p, &m, me, now.date())?,
                ..p.standing.facts_for(Some(m.school))
            };
            let decision = decided(
                p,
                KIND,
                &facts,
                Action::ReplyToMeeting,
                None,
                Some(m.school),
                true,
            );
            let Some(me) = me.filter(|_| decision.is_ok()) else {
                return Err(Error::not_found("meeting", id.0));
            };
            if m.cancelled {
                return Err(Error::Conflict(format!("meeting {id} was cancelled")));
            }
            if m.day < now.date() {
                return Err(Error::Conflict(format!("meeting {id} is over")));
            }
            store::reply(
                p.c,
                m.school,
                id,
                me,
                answer,
                comment.as_deref(),
                now.unix_timestamp(),
            )?;
            store::get(p.c, id, Some(me))
        })
    }

    /// The invitees' answers (the organiser and the school's admins).
    pub fn meeting_replies(&self, actor: &Actor, id: MeetingId) -> Result<Vec<MeetingReply>> {
        self.read_marks(actor, |p| {
            managed(p, actor, id, false)?;
            store::replies(p.c, id)
        })
    }

    /// Records (or corrects) the minutes and decisions, from the meeting's
    /// day on (the organiser and the school's admins); the invited see them.
    pub fn record_meeting_minutes(
        &self,
        actor: &Actor,
        id: MeetingId,
        minutes: &str,
        decisions: &[String],
    ) -> Result<Meeting> {
        let now = self.clock.now();
        let minutes = text::free_text("minutes", minutes, 20_000)?;
        if decisions.len() > MAX_ITEMS {
            return Err(Error::invalid(
                "decisions",
                format!("at most {MAX_ITEMS} decisions"),
            ));
        }
        let decisions = decisions
            .iter()
            .enumerate()
            .map(|(i, d)| text::free_text(&format!("decisions[{i}]"), d, 2000))
            .collect::<Result<Vec<_>>>()?;
        self.write_records(actor, |p| {
            let (m, me) = managed(p, actor, id, true)?;
            if m.cancelled {
                return Err(Error::Conflict(format!("meeting {id} was cancelled")));
            }
            if m.day > now.date() {
                return Err(Error::invalid(
                    "minutes",
                    "minutes are recorded from the meeting's day on",
                ));
            }
            store::record(
                p.c,
                m.school,
                id,
                &minutes,
                &decisions,
                me,
                now.unix_timestamp(),
            )?;
            store::get(p.c, id, Some(me))
        })
    }

    /// Cancels a meeting (the organiser and the school's admins).
    pub fn cancel_meeting(&self, actor: &Actor, id: MeetingId) -> Result<()> {
        let now = self.clock.now();
        self.write_records(actor, |p| {
            managed(p, actor, id, true)?;
            store::cancel(p.c, id, now.unix_timestamp())
        })
    }
}

/// A missing meeting and one the actor may not know read alike.
fn hide(id: MeetingId) -> impl FnOnce(Error) -> Error {
    move |e| match e {
        Error::NotFound { .. } => Error::not_found("meeting", id.0),
        other => other,
    }
}

/// Whether `me` is invited today (not cancelled, addressed by the audience).
fn invited(
    p: &super::placement::Placement<'_>,
    m: &Meeting,
    me: Option<PersonId>,
    day: Date,
) -> Result<bool> {
    match me {
        Some(me) if !m.cancelled => Ok(reaches(
            &m.audience,
            m.school,
            &people::contexts(p.c, me, day)?,
            me,
            None,
        )),
        _ => Ok(false),
    }
}

/// A meeting the actor manages (its organiser or an admin of its school).
fn managed(
    p: &mut super::placement::Placement<'_>,
    actor: &Actor,
    id: MeetingId,
    write: bool,
) -> Result<(Meeting, PersonId)> {
    crate::limits::id("meeting", id.0)?;
    let me = actor.person();
    let m = store::get(p.c, id, me).map_err(hide(id))?;
    let mut facts = p.standing.facts_for(Some(m.school));
    facts.student = me == Some(m.organiser);
    let decision = decided(
        p,
        KIND,
        &facts,
        Action::ManageMeeting,
        None,
        Some(m.school),
        write,
    );
    if decision.is_err() && conceals(&facts) {
        return Err(Error::not_found("meeting", id.0));
    }
    decision?;
    let me = me.ok_or_else(|| Error::denied("meetings are managed by a person"))?;
    Ok((m, me))
}

/// The meetings `person` (the actor) is invited to or organised on days
/// `first_day..=last_day` (with `child`, those reaching a guardian through
/// that child), by day and start, cancelled ones too if asked; decided
/// and logged as the person's own view.
pub(super) fn meetings_in(
    p: &mut super::placement::Placement<'_>,
    actor: &Actor,
    person: PersonId,
    child: Option<PersonId>,
    (first_day, last_day): (Date, Date),
    today: Date,
    cancelled_too: bool,
) -> Result<Vec<Meeting>> {
    let (ctx, schools) = super::audience::own_view(
        p,
        actor.person(),
        person,
        child,
        today,
        KIND,
        Action::ReadMeetings,
    )?;
    let mut out = Vec::new();
    for school in schools {
        for id in store::between(p.c, school, first_day, last_day, cancelled_too)? {
            let m = store::get(p.c, id, Some(person))?;
            if m.organiser == person || reaches(&m.audience, m.school, &ctx, person, child) {
                out.push(m);
            }
        }
    }
    out.sort_by(|a, b| (a.day, &a.starts, a.id).cmp(&(b.day, &b.starts, b.id)));
    Ok(out)
}
