-- Consent to the processing of personal data (P6, 152-FZ, GDPR; issue
-- 17): a school's versioned texts per purpose, and each person's
-- decisions (given, refused, withdrawn) with time and channel. The
-- history is append-only.
CREATE TABLE consent_text (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES school(id),
    purpose      TEXT    NOT NULL CHECK (purpose IN ('diary', 'visits_meals', 'photos', 'messaging', 'contacts')),
    version      INTEGER NOT NULL CHECK (version >= 1),
    body         TEXT    NOT NULL,
    published_at INTEGER NOT NULL,
    published_by INTEGER REFERENCES person(id),
    UNIQUE (school_id, purpose, version)
) STRICT;

CREATE TABLE consent_record (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    person_id   INTEGER NOT NULL REFERENCES person(id),
    purpose     TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    decision    TEXT    NOT NULL CHECK (decision IN ('given', 'refused', 'withdrawn')),
    channel     TEXT    NOT NULL CHECK (channel IN ('online', 'paper', 'in_person')),
    at          INTEGER NOT NULL,
    recorded_by INTEGER REFERENCES person(id),
    FOREIGN KEY (school_id, purpose, version) REFERENCES consent_text(school_id, purpose, version)
) STRICT;
CREATE INDEX consent_record_person ON consent_record(person_id, school_id, purpose, id);
CREATE TRIGGER consent_record_append_only_update BEFORE UPDATE ON consent_record
BEGIN SELECT RAISE(ABORT, 'the consent history is append-only'); END;
CREATE TRIGGER consent_record_append_only_delete BEFORE DELETE ON consent_record
BEGIN SELECT RAISE(ABORT, 'the consent history is append-only'); END;
