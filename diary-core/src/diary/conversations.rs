//! Conversations and class chats (D11): starting a conversation about a
//! child (or among staff) under the school's rules for who may reach whom,
//! opening a class's parents' chat or a staff room, a person's list with
//! unread counts, read marks, leaving, and the school's rules.
//!
//! Who takes part is decided again on every call, from today's relations:
//! a direct conversation's named participants while they still are the
//! child's legal representatives, teachers, class teacher or school admins
//! (and the child, where the school lets students take part) and the child
//! is still at the school; a class chat's class teacher, the legal
//! representatives of the class's students today and the admins who join;
//! a staff room's staff. Whoever loses the relation (a transferred child,
//! a dismissed teacher) loses the conversation at once. Trusted persons
//! never take part: their grants cover marks, not conversations.

use super::audience::decided;
use super::placement::Placement;
use super::Diary;
use crate::access::messaging::{permits, permits_staff, Sides};
use crate::access::{conceals, Action, Facts, StructureAction};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ChatMessageId, ClassId, ConversationId, PersonId, SchoolId};
use crate::model::{
    Conversation, ConversationKind, MessagingSettings, NewConversation, Participant, UnreadCounts,
};
use crate::storage::chat_messages as messages;
use crate::storage::conversations::{self as store, ConversationRow, Member};
use crate::text;
use std::collections::BTreeMap;

/// What the access log calls this data.
pub(super) const KIND: &str = "conversations";
/// Most participants named when starting a conversation.
const MAX_PARTICIPANTS: usize = 20;

/// The actor's seat in a conversation, decided from today's relations.
pub(super) struct Seat {
    pub row: ConversationRow,
    pub me: PersonId,
    pub facts: Facts,
    pub member: Option<Member>,
}

impl Seat {
    /// Whether the actor sees hidden messages of others (moderators and
    /// the school's admins).
    pub fn sees_hidden(&self) -> bool {
        self.facts.admin || self.facts.moderator
    }

    /// Decides `action`, logged under the conversation's child; an actor
    /// with no relation at all to the conversation gets "not found".
    pub fn decide(&self, p: &mut Placement<'_>, action: Action, write: bool) -> Result<()> {
        let d = decided(
            p,
            KIND,
            &self.facts,
            action,
            self.row.child,
            Some(self.row.school),
            write,
        );
        if d.is_err() && conceals(&self.facts) {
            return Err(Error::not_found("conversation", self.row.id.0));
        }
        d
    }

    /// Refuses writes to an archived conversation.
    pub fn open_for_writing(&self) -> Result<()> {
        if self.row.archived_at.is_some() {
            return Err(Error::invalid(
                "conversation",
                format!("conversation {} is archived", self.row.id),
            ));
        }
        Ok(())
    }
}

/// What `person` is to `child` at `school` today (nothing when the child
/// is no longer at that school), and whether on its staff.
pub(super) fn sides(
    p: &mut Placement<'_>,
    school: SchoolId,
    child: Option<PersonId>,
    person: PersonId,
) -> Result<Sides> {
    let (staff, admin) = store::staff_roles(p.c, school, person)?;
    let mut s = Sides {
        staff,
        ..Sides::default()
    };
    let Some(child) = child else {
        return Ok(s);
    };
    let Some((class, at)) = store::child_place(p.c, child, p.now.date())? else {
        return Ok(s);
    };
    if at != school {
        return Ok(s);
    }
    s.admin = admin;
    s.class_teacher = p.class(class)?.class_teacher == Some(person);
    s.teacher = crate::storage::teaches_class(p.c, person, class)?;
    s.representative = store::represents(p.c, child, person)?;
    s.student = person == child;
    Ok(s)
}

