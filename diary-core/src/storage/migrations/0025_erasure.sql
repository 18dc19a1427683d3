-- Erasure and anonymisation of a person's identifying data (P6, 152-FZ
-- art. 21, GDPR art. 17; issue 17): what was erased, when, by whom and
-- on what ground. The person's row stays under a pseudonym so that marks,
-- attendance and the access log keep their references (class averages do
-- not change, the log's chain still verifies).
CREATE TABLE erasure_record (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person(id),
    school_id  INTEGER REFERENCES school(id),
    ground     TEXT    NOT NULL CHECK (ground IN ('retention_expired', 'subject_request', 'court_order')),
    note       TEXT,
    erased     TEXT    NOT NULL,           -- JSON: the categories erased and how many rows
    erased_at  INTEGER NOT NULL,
    erased_by  INTEGER REFERENCES person(id),
    UNIQUE (person_id)
) STRICT;
