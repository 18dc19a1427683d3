//! Meals (D14): a school's menus of a day and meal with dishes, prices
//! (integer kopecks) and allergens; a family's orders, placed and
//! cancelled before the school's cut-off; what the canteen served
//! (charged to the student's meal account); payments from the host's
//! payment provider, each reference counted once; a balance, a monthly
//! statement and a low-balance notification to the family.
//!
//! The school (its admins) or the host's canteen and payment systems (as
//! the operator) manage meals; guardians order; the family, trusted
//! persons granted meals and admins read.

use super::attendance::any_class;
use super::notifications::News;
use super::placement::{Placement, MEALS};
use super::student_day::authorize_child;
use super::Diary;
use crate::access::{Action, Facts};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{MealOrderId, MenuId, PersonId, SchoolId};
use crate::limits::{MAX_DISH_PRICE, MAX_PAYMENT};
use crate::model::{
    ConsentPurpose, LedgerKind, MealOrder, MealOrderStatus, MealSettings, MealStatement, Menu,
    MenuItem, NewMenu, NotificationEvent, ALLERGENS,
};
use crate::storage::{self, meals as store};
use crate::{ical, text};
use time::{Date, Duration, Month, Time};

const KIND: &str = "meals";
/// Most dishes on a menu.
const MAX_ITEMS: usize = 30;
/// Most days of menus or orders read at once.
const MAX_DAYS: i64 = 92;

/// Checks a range of days to read.
fn days(from: Date, to: Date) -> Result<()> {
    if to < from {
        return Err(Error::invalid("to", "must not be before from"));
    }
    if (to - from).whole_days() >= MAX_DAYS {
        return Err(Error::invalid(
            "to",
            format!("at most {MAX_DAYS} days at a time"),
        ));
    }
    text::date_within("from", from, text::EARLIEST_DATE, text::LATEST_DATE)?;
    text::date_within("to", to, text::EARLIEST_DATE, text::LATEST_DATE)
}

/// Checks a menu's dishes.
fn check_items(items: &[MenuItem]) -> Result<Vec<MenuItem>> {
    if items.is_empty() || items.len() > MAX_ITEMS {
        return Err(Error::invalid(
            "items",
            format!("a menu has 1 to {MAX_ITEMS} dishes"),
        ));
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        let name = text::required(&format!("items[{i}].name"), &it.name, 200)?;
        if !(0..=MAX_DISH_PRICE).contains(&it.price) {
            return Err(Error::invalid(
                format!("items[{i}].price"),
                format!("kopecks from 0 to {MAX_DISH_PRICE}"),
            ));
        }
        let mut allergens = Vec::new();
        for a in &it.allergens {
            if !ALLERGENS.contains(&a.as_str()) {
                return Err(Error::invalid(
                    format!("items[{i}].allergens"),
                    format!("unknown allergen {a:?}; one of {}", ALLERGENS.join(", ")),
                ));
            }
            if !allergens.contains(a) {
                allergens.push(a.clone());
            }
        }
        out.push(MenuItem {
            name,
            price: it.price,
            allergens,
        });
    }
    Ok(out)
}

/// The dishes chosen from a menu (all of them when `items` is None) and
/// their price.
fn chosen(menu: &Menu, items: Option<&[u32]>) -> Result<(Vec<u32>, i64)> {
    let all: Vec<u32> = (0..menu.items.len() as u32).collect();
    let picked = match items {
        None => all,
        Some([]) => return Err(Error::invalid("items", "choose at least one dish")),
        Some(ix) => {
            let mut v = ix.to_vec();
            v.sort_unstable();
            v.dedup();
            if let Some(bad) = v.iter().find(|i| **i as usize >= menu.items.len()) {
                return Err(Error::invalid(
                    "items",
                    format!(
                        "the menu has no dish {bad} (dishes are 0 to {})",
                        menu.items.len() - 1
                    ),
                ));
            }
            v
        }
    };
    let price = picked.iter().map(|i| menu.items[*i as usize].price).sum();
    Ok((picked, price))
}

/// The instant orders for `day` close at `school`.
fn cutoff(p: &Placement<'_>, school: SchoolId, day: Date) -> Result<i64> {
    let (days, minutes, _) = store::settings(p.c, school)?;
    let zone = storage::school(p.c, school)?.time_zone;
    let at = Time::from_hms((minutes / 60) as u8, (minutes % 60) as u8, 0)
        .map_err(|e| Error::Internal(e.to_string()))?;
    ical::instant_of(&zone, day - Duration::days(i64::from(days)), at)
}