/// Whether `me` takes part in `row` today.
fn takes_part(
    p: &mut Placement<'_>,
    row: &ConversationRow,
    me: PersonId,
    member: Option<&Member>,
    admin: bool,
    staff: bool,
) -> Result<bool> {
    if member.is_some_and(|m| m.left_at.is_some()) || row.deleted_at.is_some() {
        return Ok(false);
    }
    let named = member.is_some_and(|m| m.named);
    Ok(match row.kind {
        ConversationKind::Direct => match row.child {
            Some(_) if named => {
                let rules = store::settings(p.c, row.school)?;
                sides(p, row.school, row.child, me)?.takes_part(&rules)
            }
            Some(_) => false,
            None => named && staff,
        },
        ConversationKind::ClassChat => {
            let class = row.class.unwrap_or(ClassId(0));
            admin
                || p.class(class)?.class_teacher == Some(me)
                || !store::represented_in_class(p.c, me, class, p.now.date())?.is_empty()
        }
        ConversationKind::StaffRoom => staff,
    })
}

/// The actor's seat in conversation `id` (not found when it does not
/// exist or was deleted).
pub(super) fn seat(p: &mut Placement<'_>, actor: &Actor, id: ConversationId) -> Result<Seat> {
    crate::limits::id("conversation", id.0)?;
    let row = store::get(p.c, id)?
        .filter(|r| r.deleted_at.is_none())
        .ok_or_else(|| Error::not_found("conversation", id.0))?;
    let me = actor
        .person()
        .ok_or_else(|| Error::not_found("conversation", id.0))?;
    let (staff, admin) = store::staff_roles(p.c, row.school, me)?;
    let member = store::member(p.c, id, me)?;
    let participant = takes_part(p, &row, me, member.as_ref(), admin, staff)?;
    let moderator = row.kind == ConversationKind::ClassChat
        && p.class(row.class.unwrap_or(ClassId(0)))?.class_teacher == Some(me);
    let now = p.now.unix_timestamp();
    let facts = Facts {
        admin,
        member: staff || member.is_some(),
        student: participant,
        class_teacher: moderator,
        moderator,
        muted: member
            .as_ref()
            .and_then(|m| m.muted_until)
            .is_some_and(|t| t > now),
        ..Facts::default()
    };
    Ok(Seat {
        row,
        me,
        facts,
        member,
    })
}

/// The participants of a conversation today, with their state.
pub(super) fn participants(
    p: &mut Placement<'_>,
    row: &ConversationRow,
) -> Result<Vec<Participant>> {
    let states: BTreeMap<PersonId, Member> = store::members(p.c, row.id)?.into_iter().collect();
    let people: Vec<PersonId> = match row.kind {
        ConversationKind::Direct => states
            .iter()
            .filter(|(_, m)| m.named)
            .map(|(p, _)| *p)
            .collect(),
        ConversationKind::ClassChat => {
            let mut v =
                store::class_chat_people(p.c, row.class.unwrap_or(ClassId(0)), p.now.date())?;
            // Admins who joined (posted or read): one query for the
            // school's admins, not one per person with a read mark.
            let admins = store::admins_of(p.c, row.school)?;
            v.extend(states.keys().filter(|person| admins.contains(person)));
            v.sort();
            v.dedup();
            v
        }
        ConversationKind::StaffRoom => store::staff_of(p.c, row.school)?,
    };
    Ok(people
        .into_iter()
        .filter(|person| states.get(person).is_none_or(|m| m.left_at.is_none()))
        .map(|person| Participant {
            person,
            muted_until: states.get(&person).and_then(|m| m.muted_until),
        })
        .collect())
}

/// The conversation as `me` sees it.
pub(super) fn view(p: &mut Placement<'_>, seat: &Seat) -> Result<Conversation> {
    let row = &seat.row;
    let last = messages::last(p.c, row.id)?;
    let read = seat.member.map_or(0, |m| m.last_read);
    Ok(Conversation {
        id: row.id,
        school: row.school,
        kind: row.kind,
        title: row.title.clone(),
        child: row.child,
        class: row.class,
        started_by: row.started_by,
        started_at: row.started_at,
        participants: participants(p, row)?,
        archived_at: row.archived_at,
        last_message: last.map(|(id, _)| ChatMessageId(id)),
        last_message_at: last.map(|(_, at)| at),
        unread: messages::unread(p.c, row.id, read, seat.me)?,
    })
}

