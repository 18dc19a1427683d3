//! A file written at schema version 1 (before marks existed) is upgraded in
//! one step and keeps its data.

use diary_core::*;

#[test]
fn version_1_files_are_upgraded_with_their_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.diary");
    {
        // Build a version-1 file by hand: the first migration only, as the
        // first release wrote it.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA journal_mode=WAL;").unwrap();
        c.execute_batch(include_str!(
            "../src/storage/migrations/0001_school_structure.sql"
        ))
        .unwrap();
        c.execute_batch(&format!(
            "PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version=1;"
        ))
        .unwrap();
        c.execute(
            "INSERT INTO school (name, region, time_zone, days_per_week, created_at) VALUES ('Old School', 'Tula', 'Europe/Moscow', 6, 0)",
            [],
        )
        .unwrap();
    }
    let d = Diary::open(&path).unwrap();
    assert_eq!(d.schema_version().unwrap(), LATEST_VERSION);
    let schools = d.schools(&Actor::operator()).unwrap();
    assert_eq!(
        (schools[0].name.as_str(), schools[0].days_per_week),
        ("Old School", 6)
    );
    // The built-in scales arrived with the upgrade.
    let admin = d
        .register_person(
            &Actor::operator(),
            schools[0].id,
            &NewPerson {
                surname: "Admin".into(),
                first_name: "A".into(),
                patronymic: None,
                birth_date: time::macros::date!(1980 - 01 - 01),
                snils: None,
            },
        )
        .unwrap();
    d.appoint_staff(
        &Actor::operator(),
        schools[0].id,
        admin.id,
        StaffRole::Admin,
    )
    .unwrap();
    let codes: Vec<String> = d
        .scales(&Actor::vouched(admin.id), schools[0].id)
        .unwrap()
        .into_iter()
        .map(|s| s.code)
        .collect();
    assert!(codes.contains(&"ru5".to_string()) && codes.contains(&"de6".to_string()));
    drop(d);
    // Opening again does not migrate twice.
    assert_eq!(
        Diary::open(&path).unwrap().schema_version().unwrap(),
        LATEST_VERSION
    );
}

/// A new file at `path` with the schema of `version`, as the migrations up
/// to it left it (their SQL only), in WAL mode.
fn file_at_version(path: &std::path::Path, version: usize) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch("PRAGMA journal_mode=WAL;").unwrap();
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/storage/migrations");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    for f in files.iter().take(version) {
        c.execute_batch(&std::fs::read_to_string(f).unwrap())
            .unwrap();
    }
    c
}

