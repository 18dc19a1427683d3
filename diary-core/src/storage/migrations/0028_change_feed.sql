-- The change feed (issue 18): every write to the data hosts keep in step
-- with leaves a change record, written by the triggers below in the same
-- transaction (so no write path can forget one, and a rolled-back write
-- leaves none). docs/integration.md describes the records.

-- One row: whether a bulk mark import writes its own records, how far
-- the feed was pruned, and how long records are kept.
CREATE TABLE feed_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    bulk           INTEGER NOT NULL DEFAULT 0 CHECK (bulk IN (0, 1)),
    pruned_through INTEGER NOT NULL DEFAULT 0,
    retention_days INTEGER NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 3660)
) STRICT;
INSERT INTO feed_state (id) VALUES (1);

-- Every record owns the positions seq .. seq + span - 1 of the feed: one
-- for a record the triggers write, one per mark for a bulk import's
-- record of a student's run of marks (kind 0, no subject; the marks are
-- entity .. entity + span - 1, read from the mark table). Pruning always
-- keeps the newest record, so positions only grow.
-- kind: 0 mark, 1 final_mark, 2 attendance, 3 homework, 4 lesson_change,
-- 5 timetable, 6 remark, 7 absence_notice, 8 enrolment, 9 lesson.
-- op: 0 created, 1 changed, 2 deleted. day: a Julian day number.
CREATE TABLE change (
    seq        INTEGER PRIMARY KEY,
    span       INTEGER NOT NULL DEFAULT 1 CHECK (span >= 1),
    at         INTEGER,               -- set by the library before commit
    school_id  INTEGER NOT NULL,
    kind       INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 9),
    entity     INTEGER NOT NULL,
    op         INTEGER NOT NULL CHECK (op BETWEEN 0 AND 2),
    student_id INTEGER,
    class_id   INTEGER,
    subject_id INTEGER,
    day        INTEGER,
    old_value  TEXT,
    new_value  TEXT,
    detail     TEXT
) STRICT;
-- A family's changes: by child; a class's own (homework, timetable): by class.
CREATE INDEX change_student ON change(student_id, seq) WHERE student_id IS NOT NULL;
CREATE INDEX change_class ON change(class_id, seq) WHERE student_id IS NULL;

-- What the triggers below insert into: the next position is added here,
-- in one place. The write's time (the diary's clock) is stamped on the
-- transaction's records by the library before it commits.
CREATE VIEW feed_entry AS
    SELECT school_id, kind, entity, op, student_id, class_id, subject_id, day,
           old_value, new_value, detail FROM change;
CREATE TRIGGER feed_entry_ins INSTEAD OF INSERT ON feed_entry
BEGIN
    INSERT INTO change (seq, school_id, kind, entity, op, student_id, class_id, subject_id,
                        day, old_value, new_value, detail)
    VALUES (coalesce((SELECT seq + span FROM change ORDER BY seq DESC LIMIT 1), 1),
            NEW.school_id, NEW.kind, NEW.entity, NEW.op, NEW.student_id, NEW.class_id,
            NEW.subject_id, NEW.day, NEW.old_value, NEW.new_value, NEW.detail);
END;

-- Marks (a bulk import writes one record per run of a student's marks itself).
CREATE TRIGGER feed_mark_ins AFTER INSERT ON mark
WHEN (SELECT bulk FROM feed_state WHERE id = 1) = 0
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, subject_id, day, new_value)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            0, NEW.id, 0, NEW.student_id, NEW.class_id, NEW.subject_id, NEW.lesson_day, NEW.label);
END;
CREATE TRIGGER feed_mark_upd AFTER UPDATE ON mark
WHEN OLD.deleted = 0
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, subject_id, day, old_value, new_value)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            0, NEW.id, CASE NEW.deleted WHEN 1 THEN 2 ELSE 1 END,
            NEW.student_id, NEW.class_id, NEW.subject_id, NEW.lesson_day,
            OLD.label, CASE NEW.deleted WHEN 1 THEN NULL ELSE NEW.label END);
END;

-- Period, year, exam and final marks: entity is the period (0 for the
-- others), detail the kind; the class is the student's in that year.
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

