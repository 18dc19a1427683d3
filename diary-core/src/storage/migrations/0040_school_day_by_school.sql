-- The school day's tables carry school_id (issue 20, docs/scale-out.md):
-- lessons, registers, homework and marks, the rows a school writes every
-- day. The library's statements now name the school of every row they
-- insert, as Citus needs to route an insert to the node of its school, and
-- PostgreSQL no longer fills it by trigger. Each table is rebuilt with the
-- column first (as on PostgreSQL); keys without a row id end in school_id,
-- so that lookups by lesson, homework or period still use them. Ids stay
-- SQLite's row ids. The school of an existing row is its class's; a row
-- whose parent is missing has none, and the upgrade stops on NOT NULL
-- rather than leave it behind.
--
-- Children point at their parent's new table, whose rename carries the
-- references along; the old tables go children first, so that no row is
-- ever left without its parent. The triggers of these tables go with them
-- and are created again below, reading the school from the row.
CREATE TABLE lesson_by_school (
    school_id  INTEGER NOT NULL,
    id         INTEGER PRIMARY KEY,
    class_id   INTEGER NOT NULL REFERENCES class(id),
    day        INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    group_id   INTEGER REFERENCES class_group(id),
    topic      TEXT,
    test_title TEXT
) STRICT;
INSERT INTO lesson_by_school (school_id, id, class_id, day, number, group_id, topic, test_title)
    SELECT c.school_id, l.id, l.class_id, l.day, l.number, l.group_id, l.topic, l.test_title
    FROM lesson l LEFT JOIN class c ON c.id = l.class_id;

