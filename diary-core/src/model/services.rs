//! Visits and meals (D14): entry and exit events, presence by day, menus,
//! orders, what was served and a student's meal account. Money is integer
//! kopecks (0 … 1 000 000 per item, ±1 000 000 00 per entry).

use super::enums::{LedgerKind, MealKind, MealOrderStatus, VisitDirection};
use crate::ids::{MealOrderId, MenuId, PersonId, SchoolId, VisitId};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// One entry or exit as the host's turnstile or guard's tablet sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewVisitEvent {
    /// The student.
    pub student: PersonId,
    /// In or out.
    pub direction: VisitDirection,
    /// When it happened: in JSON Unix seconds or RFC 3339 text with an
    /// offset (see [`crate::json_input::instant`]).
    #[serde(deserialize_with = "crate::json_input::instant")]
    pub at: OffsetDateTime,
    /// The device that saw it: 1–64 characters of `A–Z a–z 0–9 . _ : -`.
    pub device: String,
}

/// A stored entry or exit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VisitEvent {
    /// Identifier.
    pub id: VisitId,
    /// The student.
    pub student: PersonId,
    /// In or out.
    pub direction: VisitDirection,
    /// When it happened.
    #[serde(with = "time::serde::timestamp")]
    pub at: OffsetDateTime,
    /// Its local time at the school ("HH:MM").
    pub local_time: String,
    /// The device that saw it.
    pub device: String,
}

/// What a batch of visit events did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VisitImport {
    /// New events stored.
    pub recorded: u32,
    /// Events the file already had (the same student, time, direction and
    /// device): ignored.
    pub duplicates: u32,
    /// Events of students whose consent to visits-and-meals processing is
    /// refused or withdrawn: not stored.
    pub without_consent: u32,
}

/// A student's presence on one day, in the school's local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayPresence {
    /// The student.
    pub student: PersonId,
    /// The day.
    pub date: Date,
    /// The first entry ("07:52"), if any.
    pub entered: Option<String>,
    /// The last exit ("14:10"), if any.
    pub left: Option<String>,
    /// Inside after the day's last event (an entry without a later exit).
    pub inside: bool,
    /// The day's events by time.
    pub events: Vec<VisitEvent>,
}

/// A student whose register and turnstile disagree on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresenceMismatch {
    /// The student.
    pub student: PersonId,
    /// The lessons (numbers) marked so in the register.
    pub lessons: Vec<u8>,
}

/// A class's presence on a day, for its class teacher and the school's
/// admins: who is in school, and where the register and the turnstile
/// disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassPresence {
    /// The class.
    pub class: crate::ids::ClassId,
    /// The day.
    pub date: Date,
    /// Each student of the class that day, by surname.
    pub students: Vec<DayPresence>,
    /// Marked absent in a lesson, but entered the school that day.
    pub absent_but_entered: Vec<PresenceMismatch>,
    /// Marked present (or late, or left early) in a lesson, but never
    /// entered that day.
    pub present_but_never_entered: Vec<PresenceMismatch>,
}

/// A school's meal rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MealSettings {
    /// Orders for a day close this many days before it (0–14).
    pub cutoff_days: u32,
    /// … at this local time ("HH:MM").
    pub cutoff_time: String,
    /// A balance below this many kopecks tells the family (0 … 100 000 000).
    pub low_balance: i64,
}

impl Default for MealSettings {
    /// The day before, at 14:00; below 300 roubles.
    fn default() -> Self {
        MealSettings {
            cutoff_days: 1,
            cutoff_time: "14:00".into(),
            low_balance: 30_000,
        }
    }
}

/// One dish of a menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// Its name (a name's alphabet, 1–200 characters).
    pub name: String,
    /// Its price in kopecks (0 … 10 000 000).
    pub price: i64,
    /// Allergen codes (see [`crate::model::ALLERGENS`]).
    #[serde(default)]
    pub allergens: Vec<String>,
}

/// A menu to publish.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewMenu {
    /// The school.
    pub school: SchoolId,
    /// The day.
    pub day: Date,
    /// Which meal.
    pub meal: MealKind,
    /// Its dishes (1–30).
    pub items: Vec<MenuItem>,
}

/// A school's menu of one day and meal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Menu {
    /// Identifier.
    pub id: MenuId,
    /// The school.
    pub school: SchoolId,
    /// The day.
    pub day: Date,
    /// Which meal.
    pub meal: MealKind,
    /// Its dishes, in order (an order names them by position, from 0).
    pub items: Vec<MenuItem>,
    /// The price of all dishes, in kopecks.
    pub price: i64,
}

/// A meal ordered for a student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MealOrder {
    /// Identifier.
    pub id: MealOrderId,
    /// The student.
    pub student: PersonId,
    /// The menu.
    pub menu: MenuId,
    /// Its day.
    pub day: Date,
    /// Its meal.
    pub meal: MealKind,
    /// The dishes ordered (positions in the menu).
    pub items: Vec<u32>,
    /// Their price when ordered, in kopecks.
    pub price: i64,
    /// Who ordered (None: the school's system).
    pub ordered_by: Option<PersonId>,
    /// When.
    #[serde(with = "time::serde::timestamp")]
    pub ordered_at: OffsetDateTime,
    /// Where it stands.
    pub status: MealOrderStatus,
}

/// One movement of a student's meal balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    /// Position in the ledger.
    pub id: i64,
    /// When.
    #[serde(with = "time::serde::timestamp")]
    pub at: OffsetDateTime,
    /// What.
    pub kind: LedgerKind,
    /// Kopecks: positive in, negative out.
    pub amount: i64,
    /// The payment provider's reference of a top-up.
    pub reference: Option<String>,
    /// The order a charge or refund is for.
    pub order: Option<MealOrderId>,
}

/// A student's meal account for one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MealStatement {
    /// The student.
    pub student: PersonId,
    /// The month's first day.
    pub month: Date,
    /// The balance before the month, in kopecks.
    pub opening: i64,
    /// The month's entries by time.
    pub entries: Vec<LedgerEntry>,
    /// Paid in during the month.
    pub topped_up: i64,
    /// Charged during the month (a positive number).
    pub charged: i64,
    /// Refunded during the month.
    pub refunded: i64,
    /// The balance after the month.
    pub closing: i64,
}

/// Allergen codes a menu item may name: the 14 of EU Regulation 1169/2011
/// (also used by Russian school catering labels).
pub const ALLERGENS: [&str; 14] = [
    "gluten",
    "crustaceans",
    "eggs",
    "fish",
    "peanuts",
    "soy",
    "milk",
    "nuts",
    "celery",
    "mustard",
    "sesame",
    "sulphites",
    "lupin",
    "molluscs",
];
