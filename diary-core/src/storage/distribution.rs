//! Where each table lives when one logical store serves many schools
//! (PostgreSQL with Citus), and the rules its keys must meet for that.
//!
//! Every table has one [`Placement`]. Tables of one school's data are
//! distributed by `school_id`, so that everything a school reads and writes
//! sits on one node and schools never contend. Citus co-locates such tables
//! only when their primary keys and unique constraints include the
//! distribution column and when every foreign key between them joins on
//! it; a reference table (copied to every node) may be referred to by any
//! table but may itself refer only to reference tables. [`check`] reads the
//! rules off the database's catalogue, and [`citus_script`] renders the
//! commands that distribute the schema (docs/scale-out.md carries both).

use super::catalogue::{Catalogue, ForeignKey, Table};
use std::fmt;

/// Where a table's rows live in a distributed store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    /// One school's data: distributed by `school_id`, co-located.
    BySchool,
    /// One person's own data across schools (login, sessions, contacts):
    /// distributed by `person_id`, co-located with each other.
    ByPerson,
    /// Small, read everywhere, written rarely: copied to every node.
    Reference,
    /// The installation's own state: one row or a log of the operator's,
    /// kept on the coordinator and never joined with schools' data.
    Operator,
}

impl Placement {
    fn distribution_column(self) -> Option<&'static str> {
        match self {
            Placement::BySchool => Some("school_id"),
            Placement::ByPerson => Some("person_id"),
            Placement::Reference | Placement::Operator => None,
        }
    }

    fn a_table(self) -> &'static str {
        match self {
            Placement::BySchool => "a table distributed by school",
            Placement::ByPerson => "a table distributed by person",
            Placement::Reference => "a reference table",
            Placement::Operator => "an operator table",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Placement::BySchool => "by school",
            Placement::ByPerson => "by person",
            Placement::Reference => "reference",
            Placement::Operator => "operator",
        }
    }
}

use Placement::{ByPerson, BySchool, Operator, Reference};