CREATE TABLE attendance_by_school (
    school_id    INTEGER NOT NULL,
    lesson_id    INTEGER NOT NULL REFERENCES lesson_by_school(id),
    student_id   INTEGER NOT NULL REFERENCES person(id),
    status       TEXT    NOT NULL CHECK (status IN ('present', 'absent', 'late', 'left_early')),
    late_minutes INTEGER CHECK (late_minutes IS NULL OR late_minutes BETWEEN 1 AND 240),
    reason       TEXT    CHECK (reason IS NULL OR reason IN ('illness', 'family', 'school_activity', 'other')),
    excused      INTEGER NOT NULL CHECK (excused IN (0, 1)),
    notice_id    INTEGER REFERENCES absence_notice(id),
    recorded_by  INTEGER NOT NULL REFERENCES person(id),
    recorded_at  INTEGER NOT NULL,
    day          INTEGER NOT NULL,
    PRIMARY KEY (lesson_id, student_id, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO attendance_by_school (school_id, lesson_id, student_id, status, late_minutes, reason,
                                  excused, notice_id, recorded_by, recorded_at, day)
    SELECT l.school_id, a.lesson_id, a.student_id, a.status, a.late_minutes, a.reason,
           a.excused, a.notice_id, a.recorded_by, a.recorded_at, a.day
    FROM attendance a LEFT JOIN lesson_by_school l ON l.id = a.lesson_id;

CREATE TABLE homework_by_school (
    school_id  INTEGER NOT NULL,
    id         INTEGER PRIMARY KEY,
    lesson_id  INTEGER NOT NULL REFERENCES lesson_by_school(id),
    subject_id INTEGER NOT NULL REFERENCES subject(id),
    set_day    INTEGER NOT NULL,
    due_day    INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    individual INTEGER NOT NULL CHECK (individual IN (0, 1)),
    created_by INTEGER NOT NULL REFERENCES person(id),
    created_at INTEGER NOT NULL,
    class_id   INTEGER NOT NULL,
    CHECK (due_day >= set_day)
) STRICT;
INSERT INTO homework_by_school (school_id, id, lesson_id, subject_id, set_day, due_day, text,
                                individual, created_by, created_at, class_id)
    SELECT l.school_id, h.id, h.lesson_id, h.subject_id, h.set_day, h.due_day, h.text,
           h.individual, h.created_by, h.created_at, h.class_id
    FROM homework h LEFT JOIN lesson_by_school l ON l.id = h.lesson_id;

CREATE TABLE homework_student_by_school (
    school_id   INTEGER NOT NULL,
    homework_id INTEGER NOT NULL REFERENCES homework_by_school(id),
    student_id  INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (homework_id, student_id, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO homework_student_by_school (school_id, homework_id, student_id)
    SELECT h.school_id, s.homework_id, s.student_id
    FROM homework_student s LEFT JOIN homework_by_school h ON h.id = s.homework_id;

CREATE TABLE homework_done_by_school (
    school_id   INTEGER NOT NULL,
    homework_id INTEGER NOT NULL REFERENCES homework_by_school(id),
    student_id  INTEGER NOT NULL REFERENCES person(id),
    done_at     INTEGER NOT NULL,
    PRIMARY KEY (homework_id, student_id, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO homework_done_by_school (school_id, homework_id, student_id, done_at)
    SELECT h.school_id, d.homework_id, d.student_id, d.done_at
    FROM homework_done d LEFT JOIN homework_by_school h ON h.id = d.homework_id;

CREATE TABLE homework_attachment_by_school (
    school_id    INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    homework_id  INTEGER NOT NULL REFERENCES homework_by_school(id),
    name         TEXT    NOT NULL,
    media_type   TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
    url          TEXT,
    sha256       TEXT,
    CHECK (url IS NOT NULL OR sha256 IS NOT NULL)
) STRICT;
INSERT INTO homework_attachment_by_school (school_id, id, homework_id, name, media_type,
                                           size_bytes, url, sha256)
    SELECT h.school_id, a.id, a.homework_id, a.name, a.media_type, a.size_bytes, a.url, a.sha256
    FROM homework_attachment a LEFT JOIN homework_by_school h ON h.id = a.homework_id;

CREATE TABLE mark_by_school (
    school_id    INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES person(id),
    subject_id   INTEGER NOT NULL,
    class_id     INTEGER NOT NULL,
    period_id    INTEGER NOT NULL,
    lesson_day   INTEGER NOT NULL,
    entry        INTEGER NOT NULL CHECK (entry BETWEEN 0 AND 3),
    scale_id     INTEGER NOT NULL,
    label        TEXT    NOT NULL,
    value_centi  INTEGER NOT NULL,
    out_of_centi INTEGER,
    work_kind_id INTEGER NOT NULL,
    weight_centi INTEGER NOT NULL CHECK (weight_centi > 0),
    counting     INTEGER NOT NULL CHECK (counting BETWEEN 0 AND 3),
    comment      TEXT,
    teacher_id   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    retake_of    INTEGER,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
INSERT INTO mark_by_school (school_id, id, student_id, subject_id, class_id, period_id, lesson_day,
                            entry, scale_id, label, value_centi, out_of_centi, work_kind_id,
                            weight_centi, counting, comment, teacher_id, created_at, retake_of, deleted)
    SELECT c.school_id, m.id, m.student_id, m.subject_id, m.class_id, m.period_id, m.lesson_day,
           m.entry, m.scale_id, m.label, m.value_centi, m.out_of_centi, m.work_kind_id,
           m.weight_centi, m.counting, m.comment, m.teacher_id, m.created_at, m.retake_of, m.deleted
    FROM mark m LEFT JOIN class c ON c.id = m.class_id;

CREATE TABLE mark_change_by_school (
    school_id  INTEGER NOT NULL,
    id         INTEGER PRIMARY KEY,
    mark_id    INTEGER NOT NULL REFERENCES mark_by_school(id),
    action     TEXT    NOT NULL CHECK (action IN ('update', 'delete')),
    changed_by INTEGER NOT NULL REFERENCES person(id),
    changed_at INTEGER NOT NULL,
    reason     TEXT    NOT NULL,
    old_label  TEXT    NOT NULL,
    new_label  TEXT,
    old_state  TEXT    NOT NULL,  -- JSON
    new_state  TEXT               -- JSON; NULL for a deletion
) STRICT;
INSERT INTO mark_change_by_school (school_id, id, mark_id, action, changed_by, changed_at, reason,
                                   old_label, new_label, old_state, new_state)
    SELECT m.school_id, x.id, x.mark_id, x.action, x.changed_by, x.changed_at, x.reason,
           x.old_label, x.new_label, x.old_state, x.new_state
    FROM mark_change x LEFT JOIN mark_by_school m ON m.id = x.mark_id;

CREATE TABLE mark_sum_by_school (
    school_id  INTEGER NOT NULL,
    period_id  INTEGER NOT NULL,
    student_id INTEGER NOT NULL,
    subject_id INTEGER NOT NULL,
    scale_id   INTEGER NOT NULL,
    weighted   INTEGER NOT NULL,
    weights    INTEGER NOT NULL,
    marks      INTEGER NOT NULL CHECK (marks > 0),
    PRIMARY KEY (period_id, student_id, subject_id, scale_id, school_id)
) STRICT, WITHOUT ROWID;
INSERT INTO mark_sum_by_school (school_id, period_id, student_id, subject_id, scale_id,
                                weighted, weights, marks)
    SELECT y.school_id, s.period_id, s.student_id, s.subject_id, s.scale_id,
           s.weighted, s.weights, s.marks
    FROM mark_sum s LEFT JOIN period p ON p.id = s.period_id LEFT JOIN academic_year y ON y.id = p.year_id;

DROP TABLE mark_sum;
DROP TABLE mark_change;
DROP TABLE mark;
DROP TABLE homework_attachment;
DROP TABLE homework_done;
DROP TABLE homework_student;
DROP TABLE homework;
DROP TABLE attendance;
DROP TABLE lesson;
ALTER TABLE lesson_by_school RENAME TO lesson;
ALTER TABLE attendance_by_school RENAME TO attendance;
ALTER TABLE homework_by_school RENAME TO homework;
ALTER TABLE homework_student_by_school RENAME TO homework_student;
ALTER TABLE homework_done_by_school RENAME TO homework_done;
ALTER TABLE homework_attachment_by_school RENAME TO homework_attachment;
ALTER TABLE mark_by_school RENAME TO mark;
ALTER TABLE mark_change_by_school RENAME TO mark_change;
ALTER TABLE mark_sum_by_school RENAME TO mark_sum;

-- A class belongs to one school, so the key with school_id allows the same lessons.
CREATE UNIQUE INDEX lesson_slot ON lesson(class_id, day, number, coalesce(group_id, 0), school_id);
CREATE INDEX attendance_student_day ON attendance(student_id, day, status, excused, late_minutes);
CREATE INDEX homework_lesson ON homework(lesson_id);
CREATE INDEX homework_due ON homework(due_day);
CREATE INDEX homework_class_due ON homework(class_id, due_day);
CREATE INDEX homework_attachment_homework ON homework_attachment(homework_id);
CREATE INDEX mark_student_day ON mark(student_id, lesson_day);
CREATE INDEX mark_class_period ON mark(class_id, period_id, subject_id);
CREATE INDEX mark_change_mark ON mark_change(mark_id);

CREATE TRIGGER feed_lesson_ins AFTER INSERT ON lesson
WHEN NEW.topic IS NOT NULL OR NEW.test_title IS NOT NULL
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, day, detail)
    VALUES (NEW.school_id, 9, NEW.id, 0, NEW.class_id, NEW.day,
            CASE WHEN NEW.test_title IS NOT NULL THEN 'test' END);
END;
CREATE TRIGGER feed_lesson_upd AFTER UPDATE OF topic, test_title ON lesson
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, day, detail)
    VALUES (NEW.school_id, 9, NEW.id, 1, NEW.class_id, NEW.day,
            CASE WHEN NEW.test_title IS NOT NULL THEN 'test' END);
END;
CREATE TRIGGER feed_attendance_ins AFTER INSERT ON attendance
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, new_value)
    SELECT NEW.school_id, 2, NEW.lesson_id, 0, NEW.student_id, l.class_id, l.day, NEW.status
    FROM lesson l WHERE l.id = NEW.lesson_id;
END;
CREATE TRIGGER feed_attendance_upd AFTER UPDATE ON attendance
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, old_value, new_value)
    SELECT NEW.school_id, 2, NEW.lesson_id, 1, NEW.student_id, l.class_id, l.day, OLD.status, NEW.status
    FROM lesson l WHERE l.id = NEW.lesson_id;
END;
CREATE TRIGGER feed_attendance_del AFTER DELETE ON attendance
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, old_value)
    SELECT OLD.school_id, 2, OLD.lesson_id, 2, OLD.student_id, l.class_id, l.day, OLD.status
    FROM lesson l WHERE l.id = OLD.lesson_id;
END;
CREATE TRIGGER feed_homework_ins AFTER INSERT ON homework
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    VALUES (NEW.school_id, 3, NEW.id, 0, NEW.class_id, NEW.subject_id, NEW.due_day,
            CASE NEW.individual WHEN 1 THEN 'individual' END);
END;
CREATE TRIGGER feed_homework_upd AFTER UPDATE ON homework
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    VALUES (NEW.school_id, 3, NEW.id, 1, NEW.class_id, NEW.subject_id, NEW.due_day,
            CASE NEW.individual WHEN 1 THEN 'individual' END);
END;
CREATE TRIGGER feed_homework_del AFTER DELETE ON homework
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    VALUES (OLD.school_id, 3, OLD.id, 2, OLD.class_id, OLD.subject_id, OLD.due_day,
            CASE OLD.individual WHEN 1 THEN 'individual' END);
END;
CREATE TRIGGER feed_mark_ins AFTER INSERT ON mark
WHEN (SELECT bulk FROM feed_state WHERE id = 1) = 0
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, subject_id, day, new_value)
    VALUES (NEW.school_id, 0, NEW.id, 0, NEW.student_id, NEW.class_id, NEW.subject_id,
            NEW.lesson_day, NEW.label);
END;
CREATE TRIGGER feed_mark_upd AFTER UPDATE ON mark
WHEN OLD.deleted = 0
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, subject_id, day, old_value, new_value)
    VALUES (NEW.school_id, 0, NEW.id, CASE NEW.deleted WHEN 1 THEN 2 ELSE 1 END,
            NEW.student_id, NEW.class_id, NEW.subject_id, NEW.lesson_day,
            OLD.label, CASE NEW.deleted WHEN 1 THEN NULL ELSE NEW.label END);
