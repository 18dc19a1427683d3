-- Access applications (P5, issue 17): a parent applies for diary access
-- for a child, online (through the host's portal) or at the school; the
-- documents are references to the host's files with their SHA-256; the
-- school decides within 3 business days; every step is kept.
CREATE TABLE access_application (
    id                     INTEGER PRIMARY KEY,
    school_id              INTEGER NOT NULL REFERENCES school(id),
    student_id             INTEGER NOT NULL REFERENCES person(id),
    applicant_surname      TEXT    NOT NULL,
    applicant_first_name   TEXT    NOT NULL,
    applicant_patronymic   TEXT,
    applicant_birth_date   TEXT    NOT NULL,
    applicant_snils        TEXT,
    relation               TEXT    NOT NULL,
    legal_representative   INTEGER NOT NULL CHECK (legal_representative IN (0, 1)),
    channel                TEXT    NOT NULL CHECK (channel IN ('online', 'at_school')),
    submitted_at           INTEGER NOT NULL,
    due_day                INTEGER NOT NULL,   -- Julian day of the school's deadline
    status                 TEXT    NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
    reasons                TEXT    NOT NULL DEFAULT '[]',
    note                   TEXT,
    person_id              INTEGER REFERENCES person(id)
) STRICT;
CREATE INDEX access_application_school ON access_application(school_id, status, due_day);
CREATE INDEX access_application_student ON access_application(student_id);

CREATE TABLE application_document (
    application_id INTEGER NOT NULL REFERENCES access_application(id),
    kind           TEXT    NOT NULL CHECK (kind IN ('birth_certificate', 'identity_document', 'application_form', 'consent')),
    reference      TEXT    NOT NULL,
    sha256         TEXT    NOT NULL CHECK (length(sha256) = 64),
    provided_at    INTEGER NOT NULL,
    accepted       INTEGER CHECK (accepted IS NULL OR accepted IN (0, 1)),
    checked_by     INTEGER REFERENCES person(id),
    checked_at     INTEGER,
    PRIMARY KEY (application_id, kind)
) STRICT, WITHOUT ROWID;

CREATE TABLE application_step (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES access_application(id),
    at             INTEGER NOT NULL,
    by_id          INTEGER REFERENCES person(id),
    what           TEXT    NOT NULL,
    detail         TEXT
) STRICT;
CREATE INDEX application_step_application ON application_step(application_id, id);
