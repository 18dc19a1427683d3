-- Schema version 7: the school day (D5-D8, D10): bell schedules, weekly
-- timetables and their changes on a date, lessons with topics and tests,
-- homework, attendance with absence notices and excuses, and remarks.
-- Days are Julian day numbers (SELECT date(day) shows YYYY-MM-DD); times of
-- day are minutes after midnight in the school's time zone.

-- Several bell schedules per school: by shift, weekdays and dates. For a
-- date the schedule with the latest start wins (a shortened day overrides
-- the usual schedule). weekdays is a bit set, Monday = 1 ... Sunday = 64.
CREATE TABLE bell_schedule (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    name        TEXT    NOT NULL,
    shift       INTEGER NOT NULL CHECK (shift BETWEEN 1 AND 3),
    weekdays    INTEGER NOT NULL CHECK (weekdays BETWEEN 1 AND 127),
    valid_from  INTEGER NOT NULL,
    valid_until INTEGER,
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
) STRICT;
CREATE INDEX bell_schedule_school ON bell_schedule(school_id, shift);

CREATE TABLE bell (
    schedule_id INTEGER NOT NULL REFERENCES bell_schedule(id),
    number      INTEGER NOT NULL CHECK (number BETWEEN 0 AND 15),
    start_min   INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
    end_min     INTEGER NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
    CHECK (end_min > start_min),
    PRIMARY KEY (schedule_id, number)
) STRICT, WITHOUT ROWID;

-- A class's weekly timetable, valid for a date range; a new version ends
-- the previous one the day before it starts.
CREATE TABLE timetable (
    id          INTEGER PRIMARY KEY,
    class_id    INTEGER NOT NULL REFERENCES class(id),
    shift       INTEGER NOT NULL CHECK (shift BETWEEN 1 AND 3),
    valid_from  INTEGER NOT NULL,
    valid_until INTEGER,
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
) STRICT;
CREATE INDEX timetable_class ON timetable(class_id, valid_from);

CREATE TABLE timetable_lesson (
    id           INTEGER PRIMARY KEY,
    timetable_id INTEGER NOT NULL REFERENCES timetable(id),
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    number       INTEGER NOT NULL CHECK (number BETWEEN 0 AND 15),
    group_id     INTEGER REFERENCES class_group(id),
    subject_id   INTEGER NOT NULL REFERENCES subject(id),
    teacher_id   INTEGER NOT NULL REFERENCES person(id),
    room         TEXT
) STRICT;
CREATE UNIQUE INDEX timetable_lesson_slot
    ON timetable_lesson(timetable_id, weekday, number, coalesce(group_id, 0));
CREATE INDEX timetable_lesson_teacher ON timetable_lesson(teacher_id, weekday, number);

-- Changes on one date; the original stays in the timetable so that
-- families see "was / now". kind: substitution, cancellation, room_change,
-- moved (to to_day / to_number), extra (a lesson not in the timetable).
CREATE TABLE lesson_change (
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
CREATE UNIQUE INDEX lesson_change_slot
    ON lesson_change(class_id, day, number, coalesce(group_id, 0));
CREATE INDEX lesson_change_moved ON lesson_change(class_id, to_day);

-- What was written about a lesson instance: its topic, and whether it is a
-- test / control work (announced ahead).
CREATE TABLE lesson (
    id         INTEGER PRIMARY KEY,
    class_id   INTEGER NOT NULL REFERENCES class(id),
    day        INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    group_id   INTEGER REFERENCES class_group(id),
    topic      TEXT,
    test_title TEXT
) STRICT;
CREATE UNIQUE INDEX lesson_slot ON lesson(class_id, day, number, coalesce(group_id, 0));

CREATE TABLE homework (
    id         INTEGER PRIMARY KEY,
    lesson_id  INTEGER NOT NULL REFERENCES lesson(id),
    subject_id INTEGER NOT NULL REFERENCES subject(id),
    set_day    INTEGER NOT NULL,
    due_day    INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    individual INTEGER NOT NULL CHECK (individual IN (0, 1)),
    created_by INTEGER NOT NULL REFERENCES person(id),
    created_at INTEGER NOT NULL,
    CHECK (due_day >= set_day)
) STRICT;
CREATE INDEX homework_lesson ON homework(lesson_id);
CREATE INDEX homework_due ON homework(due_day);

-- The students an individual homework is for.
CREATE TABLE homework_student (
    homework_id INTEGER NOT NULL REFERENCES homework(id),
    student_id  INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (homework_id, student_id)
) STRICT, WITHOUT ROWID;

-- Attachments are described, not stored: the host keeps the bytes.
CREATE TABLE homework_attachment (
    id           INTEGER PRIMARY KEY,
    homework_id  INTEGER NOT NULL REFERENCES homework(id),
    name         TEXT    NOT NULL,
    media_type   TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
    url          TEXT,
    sha256       TEXT,
    CHECK (url IS NOT NULL OR sha256 IS NOT NULL)
) STRICT;

CREATE TABLE homework_done (
    homework_id INTEGER NOT NULL REFERENCES homework(id),
    student_id  INTEGER NOT NULL REFERENCES person(id),
    done_at     INTEGER NOT NULL,
    PRIMARY KEY (homework_id, student_id)
) STRICT, WITHOUT ROWID;

-- One attendance record per student and lesson. status: present, absent,
-- late (late_minutes), left_early. reason: illness, family,
-- school_activity, other (illness is health data).
CREATE TABLE attendance (
    lesson_id    INTEGER NOT NULL REFERENCES lesson(id),
    student_id   INTEGER NOT NULL REFERENCES person(id),
    status       TEXT    NOT NULL CHECK (status IN ('present', 'absent', 'late', 'left_early')),
    late_minutes INTEGER CHECK (late_minutes IS NULL OR late_minutes BETWEEN 1 AND 240),
    reason       TEXT    CHECK (reason IS NULL OR reason IN ('illness', 'family', 'school_activity', 'other')),
    excused      INTEGER NOT NULL CHECK (excused IN (0, 1)),
    notice_id    INTEGER REFERENCES absence_notice(id),
    recorded_by  INTEGER NOT NULL REFERENCES person(id),
    recorded_at  INTEGER NOT NULL,
    PRIMARY KEY (lesson_id, student_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX attendance_student ON attendance(student_id);

-- A parent's notice of an absence in advance, or an excuse afterwards;
-- every step is kept with who and when. status: pending, approved,
-- rejected (advance notices are approved when given).
CREATE TABLE absence_notice (
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
CREATE INDEX absence_notice_student ON absence_notice(student_id, first_day);

CREATE TABLE remark (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES person(id),
    author_id  INTEGER NOT NULL REFERENCES person(id),
    school_id  INTEGER NOT NULL REFERENCES school(id),
    day        INTEGER NOT NULL,
    subject_id INTEGER REFERENCES subject(id),
    kind       TEXT    NOT NULL CHECK (kind IN ('positive', 'negative', 'neutral')),
    text       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX remark_student ON remark(student_id, day);