END;
CREATE TRIGGER mark_sum_ins AFTER INSERT ON mark
WHEN NEW.deleted = 0 AND NEW.entry = 0 AND NEW.counting = 0 AND NEW.retake_of IS NULL
     AND (SELECT bulk FROM feed_state WHERE id = 1) = 0
BEGIN
    INSERT INTO mark_sum (school_id, period_id, student_id, subject_id, scale_id, weighted, weights, marks)
    VALUES (NEW.school_id, NEW.period_id, NEW.student_id, NEW.subject_id, NEW.scale_id,
            NEW.weight_centi * NEW.value_centi, NEW.weight_centi, 1)
    ON CONFLICT DO UPDATE SET weighted = weighted + excluded.weighted,
                              weights = weights + excluded.weights,
                              marks = marks + 1;
END;
CREATE TRIGGER mark_sum_upd_old AFTER UPDATE ON mark
WHEN OLD.deleted = 0 AND OLD.entry = 0 AND OLD.counting = 0 AND OLD.retake_of IS NULL
BEGIN
    -- The group's last mark takes its row along; otherwise it is subtracted.
    DELETE FROM mark_sum
    WHERE period_id = OLD.period_id AND student_id = OLD.student_id
      AND subject_id = OLD.subject_id AND scale_id = OLD.scale_id
      AND school_id = OLD.school_id AND marks = 1;
    UPDATE mark_sum SET weighted = weighted - OLD.weight_centi * OLD.value_centi,
                        weights = weights - OLD.weight_centi,
                        marks = marks - 1
    WHERE period_id = OLD.period_id AND student_id = OLD.student_id
      AND subject_id = OLD.subject_id AND scale_id = OLD.scale_id
      AND school_id = OLD.school_id;
