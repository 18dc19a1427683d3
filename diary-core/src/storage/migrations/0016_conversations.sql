-- Conversations and class chats (D11): the school's rules for who may
-- message whom, conversations, their participants' state, messages with
-- their earlier versions, reports, retention records, and a full-text
-- index of the messages' text (FTS5, kept by triggers).
ALTER TABLE school ADD COLUMN msg_parents_reach_teachers INTEGER NOT NULL DEFAULT 1
    CHECK (msg_parents_reach_teachers IN (0, 1));
ALTER TABLE school ADD COLUMN msg_parents_reach_class_teacher INTEGER NOT NULL DEFAULT 1
    CHECK (msg_parents_reach_class_teacher IN (0, 1));
ALTER TABLE school ADD COLUMN msg_parents_reach_admins INTEGER NOT NULL DEFAULT 1
    CHECK (msg_parents_reach_admins IN (0, 1));
ALTER TABLE school ADD COLUMN msg_students_take_part INTEGER NOT NULL DEFAULT 0
    CHECK (msg_students_take_part IN (0, 1));
ALTER TABLE school ADD COLUMN msg_edit_window_minutes INTEGER NOT NULL DEFAULT 15
    CHECK (msg_edit_window_minutes BETWEEN 0 AND 1440);
ALTER TABLE school ADD COLUMN msg_retention_years INTEGER
    CHECK (msg_retention_years BETWEEN 1 AND 50);
ALTER TABLE school ADD COLUMN msg_retention_action TEXT NOT NULL DEFAULT 'archive'
    CHECK (msg_retention_action IN ('archive', 'delete'));

CREATE TABLE conversation (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    kind        TEXT    NOT NULL CHECK (kind IN ('direct', 'class_chat', 'staff_room')),
    title       TEXT,
    child_id    INTEGER REFERENCES person(id),
    class_id    INTEGER REFERENCES class(id),
    year_id     INTEGER REFERENCES academic_year(id),
    started_by  INTEGER NOT NULL REFERENCES person(id),
    started_at  INTEGER NOT NULL,
    archived_at INTEGER,
    deleted_at  INTEGER,
    CHECK ((kind = 'class_chat') = (class_id IS NOT NULL)),
    CHECK (kind = 'direct' OR child_id IS NULL)
) STRICT;
CREATE UNIQUE INDEX conversation_class ON conversation(class_id) WHERE class_id IS NOT NULL;
CREATE INDEX conversation_school ON conversation(school_id, kind);
CREATE INDEX conversation_child ON conversation(child_id) WHERE child_id IS NOT NULL;

-- Named participants of direct conversations (`named` = 1), and every
-- person's state in any conversation: read mark, leaving, muting.
CREATE TABLE conversation_member (
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    person_id       INTEGER NOT NULL REFERENCES person(id),
    named           INTEGER NOT NULL CHECK (named IN (0, 1)),
    last_read       INTEGER NOT NULL DEFAULT 0,
    left_at         INTEGER,
    muted_until     INTEGER,
    muted_by        INTEGER REFERENCES person(id),
    PRIMARY KEY (conversation_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX conversation_member_person ON conversation_member(person_id, conversation_id);

CREATE TABLE chat_message (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    author_id       INTEGER NOT NULL REFERENCES person(id),
    body            TEXT,
    attachments     TEXT    NOT NULL DEFAULT '[]',
    reply_to        INTEGER REFERENCES chat_message(id),
    sent_at         INTEGER NOT NULL,
    edited_at       INTEGER,
    deleted_at      INTEGER,
    hidden_by       INTEGER REFERENCES person(id),
    hidden_reason   TEXT,
    hidden_at       INTEGER,
    CHECK ((deleted_at IS NULL) = (body IS NOT NULL))
) STRICT;
CREATE INDEX chat_message_conversation ON chat_message(conversation_id, id);
-- Unread counts read this index alone (no table rows).
CREATE INDEX chat_message_visible ON chat_message(conversation_id, id, author_id)
    WHERE deleted_at IS NULL AND hidden_at IS NULL;

CREATE TABLE chat_message_version (
    message_id  INTEGER NOT NULL REFERENCES chat_message(id),
    version     INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    replaced_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE chat_report (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES chat_message(id),
    reporter_id INTEGER NOT NULL REFERENCES person(id),
    reason      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    UNIQUE (message_id, reporter_id)
) STRICT;

CREATE TABLE conversation_retention (
    conversation_id INTEGER PRIMARY KEY REFERENCES conversation(id),
    action          TEXT    NOT NULL CHECK (action IN ('archive', 'delete')),
    messages        INTEGER NOT NULL,
    by_person       INTEGER NOT NULL REFERENCES person(id),
    at              INTEGER NOT NULL
) STRICT;

-- The search index holds no text of its own (contentless): each message's
-- words in `body`, and its conversation as the token k<id> in `conv`, so
-- that a search names the reader's conversations inside the FTS query and
-- costs in proportion to them, not to the whole school's traffic. Words
-- are searched by their first six (or four) letters, which these prefix
-- indexes answer without merging every word that starts so.
CREATE VIRTUAL TABLE chat_search USING fts5(
    body, conv, content = '', prefix = '4 6', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER chat_message_indexed AFTER INSERT ON chat_message
WHEN new.body IS NOT NULL BEGIN
    INSERT INTO chat_search (rowid, body, conv)
        VALUES (new.id, new.body, 'k' || new.conversation_id);
END;
CREATE TRIGGER chat_message_reindexed AFTER UPDATE OF body ON chat_message BEGIN
    INSERT INTO chat_search (chat_search, rowid, body, conv)
        SELECT 'delete', old.id, old.body, 'k' || old.conversation_id WHERE old.body IS NOT NULL;
    INSERT INTO chat_search (rowid, body, conv)
        SELECT new.id, new.body, 'k' || new.conversation_id WHERE new.body IS NOT NULL;
END;
CREATE TRIGGER chat_message_unindexed AFTER DELETE ON chat_message
WHEN old.body IS NOT NULL BEGIN
    INSERT INTO chat_search (chat_search, rowid, body, conv)
        VALUES ('delete', old.id, old.body, 'k' || old.conversation_id);
END;