/// Every table of the schema, its placement and why.
#[rustfmt::skip]
pub(crate) const TABLES: &[(&str, Placement, &str)] = &[
    ("absence_notice", BySchool, "a family's notice of a pupil's absence, decided by the school"),
    ("academic_year", BySchool, "a school's year"),
    ("access_application", BySchool, "an application for access to a pupil of the school"),
    ("access_log", BySchool, "the log of access to children's data, one hash chain per school"),
    ("access_log_split", Reference, "where the one chain of older entries ends and the schools' chains begin (one row)"),
    ("account", Reference, "a person's login, unique in the installation; written when it changes or fails"),
    ("account_setting", Operator, "the installation's account settings (one row)"),
    ("announcement", BySchool, "a school's announcement"),
    ("announcement_audience", BySchool, "who an announcement is for"),
    ("announcement_read", BySchool, "who read an announcement"),
    ("announcement_version", BySchool, "an announcement's earlier text"),
    ("application_document", BySchool, "a document checked for an access application"),
    ("application_step", BySchool, "a step of an access application"),
    ("appointment_slot", BySchool, "a teacher's consultation slot"),
    ("attendance", BySchool, "a pupil's presence at a lesson"),
    ("bell", BySchool, "a lesson's times in a bell schedule"),
    ("bell_schedule", BySchool, "a school's bell schedule"),
    ("change", BySchool, "the change feed; its sequence is to run per school"),
    ("chat_message", BySchool, "a message in a school's conversation"),
    ("chat_message_version", BySchool, "a chat message's earlier text"),
    ("chat_report", BySchool, "a report of a chat message to the school"),
    ("class", BySchool, "a class of a school year"),
    ("class_group", BySchool, "a group within a class"),
    ("consent_record", BySchool, "a consent given to the school"),
    ("consent_text", BySchool, "the school's consent wording"),
    ("contact", ByPerson, "a person's e-mail and phone"),
    ("conversation", BySchool, "a conversation within a school"),
    ("conversation_member", BySchool, "a member of a conversation"),
    ("conversation_retention", BySchool, "a conversation's retention hold"),
    ("delivery_log", Operator, "the installation's rate limit of outgoing notices"),
    ("enrolment", BySchool, "a pupil in a class"),
    ("erasure_record", Reference, "a person's data erased, from one school or from all"),
    ("feed_state", Operator, "the change feed's settings (one row)"),
    ("final_mark", BySchool, "a pupil's period or year mark"),
    ("grading_rule", BySchool, "a subject's grading rule"),
    ("grading_rule_version", BySchool, "a grading rule's versions"),
    ("group_member", BySchool, "a pupil in a class group"),
    ("guardianship", Reference, "a parent and a child, who may be in two schools"),
    ("holiday", BySchool, "a school's holidays"),
    ("homework", BySchool, "a lesson's homework"),
    ("homework_attachment", BySchool, "a file of a homework"),
    ("homework_done", BySchool, "a pupil's done-mark of a homework"),
    ("homework_student", BySchool, "an individual homework's pupils"),
    ("lesson", BySchool, "a lesson held"),
    ("lesson_change", BySchool, "a change of the timetable for a day"),
    ("link_code", BySchool, "a code the school issues to link a parent"),
    ("link_code_failure", ByPerson, "a person's failed link-code attempts"),
    ("mark", BySchool, "a mark"),
    ("mark_change", BySchool, "a mark's history"),
    ("mark_sum", BySchool, "maintained sums of a pupil's marks per period"),
    ("meal_ledger", BySchool, "a pupil's meal account"),
    ("meal_order", BySchool, "a meal ordered"),
    ("meal_settings", BySchool, "a school's meal settings"),
    ("meeting", BySchool, "a parents' meeting"),
    ("meeting_agenda", BySchool, "a meeting's agenda"),
    ("meeting_audience", BySchool, "who a meeting is for"),
    ("meeting_record", BySchool, "a meeting's minutes"),
    ("meeting_reply", BySchool, "a reply to a meeting"),
    ("menu", BySchool, "a school's menu"),
    ("menu_item", BySchool, "a dish of a menu"),
    ("merge_record", Reference, "two records of one person merged"),
    ("notification_preference", ByPerson, "a person's notification settings"),
    ("notification_queue", ByPerson, "notices waiting for a person"),
    ("one_time_secret", ByPerson, "a person's reset token or temporary password"),
    ("oneroster_id", BySchool, "OneRoster ids of a school's objects"),
    ("period", BySchool, "a period of a school year"),
    ("person", Reference, "a person, who may belong to several schools"),
    ("person_correction", Reference, "a correction of a person's data"),
    ("reference_generation", Operator, "the counter that empties reference caches (one row)"),
    ("regional_officer", Reference, "an officer's region"),
    ("remark", BySchool, "a teacher's remark on a pupil"),
    ("report_card_template", BySchool, "a school's report card template"),
    ("scale", Reference, "mark scales, shared and per school"),
    ("school", Reference, "a school"),
    ("session", ByPerson, "a person's login session"),
    ("signing_key", Reference, "a person's public key for signed replies, unique in the installation"),
    ("staff", BySchool, "a person's role in a school"),
    ("subject", BySchool, "a school's subject"),
    ("teacher_message", BySchool, "a teacher's message to a family"),
    ("teacher_message_reply", BySchool, "a family's signed reply"),
    ("teaching_assignment", BySchool, "who teaches a subject to a class"),
    ("timetable", BySchool, "a class's timetable version"),
    ("timetable_lesson", BySchool, "a lesson of a timetable"),
    ("transfer_code", BySchool, "a code for a pupil's move to another school"),
    ("trusted_grant", Reference, "a parent's grant to a trusted person for a child"),
    ("visit_event", BySchool, "a turnstile event"),
    ("work_kind", BySchool, "a school's kinds of work"),
    ("year_rollover", BySchool, "a school's move to the next year"),
];

fn placement(table: &str) -> Option<Placement> {
    TABLES
        .iter()
        .find(|(name, _, _)| *name == table)
        .map(|(_, p, _)| *p)
}

/// A table that breaks a rule of distribution, worded for a person:
/// "mark: primary key (id) lacks school_id".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Violation {
    pub table: String,
    pub what: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.table, self.what)
    }
}

fn list(cols: &[String]) -> String {
    cols.join(", ")
}

fn key(fk: &ForeignKey) -> String {
    format!(
        "foreign key ({}) -> {}({})",
        list(&fk.columns),
        fk.parent,
        list(&fk.parent_columns)
    )
}

/// Every breach of the rules in `cat`, sorted.
pub(crate) fn check(cat: &Catalogue) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut say = |table: &str, what: String| {
        out.push(Violation {
            table: table.to_owned(),
            what,
        })
    };
    for (name, _, _) in TABLES {
        if cat.table(name).is_none() {
            say(name, "is placed but not in the schema".to_owned());
        }
    }
    for t in &cat.tables {
        let Some(p) = placement(&t.name) else {
            say(&t.name, "has no placement".to_owned());
            continue;
        };
        if let Some(col) = p.distribution_column() {
            keys_hold(t, col, &mut say);
        }
        for fk in &t.foreign_keys {
            let Some(parent) = placement(&fk.parent) else {
                continue; // reported for the parent itself
            };
            if let Some(why) = foreign_key_breach(p, parent, fk) {
                say(&t.name, format!("{} {why}", key(fk)));
            }
        }
    }
    out.sort();
    out
}

