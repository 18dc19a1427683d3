-- The school year's structure carries school_id (issue 20,
-- docs/scale-out.md), as the school day's tables do since version 40:
-- periods, enrolments, group members, teaching assignments, timetables
-- and their lessons, lesson changes, bells and final marks. Every
-- statement that inserts into them binds the school, and PostgreSQL no
-- longer fills it by trigger. Each table is rebuilt with the column first;
-- keys without a row id, and the unique slots, end in school_id (a class,
-- a timetable, a bell schedule belongs to one school, so they allow the
-- same rows). The school of an existing row is its class's, its year's or
-- its bell schedule's. The tables' indexes and triggers are created again
-- as they were; the absence notices' feed triggers, which read
-- enrolments, go and come back around the rename.
DROP TRIGGER feed_notice_ins;
DROP TRIGGER feed_notice_upd;
CREATE TABLE period_by_school (
    school_id   INTEGER NOT NULL,
    id         INTEGER PRIMARY KEY,
    year_id    INTEGER NOT NULL REFERENCES academic_year(id),
    kind       TEXT    NOT NULL CHECK (kind IN ('quarter', 'trimester', 'semester')),
    name       TEXT    NOT NULL,
    start_date TEXT    NOT NULL,
    end_date   TEXT    NOT NULL, closed_at INTEGER, closed_by INTEGER REFERENCES person(id), rule_version INTEGER,
    CHECK (start_date <= end_date)
) STRICT;
INSERT INTO period_by_school (school_id, id, year_id, kind, name, start_date, end_date, closed_at, closed_by, rule_version)
    SELECT (SELECT y.school_id FROM academic_year y WHERE y.id = o.year_id), o.id, o.year_id, o.kind, o.name, o.start_date, o.end_date, o.closed_at, o.closed_by, o.rule_version
    FROM period o;
CREATE TABLE enrolment_by_school (
    school_id   INTEGER NOT NULL,
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES person(id),
    class_id   INTEGER NOT NULL REFERENCES class(id),
    start_date TEXT    NOT NULL,
    end_date   TEXT,
    end_reason TEXT    CHECK (end_reason IN ('transferred', 'graduated', 'left', 'promoted', 'repeating')),
    created_at INTEGER NOT NULL,
    CHECK (end_date IS NULL OR start_date <= end_date),
    CHECK ((end_date IS NULL) = (end_reason IS NULL))
) STRICT;
INSERT INTO enrolment_by_school (school_id, id, student_id, class_id, start_date, end_date, end_reason, created_at)
    SELECT (SELECT c.school_id FROM class c WHERE c.id = o.class_id), o.id, o.student_id, o.class_id, o.start_date, o.end_date, o.end_reason, o.created_at
    FROM enrolment o;
