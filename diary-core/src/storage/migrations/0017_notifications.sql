-- Host notifications: each person's preferences, and the notifications
-- that wait for the end of their quiet hours.
CREATE TABLE notification_preference (
    person_id             INTEGER PRIMARY KEY REFERENCES person(id),
    muted                 TEXT    NOT NULL DEFAULT '[]',
    quiet_from            INTEGER CHECK (quiet_from BETWEEN 0 AND 1439),
    quiet_until           INTEGER CHECK (quiet_until BETWEEN 0 AND 1439),
    urgent_in_quiet_hours INTEGER NOT NULL DEFAULT 0 CHECK (urgent_in_quiet_hours IN (0, 1)),
    CHECK ((quiet_from IS NULL) = (quiet_until IS NULL))
) STRICT;

CREATE TABLE notification_queue (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES person(id),
    due_at       INTEGER NOT NULL,
    notification TEXT    NOT NULL
) STRICT;
CREATE INDEX notification_queue_due ON notification_queue(due_at);
