-- Schema version 6: installation-wide account settings, and the one-time
-- link codes a school hands a parent to link a child to their account (A5).

-- One row: lifetimes the installation's operator may change.
CREATE TABLE account_setting (
    id                      INTEGER PRIMARY KEY CHECK (id = 1),
    temporary_password_days INTEGER NOT NULL DEFAULT 14 CHECK (temporary_password_days BETWEEN 1 AND 90),
    reset_token_minutes     INTEGER NOT NULL DEFAULT 30 CHECK (reset_token_minutes BETWEEN 5 AND 1440),
    link_code_days          INTEGER NOT NULL DEFAULT 14 CHECK (link_code_days BETWEEN 1 AND 90)
) STRICT;
INSERT INTO account_setting (id) VALUES (1);

-- A code is stored only as SHA-256, used once, and expires. Redeeming it
-- links the redeeming person to the student with the relation given here.
CREATE TABLE link_code (
    id                   INTEGER PRIMARY KEY,
    student_id           INTEGER NOT NULL REFERENCES person(id),
    relation             TEXT    NOT NULL CHECK (relation IN ('mother', 'father', 'legal_guardian', 'other')),
    legal_representative INTEGER NOT NULL CHECK (legal_representative IN (0, 1)),
    code_hash            TEXT    NOT NULL UNIQUE,
    issued_by            INTEGER NOT NULL REFERENCES person(id),
    created_at           INTEGER NOT NULL,
    expires_at           INTEGER NOT NULL,
    used_at              INTEGER,
    used_by              INTEGER REFERENCES person(id)
) STRICT;
CREATE INDEX link_code_student ON link_code(student_id);

-- Wrong codes entered, per person, for throttling.
CREATE TABLE link_code_failure (
    person_id INTEGER NOT NULL REFERENCES person(id),
    at        INTEGER NOT NULL
) STRICT;
CREATE INDEX link_code_failure_person ON link_code_failure(person_id, at);
