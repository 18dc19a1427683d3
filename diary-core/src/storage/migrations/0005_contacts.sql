-- Schema version 5: security parameters (confirmed contacts) and one-time
-- codes and tokens for confirmation and recovery (A2, A3).

CREATE TABLE contact (
    person_id    INTEGER NOT NULL REFERENCES person(id),
    kind         TEXT    NOT NULL CHECK (kind IN ('email', 'phone')),
    address      TEXT    NOT NULL,
    confirmed_at INTEGER NOT NULL,
    PRIMARY KEY (person_id, kind)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_address ON contact(kind, address);

-- Codes (6 digits, to confirm a contact) and tokens (password reset) are
-- stored only as SHA-256; each has a purpose, an expiry, limited attempts
-- and is used once.
CREATE TABLE one_time_secret (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    purpose     TEXT    NOT NULL CHECK (purpose IN ('confirm_email', 'confirm_phone', 'password_reset')),
    target      TEXT,                -- the address being confirmed
    secret_hash TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    used_at     INTEGER
) STRICT;
CREATE INDEX one_time_secret_person ON one_time_secret(person_id, purpose);
CREATE INDEX one_time_secret_hash ON one_time_secret(secret_hash);
