-- Merging two profiles of the same person (issue 17): the duplicate's
-- references move to the kept profile; the duplicate stays as a
-- tombstone pointing at it (the access log keeps naming its id); a record
-- says who merged what, when and why.
ALTER TABLE person ADD COLUMN merged_into INTEGER REFERENCES person(id);

CREATE TABLE merge_record (
    id        INTEGER PRIMARY KEY,
    kept_id   INTEGER NOT NULL REFERENCES person(id),
    merged_id INTEGER NOT NULL REFERENCES person(id) UNIQUE,
    reason    TEXT    NOT NULL,
    moved     TEXT    NOT NULL,            -- JSON: table.column and rows moved
    merged_at INTEGER NOT NULL,
    merged_by INTEGER REFERENCES person(id)
) STRICT;

-- The consent history stays append-only in what it says; only the person
-- it belongs to may move (to a merged profile).
DROP TRIGGER consent_record_append_only_update;
CREATE TRIGGER consent_record_append_only_update
BEFORE UPDATE OF id, school_id, purpose, version, decision, channel, at, recorded_by ON consent_record
BEGIN SELECT RAISE(ABORT, 'the consent history is append-only'); END;
