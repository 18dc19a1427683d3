-- The access log becomes one hash chain per school (issue 20,
-- docs/access.md): an entry's hash covers the previous entry *of its
-- school*, so that schools never wait for one another's log and a
-- school's chain verifies on its own. Entries without a school (logins,
-- the operator's repairs) form the chain of school 0, and school_id is no
-- longer NULL: the key is (school_id, id), as on PostgreSQL, and the table
-- is stored in that order (WITHOUT ROWID: no second copy of the key).
--
-- Entries written before this version keep their one shared chain, which
-- is not rehashed (anchors taken from it stay valid): access_log_split
-- holds its last id, and every school's chain starts from that entry's
-- hash (from the genesis hash in a diary created at this version).
CREATE TABLE access_log_by_school (
    id         INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    actor_id   INTEGER,                  -- NULL for the operator
    acting_as  TEXT    NOT NULL,
    child_id   INTEGER,
    school_id  INTEGER NOT NULL,         -- 0: no school
    data_kind  TEXT    NOT NULL,
    action     TEXT    NOT NULL CHECK (action IN ('read', 'write')),
    allowed    INTEGER NOT NULL CHECK (allowed IN (0, 1)),
    hash       TEXT    NOT NULL,
    PRIMARY KEY (school_id, id)
) STRICT, WITHOUT ROWID;
INSERT INTO access_log_by_school
    SELECT id, at, actor_id, acting_as, child_id, coalesce(school_id, 0),
           data_kind, action, allowed, hash
    FROM access_log ORDER BY id;
CREATE TABLE access_log_split (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    last_shared_id INTEGER NOT NULL CHECK (last_shared_id >= 0)
) STRICT;
INSERT INTO access_log_split VALUES (1, (SELECT coalesce(max(id), 0) FROM access_log));
-- Dropping a table fires no delete trigger; the new table gets them below.
DROP TABLE access_log;
ALTER TABLE access_log_by_school RENAME TO access_log;
CREATE INDEX access_log_lookup ON access_log(id);
CREATE INDEX access_log_child ON access_log(child_id, at);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_split_no_update BEFORE UPDATE ON access_log_split
    BEGIN SELECT RAISE(ABORT, 'where the chains split is fixed'); END;
CREATE TRIGGER access_log_split_no_delete BEFORE DELETE ON access_log_split
    BEGIN SELECT RAISE(ABORT, 'where the chains split is fixed'); END;
