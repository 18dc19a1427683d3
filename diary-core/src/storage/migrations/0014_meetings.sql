-- Meetings with agendas (D12). Times are local to the school's zone:
-- a day and a start in minutes after midnight.
CREATE TABLE meeting (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES school(id),
    organiser_id INTEGER NOT NULL REFERENCES person(id),
    kind         TEXT    NOT NULL CHECK (kind IN ('parents_evening', 'class_meeting', 'school_meeting', 'other')),
    title        TEXT    NOT NULL,
    description  TEXT,
    day          TEXT    NOT NULL,
    starts       INTEGER NOT NULL CHECK (starts BETWEEN 0 AND 1439),
    minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 720),
    place        TEXT,
    online_link  TEXT,
    created_at   INTEGER NOT NULL,
    cancelled_at INTEGER,
    CHECK (starts + minutes <= 1440)
) STRICT;
CREATE INDEX meeting_school_day ON meeting(school_id, day);

CREATE TABLE meeting_audience (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    position   INTEGER NOT NULL,
    scope      TEXT    NOT NULL CHECK (scope IN ('school', 'class', 'group', 'person')),
    target_id  INTEGER,
    role       TEXT    NOT NULL CHECK (role IN ('everyone', 'students', 'parents', 'staff')),
    PRIMARY KEY (meeting_id, position),
    CHECK ((scope = 'school') = (target_id IS NULL))
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting_agenda (
    meeting_id   INTEGER NOT NULL REFERENCES meeting(id),
    position     INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    presenter_id INTEGER REFERENCES person(id),
    starts       INTEGER NOT NULL,
    minutes      INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting_reply (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    person_id  INTEGER NOT NULL REFERENCES person(id),
    answer     TEXT    NOT NULL CHECK (answer IN ('yes', 'no', 'maybe')),
    comment    TEXT,
    at         INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting_record (
    meeting_id  INTEGER PRIMARY KEY REFERENCES meeting(id),
    minutes     TEXT    NOT NULL,
    decisions   TEXT    NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES person(id),
    recorded_at INTEGER NOT NULL
) STRICT;
