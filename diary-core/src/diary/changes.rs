//! The change feed (issue 18): every write leaves change records (the
//! triggers of migration 0028); [`Diary::changes_since`] hands an actor the
//! ones they may see — decided per record by the same policy as reading
//! the data itself, visibility windows included — and a cursor to go on
//! from. docs/integration.md shows a host syncing from it.

use super::placement::{Need, Placement, ATTENDANCE, HOMEWORK, MARKS, SCHOOL_DAY, TIMETABLE};
use super::Diary;
use crate::access::{acting_as, decide_action, Action};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::ids::{ClassId, PersonId, SchoolId};
use crate::model::{FeedChange, FeedEntity, FeedPage};
use crate::storage::{self, feed, feed::Source};
use std::collections::{BTreeMap, HashSet};

/// The most changes one call examines (`limit` is 1 to this).
pub const MAX_FEED_PAGE: u32 = 10_000;

/// The feed's retention bounds in days (the default is 90).
pub const FEED_RETENTION_DAYS: std::ops::RangeInclusive<u32> = 1..=3660;

/// The data kind the reads of a child's data through the feed are logged
/// under.
const LOGGED_AS: &str = "changes";

impl Diary {
    /// The changes after `cursor` that `actor` may see, oldest first, and
    /// the cursor to continue from.
    ///
    /// At most `limit` (1–[`MAX_FEED_PAGE`]) changes are examined per call;
    /// those the actor may not see are skipped, so a page may be short (or
    /// empty) while `more` is true. Start from [`Diary::change_feed_head`]
    /// after reading the current state, or from 0 for the whole retained
    /// history. Each record is decided as reading its data would be: a
    /// family sees its children's marks, attendance, remarks, notices and
    /// period marks and their classes' homework, lessons and timetable
    /// changes (a trusted person only the services granted, and both only
    /// inside their visibility windows); teachers what they teach and
    /// their own class; admins their school. Reading a child's changes is
    /// logged under the child. A cursor older than the retained feed (or
    /// ahead of it, after a restore) is [`Error::ResyncNeeded`].
    pub fn changes_since(&self, actor: &Actor, cursor: i64, limit: u32) -> Result<FeedPage> {
        if !(1..=MAX_FEED_PAGE).contains(&limit) {
            return Err(Error::invalid(
                "limit",
                format!("must be 1 to {MAX_FEED_PAGE}, not {limit}"),
            ));
        }
        if cursor < 0 {
            return Err(Error::invalid("cursor", "must not be negative"));
        }
        self.read_marks(actor, |p| {
            let Some(me) = actor.person() else {
                // Refused, and the refusal logged like any other.
                p.note(None, None, LOGGED_AS, false, "operator", false);
                return Err(Error::denied(
                    "the operator reads no school's data; the host's change listener receives \
                     every committed change",
                ));
            };
            let head = feed::head(p.c)?;
            check_cursor(p, cursor, head)?;
            let reader = Reader::new(p, me)?;
            let (candidates, next, more) = reader.page(p, cursor, limit, head)?;
            let mut changes = Vec::new();
            for ch in candidates {
                if reader.shows(p, &ch)? {
                    changes.push(ch);
                }
            }
            Ok(FeedPage {
                changes,
                next_cursor: next,
                more,
            })
        })
    }

    /// The feed's newest position: where an actor who has just read the
    /// current state starts following the feed (0 before any change).
    pub fn change_feed_head(&self, actor: &Actor) -> Result<i64> {
        self.read_marks(actor, |p| feed::head(p.c))
    }

    /// How many days the feed keeps changes (the operator's setting).
    pub fn change_feed_retention(&self, actor: &Actor) -> Result<u32> {
        self.read(actor, |p| {
            p.decide_installation("change_feed", false)?;
            Ok(feed::state(p.c)?.1)
        })
    }

