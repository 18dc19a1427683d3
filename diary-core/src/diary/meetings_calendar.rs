//! Meetings in iCalendar (RFC 5545, with RFC 5546's methods): a person's
//! meetings as a subscribable feed (`METHOD:PUBLISH`; RFC 5546 leaves
//! ATTENDEE out of a publication, so the person's own answer is in the
//! description), and one meeting as an invitation (`METHOD:REQUEST`)
//! with the organiser and the reader as an ATTENDEE whose PARTSTAT is their
//! answer (NEEDS-ACTION before they answer). A cancelled meeting keeps its
//! UID with STATUS:CANCELLED; times are in the school's zone with its
//! VTIMEZONE.

use super::Diary;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ical::{self, Writer};
use crate::ids::{MeetingId, PersonId};
use crate::model::{Meeting, MeetingAnswer};
use crate::storage;
use crate::storage::Db;
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, Duration, Time};

const PRODID: &str = "-//diary//school diary//EN";

/// The local start and end of a meeting.
fn span(m: &Meeting) -> Result<(String, String)> {
    let minutes = |t: &str| -> Result<i64> {
        let (h, mm) = t
            .split_once(':')
            .ok_or_else(|| Error::Internal(format!("stored time {t:?}")))?;
        Ok(h.parse::<i64>().unwrap_or(0) * 60 + mm.parse::<i64>().unwrap_or(0))
    };
    let start = minutes(&m.starts)?;
    let end = start + i64::from(m.minutes);
    let at = |min: i64| -> Result<String> {
        let day = m.day + Duration::days(min / 1440);
        let t = Time::from_hms((min % 1440 / 60) as u8, (min % 60) as u8, 0)
            .map_err(|e| Error::Internal(e.to_string()))?;
        Ok(ical::local(day, t))
    };
    Ok((at(start)?, at(end)?))
}

fn partstat(answer: Option<MeetingAnswer>) -> &'static str {
    match answer {
        None => "NEEDS-ACTION",
        Some(MeetingAnswer::Yes) => "ACCEPTED",
        Some(MeetingAnswer::No) => "DECLINED",
        Some(MeetingAnswer::Maybe) => "TENTATIVE",
    }
}

fn cal_address(person: PersonId) -> String {
    format!("urn:diary:person:{person}")
}

/// Writes one meeting as a VEVENT; `attendee` names the reader for an
/// invitation.
fn write_meeting(
    w: &mut Writer,
    m: &Meeting,
    tz: &str,
    stamp: &str,
    organiser: &str,
    attendee: Option<(PersonId, &str)>,
) -> Result<()> {
    let (start, end) = span(m)?;
    w.line("BEGIN", "VEVENT");
    w.line("UID", &format!("meeting-{}@diary", m.id));
    w.line("DTSTAMP", stamp);
    w.line(&format!("DTSTART;TZID={tz}"), &start);
    w.line(&format!("DTEND;TZID={tz}"), &end);
    w.text("SUMMARY", &m.title);
    let mut description = m.description.clone().unwrap_or_default();
    if !m.agenda.is_empty() {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str("Agenda:");
        for item in &m.agenda {
            description.push_str(&format!(
                "\n{} ({} min) {}",
                item.starts, item.minutes, item.title
            ));
        }
    }
    if attendee.is_none() {
        if let Some(r) = &m.reply {
            description.push_str(&format!("\n\nYour answer: {}", r.answer));
        }
    }
    if !description.is_empty() {
        w.text("DESCRIPTION", &description);
    }
    match (&m.place, &m.online_link) {
        (Some(place), _) => w.text("LOCATION", place),
        (None, Some(link)) => w.text("LOCATION", link),
        _ => {}
    }
    if let Some(link) = &m.online_link {
        w.line("URL", link);
    }
    w.line(
        &format!("ORGANIZER;CN={}", quoted(organiser)),
        &cal_address(m.organiser),
    );
    if let Some((me, name)) = attendee {
        w.line(
            &format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT={};RSVP=TRUE",
                quoted(name),
                partstat(m.reply.as_ref().map(|r| r.answer))
            ),
            &cal_address(me),
        );
    }
    w.line("SEQUENCE", if m.cancelled { "1" } else { "0" });
    w.line(
        "STATUS",
        if m.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        },
    );
    w.line("END", "VEVENT");
    Ok(())
}

