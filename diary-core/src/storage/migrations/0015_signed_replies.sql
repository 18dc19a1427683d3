-- Teacher messages with signed replies (D13), and the keys registered for
-- people after checking their identity.
CREATE TABLE signing_key (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES person(id),
    scheme         TEXT    NOT NULL CHECK (scheme IN ('ed25519')),
    public_key     BLOB    NOT NULL,
    registered_by  INTEGER NOT NULL REFERENCES person(id),
    registered_at  INTEGER NOT NULL,
    identity_check TEXT    NOT NULL,
    valid_until    TEXT,
    revoked_at     INTEGER,
    UNIQUE (scheme, public_key)
) STRICT;
CREATE INDEX signing_key_person ON signing_key(person_id);

CREATE TABLE teacher_message (
    id              INTEGER PRIMARY KEY,
    school_id       INTEGER NOT NULL REFERENCES school(id),
    author_id       INTEGER NOT NULL REFERENCES person(id),
    student_id      INTEGER NOT NULL REFERENCES person(id),
    recipient_id    INTEGER NOT NULL REFERENCES person(id),
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    needs_signature INTEGER NOT NULL CHECK (needs_signature IN (0, 1)),
    sent_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX teacher_message_recipient ON teacher_message(recipient_id);
CREATE INDEX teacher_message_author ON teacher_message(author_id);

CREATE TABLE teacher_message_reply (
    message_id  INTEGER PRIMARY KEY REFERENCES teacher_message(id),
    replier_id  INTEGER NOT NULL REFERENCES person(id),
    text        TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    key_id      INTEGER REFERENCES signing_key(id),
    signature   BLOB,
    signed_at   INTEGER,
    CHECK ((key_id IS NULL) = (signature IS NULL) AND (key_id IS NULL) = (signed_at IS NULL))
) STRICT;