    /// Sets how many days the feed keeps changes
    /// ([`FEED_RETENTION_DAYS`]); the operator only. Pruning is
    /// [`Diary::prune_change_feed`].
    pub fn set_change_feed_retention(&self, actor: &Actor, days: u32) -> Result<()> {
        if !FEED_RETENTION_DAYS.contains(&days) {
            return Err(Error::invalid(
                "days",
                format!(
                    "must be {} to {}, not {days}",
                    FEED_RETENTION_DAYS.start(),
                    FEED_RETENTION_DAYS.end()
                ),
            ));
        }
        self.write(actor, |p| {
            p.decide_installation("change_feed", true)?;
            feed::set_retention(p.c, days)
        })
    }

    /// Deletes the changes older than the retention (the newest change is
    /// always kept); the operator only. Returns how many records were
    /// deleted (a bulk import's run of marks is one). A cursor from before
    /// the pruned changes then gets [`Error::ResyncNeeded`].
    pub fn prune_change_feed(&self, actor: &Actor) -> Result<u64> {
        let now = self.now();
        self.write(actor, |p| {
            p.decide_installation("change_feed", true)?;
            let days = i64::from(feed::state(p.c)?.1);
            feed::prune(p.c, now - days * 86_400)
        })
    }
}

/// Refuses a cursor the feed cannot continue from.
fn check_cursor(p: &Placement<'_>, cursor: i64, head: i64) -> Result<()> {
    let (pruned, _) = feed::state(p.c)?;
    if cursor < pruned {
        return Err(Error::ResyncNeeded(format!(
            "the changes after cursor {cursor} up to {pruned} were pruned; read the current \
             state again and continue from cursor {head}"
        )));
    }
    if cursor > head {
        return Err(Error::ResyncNeeded(format!(
            "cursor {cursor} is ahead of the feed's newest change {head} (was the diary \
             restored from a backup?); read the current state again and continue from cursor \
             {head}"
        )));
    }
    Ok(())
}

/// Who is reading, and where their changes can be.
struct Reader {
    me: PersonId,
    /// Whether the actor teaches (class, subject): asked once per pair in
    /// a call, not once per record.
    teaches: std::cell::RefCell<std::collections::HashMap<(ClassId, crate::ids::SubjectId), bool>>,
    sources: Vec<Source>,
    /// The classes each child of the actor's family was ever in.
    family_classes: BTreeMap<ClassId, Vec<PersonId>>,
}

impl Reader {
    fn new(p: &Placement<'_>, me: PersonId) -> Result<Reader> {
        let mut sources: Vec<Source> = feed::staff_schools(p.c, me)?
            .into_iter()
            .map(Source::School)
            .collect();
        let mut family_classes: BTreeMap<ClassId, Vec<PersonId>> = BTreeMap::new();
        for kid in feed::family_children(p.c, me)? {
            sources.push(Source::Student(kid));
            for class in feed::classes_of_student(p.c, kid)? {
                family_classes.entry(class).or_default().push(kid);
            }
        }
        sources.extend(family_classes.keys().map(|k| Source::Class(*k)));
        Ok(Reader {
            me,
            teaches: Default::default(),
            sources,
            family_classes,
        })
    }

    /// The candidate changes after `cursor` (at most `limit`), the next
    /// cursor, and whether more follow.
    fn page(
        &self,
        p: &Placement<'_>,
        cursor: i64,
        limit: u32,
        head: i64,
    ) -> Result<(Vec<FeedChange>, i64, bool)> {
        let mut records = Vec::new();
        // Records are complete up to `cut` from every source: a source that
        // returned `limit` records may have more after its last.
        let mut cut = head;
        for s in &self.sources {
            let rows = feed::after(p.c, *s, cursor, limit)?;
            if rows.len() == limit as usize {
                if let Some(last) = rows.last() {
                    cut = cut.min(last.end());
                }
            }
            records.extend(rows);
        }
        // A bulk import's run of marks the cursor points into.
        if let Some(s) = feed::straddling(p.c, cursor)? {
            if self.sources.iter().any(|src| src.finds(&s)) {
                records.push(s);
            }
        }
        records.sort_by_key(|s| s.change.seq);
        records.dedup_by_key(|s| s.change.seq);
        let mut changes = Vec::new();
        for s in records {
            if s.change.seq > cut {
                break;
            }
            let end = s.end();
            let items = feed::expand(p.c, s, cursor, limit)?;
            // A run expanded only in part is complete up to its last item.
            if let Some(last) = items.last().filter(|l| l.seq < end) {
                cut = cut.min(last.seq);
            }
            changes.extend(items);
        }
        changes.retain(|c| c.seq <= cut);
        changes.sort_by_key(|c| c.seq);
        let next = if changes.len() > limit as usize {
            changes.truncate(limit as usize);
            changes.last().map_or(cut, |c| c.seq)
        } else {
            cut
        };
        Ok((changes, next, next < head))
    }

