-- Schema version 2: scales, kinds of work, marks with their history,
-- grading rules, period and year marks, closed periods.

-- Classes of grades 10-11 are usually marked by semester.
ALTER TABLE class ADD COLUMN period_kind TEXT NOT NULL DEFAULT 'quarter'
    CHECK (period_kind IN ('quarter', 'trimester', 'semester'));

ALTER TABLE period ADD COLUMN closed_at INTEGER;
ALTER TABLE period ADD COLUMN closed_by INTEGER REFERENCES person(id);

-- Built-in scales have no school; their rows are written by the migration.
CREATE TABLE scale (
    id              INTEGER PRIMARY KEY,
    school_id       INTEGER REFERENCES school(id),
    code            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    definition      TEXT    NOT NULL,  -- JSON of ScaleKind
    lower_is_better INTEGER NOT NULL CHECK (lower_is_better IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX scale_code ON scale(coalesce(school_id, 0), code);

CREATE TABLE work_kind (
    id                  INTEGER PRIMARY KEY,
    school_id           INTEGER NOT NULL REFERENCES school(id),
    name                TEXT    NOT NULL,
    default_weight_centi INTEGER NOT NULL CHECK (default_weight_centi > 0),
    min_weight_centi    INTEGER NOT NULL CHECK (min_weight_centi > 0),
    max_weight_centi    INTEGER NOT NULL,
    CHECK (min_weight_centi <= default_weight_centi AND default_weight_centi <= max_weight_centi),
    UNIQUE (school_id, name)
) STRICT;

-- Parent rows of a mark are validated by the API inside the same
-- transaction (with richer errors than a constraint failure); only the
-- student is also enforced by a foreign key, to keep bulk imports fast.
-- The hot columns are compact integers: lesson_day is the Julian day
-- number (SELECT date(lesson_day) shows it as YYYY-MM-DD); entry is
-- 0 grade, 1 absent, 2 not_submitted, 3 exempt; counting is 0 always,
-- 1 never, 2 if_raises, 3 bonus (the order of EntryKind and Counting).
CREATE TABLE mark (
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
CREATE INDEX mark_student_day ON mark(student_id, lesson_day);

-- Every change of a mark: who, when, why, the old and the new state.
CREATE TABLE mark_change (
    id         INTEGER PRIMARY KEY,
    mark_id    INTEGER NOT NULL REFERENCES mark(id),
    action     TEXT    NOT NULL CHECK (action IN ('update', 'delete')),
    changed_by INTEGER NOT NULL REFERENCES person(id),
    changed_at INTEGER NOT NULL,
    reason     TEXT    NOT NULL,
    old_label  TEXT    NOT NULL,
    new_label  TEXT,
    old_state  TEXT    NOT NULL,  -- JSON
    new_state  TEXT               -- JSON; NULL for a deletion
) STRICT;
CREATE INDEX mark_change_mark ON mark_change(mark_id);

CREATE TABLE grading_rule (
    school_id  INTEGER NOT NULL REFERENCES school(id),
    subject_id INTEGER NOT NULL DEFAULT 0,  -- 0: the school's default
    rule       TEXT    NOT NULL,             -- JSON of GradingRule
    PRIMARY KEY (school_id, subject_id)
) STRICT, WITHOUT ROWID;

-- Period marks confirmed or overridden by the teacher; year and final
-- (certificate) marks use the same table with period_id 0 and kind.
CREATE TABLE final_mark (
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
    PRIMARY KEY (student_id, subject_id, year_id, period_id, kind)
) STRICT, WITHOUT ROWID;
