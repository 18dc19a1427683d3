-- Schema version 8: hardening.

-- Every message handed to the host's delivery, by recipient (the address's
-- SHA-256, never the address itself) and time, so that no recipient gets
-- more than a few requested messages an hour.
CREATE TABLE delivery_log (
    recipient_hash TEXT    NOT NULL,
    purpose        TEXT    NOT NULL,
    at             INTEGER NOT NULL
) STRICT;
CREATE INDEX delivery_log_recipient ON delivery_log(recipient_hash, at);

-- The smallest group of students an aggregate may describe to people
-- outside the children's circle (regional statistics, class statistics for
-- families): an installation setting, never below 5.
ALTER TABLE account_setting ADD COLUMN min_group_size INTEGER NOT NULL DEFAULT 10
    CHECK (min_group_size BETWEEN 5 AND 1000);

-- One-time transfer codes: a student's school consents to another school
-- enrolling the student (a school can otherwise only enrol people it
-- already knows). Stored only as SHA-256, used once, expiring.
CREATE TABLE transfer_code (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES person(id),
    from_school INTEGER NOT NULL REFERENCES school(id),
    code_hash   TEXT    NOT NULL UNIQUE,
    issued_by   INTEGER NOT NULL REFERENCES person(id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    used_by     INTEGER REFERENCES person(id)
) STRICT;
CREATE INDEX transfer_code_student ON transfer_code(student_id);

-- Regional officers need no school: a person registered by the operator
-- for a region has no registered school.
