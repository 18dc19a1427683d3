//! Communication at school scale (issue 16's figures): a school of 990
//! families (33 classes of 30, two legal representatives each, 100 with a
//! second child in another class), 40 teachers, a class chat per class
//! (61 participants), two conversations per mother, and a school year of
//! traffic — 200,000 messages and 2,000 announcements, all through the
//! public API into a real file. Then, warm, on one handle:
//!
//! - a parent's unread counters across all conversations and children;
//! - a page of 50 messages of a class chat (the newest, and one deep in the
//!   year through the cursor);
//! - a search in the parent's conversations (a common and a rare word);
//! - posting to a class chat of 61 participants (the whole call, commit
//!   included), beside the cheapest write (a read mark) for the commit's
//!   share.
//!
//! `cargo bench -p diary-core --bench communication` (about two minutes);
//! `-- --messages N` for a smaller year.

#[path = "../tests/common/mod.rs"]
#[allow(dead_code, clippy::all)]
mod common;

use diary_core::grading::Ratio;
use diary_core::*;
use std::sync::Arc;
use std::time::{Duration, Instant};
use time::macros::{date, datetime};

/// A tiny deterministic generator (xorshift), so that runs compare.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "домашнее",
    "задание",
    "контрольная",
    "математика",
    "экскурсия",
    "родительское",
    "собрание",
    "завтра",
    "сегодня",
    "урок",
    "оценка",
    "четверть",
    "спасибо",
    "пожалуйста",
    "вопрос",
    "класс",
    "учитель",
    "тетрадь",
    "учебник",
    "расписание",
    "замена",
    "физкультура",
    "форма",
    "деньги",
    "поездка",
    "музей",
    "театр",
    "олимпиада",
    "конкурс",
    "праздник",
    "подарок",
    "болеет",
    "справка",
    "карантин",
    "прививка",
    "столовая",
    "питание",
    "кружок",
    "секция",
    "дневник",
];
/// A word that appears in about one message in 5,000.
const RARE: &str = "палеонтология";