/// The conversations `person` takes part in today (seats), by newest
/// activity.
pub(super) fn seats_of(
    p: &mut Placement<'_>,
    actor: &Actor,
    person: PersonId,
) -> Result<Vec<Seat>> {
    let today = p.now.date();
    let mut ids: Vec<ConversationId> = store::joined(p.c, person)?;
    for class in store::classes_of_represented(p.c, person, today)?
        .into_iter()
        .chain(store::led_classes(p.c, person, today)?)
    {
        ids.extend(store::class_chat(p.c, class)?);
    }
    for school in crate::storage::announcements::contexts(p.c, person, today)?.staff_schools {
        ids.extend(store::of_school(p.c, school, ConversationKind::StaffRoom)?);
    }
    ids.sort();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        let s = seat(p, actor, id)?;
        if s.facts.student {
            out.push(s);
        }
    }
    Ok(out)
}

/// Logs a read of conversations about children under each child (P6), as
/// other reads of a child's data are.
pub(super) fn log_children(p: &mut Placement<'_>, seats: &[Seat]) {
    let mut children: Vec<(PersonId, SchoolId)> = seats
        .iter()
        .filter_map(|s| s.row.child.map(|c| (c, s.row.school)))
        .collect();
    children.sort();
    children.dedup();
    for (child, school) in children {
        p.note(Some(child), Some(school), KIND, false, "self", true);
    }
}