/// Decides `action` on `child`'s meals (a trusted person counts when
/// granted meals) and logs it; the child's current class.
fn authorize(
    p: &mut Placement<'_>,
    child: PersonId,
    action: Action,
    write: bool,
) -> Result<(Facts, crate::model::Class)> {
    let today = p.now.date();
    let class = any_class(p, child, today, KIND, write)?;
    let (f, _) = authorize_child(p, child, &class, KIND, action, write, MEALS)?;
    Ok((f, class))
}

/// Decides (and logs) the school's management of `child`'s meals; the
/// child's current class.
fn managed(p: &mut Placement<'_>, child: PersonId) -> Result<crate::model::Class> {
    let class = any_class(p, child, p.now.date(), KIND, true)?;
    let facts = p.standing.facts_for(Some(class.school));
    p.decide(
        &facts,
        Action::ManageMeals,
        Some(child),
        Some(class.school),
        KIND,
        true,
    )?;
    Ok(class)
}

/// A menu the actor may name for `child`: one of the child's school, else
/// "not found" like a missing one.
fn menu_for_child(p: &mut Placement<'_>, menu: MenuId, school: SchoolId) -> Result<Menu> {
    match store::menu(p.c, menu)? {
        Some(m) if m.school == school => Ok(m),
        _ => Err(Error::not_found("menu", menu.0)),
    }
}

/// The first day of `day`'s month and of the next.
fn month_of(day: Date) -> Result<(Date, Date)> {
    let first = Date::from_calendar_date(day.year(), day.month(), 1)
        .map_err(|e| Error::Internal(e.to_string()))?;
    let (y, m) = match day.month() {
        Month::December => (day.year() + 1, Month::January),
        m => (day.year(), m.next()),
    };
    let next = Date::from_calendar_date(y, m, 1).map_err(|e| Error::Internal(e.to_string()))?;
    Ok((first, next))
}

impl Diary {
    /// Sets a school's meal rules (its admins): orders for a day close
    /// `cutoff_days` (0–14) days before it at `cutoff_time` ("HH:MM",
    /// local); a balance falling below `low_balance` kopecks (0 … 100 000
    /// 000) notifies the family.
    pub fn set_meal_settings(
        &self,
        actor: &Actor,
        school: SchoolId,
        settings: &MealSettings,
    ) -> Result<()> {
        if settings.cutoff_days > 14 {
            return Err(Error::invalid("cutoff_days", "must be between 0 and 14"));
        }
        let minutes = text::clock_minutes("cutoff_time", &settings.cutoff_time)?;
        if !(0..=MAX_PAYMENT).contains(&settings.low_balance) {
            return Err(Error::invalid(
                "low_balance",
                format!("kopecks from 0 to {MAX_PAYMENT}"),
            ));
        }
        self.write_records(actor, |p| {
            p.known_school(school, KIND, true)?;
            let facts = p.standing.facts_for(Some(school));
            p.decide(&facts, Action::ManageMeals, None, Some(school), KIND, true)?;
            store::set_settings(
                p.c,
                school,
                settings.cutoff_days,
                minutes,
                settings.low_balance,
            )
        })
    }

    /// A school's meal rules (its members and admins).
    pub fn meal_settings(&self, actor: &Actor, school: SchoolId) -> Result<MealSettings> {
        self.read_marks(actor, |p| {
            p.known_school(school, KIND, false)?;
            p.decide_school(
                school,
                crate::access::StructureAction::ReadStructure,
                KIND,
                false,
            )?;
            let (days, minutes, low) = store::settings(p.c, school)?;
            Ok(MealSettings {
                cutoff_days: days,
                cutoff_time: format!("{:02}:{:02}", minutes / 60, minutes % 60),
                low_balance: low,
            })
        })
    }

