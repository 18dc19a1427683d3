-- The last tables of a school's data carry school_id (issue 20,
-- docs/scale-out.md), as the school day's and the year's do since
-- versions 40 and 41: absence notices, announcements' audiences, reads and
-- versions, access applications' documents and steps, chat messages with
-- their versions and reports, class groups, conversations' members and
-- retention, link and transfer codes, meal orders and menu items,
-- meetings' agendas, audiences, records and replies, and replies to
-- teachers' messages. Every statement that inserts into them binds the
-- school, and PostgreSQL no longer fills it by trigger. Classes, turnstile
-- events, year rollovers and OneRoster ids, which have the column, are
-- rebuilt so that their keys hold it, as on PostgreSQL (a local key
-- belongs to one school, or to none: 0).
--
-- Each table is rebuilt with the column first. Keys without a row id, the
-- unique constraints and unique indexes end in school_id (the rows they
-- allow are the same: a class, a conversation, a meeting, a menu belongs
-- to one school); an announcement's earlier version gets an id, as on
-- PostgreSQL. The school of an existing row is its parent's; an absence
-- notice's and a link code's is the pupil's school on the notice's first
-- day or the code's issue (else the school that registered the pupil); a
-- transfer code's is the school it transfers from. Other tables' rows
-- that refer to a rebuilt table (a register's notice, a lesson's group, a
-- ledger entry's order) keep their ids, so the references hold; they are
-- checked before the upgrade commits. Indexes and triggers come back as
-- they were.
DROP TRIGGER feed_lesson_change_ins;
DROP TRIGGER feed_lesson_change_upd;
DROP TRIGGER feed_lesson_change_del;
DROP TRIGGER feed_timetable_ins;
DROP TRIGGER feed_timetable_upd;
DROP TRIGGER feed_timetable_lesson;
DROP TRIGGER feed_timetable_lesson_del;
DROP TRIGGER feed_enrolment_ins;
DROP TRIGGER feed_enrolment_upd;
DROP TRIGGER feed_enrolment_del;
DROP TRIGGER feed_final_ins;
DROP TRIGGER feed_final_upd;
DROP TRIGGER feed_final_del;
CREATE TABLE absence_notice_by_school (
    school_id INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES person(id),
    kind         TEXT    NOT NULL CHECK (kind IN ('advance', 'excuse')),
    first_day    INTEGER NOT NULL,
    last_day     INTEGER NOT NULL,
    reason       TEXT    NOT NULL CHECK (reason IN ('illness', 'family', 'school_activity', 'other')),
    note         TEXT,
    submitted_by INTEGER NOT NULL REFERENCES person(id),
    submitted_at INTEGER NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by   INTEGER REFERENCES person(id),
    decided_at   INTEGER,
    decision_note TEXT,
    CHECK (last_day >= first_day)
) STRICT;
INSERT INTO absence_notice_by_school (school_id, id, student_id, kind, first_day, last_day, reason, note, submitted_by, submitted_at, status, decided_by, decided_at, decision_note)
    SELECT coalesce((SELECT e.school_id FROM enrolment e WHERE e.student_id = o.student_id ORDER BY (e.start_date <= date(o.first_day) AND (e.end_date IS NULL OR e.end_date >= date(o.first_day))) DESC, e.start_date DESC, e.id DESC LIMIT 1), (SELECT p.registered_school FROM person p WHERE p.id = o.student_id)),
           o.id, o.student_id, o.kind, o.first_day, o.last_day, o.reason, o.note, o.submitted_by, o.submitted_at, o.status, o.decided_by, o.decided_at, o.decision_note
    FROM absence_notice o;
CREATE TABLE announcement_audience_by_school (
    school_id INTEGER NOT NULL,
    announcement_id INTEGER NOT NULL REFERENCES announcement(id),
    position        INTEGER NOT NULL,
    scope           TEXT    NOT NULL CHECK (scope IN ('school', 'class', 'group', 'person')),
    target_id       INTEGER,
    role            TEXT    NOT NULL CHECK (role IN ('everyone', 'students', 'parents', 'staff')),
    PRIMARY KEY (announcement_id, position, school_id),
    CHECK ((scope = 'school') = (target_id IS NULL))
) STRICT, WITHOUT ROWID;
INSERT INTO announcement_audience_by_school (school_id, announcement_id, position, scope, target_id, role)
    SELECT (SELECT x.school_id FROM announcement x WHERE x.id = o.announcement_id),
           o.announcement_id, o.position, o.scope, o.target_id, o.role
    FROM announcement_audience o;
CREATE TABLE announcement_read_by_school (
    school_id INTEGER NOT NULL,
    announcement_id INTEGER NOT NULL REFERENCES announcement(id),
    person_id       INTEGER NOT NULL REFERENCES person(id),
    read_at         INTEGER NOT NULL,
    PRIMARY KEY (announcement_id, person_id, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO announcement_read_by_school (school_id, announcement_id, person_id, read_at)
    SELECT (SELECT x.school_id FROM announcement x WHERE x.id = o.announcement_id),
           o.announcement_id, o.person_id, o.read_at
    FROM announcement_read o;
CREATE TABLE announcement_version_by_school (
    school_id INTEGER NOT NULL,
    id INTEGER PRIMARY KEY,
    announcement_id INTEGER NOT NULL REFERENCES announcement(id),
    replaced_at     INTEGER NOT NULL,
    replaced_by     INTEGER NOT NULL REFERENCES person(id),
    title           TEXT    NOT NULL,
    body            TEXT    NOT NULL
) STRICT;
INSERT INTO announcement_version_by_school (school_id, id, announcement_id, replaced_at, replaced_by, title, body)
    SELECT (SELECT x.school_id FROM announcement x WHERE x.id = o.announcement_id),
           o.rowid, o.announcement_id, o.replaced_at, o.replaced_by, o.title, o.body
    FROM announcement_version o ORDER BY o.rowid;
CREATE TABLE application_document_by_school (
    school_id INTEGER NOT NULL,
    application_id INTEGER NOT NULL REFERENCES access_application(id),
    kind           TEXT    NOT NULL CHECK (kind IN ('birth_certificate', 'identity_document', 'application_form', 'consent')),
    reference      TEXT    NOT NULL,
    sha256         TEXT    NOT NULL CHECK (length(sha256) = 64),
    provided_at    INTEGER NOT NULL,
    accepted       INTEGER CHECK (accepted IS NULL OR accepted IN (0, 1)),
    checked_by     INTEGER REFERENCES person(id),
    checked_at     INTEGER,
    PRIMARY KEY (application_id, kind, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO application_document_by_school (school_id, application_id, kind, reference, sha256, provided_at, accepted, checked_by, checked_at)
    SELECT (SELECT x.school_id FROM access_application x WHERE x.id = o.application_id),
           o.application_id, o.kind, o.reference, o.sha256, o.provided_at, o.accepted, o.checked_by, o.checked_at
    FROM application_document o;
CREATE TABLE application_step_by_school (
    school_id INTEGER NOT NULL,
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES access_application(id),
    at             INTEGER NOT NULL,
    by_id          INTEGER REFERENCES person(id),
    what           TEXT    NOT NULL,
    detail         TEXT
) STRICT;
INSERT INTO application_step_by_school (school_id, id, application_id, at, by_id, what, detail)
    SELECT (SELECT x.school_id FROM access_application x WHERE x.id = o.application_id),
           o.id, o.application_id, o.at, o.by_id, o.what, o.detail
    FROM application_step o;
CREATE TABLE chat_message_by_school (
    school_id INTEGER NOT NULL,
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    author_id       INTEGER NOT NULL REFERENCES person(id),
    body            TEXT,
    attachments     TEXT    NOT NULL DEFAULT '[]',
    reply_to        INTEGER REFERENCES chat_message_by_school(id),
    sent_at         INTEGER NOT NULL,
    edited_at       INTEGER,
    deleted_at      INTEGER,
    hidden_by       INTEGER REFERENCES person(id),
    hidden_reason   TEXT,
    hidden_at       INTEGER,
    CHECK ((deleted_at IS NULL) = (body IS NOT NULL))
) STRICT;
INSERT INTO chat_message_by_school (school_id, id, conversation_id, author_id, body, attachments, reply_to, sent_at, edited_at, deleted_at, hidden_by, hidden_reason, hidden_at)
    SELECT (SELECT x.school_id FROM conversation x WHERE x.id = o.conversation_id),
           o.id, o.conversation_id, o.author_id, o.body, o.attachments, o.reply_to, o.sent_at, o.edited_at, o.deleted_at, o.hidden_by, o.hidden_reason, o.hidden_at
    FROM chat_message o;
CREATE TABLE chat_message_version_by_school (
    school_id INTEGER NOT NULL,
    message_id  INTEGER NOT NULL REFERENCES chat_message_by_school(id),
    version     INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    replaced_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, version, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO chat_message_version_by_school (school_id, message_id, version, body, replaced_at)
    SELECT (SELECT x.school_id FROM chat_message_by_school x WHERE x.id = o.message_id),
           o.message_id, o.version, o.body, o.replaced_at
    FROM chat_message_version o;
CREATE TABLE chat_report_by_school (
    school_id INTEGER NOT NULL,
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES chat_message_by_school(id),
    reporter_id INTEGER NOT NULL REFERENCES person(id),
    reason      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    UNIQUE (message_id, reporter_id, school_id)
) STRICT;
INSERT INTO chat_report_by_school (school_id, id, message_id, reporter_id, reason, at)
    SELECT (SELECT x.school_id FROM chat_message_by_school x WHERE x.id = o.message_id),
           o.id, o.message_id, o.reporter_id, o.reason, o.at
    FROM chat_report o;
CREATE TABLE class_group_by_school (
    school_id INTEGER NOT NULL,
    id       INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES class(id),
    name     TEXT    NOT NULL,
    UNIQUE (class_id, name, school_id)
) STRICT;
INSERT INTO class_group_by_school (school_id, id, class_id, name)
    SELECT (SELECT x.school_id FROM class x WHERE x.id = o.class_id),
           o.id, o.class_id, o.name
    FROM class_group o;
CREATE TABLE conversation_member_by_school (
    school_id INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    person_id       INTEGER NOT NULL REFERENCES person(id),
    named           INTEGER NOT NULL CHECK (named IN (0, 1)),
    last_read       INTEGER NOT NULL DEFAULT 0,
    left_at         INTEGER,
    muted_until     INTEGER,
    muted_by        INTEGER REFERENCES person(id),
    PRIMARY KEY (conversation_id, person_id, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO conversation_member_by_school (school_id, conversation_id, person_id, named, last_read, left_at, muted_until, muted_by)
    SELECT (SELECT x.school_id FROM conversation x WHERE x.id = o.conversation_id),
           o.conversation_id, o.person_id, o.named, o.last_read, o.left_at, o.muted_until, o.muted_by
    FROM conversation_member o;
CREATE TABLE conversation_retention_by_school (
    school_id INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    action          TEXT    NOT NULL CHECK (action IN ('archive', 'delete')),
    messages        INTEGER NOT NULL,
    by_person       INTEGER NOT NULL REFERENCES person(id),
    at              INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, school_id)
) STRICT;
INSERT INTO conversation_retention_by_school (school_id, conversation_id, action, messages, by_person, at)
    SELECT (SELECT x.school_id FROM conversation x WHERE x.id = o.conversation_id),
           o.conversation_id, o.action, o.messages, o.by_person, o.at
    FROM conversation_retention o;
CREATE TABLE link_code_by_school (
    school_id INTEGER NOT NULL,
    id                   INTEGER PRIMARY KEY,
    student_id           INTEGER NOT NULL REFERENCES person(id),
    relation             TEXT    NOT NULL CHECK (relation IN ('mother', 'father', 'legal_guardian', 'other')),
    legal_representative INTEGER NOT NULL CHECK (legal_representative IN (0, 1)),
    code_hash            TEXT    NOT NULL,
    issued_by            INTEGER NOT NULL REFERENCES person(id),
    created_at           INTEGER NOT NULL,
    expires_at           INTEGER NOT NULL,
    used_at              INTEGER,
    used_by              INTEGER REFERENCES person(id),
    UNIQUE (code_hash, school_id)
) STRICT;
INSERT INTO link_code_by_school (school_id, id, student_id, relation, legal_representative, code_hash, issued_by, created_at, expires_at, used_at, used_by)
    SELECT coalesce((SELECT e.school_id FROM enrolment e WHERE e.student_id = o.student_id ORDER BY (e.start_date <= date(o.created_at, 'unixepoch') AND (e.end_date IS NULL OR e.end_date >= date(o.created_at, 'unixepoch'))) DESC, e.start_date DESC, e.id DESC LIMIT 1), (SELECT p.registered_school FROM person p WHERE p.id = o.student_id)),
           o.id, o.student_id, o.relation, o.legal_representative, o.code_hash, o.issued_by, o.created_at, o.expires_at, o.used_at, o.used_by
    FROM link_code o;
CREATE TABLE meal_order_by_school (
    school_id INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES person(id),
    menu_id      INTEGER NOT NULL REFERENCES menu(id),
    items        TEXT    NOT NULL,         -- JSON array of item positions
    price        INTEGER NOT NULL CHECK (price BETWEEN 0 AND 100000000),
    ordered_by   INTEGER REFERENCES person(id),
    ordered_at   INTEGER NOT NULL,
    cancelled_by INTEGER REFERENCES person(id),
    cancelled_at INTEGER,
    served_at    INTEGER,
    CHECK (cancelled_at IS NULL OR served_at IS NULL)
) STRICT;
INSERT INTO meal_order_by_school (school_id, id, student_id, menu_id, items, price, ordered_by, ordered_at, cancelled_by, cancelled_at, served_at)
    SELECT (SELECT x.school_id FROM menu x WHERE x.id = o.menu_id),
           o.id, o.student_id, o.menu_id, o.items, o.price, o.ordered_by, o.ordered_at, o.cancelled_by, o.cancelled_at, o.served_at
    FROM meal_order o;
CREATE TABLE meeting_agenda_by_school (
    school_id INTEGER NOT NULL,
    meeting_id   INTEGER NOT NULL REFERENCES meeting(id),
    position     INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    presenter_id INTEGER REFERENCES person(id),
    starts       INTEGER NOT NULL,
    minutes      INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, position, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO meeting_agenda_by_school (school_id, meeting_id, position, title, presenter_id, starts, minutes)
    SELECT (SELECT x.school_id FROM meeting x WHERE x.id = o.meeting_id),
           o.meeting_id, o.position, o.title, o.presenter_id, o.starts, o.minutes
    FROM meeting_agenda o;
CREATE TABLE meeting_audience_by_school (
    school_id INTEGER NOT NULL,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    position   INTEGER NOT NULL,
    scope      TEXT    NOT NULL CHECK (scope IN ('school', 'class', 'group', 'person')),
    target_id  INTEGER,
    role       TEXT    NOT NULL CHECK (role IN ('everyone', 'students', 'parents', 'staff')),
    PRIMARY KEY (meeting_id, position, school_id),
    CHECK ((scope = 'school') = (target_id IS NULL))
) STRICT, WITHOUT ROWID;
INSERT INTO meeting_audience_by_school (school_id, meeting_id, position, scope, target_id, role)
    SELECT (SELECT x.school_id FROM meeting x WHERE x.id = o.meeting_id),
           o.meeting_id, o.position, o.scope, o.target_id, o.role
    FROM meeting_audience o;
CREATE TABLE meeting_record_by_school (
    school_id INTEGER NOT NULL,
    meeting_id  INTEGER NOT NULL REFERENCES meeting(id),
    minutes     TEXT    NOT NULL,
    decisions   TEXT    NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES person(id),
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, school_id)
) STRICT;
INSERT INTO meeting_record_by_school (school_id, meeting_id, minutes, decisions, recorded_by, recorded_at)
    SELECT (SELECT x.school_id FROM meeting x WHERE x.id = o.meeting_id),
           o.meeting_id, o.minutes, o.decisions, o.recorded_by, o.recorded_at
    FROM meeting_record o;
CREATE TABLE meeting_reply_by_school (
    school_id INTEGER NOT NULL,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    person_id  INTEGER NOT NULL REFERENCES person(id),
    answer     TEXT    NOT NULL CHECK (answer IN ('yes', 'no', 'maybe')),
    comment    TEXT,
    at         INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, person_id, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO meeting_reply_by_school (school_id, meeting_id, person_id, answer, comment, at)
    SELECT (SELECT x.school_id FROM meeting x WHERE x.id = o.meeting_id),
           o.meeting_id, o.person_id, o.answer, o.comment, o.at
    FROM meeting_reply o;
CREATE TABLE menu_item_by_school (
    school_id INTEGER NOT NULL,
    menu_id   INTEGER NOT NULL REFERENCES menu(id),
    position  INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    price     INTEGER NOT NULL CHECK (price BETWEEN 0 AND 10000000),  -- kopecks
    allergens TEXT    NOT NULL,            -- JSON array of allergen codes
    PRIMARY KEY (menu_id, position, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO menu_item_by_school (school_id, menu_id, position, name, price, allergens)
    SELECT (SELECT x.school_id FROM menu x WHERE x.id = o.menu_id),
           o.menu_id, o.position, o.name, o.price, o.allergens
    FROM menu_item o;
CREATE TABLE teacher_message_reply_by_school (
    school_id INTEGER NOT NULL,
    message_id  INTEGER NOT NULL REFERENCES teacher_message(id),
    replier_id  INTEGER NOT NULL REFERENCES person(id),
    text        TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    key_id      INTEGER REFERENCES "signing_key"(id),
    signature   BLOB,
    signed_at   INTEGER,
    CHECK ((key_id IS NULL) = (signature IS NULL) AND (key_id IS NULL) = (signed_at IS NULL)),
    PRIMARY KEY (message_id, school_id)
) STRICT;
INSERT INTO teacher_message_reply_by_school (school_id, message_id, replier_id, text, at, key_id, signature, signed_at)
    SELECT (SELECT x.school_id FROM teacher_message x WHERE x.id = o.message_id),
           o.message_id, o.replier_id, o.text, o.at, o.key_id, o.signature, o.signed_at
    FROM teacher_message_reply o;
CREATE TABLE transfer_code_by_school (
    school_id INTEGER NOT NULL,
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES person(id),
    from_school INTEGER NOT NULL REFERENCES school(id),
    code_hash   TEXT    NOT NULL,
    issued_by   INTEGER NOT NULL REFERENCES person(id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    used_by     INTEGER REFERENCES person(id),
    UNIQUE (code_hash, school_id)
) STRICT;
INSERT INTO transfer_code_by_school (school_id, id, student_id, from_school, code_hash, issued_by, created_at, expires_at, used_at, used_by)
    SELECT o.from_school,
           o.id, o.student_id, o.from_school, o.code_hash, o.issued_by, o.created_at, o.expires_at, o.used_at, o.used_by
    FROM transfer_code o;
CREATE TABLE class_by_school (
    id            INTEGER PRIMARY KEY,
    school_id     INTEGER NOT NULL REFERENCES school(id),
    year_id       INTEGER NOT NULL REFERENCES academic_year(id),
    grade         INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 12),
    letter        TEXT    NOT NULL,
    class_teacher INTEGER REFERENCES person(id), period_kind TEXT NOT NULL DEFAULT 'quarter'
    CHECK (period_kind IN ('quarter', 'trimester', 'semester')),
    UNIQUE (year_id, grade, letter, school_id)
) STRICT;
INSERT INTO class_by_school (school_id, id, year_id, grade, letter, class_teacher, period_kind)
    SELECT o.school_id,
           o.id, o.year_id, o.grade, o.letter, o.class_teacher, o.period_kind
    FROM class o;
CREATE TABLE visit_event_by_school (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    student_id  INTEGER NOT NULL REFERENCES person(id),
    direction   TEXT    NOT NULL CHECK (direction IN ('entry', 'exit')),
    at          INTEGER NOT NULL,          -- Unix seconds
    device      TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL,
    UNIQUE (student_id, at, direction, device, school_id)
) STRICT;
INSERT INTO visit_event_by_school (school_id, id, student_id, direction, at, device, recorded_at)
    SELECT o.school_id,
           o.id, o.student_id, o.direction, o.at, o.device, o.recorded_at
    FROM visit_event o;
CREATE TABLE year_rollover_by_school (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    from_year   INTEGER NOT NULL REFERENCES academic_year(id),
    to_year     INTEGER NOT NULL REFERENCES academic_year(id),
    report      TEXT    NOT NULL,
    rolled_by   INTEGER REFERENCES person(id),
    rolled_at   INTEGER NOT NULL,
    UNIQUE (from_year, school_id)
) STRICT;
INSERT INTO year_rollover_by_school (school_id, id, from_year, to_year, report, rolled_by, rolled_at)
    SELECT o.school_id,
           o.id, o.from_year, o.to_year, o.report, o.rolled_by, o.rolled_at
    FROM year_rollover o;
CREATE TABLE oneroster_id_by_school (
    kind        TEXT    NOT NULL,
    local_key   TEXT    NOT NULL,
    sourced_id  TEXT    NOT NULL,
    school_id   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, local_key, school_id),
    UNIQUE (kind, school_id, sourced_id)
) STRICT;
INSERT INTO oneroster_id_by_school (school_id, kind, local_key, sourced_id)
    SELECT o.school_id,
           o.kind, o.local_key, o.sourced_id
    FROM oneroster_id o;
DROP TABLE oneroster_id;
DROP TABLE year_rollover;
DROP TABLE visit_event;
DROP TABLE class;
DROP TABLE transfer_code;
DROP TABLE teacher_message_reply;
DROP TABLE menu_item;
DROP TABLE meeting_reply;
DROP TABLE meeting_record;
DROP TABLE meeting_audience;
DROP TABLE meeting_agenda;
DROP TABLE meal_order;
DROP TABLE link_code;
DROP TABLE conversation_retention;
DROP TABLE conversation_member;
DROP TABLE class_group;
DROP TABLE chat_report;
DROP TABLE chat_message_version;
DROP TABLE chat_message;
DROP TABLE application_step;
DROP TABLE application_document;
DROP TABLE announcement_version;
DROP TABLE announcement_read;
DROP TABLE announcement_audience;
DROP TABLE absence_notice;
ALTER TABLE absence_notice_by_school RENAME TO absence_notice;
ALTER TABLE announcement_audience_by_school RENAME TO announcement_audience;
ALTER TABLE announcement_read_by_school RENAME TO announcement_read;
ALTER TABLE announcement_version_by_school RENAME TO announcement_version;
ALTER TABLE application_document_by_school RENAME TO application_document;
ALTER TABLE application_step_by_school RENAME TO application_step;
ALTER TABLE chat_message_by_school RENAME TO chat_message;
ALTER TABLE chat_message_version_by_school RENAME TO chat_message_version;
ALTER TABLE chat_report_by_school RENAME TO chat_report;
ALTER TABLE class_group_by_school RENAME TO class_group;
ALTER TABLE conversation_member_by_school RENAME TO conversation_member;
ALTER TABLE conversation_retention_by_school RENAME TO conversation_retention;
ALTER TABLE link_code_by_school RENAME TO link_code;
ALTER TABLE meal_order_by_school RENAME TO meal_order;
ALTER TABLE meeting_agenda_by_school RENAME TO meeting_agenda;
ALTER TABLE meeting_audience_by_school RENAME TO meeting_audience;
ALTER TABLE meeting_record_by_school RENAME TO meeting_record;
ALTER TABLE meeting_reply_by_school RENAME TO meeting_reply;
ALTER TABLE menu_item_by_school RENAME TO menu_item;
ALTER TABLE teacher_message_reply_by_school RENAME TO teacher_message_reply;
ALTER TABLE transfer_code_by_school RENAME TO transfer_code;
ALTER TABLE class_by_school RENAME TO class;
ALTER TABLE visit_event_by_school RENAME TO visit_event;
ALTER TABLE year_rollover_by_school RENAME TO year_rollover;
ALTER TABLE oneroster_id_by_school RENAME TO oneroster_id;
CREATE INDEX link_code_student ON link_code(student_id);
CREATE INDEX absence_notice_student ON absence_notice(student_id, first_day);
CREATE INDEX transfer_code_student ON transfer_code(student_id);
CREATE INDEX announcement_version_of ON announcement_version(announcement_id);
CREATE INDEX conversation_member_person ON conversation_member(person_id, conversation_id);
CREATE INDEX chat_message_conversation ON chat_message(conversation_id, id);
CREATE INDEX chat_message_visible ON chat_message(conversation_id, id, author_id)
    WHERE deleted_at IS NULL AND hidden_at IS NULL;
CREATE INDEX visit_event_school ON visit_event(school_id, at);
CREATE UNIQUE INDEX meal_order_live ON meal_order(student_id, menu_id, school_id) WHERE cancelled_at IS NULL;
CREATE INDEX meal_order_menu ON meal_order(menu_id);
CREATE INDEX application_step_application ON application_step(application_id, id);
CREATE INDEX oneroster_id_by_sourced_id ON oneroster_id (kind, sourced_id);
CREATE TRIGGER refgen_class_ins AFTER INSERT ON class
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_class_upd AFTER UPDATE ON class
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_class_del AFTER DELETE ON class
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_class_group_ins AFTER INSERT ON class_group
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_class_group_upd AFTER UPDATE ON class_group
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_class_group_del AFTER DELETE ON class_group
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER chat_message_indexed AFTER INSERT ON chat_message
WHEN new.body IS NOT NULL BEGIN
    INSERT INTO chat_search (rowid, body, conv)
        VALUES (new.id, new.body, 'k' || new.conversation_id);
END;
CREATE TRIGGER chat_message_reindexed AFTER UPDATE OF body ON chat_message BEGIN
    INSERT INTO chat_search (chat_search, rowid, body, conv)
        SELECT 'delete', old.id, old.body, 'k' || old.conversation_id WHERE old.body IS NOT NULL;
    INSERT INTO chat_search (rowid, body, conv)
        SELECT new.id, new.body, 'k' || new.conversation_id WHERE new.body IS NOT NULL;
END;
CREATE TRIGGER chat_message_unindexed AFTER DELETE ON chat_message
WHEN old.body IS NOT NULL BEGIN
    INSERT INTO chat_search (chat_search, rowid, body, conv)
        VALUES ('delete', old.id, old.body, 'k' || old.conversation_id);
END;
CREATE TRIGGER feed_notice_ins AFTER INSERT ON absence_notice
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, detail)
    SELECT c.school_id, 7, NEW.id, 0,
           NEW.student_id, c.id, NEW.first_day, NEW.status
    FROM enrolment e JOIN class c ON c.id = e.class_id
    WHERE e.student_id = NEW.student_id AND e.start_date <= date(NEW.first_day)
      AND (e.end_date IS NULL OR e.end_date >= date(NEW.first_day))
    ORDER BY e.start_date DESC LIMIT 1;
END;
CREATE TRIGGER feed_notice_upd AFTER UPDATE ON absence_notice
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, detail)
    SELECT c.school_id, 7, NEW.id, 1,
           NEW.student_id, c.id, NEW.first_day, NEW.status
    FROM enrolment e JOIN class c ON c.id = e.class_id
    WHERE e.student_id = NEW.student_id AND e.start_date <= date(NEW.first_day)
      AND (e.end_date IS NULL OR e.end_date >= date(NEW.first_day))
    ORDER BY e.start_date DESC LIMIT 1;
END;
CREATE TRIGGER feed_lesson_change_ins AFTER INSERT ON lesson_change
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            4, NEW.id, 0, NEW.class_id, NEW.subject_id, NEW.day, NEW.kind);
END;
CREATE TRIGGER feed_lesson_change_upd AFTER UPDATE ON lesson_change
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            4, NEW.id, 1, NEW.class_id, NEW.subject_id, NEW.day, NEW.kind);
END;
CREATE TRIGGER feed_lesson_change_del AFTER DELETE ON lesson_change
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    VALUES ((SELECT school_id FROM class WHERE id = OLD.class_id),
            4, OLD.id, 2, OLD.class_id, OLD.subject_id, OLD.day, OLD.kind);
END;
CREATE TRIGGER feed_timetable_ins AFTER INSERT ON timetable
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, day)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            5, NEW.id, 0, NEW.class_id, NEW.valid_from);
END;
CREATE TRIGGER feed_timetable_upd AFTER UPDATE ON timetable
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, day)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            5, NEW.id, 1, NEW.class_id, NEW.valid_from);
END;
CREATE TRIGGER feed_timetable_lesson AFTER UPDATE ON timetable_lesson
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day)
    SELECT c.school_id, 5, t.id, 1,
           t.class_id, NEW.subject_id, t.valid_from
    FROM timetable t JOIN class c ON c.id = t.class_id WHERE t.id = NEW.timetable_id;
