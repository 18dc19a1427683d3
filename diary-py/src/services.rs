//! Visits and meals (D14): the values, and the `Diary` methods that take a
//! batch of events, a menu or a list of dishes; the regular calls are
//! generated (`calls/services.rs`).

use crate::actor::PyActor;
use crate::convert::{from_py_json, EnumValue};
use crate::diary::PyDiary;
use diary_core as core;
use diary_core::{MenuId, PersonId, SchoolId};
use pyo3::prelude::*;
use time::{Date, OffsetDateTime};

fn value<E: Copy>(class: &'static str, v: E, text: fn(E) -> &'static str) -> EnumValue {
    EnumValue {
        class,
        value: text(v),
    }
}

record! {
    /// One entry or exit.
    VisitEvent {
        /// Identifier.
        id: i64,
        /// The student.
        student: i64,
        /// In or out (`VisitDirection`).
        direction: EnumValue,
        /// When (aware, UTC).
        at: OffsetDateTime,
        /// Its local time at the school, "HH:MM".
        local_time: String,
        /// The device that saw it.
        device: String,
    }
}

impl From<core::VisitEvent> for VisitEvent {
    fn from(e: core::VisitEvent) -> Self {
        VisitEvent {
            id: e.id.0,
            student: e.student.0,
            direction: value("VisitDirection", e.direction, core::VisitDirection::as_str),
            at: e.at,
            local_time: e.local_time,
            device: e.device,
        }
    }
}

record! {
    /// A student's presence on one day, in the school's local time.
    DayPresence {
        /// The student.
        student: i64,
        /// The day.
        date: Date,
        /// The first entry, "07:52", if any.
        entered: Option<String>,
        /// The last exit, "14:10", if any.
        left: Option<String>,
        /// Inside after the day's last event.
        inside: bool,
        /// The day's events by time.
        events: Vec<VisitEvent>,
    }
}

impl From<core::DayPresence> for DayPresence {
    fn from(d: core::DayPresence) -> Self {
        DayPresence {
            student: d.student.0,
            date: d.date,
            entered: d.entered,
            left: d.left,
            inside: d.inside,
            events: d.events.into_iter().map(Into::into).collect(),
        }
    }
}

record! {
    /// A student whose register and turnstile disagree on a day.
    PresenceMismatch {
        /// The student.
        student: i64,
        /// The lessons (numbers) marked so in the register.
        lessons: Vec<u8>,
    }
}

record! {
    /// A class's presence on a day.
    ClassPresence {
        /// The class.
        class_: i64,
        /// The day.
        date: Date,
        /// Each student's day, by surname.
        students: Vec<DayPresence>,
        /// Marked absent in a lesson, but entered that day.
        absent_but_entered: Vec<PresenceMismatch>,
        /// Marked present (late, left early) in a lesson, but never entered.
        present_but_never_entered: Vec<PresenceMismatch>,
    }
}

impl From<core::ClassPresence> for ClassPresence {
    fn from(c: core::ClassPresence) -> Self {
        let list = |v: Vec<core::PresenceMismatch>| {
            v.into_iter()
                .map(|m| PresenceMismatch {
                    student: m.student.0,
                    lessons: m.lessons,
                })
                .collect()
        };
        ClassPresence {
            class_: c.class.0,
            date: c.date,
            students: c.students.into_iter().map(Into::into).collect(),
            absent_but_entered: list(c.absent_but_entered),
            present_but_never_entered: list(c.present_but_never_entered),
        }
    }
}

record! {
    /// A school's meal rules.
    MealSettings {
        /// Orders for a day close this many days before it.
        cutoff_days: u32,
        /// … at this local time, "HH:MM".
        cutoff_time: String,
        /// A balance below this many kopecks notifies the family.
        low_balance: i64,
    }
}

impl From<core::MealSettings> for MealSettings {
    fn from(s: core::MealSettings) -> Self {
        MealSettings {
            cutoff_days: s.cutoff_days,
            cutoff_time: s.cutoff_time,
            low_balance: s.low_balance,
        }
    }
}

record! {
    /// One dish of a menu.
    MenuItem {
        /// Its name.
        name: String,
        /// Its price in kopecks.
        price: i64,
        /// Allergen codes ("milk", "gluten", …).
        allergens: Vec<String>,
    }
}

