//! Individual appointment slots (D12): a teacher publishes consecutive
//! slots on a day; a guardian of a child the teacher teaches or leads
//! books one for that child; a slot is booked once (taken atomically in
//! the write transaction, so two parents racing for it get one booking
//! and one Conflict), and a parent cannot hold two overlapping bookings.
//! The teacher, the booker and the school's admins cancel.

use super::audience::decided;
use super::placement::Placement;
use super::Diary;
use crate::access::{Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{PersonId, SlotId};
use crate::model::{AppointmentSlot, NewSlots};
use crate::storage::{self, slots as store};
use crate::text;
use time::Date;

const KIND: &str = "appointments";
/// Most slots published at once.
const MAX_SLOTS: u32 = 48;

/// Whether `teacher` teaches or leads the class `child` is in today (or
/// last was).
fn teaches_child(p: &mut Placement<'_>, teacher: PersonId, child: PersonId) -> Result<bool> {
    let Some((class, _)) = storage::conversations::child_place(p.c, child, p.now.date())? else {
        return Ok(false);
    };
    Ok(p.class(class)?.class_teacher == Some(teacher)
        || storage::teaches_class(p.c, teacher, class)?)
}

/// What the reader may see of a slot: a booking only for its booker, the
/// teacher and the school's admins.
fn shown(mut s: AppointmentSlot, me: Option<PersonId>, admin: bool) -> AppointmentSlot {
    let sees =
        admin || me == Some(s.teacher) || s.booking.as_ref().is_some_and(|b| Some(b.by) == me);
    if !sees {
        s.booking = None;
    }
    s
}

impl Diary {
    /// Publishes `count` consecutive slots of the actor (a teacher or an
    /// admin of the school): a day today or later, ending by midnight, not
    /// overlapping the actor's other live slots.
    pub fn publish_appointment_slots(
        &self,
        actor: &Actor,
        new: &NewSlots,
    ) -> Result<Vec<AppointmentSlot>> {
        let now = self.clock.now();
        let starts = text::clock_minutes("starts", &new.starts)?;
        if !(5..=240).contains(&new.minutes) {
            return Err(Error::invalid("minutes", "a slot lasts 5 to 240 minutes"));
        }
        if new.count == 0 || new.count > MAX_SLOTS {
            return Err(Error::invalid(
                "count",
                format!("give 1 to {MAX_SLOTS} slots"),
            ));
        }
        if starts + i64::from(new.minutes) * i64::from(new.count) > 1440 {
            return Err(Error::invalid("count", "the slots must end by midnight"));
        }
        if new.day < now.date() {
            return Err(Error::invalid(
                "day",
                "slots cannot be published in the past",
            ));
        }
        text::date_within("day", new.day, text::EARLIEST_DATE, text::LATEST_DATE)?;
        let place = text::optional_name("place", new.place.as_deref())?;
        let link = match new.online_link.as_deref() {
            Some(l) if !l.trim().is_empty() => {
                let l = text::required("online_link", l, 2048)?;
                if !l.starts_with("https://") {
                    return Err(Error::invalid("online_link", "must be an https:// link"));
                }
                Some(l)
            }
            _ => None,
        };
        self.write_records(actor, |p| {
            p.known_school(new.school, KIND, true)?;
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("slots are published by a teacher"))?;
            let (staff, admin) = storage::conversations::staff_roles(p.c, new.school, me)?;
            let facts = Facts {
                admin,
                teaches: staff,
                member: staff,
                ..Facts::default()
            };
            decided(
                p,
                KIND,
                &facts,
                Action::PublishAppointmentSlots,
                None,
                Some(new.school),
                true,
            )?;
            let mut out = Vec::new();
            for i in 0..new.count {
                let at = starts + i64::from(new.minutes) * i64::from(i);
                if store::teacher_busy(p.c, me, new.day, at, new.minutes)? {
                    return Err(Error::Conflict(format!(
                        "slot {} overlaps one of your slots on {}",
                        i + 1,
                        text::format_date(new.day)
                    )));
                }
                let id = store::insert(
                    p.c,
                    &store::NewRow {
                        school: new.school,
                        teacher: me,
                        day: new.day,
                        starts: at,
                        minutes: new.minutes,
                        place: place.as_deref(),
                        online_link: link.as_deref(),
                    },
                    now.unix_timestamp(),
                )?;
                out.extend(store::get(p.c, id)?);
            }
            Ok(out)
        })
    }

    /// A teacher's slots on days `from..=to` (at most 92 days): for the
    /// teacher and the school's admins with every booking, for guardians
    /// of the children the teacher teaches or leads (with `child`) showing
    /// only their own bookings.
    pub fn appointment_slots(
        &self,
        actor: &Actor,
        teacher: PersonId,
        child: Option<PersonId>,
        from: Date,
        to: Date,
    ) -> Result<Vec<AppointmentSlot>> {
        if to < from || (to - from).whole_days() > 92 {
            return Err(Error::invalid(
                "to",
                "must be on or after from, at most 92 days later",
            ));
        }
        self.read_marks(actor, |p| {
            p.known_person(teacher, KIND, false)?;
            let me = actor.person();
            let mut facts = Facts {
                student: me == Some(teacher),
                member: true,
                ..Facts::default()
            };
            for school in storage::schools_of_person(p.c, teacher)? {
                facts.admin |= p.standing.admin_of.contains(&school);
            }
            if let (Some(child), Some(me)) = (child, me) {
                p.known_person(child, KIND, false)?;
                facts.guardian = storage::guardians_of(p.c, child)?
                    .iter()
                    .any(|g| g.guardian == me);
                facts.permitted = teaches_child(p, teacher, child)?;
            }
            decided(
                p,
                KIND,
                &facts,
                Action::ReadAppointmentSlots,
                child,
                None,
                false,
            )?;
            Ok(store::of_teacher(p.c, teacher, from, to)?
                .into_iter()
                .map(|s| shown(s, me, facts.admin))
                .collect())
        })
    }

    /// Books a slot for `child` (a guardian of a child the slot's teacher
    /// teaches or leads); a taken slot, or one overlapping the actor's
    /// other bookings, is a Conflict.
    pub fn book_appointment(
        &self,
        actor: &Actor,
        slot: SlotId,
        child: PersonId,
        note: Option<&str>,
    ) -> Result<AppointmentSlot> {
        let note = text::optional_free_text("note", note, 500)?;
        let now = self.clock.now();
        self.write_records(actor, |p| {
            crate::limits::id("slot", slot.0)?;
            let s = store::get(p.c, slot)?.ok_or_else(|| Error::not_found("slot", slot.0))?;
            p.known_person(child, KIND, true)?;
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("slots are booked by a person"))?;
            let facts = Facts {
                guardian: storage::guardians_of(p.c, child)?
                    .iter()
                    .any(|g| g.guardian == me),
                permitted: teaches_child(p, s.teacher, child)?,
                member: true,
                ..Facts::default()
            };
            let d = decided(
                p,
                KIND,
                &facts,
                Action::BookAppointment,
                Some(child),
                Some(s.school),
                true,
            );
            if d.is_err() && !facts.permitted {
                // A slot of a teacher with no tie to the child reads as
                // missing.
                return Err(Error::not_found("slot", slot.0));
            }
            d?;
            if s.cancelled {
                return Err(Error::Conflict(format!("slot {slot} was cancelled")));
            }
            if s.day < now.date() {
                return Err(Error::Conflict(format!("slot {slot} is over")));
            }
            let starts = text::clock_minutes("starts", &s.starts)?;
            if s.booked {
                return Err(Error::Conflict(format!("slot {slot} is already booked")));
            }
            if store::booker_busy(p.c, me, s.day, starts, s.minutes)? {
                return Err(Error::Conflict(
                    "you have another appointment at that time".into(),
                ));
            }
            if !store::book(p.c, slot, me, child, note.as_deref(), now.unix_timestamp())? {
                return Err(Error::Conflict(format!("slot {slot} is already booked")));
            }
            let s = store::get(p.c, slot)?.ok_or_else(|| Error::not_found("slot", slot.0))?;
            Ok(shown(s, Some(me), false))
        })
    }

    /// Cancels a booking (its booker, the teacher, the school's admins):
    /// the slot is free again.
    pub fn cancel_booking(&self, actor: &Actor, slot: SlotId) -> Result<()> {
        self.write_records(actor, |p| {
            let s = cancellable(p, actor, slot, true)?;
            if !s.booked {
                return Err(Error::invalid("slot", "the slot is not booked"));
            }
            store::unbook(p.c, slot)
        })
    }

    /// Cancels a slot (its teacher or the school's admins), booked or not.
    pub fn cancel_appointment_slot(&self, actor: &Actor, slot: SlotId) -> Result<()> {
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            let s = cancellable(p, actor, slot, false)?;
            if s.cancelled {
                return Err(Error::invalid("slot", "the slot is cancelled already"));
            }
            store::cancel(p.c, slot, now)
        })
    }
}

/// A slot the actor may cancel (the teacher, an admin of its school, and
/// with `booker` its booker); others get "not found".
fn cancellable(
    p: &mut Placement<'_>,
    actor: &Actor,
    slot: SlotId,
    booker: bool,
) -> Result<AppointmentSlot> {
    crate::limits::id("slot", slot.0)?;
    let s = store::get(p.c, slot)?.ok_or_else(|| Error::not_found("slot", slot.0))?;
    let me = actor.person();
    let booked_by = s.booking.as_ref().map(|b| b.by);
    let facts = Facts {
        student: me == Some(s.teacher) || (booker && me.is_some() && booked_by == me),
        admin: p.standing.admin_of.contains(&s.school),
        member: p.standing.member_of.contains(&s.school),
        ..Facts::default()
    };
    let child = s.booking.as_ref().map(|b| b.child);
    let d = decided(
        p,
        KIND,
        &facts,
        Action::CancelAppointment,
        child,
        Some(s.school),
        true,
    );
    if d.is_err() && !facts.member {
        return Err(Error::not_found("slot", slot.0));
    }
    d?;
    Ok(s)
}