    /// Whether the actor may see a change; an allowed read of a child's
    /// data is noted for the access log.
    fn shows(&self, p: &mut Placement<'_>, ch: &FeedChange) -> Result<bool> {
        use FeedEntity::*;
        let (need, action, subject, windowed): (Need, Action, bool, bool) = match ch.entity {
            Mark => (MARKS, Action::ReadMarks, true, true),
            FinalMark => (MARKS, Action::ReadSummaries, true, false),
            Attendance | AbsenceNotice => (ATTENDANCE, Action::ReadMarks, false, true),
            Remark => (MARKS, Action::ReadMarks, false, true),
            Enrolment => (SCHOOL_DAY, Action::ReadPersonRecord, false, false),
            Homework => return self.shows_class_record(p, ch, HOMEWORK),
            Lesson | LessonChange | Timetable => return self.shows_class_record(p, ch, TIMETABLE),
        };
        let Some(student) = ch.student else {
            return Ok(false);
        };
        let class = match (ch.class, ch.date) {
            (Some(k), _) => k,
            (None, Some(d)) => match p.class_on(student, d) {
                Ok(k) => k,
                Err(_) => return Ok(false),
            },
            (None, None) => return Ok(false),
        };
        let subject = if subject { ch.subject } else { None };
        let facts = p.facts_in(student, class, subject, false, need)?;
        if decide_action(&facts, action).is_err() {
            return Ok(false);
        }
        if windowed {
            if let (Some(start), Some(day)) = (p.window_start(&facts, student)?, ch.date) {
                if day < start {
                    return Ok(false);
                }
            }
        }
        p.note(
            Some(student),
            Some(ch.school),
            LOGGED_AS,
            false,
            acting_as(&facts),
            true,
        );
        Ok(true)
    }

    /// A class's own record (homework, lessons, timetable): for the
    /// school's admins, the class teacher, the subject's teachers, and the
    /// families of the class's students on that day.
    fn shows_class_record(
        &self,
        p: &mut Placement<'_>,
        ch: &FeedChange,
        need: Need,
    ) -> Result<bool> {
        let Some(class) = ch.class else {
            return Ok(false);
        };
        let school: SchoolId = ch.school;
        if p.standing.admin_of.contains(&school) || p.class(class)?.class_teacher == Some(self.me) {
            return Ok(true);
        }
        if let Some(subject) = ch.subject {
            let known = self.teaches.borrow().get(&(class, subject)).copied();
            let teaches = match known {
                Some(t) => t,
                None => {
                    let t = storage::teaches(p.c, self.me, class, subject, None)?;
                    self.teaches.borrow_mut().insert((class, subject), t);
                    t
                }
            };
            if teaches {
                return Ok(true);
            }
        }
        let (Some(kids), Some(day)) = (self.family_classes.get(&class), ch.date) else {
            return Ok(false);
        };
        let mut tried = HashSet::new();
        for &kid in kids {
            if !tried.insert(kid) || p.class_on(kid, day).ok() != Some(class) {
                continue;
            }
            if ch.entity == FeedEntity::Homework
                && ch.detail.as_deref() == Some("individual")
                && !feed::homework_is_for(p.c, ch.id, kid)?
            {
                continue;
            }
            let facts = p.facts_in(kid, class, None, false, need)?;
            if decide_action(&facts, Action::ReadMarks).is_err() {
                continue;
            }
            if p.window_start(&facts, kid)?
                .is_some_and(|start| day < start)
            {
                continue;
            }
            p.note(
                Some(kid),
                Some(school),
                LOGGED_AS,
                false,
                acting_as(&facts),
                true,
            );
            return Ok(true);
        }
        Ok(false)
    }
}