END;
CREATE TRIGGER mark_sum_upd_new AFTER UPDATE ON mark
WHEN NEW.deleted = 0 AND NEW.entry = 0 AND NEW.counting = 0 AND NEW.retake_of IS NULL
BEGIN
    INSERT INTO mark_sum (school_id, period_id, student_id, subject_id, scale_id, weighted, weights, marks)
    VALUES (NEW.school_id, NEW.period_id, NEW.student_id, NEW.subject_id, NEW.scale_id,
            NEW.weight_centi * NEW.value_centi, NEW.weight_centi, 1)
    ON CONFLICT DO UPDATE SET weighted = weighted + excluded.weighted,
                              weights = weights + excluded.weights,
                              marks = marks + 1;
END;
CREATE TRIGGER mark_sum_del AFTER DELETE ON mark
WHEN OLD.deleted = 0 AND OLD.entry = 0 AND OLD.counting = 0 AND OLD.retake_of IS NULL
BEGIN
    -- The group's last mark takes its row along; otherwise it is subtracted.
    DELETE FROM mark_sum
    WHERE period_id = OLD.period_id AND student_id = OLD.student_id
      AND subject_id = OLD.subject_id AND scale_id = OLD.scale_id
      AND school_id = OLD.school_id AND marks = 1;
    UPDATE mark_sum SET weighted = weighted - OLD.weight_centi * OLD.value_centi,
                        weights = weights - OLD.weight_centi,
                        marks = marks - 1
    WHERE period_id = OLD.period_id AND student_id = OLD.student_id
      AND subject_id = OLD.subject_id AND scale_id = OLD.scale_id
      AND school_id = OLD.school_id;
END;