/// A parameter value in quotes (RFC 5545 3.2: no DQUOTE inside).
fn quoted(v: &str) -> String {
    format!("\"{}\"", v.replace('"', "'"))
}

fn head(w: &mut Writer, method: &str) {
    w.line("BEGIN", "VCALENDAR");
    w.line("VERSION", "2.0");
    w.line("PRODID", PRODID);
    w.line("CALSCALE", "GREGORIAN");
    w.line("METHOD", method);
}

fn name(c: Db<'_>, id: PersonId) -> Result<String> {
    let p = storage::person(c, id)?;
    Ok(format!("{} {}", p.surname, p.first_name))
}

impl Diary {
    /// The meetings `person` (the actor) is invited to or organised on days
    /// `from..=to` (at most a year; with `child`, those reaching a guardian
    /// through that child) as an iCalendar feed (`METHOD:PUBLISH`);
    /// cancelled meetings stay in it with STATUS:CANCELLED.
    pub fn meetings_calendar(
        &self,
        actor: &Actor,
        person: PersonId,
        child: Option<PersonId>,
        from: Date,
        to: Date,
    ) -> Result<String> {
        if to < from || (to - from).whole_days() > 366 {
            return Err(Error::invalid(
                "to",
                "must be on or after from, at most a year later",
            ));
        }
        let now = self.clock.now();
        let stamp = ical::utc(now);
        self.read_marks(actor, |p| {
            let meetings = super::meetings::meetings_in(
                p,
                actor,
                person,
                child,
                (from, to),
                now.date(),
                true,
            )?;
            let mut zones = BTreeMap::new();
            let mut organisers = BTreeMap::new();
            for m in &meetings {
                if let std::collections::btree_map::Entry::Vacant(e) = zones.entry(m.school) {
                    e.insert(storage::school(p.c, m.school)?.time_zone);
                }
                if let std::collections::btree_map::Entry::Vacant(e) = organisers.entry(m.organiser)
                {
                    e.insert(name(p.c, m.organiser)?);
                }
            }
            let mut w = Writer::new();
            head(&mut w, "PUBLISH");
            for tz in zones.values().collect::<BTreeSet<_>>() {
                ical::vtimezone(&mut w, tz, from, to)?;
            }
            for m in &meetings {
                write_meeting(
                    &mut w,
                    m,
                    &zones[&m.school],
                    &stamp,
                    &organisers[&m.organiser],
                    None,
                )?;
            }
            w.line("END", "VCALENDAR");
            Ok(w.finish())
        })
    }

    /// One meeting as an iCalendar invitation (`METHOD:REQUEST`) for the
    /// reader (an invitee today, its organiser or the school's admins), with
    /// the reader as ATTENDEE and their answer as PARTSTAT.
    pub fn meeting_invitation(&self, actor: &Actor, id: MeetingId) -> Result<String> {
        let m = self.meeting(actor, id)?;
        let stamp = ical::utc(self.clock.now());
        let me = actor
            .person()
            .ok_or_else(|| Error::not_found("meeting", id.0))?;
        self.read_marks(actor, |p| {
            let tz = storage::school(p.c, m.school)?.time_zone;
            let organiser = name(p.c, m.organiser)?;
            let reader = name(p.c, me)?;
            let mut w = Writer::new();
            head(&mut w, "REQUEST");
            ical::vtimezone(&mut w, &tz, m.day, m.day + Duration::days(1))?;
            write_meeting(&mut w, &m, &tz, &stamp, &organiser, Some((me, &reader)))?;
            w.line("END", "VCALENDAR");
            Ok(w.finish())
        })
    }
}