/// Trusted-person grants written before the finer services (version 20)
/// keep what they granted: bit 1 (diary) becomes marks, homework,
/// attendance, timetable and announcements, bit 2 visits and meals.
#[test]
fn version_20_grants_keep_their_services() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v20.diary");
    {
        let c = file_at_version(&path, 20);
        c.execute_batch(&format!(
            "PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version=20;
             INSERT INTO person (id, surname, first_name, birth_date, created_at) VALUES
               (1, 'Child', 'C', '2013-01-01', 0), (2, 'Mother', 'M', '1985-01-01', 0),
               (3, 'Nanny', 'N', '1970-01-01', 0);
             INSERT INTO trusted_grant (id, student_id, inviter_id, invitee_id, services, invited_at, expires_at)
               VALUES (1, 1, 2, 3, 1, 0, 0), (2, 1, 2, 3, 2, 0, 0), (3, 1, 2, 3, 3, 0, 0);"
        ))
        .unwrap();
    }
    let d = Diary::open(&path).unwrap();
    assert_eq!(d.schema_version().unwrap(), LATEST_VERSION);
    drop(d);
    let c = rusqlite::Connection::open(&path).unwrap();
    let got: Vec<Services> = c
        .prepare("SELECT services FROM trusted_grant ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get::<_, i64>(0))
        .unwrap()
        .map(|b| Services::from_bits(b.unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            Services::DIARY,
            Services::VISITS_MEALS,
            Services::DIARY.union(Services::VISITS_MEALS)
        ]
    );
    // The old shorthands are no longer stored.
    let low: i64 = c
        .query_row(
            "SELECT count(*) FROM trusted_grant WHERE services & 3 <> 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(low, 0);
}

/// A file of version 37 holds one access-log chain over every school's
/// entries. Opened by this build (schema 38), it keeps those entries as
/// they were: the operator's chain and an anchor taken at version 37 still
/// verify, and each school's new entries continue a chain of their own
/// that the school's admin verifies.
#[test]
fn version_37_log_goes_on_as_one_chain_per_school() {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v37.diary");
    let mut prev = "0".repeat(64);
    {
        let c = file_at_version(&path, 37);
        c.execute_batch(&format!(
            "PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version=37;
             INSERT INTO school (id, name, region, time_zone, days_per_week, created_at) VALUES
               (1, 'A', 'Moscow', 'Europe/Moscow', 5, 0), (2, 'B', 'Moscow', 'Europe/Moscow', 5, 0);
             INSERT INTO person (id, surname, first_name, birth_date, created_at) VALUES
               (1, 'Admin', 'A', '1980-01-01', 0), (2, 'Admin', 'B', '1980-01-01', 0);
             INSERT INTO staff VALUES (1, 1, 'admin'), (2, 2, 'admin');"
        ))
        .unwrap();
        // The chain as version 37 wrote it: one over every entry.
        for (id, school) in [(1, Some(1)), (2, Some(2)), (3, None), (4, Some(1))] {
            let s = school.map_or("-".to_owned(), |s: i64| s.to_string());
            let text = format!("{prev}|{id}|100|-|operator|-|{s}|school|write|1");
            let hash: String = Sha256::digest(text.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            c.execute(
                "INSERT INTO access_log VALUES (?1, 100, NULL, 'operator', NULL, ?2, 'school', 'write', 1, ?3)",
                rusqlite::params![id, school, hash],
            )
            .unwrap();
            prev = hash;
        }
    }
    let old_anchor = LogAnchor { id: 4, hash: prev };
    let d = Diary::open(&path).unwrap();
    assert_eq!(d.schema_version().unwrap(), LATEST_VERSION);
    let op = Actor::operator();
    let v = d.verify_access_log_against(&op, &old_anchor).unwrap();
    assert_eq!(
        (v.entries, v.first_broken, v.anchor_matches),
        (4, None, Some(true))
    );
    // New entries go on each school's own chain.
    let (a, b) = (Actor::vouched(PersonId(1)), Actor::vouched(PersonId(2)));
    let child = |admin: &Actor, school: i64, name: &str| {
        let birth = time::macros::date!(2013 - 01 - 01);
        let new = NewPerson {
            surname: name.into(),
            first_name: "C".into(),
            patronymic: None,
            birth_date: birth,
            snils: None,
        };
        d.register_person(admin, SchoolId(school), &new).unwrap().id
    };
    let (ca, cb) = (child(&a, 1, "ChildA"), child(&b, 2, "ChildB"));
    for _ in 0..3 {
        d.person(&a, ca).unwrap();
        d.person(&b, cb).unwrap();
    }
    let own = d.access_log_of_school(&a, SchoolId(1)).unwrap();
    assert!(
        own.len() >= 2 + 3,
        "school A's old entries and its reads: {own:?}"
    );
    let v = d.verify_access_log(&a).unwrap();
    assert_eq!(v.first_broken, None);
    assert_eq!(v.entries as usize, own.len(), "A's entries, old and new");
    let v = d.verify_access_log(&op).unwrap();
    assert_eq!(v.first_broken, None);
    let v = d.verify_access_log_against(&op, &old_anchor).unwrap();
    assert_eq!((v.first_broken, v.anchor_matches), (None, Some(true)));
    let anchor = d.access_log_head(&b).unwrap().unwrap();
    let v = d.verify_access_log_against(&b, &anchor).unwrap();
    assert_eq!((v.first_broken, v.anchor_matches), (None, Some(true)));
}

/// Versions 40 to 42 give every table of a school's data `school_id`:
/// every row of the school day (lessons, registers, homework, marks and
/// their sums), of the year's structure (periods, enrolments, groups,
/// timetables, changes, bells, final marks) and of families and
/// communication (notices, announcements, applications, chats, codes,
/// meals, meetings, replies) of a version-39 file gets its school, in two
/// schools whose ids differ from the rows', and loses nothing; the
/// references, the chat search and the sums still hold.
#[test]
fn version_39_rows_of_every_school_table_get_their_school() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v39.diary");
    // Per school s (1, 2): year s, period s, class s, subject s, teacher
    // 10 + s, pupil 20 + s, lesson s, homework s; school 2's ids differ
    // from its school's so that a fill by the wrong column shows.
    let mut sql = format!("PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version=39;");
    for s in 1..=2 {
        let (lesson, homework, mark) = (s * 7, s * 5, s * 3);
        sql += &format!(
            "INSERT INTO school (id, name, region, time_zone, days_per_week, created_at)
               VALUES ({s}, 'S{s}', 'Moscow', 'Europe/Moscow', 5, 0);
             INSERT INTO academic_year VALUES ({s}, {s}, '2026/27', '2026-09-01', '2027-05-31');
             INSERT INTO period (id, year_id, kind, name, start_date, end_date)
               VALUES ({s}, {s}, 'quarter', 'I', '2026-09-01', '2026-10-31');
             INSERT INTO class (id, school_id, year_id, grade, letter) VALUES ({s}, {s}, {s}, 5, 'A');
             INSERT INTO subject VALUES ({s}, {s}, 'Maths');
             INSERT INTO person (id, surname, first_name, birth_date, created_at) VALUES
               (1{s}, 'Teacher{s}', 'T', '1980-01-01', 0), (2{s}, 'Pupil{s}', 'P', '2015-01-01', 0);
             INSERT INTO lesson (id, class_id, day, number) VALUES ({lesson}, {s}, 2461300, 1);
             INSERT INTO attendance (lesson_id, student_id, status, excused, recorded_by, recorded_at, day)
               VALUES ({lesson}, 2{s}, 'absent', 0, 1{s}, 0, 2461300);
             INSERT INTO homework (id, lesson_id, subject_id, set_day, due_day, text, individual,
                                   created_by, created_at, class_id)
               VALUES ({homework}, {lesson}, {s}, 2461300, 2461301, 'p. 5', 1, 1{s}, 0, {s});
             INSERT INTO homework_student VALUES ({homework}, 2{s});
             INSERT INTO homework_done VALUES ({homework}, 2{s}, 10);
             INSERT INTO homework_attachment (homework_id, name, media_type, size_bytes, url)
               VALUES ({homework}, 'p5.pdf', 'application/pdf', 100, 'https://x.example/p5.pdf');
             INSERT INTO mark (id, student_id, subject_id, class_id, period_id, lesson_day, entry,
                               scale_id, label, value_centi, work_kind_id, weight_centi, counting,
                               teacher_id, created_at)
               VALUES ({mark}, 2{s}, {s}, {s}, {s}, 2461300, 0, 1, '5', 500, 1, 100, 0, 1{s}, 0),
                      ({mark} + 100, 2{s}, {s}, {s}, {s}, 2461300, 0, 1, '4', 400, 1, 200, 0, 1{s}, 0);
             INSERT INTO mark_change (mark_id, action, changed_by, changed_at, reason, old_label,
                                      new_label, old_state, new_state)
               VALUES ({mark}, 'update', 1{s}, 0, 'typo', '4', '5', '{{}}', '{{}}');
             INSERT INTO enrolment (id, student_id, class_id, start_date, created_at)
               VALUES ({lesson}, 2{s}, {s}, '2026-09-01', 0);
             INSERT INTO class_group (id, class_id, name) VALUES ({homework}, {s}, 'G');
             INSERT INTO group_member VALUES ({homework}, 2{s});
             INSERT INTO teaching_assignment (id, teacher_id, class_id, subject_id, year_id)
               VALUES ({lesson}, 1{s}, {s}, {s}, {s});
             INSERT INTO timetable (id, class_id, shift, valid_from) VALUES ({lesson}, {s}, 1, 2461300);
             INSERT INTO timetable_lesson (timetable_id, weekday, number, subject_id, teacher_id)
               VALUES ({lesson}, 1, 1, {s}, 1{s});
             INSERT INTO lesson_change (class_id, day, number, kind, created_by, created_at)
               VALUES ({s}, 2461300, 2, 'cancellation', 1{s}, 0);
             INSERT INTO bell_schedule (id, school_id, name, shift, weekdays, valid_from)
               VALUES ({homework}, {s}, 'B', 1, 31, 2461300);
             INSERT INTO bell VALUES ({homework}, 1, 480, 525);
             INSERT INTO final_mark (student_id, subject_id, year_id, period_id, kind, mark, set_by, set_at)
               VALUES (2{s}, {s}, {s}, {s}, 'period', '5', 1{s}, 0);"
        );
        let (ann, app, conv, msg, menu, meeting, note) =
            (s * 11, s * 13, s * 17, s * 19, s * 23, s * 29, s * 31);
        let sha = "a".repeat(64);
        sql += &format!(
            "INSERT INTO absence_notice (id, student_id, kind, first_day, last_day, reason,
                                         submitted_by, submitted_at, status)
               VALUES ({note}, 2{s}, 'excuse', 2461300, 2461300, 'illness', 1{s}, 0, 'pending');
             INSERT INTO announcement (id, school_id, author_id, kind, urgent, title, body,
                                       shown_from, shown_until, pinned, attachments, published_at)
               VALUES ({ann}, {s}, 1{s}, 'news', 0, 'T', 'B', '2026-09-01', '2026-09-30', 0, '[]', 0);
             INSERT INTO announcement_audience (announcement_id, position, scope, role)
               VALUES ({ann}, 0, 'school', 'everyone');
             INSERT INTO announcement_read VALUES ({ann}, 2{s}, 5);
             INSERT INTO announcement_version (announcement_id, replaced_at, replaced_by, title, body)
               VALUES ({ann}, 3, 1{s}, 'Old', 'Old body');
             INSERT INTO access_application (id, school_id, student_id, applicant_surname,
                 applicant_first_name, applicant_birth_date, relation, legal_representative,
                 channel, submitted_at, due_day, status)
               VALUES ({app}, {s}, 2{s}, 'Parent', 'P', '1985-01-01', 'mother', 1, 'online', 0,
                       2461310, 'submitted');
             INSERT INTO application_document (application_id, kind, reference, sha256, provided_at)
               VALUES ({app}, 'consent', 'r', '{sha}', 0);
             INSERT INTO application_step (application_id, at, what) VALUES ({app}, 0, 'submitted');
             INSERT INTO conversation (id, school_id, kind, started_by, started_at)
               VALUES ({conv}, {s}, 'staff_room', 1{s}, 0);
             INSERT INTO conversation_member (conversation_id, person_id, named) VALUES ({conv}, 1{s}, 0);
             INSERT INTO chat_message (id, conversation_id, author_id, body, sent_at)
               VALUES ({msg}, {conv}, 1{s}, 'hello', 0);
             INSERT INTO chat_message_version VALUES ({msg}, 1, 'helo', 1);
             INSERT INTO chat_report (message_id, reporter_id, reason, at) VALUES ({msg}, 2{s}, 'r', 0);
             INSERT INTO conversation_retention VALUES ({conv}, 'archive', 1, 1{s}, 9);
             INSERT INTO link_code (student_id, relation, legal_representative, code_hash, issued_by,
                                    created_at, expires_at)
               VALUES (2{s}, 'mother', 1, 'link{s}', 1{s}, 1788000000, 1789000000);
             INSERT INTO transfer_code (student_id, from_school, code_hash, issued_by, created_at, expires_at)
               VALUES (2{s}, {s}, 'move{s}', 1{s}, 0, 1);
             INSERT INTO menu (id, school_id, day, meal, published_at) VALUES ({menu}, {s}, 2461300, 'lunch', 0);
             INSERT INTO menu_item (menu_id, position, name, price, allergens) VALUES ({menu}, 0, 'Soup', 5000, '[]');
             INSERT INTO meal_order (id, student_id, menu_id, items, price, ordered_at)
               VALUES ({menu}, 2{s}, {menu}, '[0]', 5000, 0);
             INSERT INTO meal_ledger (school_id, student_id, at, kind, amount, order_id)
               VALUES ({s}, 2{s}, 0, 'charge', -5000, {menu});
             UPDATE attendance SET notice_id = {note} WHERE lesson_id = {lesson};
             INSERT INTO meeting (id, school_id, organiser_id, kind, title, day, starts, minutes, created_at)
               VALUES ({meeting}, {s}, 1{s}, 'class_meeting', 'M', '2026-09-10', 1080, 60, 0);
             INSERT INTO meeting_agenda (meeting_id, position, title, starts, minutes)
               VALUES ({meeting}, 0, 'Marks', 1080, 30);
             INSERT INTO meeting_audience (meeting_id, position, scope, role)
               VALUES ({meeting}, 0, 'school', 'parents');
             INSERT INTO meeting_record VALUES ({meeting}, 'm', '[]', 1{s}, 0);
             INSERT INTO meeting_reply (meeting_id, person_id, answer, at) VALUES ({meeting}, 2{s}, 'yes', 0);
             INSERT INTO teacher_message (id, school_id, author_id, student_id, recipient_id, subject,
                                          body, needs_signature, sent_at)
               VALUES ({note}, {s}, 1{s}, 2{s}, 2{s}, 'S', 'B', 0, 0);
             INSERT INTO teacher_message_reply (message_id, replier_id, text, at)
               VALUES ({note}, 2{s}, 'ok', 1);
             INSERT INTO visit_event (school_id, student_id, direction, at, device, recorded_at)
               VALUES ({s}, 2{s}, 'entry', 100, 'gate', 100);"
        );
    }
    {
        let c = file_at_version(&path, 39);
        c.execute_batch(&sql).unwrap();
    }
    let d = Diary::open(&path).unwrap();
    assert_eq!(d.schema_version().unwrap(), LATEST_VERSION);
    d.check(false).unwrap();
    drop(d);
    let c = rusqlite::Connection::open(&path).unwrap();
    let schools = |table: &str| -> Vec<i64> {
        let mut st = c
            .prepare(&format!("SELECT school_id FROM {table} ORDER BY school_id"))
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    for table in [
        "lesson",
        "attendance",
        "homework",
        "homework_student",
        "homework_done",
        "homework_attachment",
        "mark_change",
        "mark_sum",
        "period",
        "enrolment",
        "group_member",
        "teaching_assignment",
        "timetable",
        "timetable_lesson",
        "lesson_change",
        "bell",
        "final_mark",
        "absence_notice",
        "announcement_audience",
        "announcement_read",
        "announcement_version",
        "application_document",
        "application_step",
        "chat_message",
        "chat_message_version",
        "chat_report",
        "class_group",
        "conversation_member",
        "conversation_retention",
        "link_code",
        "transfer_code",
        "menu_item",
        "meal_order",
        "meeting_agenda",
        "meeting_audience",
        "meeting_record",
        "meeting_reply",
        "teacher_message_reply",
        "visit_event",
        "class",
    ] {
        assert_eq!(schools(table), [1, 2], "{table}");
    }
    assert_eq!(schools("mark"), [1, 1, 2, 2]);
    let sums: Vec<(i64, i64, i64, i64)> = c
        .prepare("SELECT school_id, weighted, weights, marks FROM mark_sum ORDER BY school_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(sums, [(1, 130_000, 300, 2), (2, 130_000, 300, 2)]);
    let broken: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0, "references still hold");
    let text: String = c
        .query_row("SELECT text FROM homework WHERE id = 10", [], |r| r.get(0))
        .unwrap();
    assert_eq!(text, "p. 5");
    // Rows of tables not rebuilt, and of tables rebuilt earlier, still
    // find the rebuilt rows they refer to.
    let joined: i64 = c
        .query_row(
            "SELECT (SELECT count(*) FROM meal_ledger l JOIN meal_order o ON o.id = l.order_id
                      WHERE o.school_id = l.school_id)
                  + (SELECT count(*) FROM attendance a JOIN absence_notice n ON n.id = a.notice_id
                      WHERE n.school_id = a.school_id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(joined, 4);
    let found: Vec<i64> = c
        .prepare("SELECT rowid FROM chat_search WHERE chat_search MATCH 'hello' ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(found, [19, 38], "the chat search still finds the messages");
}

/// The rebuilds of versions 40 to 42 run with references unenforced and
/// check them once before committing: a version-39 file holding a row
/// that refers to a missing person (written by a tool without the
/// library's foreign keys) is refused with an error, and a row whose
/// parent is missing (so it has no school) stops the upgrade too; either
/// way the file stays at version 39 with its rows.
#[test]
fn an_upgrade_that_would_leave_broken_references_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (name, orphan) in [
        (
            "person.diary",
            "INSERT INTO homework_done VALUES (5, 999, 10);",
        ),
        (
            "parent.diary",
            "INSERT INTO homework_student VALUES (777, 21);",
        ),
    ] {
        let path = dir.path().join(name);
        {
            let c = file_at_version(&path, 39);
            c.execute_batch(&format!(
                "PRAGMA foreign_keys=OFF; PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version=39;
                 INSERT INTO school (id, name, region, time_zone, days_per_week, created_at)
                   VALUES (1, 'S', 'Moscow', 'Europe/Moscow', 5, 0);
                 INSERT INTO academic_year VALUES (1, 1, '2026/27', '2026-09-01', '2027-05-31');
                 INSERT INTO class (id, school_id, year_id, grade, letter) VALUES (1, 1, 1, 5, 'A');
                 INSERT INTO subject VALUES (1, 1, 'Maths');
                 INSERT INTO person (id, surname, first_name, birth_date, created_at) VALUES
                   (11, 'Teacher', 'T', '1980-01-01', 0), (21, 'Pupil', 'P', '2015-01-01', 0);
                 INSERT INTO lesson (id, class_id, day, number) VALUES (7, 1, 2461300, 1);
                 INSERT INTO homework (id, lesson_id, subject_id, set_day, due_day, text, individual,
                                       created_by, created_at, class_id)
                   VALUES (5, 7, 1, 2461300, 2461301, 'p. 5', 0, 11, 0, 1);
                 {orphan}"
            ))
            .unwrap();
        }
        let e = Diary::open(&path).unwrap_err();
        assert!(
            matches!(e, Error::Storage(_)),
            "{name}: refused as a storage error: {e:?}"
        );
        let c = rusqlite::Connection::open(&path).unwrap();
        let (version, rows): (i64, i64) = c
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM homework) + (SELECT count(*) FROM lesson)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((version, rows), (39, 2), "{name}: left as it was");
    }
}