CREATE TABLE group_member_by_school (
    school_id   INTEGER NOT NULL,
    group_id   INTEGER NOT NULL REFERENCES class_group(id),
    student_id INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (group_id, student_id, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO group_member_by_school (school_id, group_id, student_id)
    SELECT (SELECT c.school_id FROM class_group g JOIN class c ON c.id = g.class_id WHERE g.id = o.group_id), o.group_id, o.student_id
    FROM group_member o;
CREATE TABLE teaching_assignment_by_school (
    school_id   INTEGER NOT NULL,
    id         INTEGER PRIMARY KEY,
    teacher_id INTEGER NOT NULL REFERENCES person(id),
    class_id   INTEGER NOT NULL REFERENCES class(id),
    group_id   INTEGER REFERENCES class_group(id),
    subject_id INTEGER NOT NULL REFERENCES subject(id),
    year_id    INTEGER NOT NULL REFERENCES academic_year(id)
) STRICT;
INSERT INTO teaching_assignment_by_school (school_id, id, teacher_id, class_id, group_id, subject_id, year_id)
    SELECT (SELECT c.school_id FROM class c WHERE c.id = o.class_id), o.id, o.teacher_id, o.class_id, o.group_id, o.subject_id, o.year_id
    FROM teaching_assignment o;
CREATE TABLE timetable_by_school (
    school_id   INTEGER NOT NULL,
    id          INTEGER PRIMARY KEY,
    class_id    INTEGER NOT NULL REFERENCES class(id),
    shift       INTEGER NOT NULL CHECK (shift BETWEEN 1 AND 3),
    valid_from  INTEGER NOT NULL,
    valid_until INTEGER,
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
) STRICT;
INSERT INTO timetable_by_school (school_id, id, class_id, shift, valid_from, valid_until)
    SELECT (SELECT c.school_id FROM class c WHERE c.id = o.class_id), o.id, o.class_id, o.shift, o.valid_from, o.valid_until
    FROM timetable o;
CREATE TABLE timetable_lesson_by_school (
    school_id   INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    timetable_id INTEGER NOT NULL REFERENCES timetable_by_school(id),
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    number       INTEGER NOT NULL CHECK (number BETWEEN 0 AND 15),
    group_id     INTEGER REFERENCES class_group(id),
    subject_id   INTEGER NOT NULL REFERENCES subject(id),
    teacher_id   INTEGER NOT NULL REFERENCES person(id),
    room         TEXT
) STRICT;
INSERT INTO timetable_lesson_by_school (school_id, id, timetable_id, weekday, number, group_id, subject_id, teacher_id, room)
    SELECT (SELECT c.school_id FROM timetable t JOIN class c ON c.id = t.class_id WHERE t.id = o.timetable_id), o.id, o.timetable_id, o.weekday, o.number, o.group_id, o.subject_id, o.teacher_id, o.room
    FROM timetable_lesson o;
CREATE TABLE lesson_change_by_school (
    school_id   INTEGER NOT NULL,
    id          INTEGER PRIMARY KEY,
    class_id    INTEGER NOT NULL REFERENCES class(id),
    day         INTEGER NOT NULL,
    number      INTEGER NOT NULL CHECK (number BETWEEN 0 AND 15),
    group_id    INTEGER REFERENCES class_group(id),
    kind        TEXT    NOT NULL CHECK (kind IN ('substitution', 'cancellation', 'room_change', 'moved', 'extra')),
    teacher_id  INTEGER REFERENCES person(id),
    room        TEXT,
    subject_id  INTEGER REFERENCES subject(id),
    to_day      INTEGER,
    to_number   INTEGER,
    reason      TEXT,
    created_by  INTEGER NOT NULL REFERENCES person(id),
    created_at  INTEGER NOT NULL
) STRICT;
INSERT INTO lesson_change_by_school (school_id, id, class_id, day, number, group_id, kind, teacher_id, room, subject_id, to_day, to_number, reason, created_by, created_at)
    SELECT (SELECT c.school_id FROM class c WHERE c.id = o.class_id), o.id, o.class_id, o.day, o.number, o.group_id, o.kind, o.teacher_id, o.room, o.subject_id, o.to_day, o.to_number, o.reason, o.created_by, o.created_at
    FROM lesson_change o;
CREATE TABLE bell_by_school (
    school_id   INTEGER NOT NULL,
    schedule_id INTEGER NOT NULL REFERENCES bell_schedule(id),
    number      INTEGER NOT NULL CHECK (number BETWEEN 0 AND 15),
    start_min   INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
    end_min     INTEGER NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
    CHECK (end_min > start_min),
    PRIMARY KEY (schedule_id, number, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO bell_by_school (school_id, schedule_id, number, start_min, end_min)
    SELECT (SELECT s.school_id FROM bell_schedule s WHERE s.id = o.schedule_id), o.schedule_id, o.number, o.start_min, o.end_min
    FROM bell o;
CREATE TABLE final_mark_by_school (
    school_id   INTEGER NOT NULL,
    student_id  INTEGER NOT NULL REFERENCES person(id),
    subject_id  INTEGER NOT NULL REFERENCES subject(id),
    year_id     INTEGER NOT NULL REFERENCES academic_year(id),
    period_id   INTEGER NOT NULL DEFAULT 0,
    kind        TEXT    NOT NULL CHECK (kind IN ('period', 'year', 'exam', 'final')),
    mark        TEXT    NOT NULL,
    derived     TEXT,               -- what the rule gave, when it was overridden
    reason      TEXT,               -- required for an override
    set_by      INTEGER NOT NULL REFERENCES person(id),
    set_at      INTEGER NOT NULL,
    PRIMARY KEY (student_id, subject_id, year_id, period_id, kind, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO final_mark_by_school (school_id, student_id, subject_id, year_id, period_id, kind, mark, derived, reason, set_by, set_at)
    SELECT (SELECT y.school_id FROM academic_year y WHERE y.id = o.year_id), o.student_id, o.subject_id, o.year_id, o.period_id, o.kind, o.mark, o.derived, o.reason, o.set_by, o.set_at
    FROM final_mark o;
DROP TABLE final_mark;
DROP TABLE bell;
DROP TABLE lesson_change;
DROP TABLE timetable_lesson;
DROP TABLE timetable;
DROP TABLE teaching_assignment;
DROP TABLE group_member;
DROP TABLE enrolment;
DROP TABLE period;
ALTER TABLE period_by_school RENAME TO period;
ALTER TABLE enrolment_by_school RENAME TO enrolment;
ALTER TABLE group_member_by_school RENAME TO group_member;
ALTER TABLE teaching_assignment_by_school RENAME TO teaching_assignment;
ALTER TABLE timetable_by_school RENAME TO timetable;
ALTER TABLE timetable_lesson_by_school RENAME TO timetable_lesson;
ALTER TABLE lesson_change_by_school RENAME TO lesson_change;
ALTER TABLE bell_by_school RENAME TO bell;
ALTER TABLE final_mark_by_school RENAME TO final_mark;
CREATE INDEX period_year ON period(year_id, kind, start_date);
CREATE UNIQUE INDEX teaching_assignment_unique
    ON teaching_assignment(teacher_id, class_id, coalesce(group_id, 0), subject_id, school_id);
CREATE INDEX teaching_assignment_class ON teaching_assignment(class_id, subject_id);
CREATE INDEX timetable_class ON timetable(class_id, valid_from);
CREATE UNIQUE INDEX timetable_lesson_slot
    ON timetable_lesson(timetable_id, weekday, number, coalesce(group_id, 0), school_id);
CREATE INDEX timetable_lesson_teacher ON timetable_lesson(teacher_id, weekday, number);
CREATE UNIQUE INDEX lesson_change_slot
    ON lesson_change(class_id, day, number, coalesce(group_id, 0), school_id);
CREATE INDEX lesson_change_moved ON lesson_change(class_id, to_day);
CREATE INDEX enrolment_student ON enrolment(student_id, start_date);
CREATE INDEX enrolment_class ON enrolment(class_id);
CREATE TRIGGER refgen_period_ins AFTER INSERT ON period
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_period_upd AFTER UPDATE ON period
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_period_del AFTER DELETE ON period
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_group_member_ins AFTER INSERT ON group_member
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_group_member_upd AFTER UPDATE ON group_member
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_group_member_del AFTER DELETE ON group_member
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_teaching_assignment_ins AFTER INSERT ON teaching_assignment
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_teaching_assignment_upd AFTER UPDATE ON teaching_assignment
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_teaching_assignment_del AFTER DELETE ON teaching_assignment
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_bell_ins AFTER INSERT ON bell
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_bell_upd AFTER UPDATE ON bell
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_bell_del AFTER DELETE ON bell
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_timetable_ins AFTER INSERT ON timetable
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_timetable_upd AFTER UPDATE ON timetable
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_timetable_del AFTER DELETE ON timetable
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_timetable_lesson_ins AFTER INSERT ON timetable_lesson
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_timetable_lesson_upd AFTER UPDATE ON timetable_lesson
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_timetable_lesson_del AFTER DELETE ON timetable_lesson
BEGIN UPDATE reference_generation SET n = n + 1; END;
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
CREATE TRIGGER refgen_enrolment_ins AFTER INSERT ON enrolment
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_enrolment_upd AFTER UPDATE ON enrolment
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_enrolment_del AFTER DELETE ON enrolment
BEGIN UPDATE reference_generation SET n = n + 1; END;
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
