-- The access log becomes one hash chain per school (SQLite's migration 38).
-- The table already has school_id NOT NULL and the key (school_id, id);
-- the library now writes school 0 for entries of no school itself.
DROP TRIGGER access_log_school ON access_log;
DROP FUNCTION access_log_no_school();
CREATE TABLE access_log_split (
    id             integer PRIMARY KEY CHECK (id = 1),
    last_shared_id bigint  NOT NULL CHECK (last_shared_id >= 0)
);
INSERT INTO access_log_split VALUES (1, (SELECT coalesce(max(id), 0) FROM access_log));
CREATE FUNCTION access_log_split_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'where the chains split is fixed';
END;
$$;
CREATE TRIGGER access_log_split_no_update BEFORE UPDATE ON access_log_split
    FOR EACH ROW EXECUTE FUNCTION access_log_split_fixed();
CREATE TRIGGER access_log_split_no_delete BEFORE DELETE ON access_log_split
    FOR EACH ROW EXECUTE FUNCTION access_log_split_fixed();
