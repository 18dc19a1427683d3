-- Announcements (D9): what a school tells its people. The audience is kept
-- as written and resolved when read, so people who join later see current
-- announcements and people who leave stop seeing them.
CREATE TABLE announcement (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES school(id),
    author_id    INTEGER NOT NULL REFERENCES person(id),
    kind         TEXT    NOT NULL CHECK (kind IN ('quarantine', 'schedule_change', 'competition', 'news', 'other')),
    urgent       INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    title        TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    shown_from   TEXT    NOT NULL,
    shown_until  TEXT    NOT NULL,
    pinned       INTEGER NOT NULL CHECK (pinned IN (0, 1)),
    attachments  TEXT    NOT NULL,
    published_at INTEGER NOT NULL,
    edited_at    INTEGER,
    withdrawn_at INTEGER,
    CHECK (shown_from <= shown_until)
) STRICT;
CREATE INDEX announcement_school ON announcement(school_id, shown_until);

CREATE TABLE announcement_audience (
    announcement_id INTEGER NOT NULL REFERENCES announcement(id),
    position        INTEGER NOT NULL,
    scope           TEXT    NOT NULL CHECK (scope IN ('school', 'class', 'group', 'person')),
    target_id       INTEGER,
    role            TEXT    NOT NULL CHECK (role IN ('everyone', 'students', 'parents', 'staff')),
    PRIMARY KEY (announcement_id, position),
    CHECK ((scope = 'school') = (target_id IS NULL))
) STRICT, WITHOUT ROWID;

-- Earlier versions of an edited announcement.
CREATE TABLE announcement_version (
    announcement_id INTEGER NOT NULL REFERENCES announcement(id),
    replaced_at     INTEGER NOT NULL,
    replaced_by     INTEGER NOT NULL REFERENCES person(id),
    title           TEXT    NOT NULL,
    body            TEXT    NOT NULL
) STRICT;
CREATE INDEX announcement_version_of ON announcement_version(announcement_id);

CREATE TABLE announcement_read (
    announcement_id INTEGER NOT NULL REFERENCES announcement(id),
    person_id       INTEGER NOT NULL REFERENCES person(id),
    read_at         INTEGER NOT NULL,
    PRIMARY KEY (announcement_id, person_id)
) STRICT, WITHOUT ROWID;
