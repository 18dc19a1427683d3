-- Individual appointment slots (D12): a teacher's published times that a
-- parent books for a child; one booking per slot.
CREATE TABLE appointment_slot (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES school(id),
    teacher_id   INTEGER NOT NULL REFERENCES person(id),
    day          TEXT    NOT NULL,
    starts       INTEGER NOT NULL CHECK (starts BETWEEN 0 AND 1439),
    minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 240),
    place        TEXT,
    online_link  TEXT,
    created_at   INTEGER NOT NULL,
    cancelled_at INTEGER,
    booked_by    INTEGER REFERENCES person(id),
    booked_for   INTEGER REFERENCES person(id),
    booked_at    INTEGER,
    note         TEXT,
    CHECK ((booked_by IS NULL) = (booked_for IS NULL) AND (booked_by IS NULL) = (booked_at IS NULL))
) STRICT;
CREATE INDEX appointment_slot_teacher ON appointment_slot(teacher_id, day);
CREATE INDEX appointment_slot_booker ON appointment_slot(booked_by, day) WHERE booked_by IS NOT NULL;
