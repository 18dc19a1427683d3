//! `Diary` methods for meetings that take structured input (organise,
//! record minutes), and the meeting values; the regular calls are
//! generated (`calls/meetings.rs`).

use crate::actor::PyActor;
use crate::announcements::{audience_entries, instant, AudienceEntry};
use crate::convert::{from_py_json, EnumValue};
use crate::diary::PyDiary;
use diary_core as core;
use diary_core::MeetingId;
use pyo3::prelude::*;
use time::{Date, OffsetDateTime};

record! {
    /// One item of a meeting's agenda.
    AgendaItem {
        /// What is discussed.
        title: String,
        /// Who presents it.
        presenter: Option<i64>,
        /// Its start, "HH:MM" in the school's zone.
        starts: String,
        /// Its length in minutes.
        minutes: u32,
    }
}

record! {
    /// The minutes and decisions of a meeting.
    MeetingRecord {
        /// The minutes.
        minutes: String,
        /// The decisions, in order.
        decisions: Vec<String>,
        /// Who recorded them.
        recorded_by: i64,
        /// When.
        recorded_at: OffsetDateTime,
    }
}

record! {
    /// An invitee's answer to a meeting.
    MeetingReply {
        /// The invitee.
        person: i64,
        /// Yes, no or maybe (`MeetingAnswer`).
        answer: EnumValue,
        /// A comment.
        comment: Option<String>,
        /// When they answered.
        at: OffsetDateTime,
    }
}

impl From<core::MeetingReply> for MeetingReply {
    fn from(r: core::MeetingReply) -> Self {
        MeetingReply {
            person: r.person.0,
            answer: EnumValue {
                class: "MeetingAnswer",
                value: r.answer.as_str(),
            },
            comment: r.comment,
            at: instant(r.at),
        }
    }
}

record! {
    /// A meeting as the reader sees it.
    Meeting {
        /// Identifier.
        id: i64,
        /// The school.
        school: i64,
        /// Who organised it.
        organiser: i64,
        /// What kind (`MeetingKind`).
        kind: EnumValue,
        /// Title.
        title: String,
        /// Description.
        description: Option<String>,
        /// Its day.
        day: Date,
        /// Its start, "HH:MM" in the school's zone.
        starts: String,
        /// Its length in minutes.
        minutes: u32,
        /// Where.
        place: Option<String>,
        /// An online link.
        online_link: Option<String>,
        /// Who is invited.
        audience: Vec<AudienceEntry>,
        /// The agenda.
        agenda: Vec<AgendaItem>,
        /// Cancelled.
        cancelled: bool,
        /// Minutes and decisions, once recorded.
        record: Option<MeetingRecord>,
        /// The reader's own answer.
        reply: Option<MeetingReply>,
    }
}

impl From<core::Meeting> for Meeting {
    fn from(m: core::Meeting) -> Self {
        Meeting {
            id: m.id.0,
            school: m.school.0,
            organiser: m.organiser.0,
            kind: EnumValue {
                class: "MeetingKind",
                value: m.kind.as_str(),
            },
            title: m.title,
            description: m.description,
            day: m.day,
            starts: m.starts,
            minutes: m.minutes,
            place: m.place,
            online_link: m.online_link,
            audience: audience_entries(&m.audience),
            agenda: m
                .agenda
                .into_iter()
                .map(|i| AgendaItem {
                    title: i.title,
                    presenter: i.presenter.map(|p| p.0),
                    starts: i.starts,
                    minutes: i.minutes,
                })
                .collect(),
            cancelled: m.cancelled,
            record: m.record.map(|r| MeetingRecord {
                minutes: r.minutes,
                decisions: r.decisions,
                recorded_by: r.recorded_by.0,
                recorded_at: instant(r.recorded_at),
            }),
            reply: m.reply.map(Into::into),
        }
    }
}

#[pymethods]
impl PyDiary {
    /// Organises a meeting from a dict (``NewMeeting``): ``school``,
    /// ``kind`` (a ``MeetingKind``), ``title``, ``day`` (a date, today or
    /// later), ``starts`` ("HH:MM" in the school's zone), ``minutes``,
    /// ``audience`` (as an announcement's); optional ``description``,
    /// ``place``, ``online_link`` (https) and ``agenda`` (items
    /// ``{"title", "presenter", "starts", "minutes"}`` following each other
    /// within the meeting). Refusals name the field (``agenda[1].starts``).
    #[pyo3(signature = (actor, meeting))]
    fn organise_meeting(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        meeting: &Bound<'_, PyAny>,
    ) -> PyResult<Meeting> {
        let new: core::NewMeeting = from_py_json(meeting, "meeting")?;
        self.with(py, actor, move |d, a| d.organise_meeting(a, &new))
            .map(Into::into)
    }

    /// Records (or corrects) a meeting's minutes and decisions, from its
    /// day on (its organiser or the school's admins).
    #[pyo3(signature = (actor, meeting, minutes, decisions))]
    fn record_meeting_minutes(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        meeting: &Bound<'_, PyAny>,
        minutes: String,
        decisions: Vec<String>,
    ) -> PyResult<Meeting> {
        let id = MeetingId(crate::ids::id_arg(meeting, "meeting")?);
        self.with(py, actor, move |d, a| {
            d.record_meeting_minutes(a, id, &minutes, &decisions)
        })
        .map(Into::into)
    }
}

record! {
    /// A booking of an appointment slot.
    Booking {
        /// Who booked it.
        by: i64,
        /// The child it is about.
        child: i64,
        /// When.
        at: OffsetDateTime,
        /// A note for the teacher.
        note: Option<String>,
    }
}

record! {
    /// A teacher's appointment slot (a booking by someone else shows only
    /// as ``booked``).
    AppointmentSlot {
        /// Identifier.
        id: i64,
        /// The school.
        school: i64,
        /// The teacher.
        teacher: i64,
        /// The day.
        day: Date,
        /// Start, "HH:MM" in the school's zone.
        starts: String,
        /// Length in minutes.
        minutes: u32,
        /// Where.
        place: Option<String>,
        /// An online link.
        online_link: Option<String>,
        /// Cancelled by the teacher.
        cancelled: bool,
        /// Taken by anyone.
        booked: bool,
        /// The booking, for its booker, the teacher and the admins.
        booking: Option<Booking>,
    }
}

impl From<core::AppointmentSlot> for AppointmentSlot {
    fn from(s: core::AppointmentSlot) -> Self {
        AppointmentSlot {
            id: s.id.0,
            school: s.school.0,
            teacher: s.teacher.0,
            day: s.day,
            starts: s.starts,
            minutes: s.minutes,
            place: s.place,
            online_link: s.online_link,
            cancelled: s.cancelled,
            booked: s.booked,
            booking: s.booking.map(|b| Booking {
                by: b.by.0,
                child: b.child.0,
                at: instant(b.at),
                note: b.note,
            }),
        }
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<AgendaItem>()?;
    m.add_class::<MeetingRecord>()?;
    m.add_class::<MeetingReply>()?;
    m.add_class::<Meeting>()?;
    m.add_class::<Booking>()?;
    m.add_class::<AppointmentSlot>()?;
    Ok(())
}