record! {
    /// A school's menu of one day and meal.
    Menu {
        /// Identifier.
        id: i64,
        /// The school.
        school: i64,
        /// The day.
        day: Date,
        /// Which meal (`MealKind`).
        meal: EnumValue,
        /// Its dishes; an order names them by position, from 0.
        items: Vec<MenuItem>,
        /// The price of all dishes, in kopecks.
        price: i64,
    }
}

impl From<core::Menu> for Menu {
    fn from(m: core::Menu) -> Self {
        Menu {
            id: m.id.0,
            school: m.school.0,
            day: m.day,
            meal: value("MealKind", m.meal, core::MealKind::as_str),
            items: m
                .items
                .into_iter()
                .map(|i| MenuItem {
                    name: i.name,
                    price: i.price,
                    allergens: i.allergens,
                })
                .collect(),
            price: m.price,
        }
    }
}

record! {
    /// A meal ordered (or served) for a student.
    MealOrder {
        /// Identifier.
        id: i64,
        /// The student.
        student: i64,
        /// The menu.
        menu: i64,
        /// Its day.
        day: Date,
        /// Its meal (`MealKind`).
        meal: EnumValue,
        /// The dishes (positions in the menu).
        items: Vec<u32>,
        /// Their price when ordered, in kopecks.
        price: i64,
        /// Who ordered (None: served without an order).
        ordered_by: Option<i64>,
        /// When (aware, UTC).
        ordered_at: OffsetDateTime,
        /// Ordered, cancelled or served (`MealOrderStatus`).
        status: EnumValue,
    }
}

impl From<core::MealOrder> for MealOrder {
    fn from(o: core::MealOrder) -> Self {
        MealOrder {
            id: o.id.0,
            student: o.student.0,
            menu: o.menu.0,
            day: o.day,
            meal: value("MealKind", o.meal, core::MealKind::as_str),
            items: o.items,
            price: o.price,
            ordered_by: o.ordered_by.map(|p| p.0),
            ordered_at: o.ordered_at,
            status: value("MealOrderStatus", o.status, core::MealOrderStatus::as_str),
        }
    }
}

record! {
    /// One movement of a meal balance.
    LedgerEntry {
        /// Position in the ledger.
        id: i64,
        /// When (aware, UTC).
        at: OffsetDateTime,
        /// Top-up, charge or refund (`LedgerKind`).
        kind: EnumValue,
        /// Kopecks: positive in, negative out.
        amount: i64,
        /// The payment provider's reference of a top-up.
        reference: Option<String>,
        /// The order of a charge or refund.
        order: Option<i64>,
    }
}

record! {
    /// A student's meal account for one month, in kopecks.
    MealStatement {
        /// The student.
        student: i64,
        /// The month's first day.
        month: Date,
        /// The balance before the month.
        opening: i64,
        /// The month's entries by time.
        entries: Vec<LedgerEntry>,
        /// Paid in.
        topped_up: i64,
        /// Charged (a positive number).
        charged: i64,
        /// Refunded.
        refunded: i64,
        /// The balance after the month.
        closing: i64,
    }
}

impl From<core::MealStatement> for MealStatement {
    fn from(s: core::MealStatement) -> Self {
        MealStatement {
            student: s.student.0,
            month: s.month,
            opening: s.opening,
            entries: s
                .entries
                .into_iter()
                .map(|e| LedgerEntry {
                    id: e.id,
                    at: e.at,
                    kind: value("LedgerKind", e.kind, core::LedgerKind::as_str),
                    amount: e.amount,
                    reference: e.reference,
                    order: e.order.map(|o| o.0),
                })
                .collect(),
            topped_up: s.topped_up,
            charged: s.charged,
            refunded: s.refunded,
            closing: s.closing,
        }
    }
}

record! {
    /// What a batch of visit events did.
    VisitImport {
        /// New events stored.
        recorded: u32,
        /// Events already stored (ignored).
        duplicates: u32,
        /// Events of students whose consent to visits-and-meals processing
        /// is refused or withdrawn (not stored).
        without_consent: u32,
    }
}

/// A list of dishes by position (None: every dish); a negative position is
/// refused naming `items`.
fn dishes(items: Option<Vec<i64>>) -> core::Result<Option<Vec<u32>>> {
    items
        .map(|v| {
            v.into_iter()
                .map(|i| {
                    u32::try_from(i)
                        .map_err(|_| core::Error::invalid("items", "dishes are numbered from 0"))
                })
                .collect()
        })
        .transpose()
}