/// The distribution column is a NOT NULL column in the primary key and in
/// every unique constraint.
fn keys_hold(t: &Table, col: &str, say: &mut impl FnMut(&str, String)) {
    match t.column(col) {
        None => {
            say(&t.name, format!("has no {col} column"));
            return;
        }
        Some(c) if !c.not_null => say(&t.name, format!("{col} may be NULL")),
        Some(_) => {}
    }
    if t.primary_key.is_empty() {
        // Citus moves shards by logical replication, which needs a key
        // to apply updates and deletes with.
        say(&t.name, format!("has no primary key (one with {col})"));
    } else if !t.primary_key.iter().any(|c| c == col) {
        say(
            &t.name,
            format!("primary key ({}) lacks {col}", list(&t.primary_key)),
        );
    }
    for u in &t.uniques {
        if !u.iter().any(|c| c == col) {
            say(&t.name, format!("unique ({}) lacks {col}", list(u)));
        }
    }
}

fn foreign_key_breach(child: Placement, parent: Placement, fk: &ForeignKey) -> Option<String> {
    match (child, parent) {
        (_, Reference) | (Operator, Operator) => None,
        (BySchool, BySchool) | (ByPerson, ByPerson) => {
            let col = child.distribution_column()?;
            let joins = fk
                .columns
                .iter()
                .zip(&fk.parent_columns)
                .any(|(a, b)| a == col && b == col);
            (!joins).then(|| format!("does not join on {col}"))
        }
        (Reference, _) => Some(format!(
            "refers from a reference table to {}",
            parent.a_table()
        )),
        _ => Some(format!("joins {} to {}", child.a_table(), parent.a_table())),
    }
}

/// Tables of `placement` in an order where every table comes after the
/// tables it refers to (Citus distributes a table only after its parents).
fn parents_first(cat: &Catalogue, placement_of: Placement) -> Vec<&str> {
    let mut todo: Vec<&Table> = cat
        .tables
        .iter()
        .filter(|t| placement(&t.name) == Some(placement_of))
        .collect();
    let mut done: Vec<&str> = Vec::new();
    while !todo.is_empty() {
        let ready = todo.iter().position(|t| {
            t.foreign_keys.iter().all(|fk| {
                fk.parent == t.name
                    || placement(&fk.parent) != Some(placement_of)
                    || done.contains(&fk.parent.as_str())
            })
        });
        // A cycle between tables: place the rest by name (Citus then
        // needs the cycle's keys added after distribution).
        let i = ready.unwrap_or(0);
        done.push(todo.remove(i).name.as_str());
    }
    done
}

/// The Citus commands that distribute the schema, in an order Citus
/// accepts: reference tables, then each co-located group.
pub(crate) fn citus_script(cat: &Catalogue) -> String {
    let mut out = String::from("-- Reference tables: copied to every node.\n");
    for t in parents_first(cat, Reference) {
        out.push_str(&format!("SELECT create_reference_table('{t}');\n"));
    }
    for (p, heading) in [
        (BySchool, "Distributed by school, co-located"),
        (ByPerson, "Distributed by person, co-located"),
    ] {
        out.push_str(&format!("-- {heading}.\n"));
        let col = p.distribution_column().unwrap_or_default();
        let tables = parents_first(cat, p);
        let first = tables.first().copied().unwrap_or_default();
        for t in &tables {
            let with = if *t == first { "none" } else { first };
            out.push_str(&format!(
                "SELECT create_distributed_table('{t}', '{col}', colocate_with => '{with}');\n"
            ));
        }
    }
    out.push_str("-- Operator tables stay on the coordinator:");
    for t in parents_first(cat, Operator) {
        out.push_str(&format!(" {t}"));
    }
    out.push('\n');
    out
}

/// The placement of every table as a Markdown table.
pub(crate) fn placement_table() -> String {
    let mut out = String::from("| table | placement | holds |\n|---|---|---|\n");
    for (name, p, why) in TABLES {
        out.push_str(&format!("| `{name}` | {} | {why} |\n", p.word()));
    }
    out
}

#[cfg(test)]
mod tests;