/// Decides a person's own view of their conversations: only the person.
pub(super) fn own(
    p: &mut Placement<'_>,
    actor: &Actor,
    person: PersonId,
    write: bool,
) -> Result<()> {
    crate::limits::id("person", person.0)?;
    let facts = Facts {
        student: actor.person() == Some(person),
        member: actor.person() == Some(person),
        ..Facts::default()
    };
    if decided(
        p,
        KIND,
        &facts,
        Action::ReadConversations,
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

fn check_settings(s: &MessagingSettings) -> Result<()> {
    if s.edit_window_minutes > 1440 {
        return Err(Error::invalid(
            "edit_window_minutes",
            "must be 0 to 1440 minutes",
        ));
    }
    if s.retention_years.is_some_and(|y| !(1..=50).contains(&y)) {
        return Err(Error::invalid("retention_years", "must be 1 to 50 years"));
    }
    Ok(())
}

impl Diary {
    /// A school's rules for conversations (its members).
    pub fn messaging_settings(&self, actor: &Actor, school: SchoolId) -> Result<MessagingSettings> {
        self.read_marks(actor, |p| {
            p.known_school(school, KIND, false)?;
            p.decide_school(school, StructureAction::ReadStructure, KIND, false)?;
            store::settings(p.c, school)
        })
    }

    /// Sets a school's rules for conversations (its admins).
    pub fn set_messaging_settings(
        &self,
        actor: &Actor,
        school: SchoolId,
        settings: &MessagingSettings,
    ) -> Result<()> {
        check_settings(settings)?;
        self.write_people(actor, |p| {
            p.known_school(school, KIND, true)?;
            p.decide_school(school, StructureAction::ManageStructure, KIND, true)?;
            store::set_settings(p.c, school, settings)
        })
    }

    /// Starts a conversation: about a child, with people the school's rules
    /// let the actor reach about that child (each decided and logged);
    /// without a child, among the school's staff. The actor takes part.
    pub fn start_conversation(&self, actor: &Actor, new: &NewConversation) -> Result<Conversation> {
        let title = match new.title.as_deref() {
            Some(t) if !t.trim().is_empty() => Some(text::required("title", t, 200)?),
            _ => None,
        };
        if new.participants.is_empty() || new.participants.len() > MAX_PARTICIPANTS {
            return Err(Error::invalid(
                "participants",
                format!("name 1 to {MAX_PARTICIPANTS} people"),
            ));
        }
        for (i, who) in new.participants.iter().enumerate() {
            crate::limits::id(&format!("participants[{i}]"), who.0)?;
            if new.participants[..i].contains(who) {
                return Err(Error::invalid(
                    format!("participants[{i}]"),
                    format!("person {who} is named twice"),
                ));
            }
        }
        let now = self.clock.now();
        self.write_records(actor, |p| {
            p.known_school(new.school, KIND, true)?;
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("conversations are started by a person"))?;
            if let Some(child) = new.child {
                p.known_person(child, KIND, true)?;
                match store::child_place(p.c, child, now.date())? {
                    Some((_, s)) if s == new.school => {}
                    _ => {
                        return Err(Error::invalid(
                            "child",
                            format!("person {child} is not a student of this school"),
                        ))
                    }
                }
            }
            let rules = store::settings(p.c, new.school)?;
            let from = sides(p, new.school, new.child, me)?;
            for who in &new.participants {
                if *who == me {
                    return Err(Error::invalid(
                        "participants",
                        "do not name yourself: you take part as the starter",
                    ));
                }
                p.known_person(*who, KIND, true)?;
                let to = sides(p, new.school, new.child, *who)?;
                let permitted = match new.child {
                    Some(_) => from.takes_part(&rules) && permits(&rules, from, to),
                    None => permits_staff(from, to),
                };
                let facts = Facts {
                    permitted,
                    admin: from.admin,
                    teaches: from.teacher,
                    class_teacher: from.class_teacher,
                    legal_representative: from.representative,
                    member: true,
                    ..Facts::default()
                };
                decided(
                    p,
                    KIND,
                    &facts,
                    Action::StartConversation,
                    new.child,
                    Some(new.school),
                    true,
                )?;
            }
            let year = store::year_on(p.c, new.school, now.date())?;
            let id = store::insert(
                p.c,
                &store::NewRow {
                    school: new.school,
                    kind: ConversationKind::Direct,
                    title: title.as_deref(),
                    child: new.child,
                    class: None,
                    year,
                    started_by: me,
                },
                now.unix_timestamp(),
            )?;
            store::add_member(p.c, new.school, id, me, true)?;
            for who in &new.participants {
                store::add_member(p.c, new.school, id, *who, true)?;
            }
            let s = seat(p, actor, id)?;
            view(p, &s)
        })
    }

    /// Opens a class's parents' chat (its class teacher or a school
    /// admin); opening it again returns the same chat.
    pub fn open_class_chat(&self, actor: &Actor, class: ClassId) -> Result<Conversation> {
        let now = self.clock.now();
        self.write_records(actor, |p| {
            let cl = p.known_class(class, KIND, true)?;
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("chats are opened by a person"))?;
            let (_, admin) = store::staff_roles(p.c, cl.school, me)?;
            let facts = Facts {
                admin,
                class_teacher: cl.class_teacher == Some(me),
                member: true,
                ..Facts::default()
            };
            decided(
                p,
                KIND,
                &facts,
                Action::OpenGroupChat,
                None,
                Some(cl.school),
                true,
            )?;
            let id = match store::class_chat(p.c, class)? {
                Some(id) => id,
                None => store::insert(
                    p.c,
                    &store::NewRow {
                        school: cl.school,
                        kind: ConversationKind::ClassChat,
                        title: Some(&format!("{}{} parents", cl.grade, cl.letter)),
                        child: None,
                        class: Some(class),
                        year: Some(cl.year),
                        started_by: me,
                    },
                    now.unix_timestamp(),
                )?,
            };
            let s = seat(p, actor, id)?;
            view(p, &s)
        })
    }

    /// Opens a staff room for all of a school's staff (its admins).
    pub fn open_staff_room(
        &self,
        actor: &Actor,
        school: SchoolId,
        title: &str,
    ) -> Result<Conversation> {
        let title = text::required("title", title, 200)?;
        let now = self.clock.now();
        self.write_records(actor, |p| {
            p.known_school(school, KIND, true)?;
            let me = actor
                .person()
                .ok_or_else(|| Error::denied("staff rooms are opened by a person"))?;
            let (_, admin) = store::staff_roles(p.c, school, me)?;
            let facts = Facts {
                admin,
                member: true,
                ..Facts::default()
            };
            decided(
                p,
                KIND,
                &facts,
                Action::OpenGroupChat,
                None,
                Some(school),
                true,
            )?;
            let year = store::year_on(p.c, school, now.date())?;
            let id = store::insert(
                p.c,
                &store::NewRow {
                    school,
                    kind: ConversationKind::StaffRoom,
                    title: Some(&title),
                    child: None,
                    class: None,
                    year,
                    started_by: me,
                },
                now.unix_timestamp(),
            )?;
            let s = seat(p, actor, id)?;
            view(p, &s)
        })
    }

    /// One conversation (its participants).
    pub fn conversation(&self, actor: &Actor, id: ConversationId) -> Result<Conversation> {
        self.read_marks(actor, |p| {
            let s = seat(p, actor, id)?;
            s.decide(p, Action::ReadConversations, false)?;
            view(p, &s)
        })
    }

    /// The conversations `person` (the actor) takes part in today, newest
    /// activity first.
    pub fn conversations(&self, actor: &Actor, person: PersonId) -> Result<Vec<Conversation>> {
        self.read_marks(actor, |p| {
            own(p, actor, person, false)?;
            let seats = seats_of(p, actor, person)?;
            log_children(p, &seats);
            let mut out = Vec::with_capacity(seats.len());
            for s in &seats {
                out.push(view(p, s)?);
            }
            out.sort_by(|a, b| {
                let at = |c: &Conversation| c.last_message_at.unwrap_or(c.started_at);
                (at(b), b.id).cmp(&(at(a), a.id))
            });
            Ok(out)
        })
    }

    /// `person`'s (the actor's) unread messages across all their
    /// conversations, per conversation and per child.
    pub fn unread_counts(&self, actor: &Actor, person: PersonId) -> Result<UnreadCounts> {
        self.read_marks(actor, |p| {
            own(p, actor, person, false)?;
            let today = p.now.date();
            let mut out = UnreadCounts::default();
            let mut by_child: BTreeMap<PersonId, u32> = BTreeMap::new();
            for s in seats_of(p, actor, person)? {
                let read = s.member.map_or(0, |m| m.last_read);
                let n = messages::unread(p.c, s.row.id, read, person)?;
                if n == 0 {
                    continue;
                }
                out.total += n;
                out.by_conversation.push((s.row.id, n));
                let children = match (s.row.child, s.row.class) {
                    (Some(child), _) => vec![child],
                    (None, Some(class)) => store::represented_in_class(p.c, person, class, today)?,
                    _ => Vec::new(),
                };
                for child in children {
                    *by_child.entry(child).or_default() += n;
                }
            }
            out.by_child = by_child.into_iter().collect();
            Ok(out)
        })
    }

    /// Marks a conversation read up to `up_to` (a message of it; `None`:
    /// its newest). A read mark never moves back.
    pub fn mark_conversation_read(
        &self,
        actor: &Actor,
        id: ConversationId,
        up_to: Option<ChatMessageId>,
    ) -> Result<()> {
        self.write_records(actor, |p| {
            let s = seat(p, actor, id)?;
            s.decide(p, Action::ReadConversations, true)?;
            let to = match up_to {
                Some(m) => {
                    crate::limits::id("up_to", m.0)?;
                    match messages::get(p.c, m)? {
                        Some(msg) if msg.conversation == id => m.0,
                        _ => {
                            return Err(Error::invalid(
                                "up_to",
                                format!("message {m} is not of conversation {id}"),
                            ))
                        }
                    }
                }
                None => messages::last(p.c, id)?.map_or(0, |(m, _)| m),
            };
            store::set_read(p.c, s.row.school, id, s.me, to)
        })
    }

    /// Leaves a conversation (a participant; a class chat's class teacher
    /// stays). Leaving is final: the person no longer reads or posts.
    pub fn leave_conversation(&self, actor: &Actor, id: ConversationId) -> Result<()> {
        let now = self.clock.now();
        self.write_records(actor, |p| {
            let s = seat(p, actor, id)?;
            s.decide(p, Action::LeaveConversation, true)?;
            if s.facts.moderator {
                return Err(Error::invalid(
                    "conversation",
                    "the class teacher owns the class chat and cannot leave it",
                ));
            }
            store::leave(p.c, s.row.school, id, s.me, now.unix_timestamp())
        })
    }
}