-- The register: entity is the lesson; values are the status (never the
-- reason, which may be health data).
CREATE TRIGGER feed_attendance_ins AFTER INSERT ON attendance
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, new_value)
    SELECT c.school_id, 2, NEW.lesson_id, 0,
           NEW.student_id, l.class_id, l.day, NEW.status
    FROM lesson l JOIN class c ON c.id = l.class_id WHERE l.id = NEW.lesson_id;
END;
CREATE TRIGGER feed_attendance_upd AFTER UPDATE ON attendance
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, old_value, new_value)
    SELECT c.school_id, 2, NEW.lesson_id, 1,
           NEW.student_id, l.class_id, l.day, OLD.status, NEW.status
    FROM lesson l JOIN class c ON c.id = l.class_id WHERE l.id = NEW.lesson_id;
END;
CREATE TRIGGER feed_attendance_del AFTER DELETE ON attendance
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, old_value)
    SELECT c.school_id, 2, OLD.lesson_id, 2,
           OLD.student_id, l.class_id, l.day, OLD.status
    FROM lesson l JOIN class c ON c.id = l.class_id WHERE l.id = OLD.lesson_id;
END;

-- Homework: a class's record (an individual one says so in detail).
CREATE TRIGGER feed_homework_ins AFTER INSERT ON homework
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    SELECT c.school_id, 3, NEW.id, 0,
           l.class_id, NEW.subject_id, NEW.due_day,
           CASE NEW.individual WHEN 1 THEN 'individual' END
    FROM lesson l JOIN class c ON c.id = l.class_id WHERE l.id = NEW.lesson_id;
END;
CREATE TRIGGER feed_homework_upd AFTER UPDATE ON homework
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    SELECT c.school_id, 3, NEW.id, 1,
           l.class_id, NEW.subject_id, NEW.due_day,
           CASE NEW.individual WHEN 1 THEN 'individual' END
    FROM lesson l JOIN class c ON c.id = l.class_id WHERE l.id = NEW.lesson_id;
END;
CREATE TRIGGER feed_homework_del AFTER DELETE ON homework
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    SELECT c.school_id, 3, OLD.id, 2,
           l.class_id, OLD.subject_id, OLD.due_day,
           CASE OLD.individual WHEN 1 THEN 'individual' END
    FROM lesson l JOIN class c ON c.id = l.class_id WHERE l.id = OLD.lesson_id;
END;

-- Changes of one day's lessons (substitution, cancellation, ...).
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

-- Timetables: entity is the timetable (version); day its first day.
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

-- Remarks about a student: detail is the kind (positive, negative, neutral).
CREATE TRIGGER feed_remark_ins AFTER INSERT ON remark
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, subject_id, day, detail)
    VALUES (NEW.school_id, 6, NEW.id, 0,
            NEW.student_id, NEW.subject_id, NEW.day, NEW.kind);
END;
CREATE TRIGGER feed_remark_upd AFTER UPDATE ON remark
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, subject_id, day, detail)
    VALUES (NEW.school_id, 6, NEW.id, 1,
            NEW.student_id, NEW.subject_id, NEW.day, NEW.kind);
END;
CREATE TRIGGER feed_remark_del AFTER DELETE ON remark
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, subject_id, day, detail)
    VALUES (OLD.school_id, 6, OLD.id, 2,
            OLD.student_id, OLD.subject_id, OLD.day, OLD.kind);
END;

-- Absence notices and excuses: detail is the status (pending, approved,
-- rejected); the school and class are the student's on the first day.
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

-- Enrolments: detail is the end reason once it ended.
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

-- A lesson's topic or test: a class's record.
CREATE TRIGGER feed_lesson_ins AFTER INSERT ON lesson
WHEN NEW.topic IS NOT NULL OR NEW.test_title IS NOT NULL
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, day, detail)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            9, NEW.id, 0, NEW.class_id, NEW.day, CASE WHEN NEW.test_title IS NOT NULL THEN 'test' END);
END;
CREATE TRIGGER feed_lesson_upd AFTER UPDATE OF topic, test_title ON lesson
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, day, detail)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            9, NEW.id, 1, NEW.class_id, NEW.day, CASE WHEN NEW.test_title IS NOT NULL THEN 'test' END);
END;
