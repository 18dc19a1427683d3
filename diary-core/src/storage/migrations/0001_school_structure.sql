-- Schema version 1: the school structure.
-- Dates are TEXT 'YYYY-MM-DD' (sortable, readable); instants are INTEGER Unix seconds (UTC).

CREATE TABLE school (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    region        TEXT    NOT NULL,
    time_zone     TEXT    NOT NULL,
    days_per_week INTEGER NOT NULL CHECK (days_per_week IN (5, 6)),
    created_at    INTEGER NOT NULL,
    UNIQUE (region, name)
) STRICT;

CREATE TABLE academic_year (
    id         INTEGER PRIMARY KEY,
    school_id  INTEGER NOT NULL REFERENCES school(id),
    label      TEXT    NOT NULL,
    start_date TEXT    NOT NULL,
    end_date   TEXT    NOT NULL,
    CHECK (start_date < end_date),
    UNIQUE (school_id, label)
) STRICT;

CREATE TABLE period (
    id         INTEGER PRIMARY KEY,
    year_id    INTEGER NOT NULL REFERENCES academic_year(id),
    kind       TEXT    NOT NULL CHECK (kind IN ('quarter', 'trimester', 'semester')),
    name       TEXT    NOT NULL,
    start_date TEXT    NOT NULL,
    end_date   TEXT    NOT NULL,
    CHECK (start_date <= end_date)
) STRICT;
CREATE INDEX period_year ON period(year_id, kind, start_date);

CREATE TABLE holiday (
    id        INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES school(id),
    name      TEXT    NOT NULL,
    first_day TEXT    NOT NULL,
    last_day  TEXT    NOT NULL,
    CHECK (first_day <= last_day)
) STRICT;
CREATE INDEX holiday_school ON holiday(school_id, first_day);

CREATE TABLE person (
    id                 INTEGER PRIMARY KEY,
    surname            TEXT    NOT NULL,
    first_name         TEXT    NOT NULL,
    patronymic         TEXT,
    birth_date         TEXT    NOT NULL,
    snils              TEXT    UNIQUE CHECK (snils IS NULL OR length(snils) = 11),
    registered_school  INTEGER REFERENCES school(id),
    created_at         INTEGER NOT NULL
) STRICT;
-- People without a SNILS are told apart by name and birth date.
CREATE UNIQUE INDEX person_without_snils
    ON person(surname, first_name, coalesce(patronymic, ''), birth_date)
    WHERE snils IS NULL;

CREATE TABLE staff (
    school_id INTEGER NOT NULL REFERENCES school(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    role      TEXT    NOT NULL CHECK (role IN ('teacher', 'admin')),
    PRIMARY KEY (school_id, person_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX staff_person ON staff(person_id);

CREATE TABLE class (
    id            INTEGER PRIMARY KEY,
    school_id     INTEGER NOT NULL REFERENCES school(id),
    year_id       INTEGER NOT NULL REFERENCES academic_year(id),
    grade         INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 12),
    letter        TEXT    NOT NULL,
    class_teacher INTEGER REFERENCES person(id),
    UNIQUE (year_id, grade, letter)
) STRICT;

CREATE TABLE subject (
    id        INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES school(id),
    name      TEXT    NOT NULL,
    UNIQUE (school_id, name)
) STRICT;

CREATE TABLE class_group (
    id       INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES class(id),
    name     TEXT    NOT NULL,
    UNIQUE (class_id, name)
) STRICT;

CREATE TABLE group_member (
    group_id   INTEGER NOT NULL REFERENCES class_group(id),
    student_id INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (group_id, student_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE teaching_assignment (
    id         INTEGER PRIMARY KEY,
    teacher_id INTEGER NOT NULL REFERENCES person(id),
    class_id   INTEGER NOT NULL REFERENCES class(id),
    group_id   INTEGER REFERENCES class_group(id),
    subject_id INTEGER NOT NULL REFERENCES subject(id),
    year_id    INTEGER NOT NULL REFERENCES academic_year(id)
) STRICT;
CREATE UNIQUE INDEX teaching_assignment_unique
    ON teaching_assignment(teacher_id, class_id, coalesce(group_id, 0), subject_id);
CREATE INDEX teaching_assignment_class ON teaching_assignment(class_id, subject_id);

CREATE TABLE enrolment (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES person(id),
    class_id   INTEGER NOT NULL REFERENCES class(id),
    start_date TEXT    NOT NULL,
    end_date   TEXT,
    end_reason TEXT    CHECK (end_reason IN ('transferred', 'graduated', 'left')),
    created_at INTEGER NOT NULL,
    CHECK (end_date IS NULL OR start_date <= end_date),
    CHECK ((end_date IS NULL) = (end_reason IS NULL))
) STRICT;
CREATE INDEX enrolment_student ON enrolment(student_id, start_date);
CREATE INDEX enrolment_class ON enrolment(class_id);

CREATE TABLE guardianship (
    student_id           INTEGER NOT NULL REFERENCES person(id),
    guardian_id          INTEGER NOT NULL REFERENCES person(id),
    relation             TEXT    NOT NULL CHECK (relation IN ('mother', 'father', 'legal_guardian', 'other')),
    legal_representative INTEGER NOT NULL CHECK (legal_representative IN (0, 1)),
    created_at           INTEGER NOT NULL,
    CHECK (student_id <> guardian_id),
    PRIMARY KEY (student_id, guardian_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX guardianship_guardian ON guardianship(guardian_id);
