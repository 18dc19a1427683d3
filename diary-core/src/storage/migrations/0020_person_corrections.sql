-- Corrections of a person's data (issue 17): an admin's correction
-- (applied at once) or the person's (or a legal representative's)
-- proposal that an admin approves or rejects; before and after are kept.
CREATE TABLE person_correction (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    before      TEXT    NOT NULL,
    after       TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    proposed_by INTEGER NOT NULL REFERENCES person(id),
    proposed_at INTEGER NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('applied', 'pending', 'rejected')),
    decided_by  INTEGER REFERENCES person(id),
    decided_at  INTEGER,
    note        TEXT
) STRICT;
CREATE INDEX person_correction_person ON person_correction(person_id, id);
CREATE UNIQUE INDEX person_correction_open ON person_correction(person_id) WHERE status = 'pending';
