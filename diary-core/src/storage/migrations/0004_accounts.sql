-- Schema version 4: accounts and sessions (A1, A6).

-- The minimum password length a school asks for (at least 8).
ALTER TABLE school ADD COLUMN min_password_chars INTEGER NOT NULL DEFAULT 8
    CHECK (min_password_chars BETWEEN 8 AND 64);

-- One account per person. The password is an Argon2id PHC string; an
-- issued (temporary) one must be changed at the first login.
CREATE TABLE account (
    person_id            INTEGER PRIMARY KEY REFERENCES person(id),
    login                TEXT    NOT NULL UNIQUE,
    password             TEXT    NOT NULL,
    must_change          INTEGER NOT NULL CHECK (must_change IN (0, 1)),
    temporary_expires_at INTEGER,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         INTEGER,
    disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    issued_by            INTEGER REFERENCES person(id),
    created_at           INTEGER NOT NULL
) STRICT;

-- Sessions are opaque tokens; only their SHA-256 is stored.
CREATE TABLE session (
    token_hash           TEXT    PRIMARY KEY,
    person_id            INTEGER NOT NULL REFERENCES person(id),
    created_at           INTEGER NOT NULL,
    last_seen_at         INTEGER NOT NULL,
    expires_at           INTEGER NOT NULL,
    revoked_at           INTEGER,
    password_change_only INTEGER NOT NULL CHECK (password_change_only IN (0, 1))
) STRICT, WITHOUT ROWID;
CREATE INDEX session_person ON session(person_id);