#[pymethods]
impl PyDiary {
    /// Records entry and exit events of a school's students (its admins,
    /// or the host's turnstile as the operator): a list (1 to 10 000) of
    /// dicts ``{"student", "direction", "at", "device"}`` — ``direction`` a
    /// ``VisitDirection``, ``at`` an aware ``datetime`` (or Unix seconds),
    /// ``device`` 1–64 characters of ``A–Z a–z 0–9 . _ : -``. Late,
    /// out-of-order and repeated events are fine: a repeat is counted in
    /// ``duplicates`` and changes nothing. All or nothing; errors name the
    /// event (``events[3].device``).
    #[pyo3(signature = (actor, school, events))]
    fn record_visits(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        school: &Bound<'_, PyAny>,
        events: &Bound<'_, PyAny>,
    ) -> PyResult<VisitImport> {
        let school = SchoolId(crate::ids::id_arg(school, "school")?);
        let events: Vec<core::NewVisitEvent> = from_py_json(events, "events")?;
        self.with(py, actor, move |d, a| d.record_visits(a, school, &events))
            .map(|v| VisitImport {
                recorded: v.recorded,
                duplicates: v.duplicates,
                without_consent: v.without_consent,
            })
    }

    /// Publishes a school's menu of a day and meal from a dict
    /// (``NewMenu``): ``school``, ``day``, ``meal`` (a ``MealKind``),
    /// ``items`` — 1 to 30 dishes ``{"name", "price", "allergens"}`` with
    /// the price in integer kopecks (0 … 10 000 000) and allergen codes
    /// ("milk", "gluten", … the 14 of EU 1169/2011). Replaces a menu nobody
    /// has ordered from yet; one with orders raises ``Conflict``.
    #[pyo3(signature = (actor, menu))]
    fn publish_menu(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        menu: &Bound<'_, PyAny>,
    ) -> PyResult<Menu> {
        let new: core::NewMenu = from_py_json(menu, "menu")?;
        self.with(py, actor, move |d, a| d.publish_menu(a, &new))
            .map(Into::into)
    }

    /// Orders a menu for a child (a guardian before the school's cut-off;
    /// an admin until it is served): the dishes at positions ``items``
    /// (from 0), or all of them. One live order per child and menu; the
    /// price is fixed now.
    #[pyo3(signature = (actor, child, menu, items=None))]
    fn order_meal(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        child: &Bound<'_, PyAny>,
        menu: &Bound<'_, PyAny>,
        items: Option<Vec<i64>>,
    ) -> PyResult<MealOrder> {
        let child = PersonId(crate::ids::id_arg(child, "child")?);
        let menu = MenuId(crate::ids::id_arg(menu, "menu")?);
        self.with(py, actor, move |d, a| {
            d.order_meal(a, child, menu, dishes(items)?.as_deref())
        })
        .map(Into::into)
    }

    /// Records that the canteen served a child a meal of ``menu`` (the
    /// school's admins, or the canteen as the operator): the child's live
    /// order, or the dishes ``items`` (all by default) at the menu's
    /// prices; charged once. A balance falling below the school's threshold
    /// notifies the guardians (``NotificationEvent.LOW_MEAL_BALANCE``).
    #[pyo3(signature = (actor, child, menu, items=None))]
    fn record_meal_served(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        child: &Bound<'_, PyAny>,
        menu: &Bound<'_, PyAny>,
        items: Option<Vec<i64>>,
    ) -> PyResult<MealOrder> {
        let child = PersonId(crate::ids::id_arg(child, "child")?);
        let menu = MenuId(crate::ids::id_arg(menu, "menu")?);
        self.with(py, actor, move |d, a| {
            d.record_meal_served(a, child, menu, dishes(items)?.as_deref())
        })
        .map(Into::into)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<VisitEvent>()?;
    m.add_class::<DayPresence>()?;
    m.add_class::<PresenceMismatch>()?;
    m.add_class::<ClassPresence>()?;
    m.add_class::<VisitImport>()?;
    m.add_class::<MealSettings>()?;
    m.add_class::<MenuItem>()?;
    m.add_class::<Menu>()?;
    m.add_class::<MealOrder>()?;
    m.add_class::<LedgerEntry>()?;
    m.add_class::<MealStatement>()?;
    Ok(())
}
