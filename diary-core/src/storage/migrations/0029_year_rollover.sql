-- Year rollover (issue 18): an enrolment may end because the student was
-- promoted to the next grade or repeats it; the enrolment table is rebuilt
-- for the wider end_reason check (SQLite cannot alter a check), with its
-- indexes and triggers as before. Each rollover is recorded.
CREATE TABLE enrolment_new (
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
-- The feed's triggers that read enrolments are set aside while the table
-- is replaced (renaming checks every trigger of the schema).
DROP TRIGGER feed_final_ins;
DROP TRIGGER feed_final_upd;
DROP TRIGGER feed_final_del;
DROP TRIGGER feed_notice_ins;
DROP TRIGGER feed_notice_upd;
INSERT INTO enrolment_new (id, student_id, class_id, start_date, end_date, end_reason, created_at)
    SELECT id, student_id, class_id, start_date, end_date, end_reason, created_at FROM enrolment;
DROP TABLE enrolment;
ALTER TABLE enrolment_new RENAME TO enrolment;
CREATE INDEX enrolment_student ON enrolment(student_id, start_date);
CREATE INDEX enrolment_class ON enrolment(class_id);

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

-- The feed's triggers that read enrolments, as in migration 0028.
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

-- A year's rollover: from which year to which, what was done (the same
-- report a dry run shows, as JSON), by whom and when.
CREATE TABLE year_rollover (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    from_year   INTEGER NOT NULL REFERENCES academic_year(id) UNIQUE,
    to_year     INTEGER NOT NULL REFERENCES academic_year(id),
    report      TEXT    NOT NULL,
    rolled_by   INTEGER REFERENCES person(id),
    rolled_at   INTEGER NOT NULL
) STRICT;
