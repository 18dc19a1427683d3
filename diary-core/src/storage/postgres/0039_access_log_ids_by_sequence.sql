-- The access-log entries of different schools are appended at once
-- (SQLite's migration 39): their ids come from the column's sequence from
-- now on, set past the newest entry.
SELECT setval(pg_get_serial_sequence('access_log', 'id'),
              (SELECT coalesce(max(id), 0) + 1 FROM access_log), false);
