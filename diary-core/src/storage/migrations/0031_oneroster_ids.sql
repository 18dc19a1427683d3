-- The sourcedIds of OneRoster 1.2 records (issue 18): what another system
-- calls each object the diary holds, so that a re-import updates instead
-- of duplicating and an export gives back the ids it was given. `kind` is
-- the OneRoster file (org, academicSession, course, class, user, role,
-- enrollment, category, lineItem, result, scoreScale); `local_key` names
-- the diary's object ("12" for a school, "5:0:3" for a class's section in
-- a subject). One sourcedId may stand for an object in each of several
-- schools (a school year another system shares between schools), so it
-- is unique per school; `school_id` is 0 for objects of no one school
-- (people). Objects never imported get generated ids and no row.
CREATE TABLE oneroster_id (
    kind        TEXT    NOT NULL,
    local_key   TEXT    NOT NULL,
    sourced_id  TEXT    NOT NULL,
    school_id   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, local_key),
    UNIQUE (kind, school_id, sourced_id)
) STRICT;
-- A record found by its sourcedId alone (a delta file names records of
-- earlier imports without their school).
CREATE INDEX oneroster_id_by_sourced_id ON oneroster_id (kind, sourced_id);
