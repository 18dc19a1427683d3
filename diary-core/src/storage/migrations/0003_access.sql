-- Schema version 3: trusted persons (P3), visibility windows (P4) and the
-- tamper-evident access log (P6).

-- How long after acceptance a trusted person's access opens, and how long
-- an invitation waits for an answer.
ALTER TABLE school ADD COLUMN trusted_delay_hours INTEGER NOT NULL DEFAULT 24
    CHECK (trusted_delay_hours BETWEEN 0 AND 24);
ALTER TABLE school ADD COLUMN invitation_days INTEGER NOT NULL DEFAULT 7
    CHECK (invitation_days BETWEEN 1 AND 90);

-- A visibility window for a school's families (P4): when set, students
-- and their guardians see only the marks of the last N days.
ALTER TABLE school ADD COLUMN family_window_days INTEGER
    CHECK (family_window_days IS NULL OR family_window_days BETWEEN 1 AND 366);

-- A legal representative's invitation of a trusted person for one child.
-- services: 1 = diary, 2 = visits and meals (a bit set).
CREATE TABLE trusted_grant (
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES person(id),
    inviter_id   INTEGER NOT NULL REFERENCES person(id),
    invitee_id   INTEGER NOT NULL REFERENCES person(id),
    services     INTEGER NOT NULL CHECK (services BETWEEN 1 AND 3),
    until_day    INTEGER,                -- Julian day; access ends after it
    window_days  INTEGER CHECK (window_days IS NULL OR window_days BETWEEN 1 AND 366),
    invited_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,       -- the invitation lapses unanswered
    accepted_at  INTEGER,
    opens_at     INTEGER,                -- accepted_at + the school's delay
    declined_at  INTEGER,
    revoked_at   INTEGER,
    CHECK (invitee_id <> student_id AND invitee_id <> inviter_id)
) STRICT;
CREATE INDEX trusted_grant_invitee ON trusted_grant(invitee_id);
CREATE INDEX trusted_grant_student ON trusted_grant(student_id);

-- Append-only: who did what to which child's data, allowed or denied. Each
-- entry's hash covers its fields and the previous entry's hash. (A school's
-- log is read rarely, by its admins: it has no index of its own, to keep
-- logging cheap on every access.)
CREATE TABLE access_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor_id   INTEGER,                  -- NULL for the operator
    acting_as  TEXT    NOT NULL,
    child_id   INTEGER,
    school_id  INTEGER,
    data_kind  TEXT    NOT NULL,
    action     TEXT    NOT NULL CHECK (action IN ('read', 'write')),
    allowed    INTEGER NOT NULL CHECK (allowed IN (0, 1)),
    hash       TEXT    NOT NULL
) STRICT;
CREATE INDEX access_log_child ON access_log(child_id, at);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;

-- Read-only regional officers: aggregated statistics of a region's schools,
-- never names.
CREATE TABLE regional_officer (
    person_id INTEGER NOT NULL REFERENCES person(id),
    region    TEXT    NOT NULL,
    PRIMARY KEY (person_id, region)
) STRICT, WITHOUT ROWID;