    /// Publishes a school's menu of a day and meal (its admins, or the
    /// host's canteen as the operator), or replaces one nobody has
    /// ordered from yet (a menu with live orders is a Conflict: its
    /// orders were priced from it). Dishes: 1–30, each with a name, a
    /// price in kopecks (0 … 10 000 000) and allergen codes of
    /// [`ALLERGENS`].
    pub fn publish_menu(&self, actor: &Actor, new: &NewMenu) -> Result<Menu> {
        let items = check_items(&new.items)?;
        text::date_within("day", new.day, text::EARLIEST_DATE, text::LATEST_DATE)?;
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            p.known_school(new.school, KIND, true)?;
            let facts = p.standing.facts_for(Some(new.school));
            p.decide(
                &facts,
                Action::ManageMeals,
                None,
                Some(new.school),
                KIND,
                true,
            )?;
            let existing = store::menus_between(p.c, new.school, new.day, new.day)?
                .into_iter()
                .find(|m| m.meal == new.meal);
            if let Some(m) = existing {
                if store::has_live_orders(p.c, m.id)? {
                    return Err(Error::Conflict(format!(
                        "the {} menu of {} has orders: cancel them before changing it",
                        new.meal, new.day
                    )));
                }
            }
            let id = store::put_menu(p.c, new.school, new.day, new.meal, &items, p.actor, now)?;
            store::menu(p.c, id)?.ok_or_else(|| Error::Internal("menu vanished".into()))
        })
    }

    /// A school's menus from `from` to `to` (at most 92 days), by day and
    /// meal (its members and admins).
    pub fn school_menus(
        &self,
        actor: &Actor,
        school: SchoolId,
        from: Date,
        to: Date,
    ) -> Result<Vec<Menu>> {
        days(from, to)?;
        self.read_marks(actor, |p| {
            p.known_school(school, KIND, false)?;
            p.decide_school(
                school,
                crate::access::StructureAction::ReadStructure,
                KIND,
                false,
            )?;
            store::menus_between(p.c, school, from, to)
        })
    }

    /// The menus of a child's school from `from` to `to` (at most 92 days):
    /// for the family, trusted persons granted meals and admins.
    pub fn menus_for(
        &self,
        actor: &Actor,
        child: PersonId,
        from: Date,
        to: Date,
    ) -> Result<Vec<Menu>> {
        days(from, to)?;
        self.read_marks(actor, |p| {
            let (_, class) = authorize(p, child, Action::ReadMeals, false)?;
            store::menus_between(p.c, class.school, from, to)
        })
    }

    /// Orders a menu for a child (a guardian before the school's cut-off;
    /// an admin until it is served): all its dishes, or those named by
    /// position. One live order per child and menu (a second is a
    /// Conflict); the price is fixed now.
    pub fn order_meal(
        &self,
        actor: &Actor,
        child: PersonId,
        menu: MenuId,
        items: Option<&[u32]>,
    ) -> Result<MealOrder> {
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            let (f, class) = authorize(p, child, Action::OrderMeals, true)?;
            let m = menu_for_child(p, menu, class.school)?;
            let (picked, price) = chosen(&m, items)?;
            if !f.admin && now >= cutoff(p, m.school, m.day)? {
                return Err(Error::Conflict(format!(
                    "orders for the {} of {} are closed (the school's cut-off has passed)",
                    m.meal, m.day
                )));
            }
            super::consents::require(p, child, m.school, ConsentPurpose::VisitsMeals)?;
            if store::live_order(p.c, child, m.id)?.is_some() {
                return Err(Error::Conflict(format!(
                    "the child already has an order for the {} of {}",
                    m.meal, m.day
                )));
            }
            let id = store::insert_order(p.c, m.school, child, m.id, &picked, price, p.actor, now)?;
            store::order(p.c, id)?.ok_or_else(|| Error::Internal("order vanished".into()))
        })
    }

    /// Cancels a meal order not yet served (a guardian before the cut-off;
    /// an admin any time before serving).
    pub fn cancel_meal_order(&self, actor: &Actor, order: MealOrderId) -> Result<MealOrder> {
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            let o = store::order(p.c, order)?.ok_or_else(|| Error::not_found("order", order.0))?;
            let (f, _) = authorize(p, o.student, Action::OrderMeals, true).map_err(|e| {
                if matches!(e, Error::NotFound { .. }) {
                    Error::not_found("order", order.0)
                } else {
                    e
                }
            })?;
            let m = store::menu(p.c, o.menu)?.ok_or_else(|| Error::not_found("order", order.0))?;
            if o.status != MealOrderStatus::Ordered {
                return Err(Error::Conflict(format!("the order is already {}", o.status)));
            }
            if !f.admin && now >= cutoff(p, m.school, m.day)? {
                return Err(Error::Conflict(format!(
                    "orders for the {} of {} can no longer be cancelled (the school's cut-off has passed)",
                    m.meal, m.day
                )));
            }
            store::cancel_order(p.c, order, p.actor, now)?;
            store::order(p.c, order)?.ok_or_else(|| Error::Internal("order vanished".into()))
        })
    }

    /// A child's meal orders of menus from `from` to `to` (at most 92
    /// days), cancelled and served ones too (the family, trusted persons
    /// granted meals, admins).
    pub fn meal_orders(
        &self,
        actor: &Actor,
        child: PersonId,
        from: Date,
        to: Date,
    ) -> Result<Vec<MealOrder>> {
        days(from, to)?;
        self.read_marks(actor, |p| {
            authorize(p, child, Action::ReadMeals, false)?;
            store::orders_between(p.c, child, from, to)
        })
    }

    /// Records that the canteen served a child a meal of `menu` (its
    /// admins, or the host's canteen as the operator): the child's live
    /// order, or without one the dishes named (all by default) at the
    /// menu's prices. Charges the meal account once; serving an order
    /// again is a Conflict. A balance that falls below the school's
    /// threshold notifies the child's guardians (event
    /// `low_meal_balance`).
    pub fn record_meal_served(
        &self,
        actor: &Actor,
        child: PersonId,
        menu: MenuId,
        items: Option<&[u32]>,
    ) -> Result<MealOrder> {
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            let class = managed(p, child)?;
            let m = menu_for_child(p, menu, class.school)?;
            super::consents::require(p, child, m.school, ConsentPurpose::VisitsMeals)?;
            let order = match store::live_order(p.c, child, m.id)? {
                Some(o) if o.status == MealOrderStatus::Served => {
                    return Err(Error::Conflict(format!(
                        "the {} of {} was already served to the child",
                        m.meal, m.day
                    )))
                }
                Some(o) => o,
                None => {
                    let (picked, price) = chosen(&m, items)?;
                    let id =
                        store::insert_order(p.c, m.school, child, m.id, &picked, price, None, now)?;
                    store::order(p.c, id)?
                        .ok_or_else(|| Error::Internal("order vanished".into()))?
                }
            };
            if !store::serve_order(p.c, order.id, now)? {
                return Err(Error::Conflict("the order was already served".into()));
            }
            let before = store::balance(p.c, child, None)?;
            store::add_entry(
                p.c,
                class.school,
                child,
                LedgerKind::Charge,
                -order.price,
                None,
                Some(order.id),
                p.actor,
                now,
            )?;
            let (_, _, low) = store::settings(p.c, class.school)?;
            let after = before - order.price;
            if before >= low && after < low && self.notifying() {
                let guardians: Vec<PersonId> = storage::guardians_of(p.c, child)?
                    .into_iter()
                    .map(|g| g.guardian)
                    .collect();
                let title = format!("Meal balance: {}", rubles(after));
                self.notify(
                    p.c,
                    &guardians,
                    None,
                    &News {
                        event: NotificationEvent::LowMealBalance,
                        school: class.school,
                        object: child.0,
                        conversation: None,
                        child: Some(child),
                        title: &title,
                        text: None,
                        urgent: false,
                    },
                )?;
            }
            store::order(p.c, order.id)?.ok_or_else(|| Error::Internal("order vanished".into()))
        })
    }

    /// Records a payment into a child's meal account from the host's
    /// payment provider (the school's admins, or the provider's
    /// integration as the operator): `amount` kopecks (1 … 100 000 000)
    /// under the provider's `reference` (1–100 characters), which counts
    /// once per school — the same reference again for the same child and
    /// amount changes nothing (a retried callback), with a different
    /// child or amount it is a Conflict. Returns the balance.
    pub fn record_meal_payment(
        &self,
        actor: &Actor,
        child: PersonId,
        amount: i64,
        reference: &str,
    ) -> Result<i64> {
        if !(1..=MAX_PAYMENT).contains(&amount) {
            return Err(Error::invalid(
                "amount",
                format!("kopecks from 1 to {MAX_PAYMENT}"),
            ));
        }
        let reference = text::required("reference", reference, 100)?;
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            let class = managed(p, child)?;
            super::consents::require(p, child, class.school, ConsentPurpose::VisitsMeals)?;
            match store::top_up_with(p.c, class.school, &reference)? {
                Some((s, a)) if s == child && a == amount => {}
                Some(_) => {
                    return Err(Error::Conflict(format!(
                        "payment reference {reference:?} was already recorded for another payment"
                    )))
                }
                None => {
                    store::add_entry(
                        p.c,
                        class.school,
                        child,
                        LedgerKind::TopUp,
                        amount,
                        Some(&reference),
                        None,
                        p.actor,
                        now,
                    )?;
                }
            }
            store::balance(p.c, child, None)
        })
    }

    /// Gives back the charge of a served meal (the school's admins, or the
    /// canteen as the operator), once, with a refund entry; the order
    /// stays served. Returns the balance.
    pub fn refund_meal(&self, actor: &Actor, order: MealOrderId) -> Result<i64> {
        let now = self.clock.now().unix_timestamp();
        self.write_records(actor, |p| {
            let o = store::order(p.c, order)?.ok_or_else(|| Error::not_found("order", order.0))?;
            let m = store::menu(p.c, o.menu)?.ok_or_else(|| Error::not_found("order", order.0))?;
            p.known_person(o.student, KIND, true)
                .map_err(|_| Error::not_found("order", order.0))?;
            let facts = p.standing.facts_for(Some(m.school));
            if crate::access::conceals(&facts) {
                return Err(Error::not_found("order", order.0));
            }
            p.decide(
                &facts,
                Action::ManageMeals,
                Some(o.student),
                Some(m.school),
                KIND,
                true,
            )?;
            if o.status != MealOrderStatus::Served {
                return Err(Error::Conflict("only a served meal is refunded".into()));
            }
            if store::refunded(p.c, order)? {
                return Err(Error::Conflict("the meal was already refunded".into()));
            }
            store::add_entry(
                p.c,
                m.school,
                o.student,
                LedgerKind::Refund,
                o.price,
                None,
                Some(order),
                p.actor,
                now,
            )?;
            store::balance(p.c, o.student, None)
        })
    }

    /// A child's meal balance in kopecks (the family, trusted persons
    /// granted meals, admins).
    pub fn meal_balance(&self, actor: &Actor, child: PersonId) -> Result<i64> {
        self.read_marks(actor, |p| {
            authorize(p, child, Action::ReadMeals, false)?;
            store::balance(p.c, child, None)
        })
    }

    /// A child's meal account for the month of `month` (any day of it):
    /// opening balance, entries, what was paid in, charged and refunded,
    /// closing balance — months by the school's local time.
    pub fn meal_statement(
        &self,
        actor: &Actor,
        child: PersonId,
        month: Date,
    ) -> Result<MealStatement> {
        text::date_within("month", month, text::EARLIEST_DATE, text::LATEST_DATE)?;
        let (first, next) = month_of(month)?;
        self.read_marks(actor, |p| {
            let (_, class) = authorize(p, child, Action::ReadMeals, false)?;
            let zone = storage::school(p.c, class.school)?.time_zone;
            let from = ical::instant_of(&zone, first, Time::MIDNIGHT)?;
            let to = ical::instant_of(&zone, next, Time::MIDNIGHT)?;
            let opening = store::balance(p.c, child, Some(from))?;
            let entries = store::entries_between(p.c, child, from, to)?;
            let sum = |k: LedgerKind| -> i64 {
                entries
                    .iter()
                    .filter(|e| e.kind == k)
                    .map(|e| e.amount)
                    .sum()
            };
            let (topped_up, charged, refunded) = (
                sum(LedgerKind::TopUp),
                -sum(LedgerKind::Charge),
                sum(LedgerKind::Refund),
            );
            Ok(MealStatement {
                student: child,
                month: first,
                opening,
                closing: opening + topped_up - charged + refunded,
                entries,
                topped_up,
                charged,
                refunded,
            })
        })
    }
}

/// Kopecks as roubles for a title ("120.50 ₽", "-3.00 ₽").
fn rubles(k: i64) -> String {
    let sign = if k < 0 { "-" } else { "" };
    let a = k.unsigned_abs();
    format!("{sign}{}.{:02} ₽", a / 100, a % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rubles_are_exact() {
        assert_eq!(rubles(12_050), "120.50 ₽");
        assert_eq!(rubles(-300), "-3.00 ₽");
        assert_eq!(rubles(0), "0.00 ₽");
        assert_eq!(rubles(i64::MIN), "-92233720368547758.08 ₽");
    }

    #[test]
    fn months_wrap_at_the_year() {
        let (a, b) = month_of(time::macros::date!(2024 - 12 - 31)).unwrap();
        assert_eq!(
            (a, b),
            (
                time::macros::date!(2024 - 12 - 01),
                time::macros::date!(2025 - 01 - 01)
            )
        );
    }
}