END;
CREATE TRIGGER feed_timetable_lesson_del AFTER DELETE ON timetable_lesson
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day)
    SELECT c.school_id, 5, t.id, 1,
           t.class_id, OLD.subject_id, t.valid_from
    FROM timetable t JOIN class c ON c.id = t.class_id WHERE t.id = OLD.timetable_id;
END;
CREATE TRIGGER feed_enrolment_ins AFTER INSERT ON enrolment
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            8, NEW.id, 0, NEW.student_id, NEW.class_id, CAST(julianday(NEW.start_date) AS INTEGER));
END;
CREATE TRIGGER feed_enrolment_upd AFTER UPDATE ON enrolment
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, detail)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            8, NEW.id, 1, NEW.student_id, NEW.class_id,
            CAST(julianday(coalesce(NEW.end_date, NEW.start_date)) AS INTEGER), NEW.end_reason);
END;
CREATE TRIGGER feed_enrolment_del AFTER DELETE ON enrolment
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day)
    VALUES ((SELECT school_id FROM class WHERE id = OLD.class_id),
            8, OLD.id, 2, OLD.student_id, OLD.class_id, CAST(julianday(OLD.start_date) AS INTEGER));
END;
CREATE TRIGGER feed_final_ins AFTER INSERT ON final_mark
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, subject_id, new_value, detail)
    VALUES ((SELECT school_id FROM subject WHERE id = NEW.subject_id),
            1, NEW.period_id, 0, NEW.student_id,
            (SELECT e.class_id FROM enrolment e JOIN class c ON c.id = e.class_id
             WHERE e.student_id = NEW.student_id AND c.year_id = NEW.year_id
             ORDER BY e.start_date DESC LIMIT 1),
            NEW.subject_id, NEW.mark, NEW.kind);
END;
CREATE TRIGGER feed_final_upd AFTER UPDATE ON final_mark
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, subject_id, old_value, new_value, detail)
    VALUES ((SELECT school_id FROM subject WHERE id = NEW.subject_id),
            1, NEW.period_id, 1, NEW.student_id,
            (SELECT e.class_id FROM enrolment e JOIN class c ON c.id = e.class_id
             WHERE e.student_id = NEW.student_id AND c.year_id = NEW.year_id
             ORDER BY e.start_date DESC LIMIT 1),
            NEW.subject_id, OLD.mark, NEW.mark, NEW.kind);
END;
CREATE TRIGGER feed_final_del AFTER DELETE ON final_mark
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, subject_id, old_value, detail)
    VALUES ((SELECT school_id FROM subject WHERE id = OLD.subject_id),
            1, OLD.period_id, 2, OLD.student_id,
            (SELECT e.class_id FROM enrolment e JOIN class c ON c.id = e.class_id
             WHERE e.student_id = OLD.student_id AND c.year_id = OLD.year_id
             ORDER BY e.start_date DESC LIMIT 1),
            OLD.subject_id, OLD.mark, OLD.kind);
END;