fn text(rng: &mut Rng) -> String {
    let n = 5 + rng.below(11);
    let mut w: Vec<&str> = (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect();
    if rng.below(5000) == 0 {
        w.push(RARE);
    }
    w.join(" ")
}

fn pct(mut v: Vec<Duration>, p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1e3
}

fn report(name: &str, v: Vec<Duration>) {
    println!(
        "RESULT {name} p50_ms {:.3} p95_ms {:.3} (n={})",
        pct(v.clone(), 0.5),
        pct(v.clone(), 0.95),
        v.len()
    );
}

struct Family {
    mother: PersonId,
    father: PersonId,
    children: Vec<PersonId>,
    classes: Vec<usize>,
}

fn main() -> Result<()> {
    let messages: usize = std::env::args()
        .skip_while(|a| a != "--messages")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200_000);
    let dir = tempfile::tempdir().map_err(|e| Error::IoError(e.to_string()))?;
    let path = dir.path().join("communication.diary");
    let clock = Arc::new(ManualClock::new(datetime!(2024-09-01 08:00 UTC)));
    let d = Diary::open_with(
        &path,
        OpenOptions {
            clock: clock.clone(),
            ..OpenOptions::default()
        },
    )?;
    let started = Instant::now();
    let op = Actor::operator();
    let school = d
        .create_school(&op, &NewSchool::new("Bench", "Moscow", "Europe/Moscow"))?
        .id;
    let reg = |who: &Actor, name: &str, birth| {
        d.register_person(who, school, &common::person(name, "X", birth, None))
            .map(|p| p.id)
    };
    let admin_id = reg(&op, "Admin", date!(1970 - 01 - 01))?;
    d.appoint_staff(&op, school, admin_id, StaffRole::Admin)?;
    let admin = Actor::vouched(admin_id);
    let year = d
        .create_year(
            &admin,
            school,
            &NewYear {
                label: "2024/25".into(),
                start: date!(2024 - 09 - 01),
                end: date!(2025 - 05 - 31),
            },
        )?
        .id;
    let teachers: Vec<PersonId> = (0..40)
        .map(|i| {
            let t = reg(&admin, &format!("Teacher{i}"), date!(1975 - 01 - 01))?;
            d.appoint_staff(&admin, school, t, StaffRole::Teacher)?;
            Ok(t)
        })
        .collect::<Result<_>>()?;
    let subjects: Vec<SubjectId> = (0..5)
        .map(|i| {
            d.create_subject(&admin, school, &format!("Subject{i}"))
                .map(|s| s.id)
        })
        .collect::<Result<_>>()?;
    let _kind = d.create_work_kind(
        &admin,
        school,
        &NewWorkKind {
            name: "Oral".into(),
            default_weight: Ratio::int(1),
            min_weight: Ratio::int(1),
            max_weight: Ratio::int(1),
        },
    )?;
    let mut classes = Vec::new();
    for i in 0..33usize {
        let class = d
            .create_class(
                &admin,
                year,
                &NewClass {
                    grade: (1 + i / 3) as u8,
                    letter: ["A", "B", "C"][i % 3].into(),
                    class_teacher: Some(teachers[i % 40]),
                },
            )?
            .id;
        for (k, subject) in subjects.iter().enumerate() {
            d.assign_teacher(
                &admin,
                &NewAssignment {
                    teacher: teachers[(i * 5 + k + 1) % 40],
                    class,
                    group: None,
                    subject: *subject,
                },
            )?;
        }
        classes.push(class);
    }
    let mut families = Vec::new();
    for i in 0..990usize {
        let class = i / 30;
        let child = reg(&admin, &format!("Child{i}"), date!(2012 - 01 - 01))?;
        d.enrol(&admin, child, classes[class], date!(2024 - 09 - 01))?;
        let mother = reg(&admin, &format!("Mother{i}"), date!(1985 - 01 - 01))?;
        let father = reg(&admin, &format!("Father{i}"), date!(1983 - 01 - 01))?;
        for (g, relation) in [(mother, Relation::Mother), (father, Relation::Father)] {
            d.add_guardian(
                &admin,
                &Guardianship {
                    student: child,
                    guardian: g,
                    relation,
                    legal_representative: true,
                },
            )?;
        }
        families.push(Family {
            mother,
            father,
            children: vec![child],
            classes: vec![class],
        });
    }
    // 100 families with a second child in the next class.
    for (i, f) in families.iter_mut().enumerate().filter(|(i, _)| i % 10 == 0) {
        let class = (i / 30 + 1) % 33;
        let child = reg(&admin, &format!("Sibling{i}"), date!(2014 - 01 - 01))?;
        d.enrol(&admin, child, classes[class], date!(2024 - 09 - 01))?;
        for (g, relation) in [(f.mother, Relation::Mother), (f.father, Relation::Father)] {
            d.add_guardian(
                &admin,
                &Guardianship {
                    student: child,
                    guardian: g,
                    relation,
                    legal_representative: true,
                },
            )?;
        }
        f.children.push(child);
        f.classes.push(class);
    }
    let chats: Vec<ConversationId> = (0..33)
        .map(|i| {
            d.open_class_chat(&Actor::vouched(teachers[i % 40]), classes[i])
                .map(|c| c.id)
        })
        .collect::<Result<_>>()?;
    // Two conversations per mother: the class teacher, a subject teacher.
    let mut directs: Vec<(ConversationId, PersonId, PersonId)> = Vec::new();
    for (i, f) in families.iter().enumerate() {
        let class = f.classes[0];
        for teacher in [teachers[class % 40], teachers[(class * 5 + 1 + i % 5) % 40]] {
            let c = d.start_conversation(
                &Actor::vouched(f.mother),
                &NewConversation {
                    school,
                    child: Some(f.children[0]),
                    participants: vec![teacher],
                    title: None,
                },
            )?;
            directs.push((c.id, f.mother, teacher));
        }
    }
    println!(
        "school: {} families, {} students, {} class chats, {} conversations ({:.1} s)",
        families.len(),
        families.iter().map(|f| f.children.len()).sum::<usize>(),
        chats.len(),
        directs.len(),
        started.elapsed().as_secs_f64()
    );

    // A year of traffic: messages and announcements spread over the days.
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let first = datetime!(2024-09-02 07:00 UTC);
    let span = 270 * 86_400i64;
    let announcements = 2_000usize;
    let total = messages + announcements;
    let t0 = Instant::now();
    for n in 0..total {
        clock.set(first + time::Duration::seconds(span * n as i64 / total as i64));
        if n % (total / announcements) == 0 {
            let class = classes[rng.below(33)];
            let today = clock.now().date();
            d.publish_announcement(
                &admin,
                &NewAnnouncement {
                    school,
                    kind: AnnouncementKind::News,
                    urgent: rng.below(10) == 0,
                    title: "Новости".into(),
                    body: text(&mut rng),
                    audience: vec![Audience {
                        scope: AudienceScope::Class,
                        id: Some(class.0),
                        role: AudienceRole::Parents,
                    }],
                    shown_from: today,
                    shown_until: today + time::Duration::days(14),
                    pinned: false,
                    attachments: Vec::new(),
                },
            )?;
            continue;
        }
        // 55 % to class chats, 45 % to conversations.
        let (conversation, author) = if rng.below(100) < 55 {
            let class = rng.below(33);
            let author = if rng.below(10) == 0 {
                teachers[class % 40]
            } else {
                let f = &families[class * 30 + rng.below(30)];
                if rng.below(2) == 0 {
                    f.mother
                } else {
                    f.father
                }
            };
            (chats[class], author)
        } else {
            let (c, mother, teacher) = directs[rng.below(directs.len())];
            (c, if rng.below(2) == 0 { mother } else { teacher })
        };
        d.post_chat_message(
            &Actor::vouched(author),
            &NewChatMessage {
                conversation,
                text: text(&mut rng),
                attachments: Vec::new(),
                reply_to: None,
            },
        )?;
    }
    println!(
        "traffic: {messages} messages and {announcements} announcements in {:.1} s ({:.0} µs per message)",
        t0.elapsed().as_secs_f64(),
        t0.elapsed().as_secs_f64() * 1e6 / total as f64
    );
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(dir.path().join("communication.diary-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!("file: {:.1} MB", bytes as f64 / 1e6);
    clock.set(datetime!(2025-05-20 12:00 UTC));

    // Parents: the sampled ones read some conversations first, so that
    // read marks are spread.
    let sample: Vec<usize> = (0..300).map(|_| rng.below(families.len())).collect();
    for &i in sample.iter().step_by(3) {
        let f = &families[i];
        d.mark_conversation_read(&Actor::vouched(f.mother), chats[f.classes[0]], None)?;
    }
    let rounds = |f: &mut dyn FnMut(usize) -> Result<()>| -> Result<Vec<Duration>> {
        let mut v = Vec::new();
        for &i in &sample {
            let t = Instant::now();
            f(i)?;
            v.push(t.elapsed());
        }
        Ok(v)
    };
    let mut unread_total = 0u64;
    let v = rounds(&mut |i| {
        let f = &families[i];
        unread_total += u64::from(d.unread_counts(&Actor::vouched(f.mother), f.mother)?.total);
        Ok(())
    })?;
    report("parent_unread_counts", v);
    println!(
        "  mean unread per parent: {}",
        unread_total / sample.len() as u64
    );
    let v = rounds(&mut |i| {
        let f = &families[i];
        let page = d.chat_messages(&Actor::vouched(f.mother), chats[f.classes[0]], None, 50)?;
        assert_eq!(page.messages.len(), 50);
        Ok(())
    })?;
    report("class_chat_page_50_newest", v);
    let deep: Vec<ChatMessageId> = sample
        .iter()
        .map(|&i| {
            let f = &families[i];
            // Half-way through the year's messages of the chat.
            let me = Actor::vouched(f.mother);
            let mut cursors = Vec::new();
            let mut page = d.chat_messages(&me, chats[f.classes[0]], None, 100)?;
            while let Some(next) = page.next {
                cursors.push(next);
                page = d.chat_messages(&me, chats[f.classes[0]], Some(next), 100)?;
            }
            Ok(cursors[cursors.len() / 2])
        })
        .collect::<Result<_>>()?;
    let mut k = 0;
    let v = rounds(&mut |i| {
        let f = &families[i];
        let page = d.chat_messages(
            &Actor::vouched(f.mother),
            chats[f.classes[0]],
            Some(deep[k]),
            50,
        )?;
        k += 1;
        assert_eq!(page.messages.len(), 50);
        Ok(())
    })?;
    report("class_chat_page_50_deep", v);
    let mut found = 0usize;
    for (name, word) in [
        ("search_common_word", "экскурсия"),
        ("search_rare_word", RARE),
    ] {
        let v = rounds(&mut |i| {
            let f = &families[i];
            found += d
                .search_chat_messages(&Actor::vouched(f.mother), f.mother, word, 20)?
                .len();
            Ok(())
        })?;
        report(name, v);
    }
    println!("  search results: {found}");
    let mut lat = Vec::new();
    let mut floor = Vec::new();
    for n in 0..500 {
        let class = n % 33;
        let f = &families[class * 30 + rng.below(30)];
        let me = Actor::vouched(f.mother);
        let t = Instant::now();
        d.post_chat_message(
            &me,
            &NewChatMessage {
                conversation: chats[class],
                text: text(&mut rng),
                attachments: Vec::new(),
                reply_to: None,
            },
        )?;
        lat.push(t.elapsed());
        let t = Instant::now();
        d.mark_conversation_read(&me, chats[class], None)?;
        floor.push(t.elapsed());
    }
    let participants = d
        .conversation(&Actor::vouched(teachers[0]), chats[0])?
        .participants
        .len();
    report(&format!("post_to_class_chat_of_{participants}"), lat);
    report("cheapest_write_read_mark", floor);
    Ok(())
}
