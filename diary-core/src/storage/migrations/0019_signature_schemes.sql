-- Signatures by other schemes than Ed25519 (the Russian qualified
-- e-signature through the host's provider): a key's scheme is any short
-- lower-case name, and a key may be a certificate the host vouches for
-- (no registering admin). SQLite cannot change a CHECK in place, so both
-- tables are rebuilt: the replies first point at the new keys, the old
-- tables go, and the renames carry the references along.
CREATE TABLE signing_key_new (
    id               INTEGER PRIMARY KEY,
    person_id        INTEGER NOT NULL REFERENCES person(id),
    scheme           TEXT    NOT NULL
        CHECK (length(scheme) BETWEEN 1 AND 32 AND scheme NOT GLOB '*[^a-z0-9_-]*'),
    public_key       BLOB    NOT NULL,
    registered_by    INTEGER REFERENCES person(id),
    registered_at    INTEGER NOT NULL,
    identity_check   TEXT    NOT NULL,
    valid_until      TEXT,
    revoked_at       INTEGER,
    vouched_by_host  INTEGER NOT NULL DEFAULT 0 CHECK (vouched_by_host IN (0, 1)),
    CHECK ((registered_by IS NULL) = (vouched_by_host = 1)),
    UNIQUE (scheme, public_key)
) STRICT;
INSERT INTO signing_key_new (id, person_id, scheme, public_key, registered_by, registered_at,
                             identity_check, valid_until, revoked_at)
    SELECT id, person_id, scheme, public_key, registered_by, registered_at, identity_check,
           valid_until, revoked_at
    FROM signing_key;

CREATE TABLE teacher_message_reply_new (
    message_id  INTEGER PRIMARY KEY REFERENCES teacher_message(id),
    replier_id  INTEGER NOT NULL REFERENCES person(id),
    text        TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    key_id      INTEGER REFERENCES signing_key_new(id),
    signature   BLOB,
    signed_at   INTEGER,
    CHECK ((key_id IS NULL) = (signature IS NULL) AND (key_id IS NULL) = (signed_at IS NULL))
) STRICT;
INSERT INTO teacher_message_reply_new SELECT message_id, replier_id, text, at, key_id, signature, signed_at
    FROM teacher_message_reply;

DROP TABLE teacher_message_reply;
DROP TABLE signing_key;
ALTER TABLE signing_key_new RENAME TO signing_key;
ALTER TABLE teacher_message_reply_new RENAME TO teacher_message_reply;
CREATE INDEX signing_key_person ON signing_key(person_id);
