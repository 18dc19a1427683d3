-- The schema and seed rows of a new diary, rendered from the migrations
-- by storage/fresh.rs. Do not edit: after a new migration, run
-- DIARY_BLESS_SCHEMA=1 cargo test -p diary-core --lib fresh
-- table school
CREATE TABLE school (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    region        TEXT    NOT NULL,
    time_zone     TEXT    NOT NULL,
    days_per_week INTEGER NOT NULL CHECK (days_per_week IN (5, 6)),
    created_at    INTEGER NOT NULL, trusted_delay_hours INTEGER NOT NULL DEFAULT 24
    CHECK (trusted_delay_hours BETWEEN 0 AND 24), invitation_days INTEGER NOT NULL DEFAULT 7
    CHECK (invitation_days BETWEEN 1 AND 90), family_window_days INTEGER
    CHECK (family_window_days IS NULL OR family_window_days BETWEEN 1 AND 366), min_password_chars INTEGER NOT NULL DEFAULT 8
    CHECK (min_password_chars BETWEEN 8 AND 64), period_kind TEXT
    CHECK (period_kind IS NULL OR period_kind IN ('quarter', 'trimester', 'semester')), msg_parents_reach_teachers INTEGER NOT NULL DEFAULT 1
    CHECK (msg_parents_reach_teachers IN (0, 1)), msg_parents_reach_class_teacher INTEGER NOT NULL DEFAULT 1
    CHECK (msg_parents_reach_class_teacher IN (0, 1)), msg_parents_reach_admins INTEGER NOT NULL DEFAULT 1
    CHECK (msg_parents_reach_admins IN (0, 1)), msg_students_take_part INTEGER NOT NULL DEFAULT 0
    CHECK (msg_students_take_part IN (0, 1)), msg_edit_window_minutes INTEGER NOT NULL DEFAULT 15
    CHECK (msg_edit_window_minutes BETWEEN 0 AND 1440), msg_retention_years INTEGER
    CHECK (msg_retention_years BETWEEN 1 AND 50), msg_retention_action TEXT NOT NULL DEFAULT 'archive'
    CHECK (msg_retention_action IN ('archive', 'delete')), family_window_month_start INTEGER
    CHECK (family_window_month_start IS NULL OR family_window_month_start BETWEEN 1 AND 28),
    UNIQUE (region, name)
) STRICT;
-- table academic_year
CREATE TABLE academic_year (
    id         INTEGER PRIMARY KEY,
    school_id  INTEGER NOT NULL REFERENCES school(id),
    label      TEXT    NOT NULL,
    start_date TEXT    NOT NULL,
    end_date   TEXT    NOT NULL,
    CHECK (start_date < end_date),
    UNIQUE (school_id, label)
) STRICT;
-- table holiday
CREATE TABLE holiday (
    id        INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES school(id),
    name      TEXT    NOT NULL,
    first_day TEXT    NOT NULL,
    last_day  TEXT    NOT NULL,
    CHECK (first_day <= last_day)
) STRICT;
-- table person
CREATE TABLE person (
    id                 INTEGER PRIMARY KEY,
    surname            TEXT    NOT NULL,
    first_name         TEXT    NOT NULL,
    patronymic         TEXT,
    birth_date         TEXT    NOT NULL,
    snils              TEXT    UNIQUE CHECK (snils IS NULL OR length(snils) = 11),
    registered_school  INTEGER REFERENCES school(id),
    created_at         INTEGER NOT NULL
, merged_into INTEGER REFERENCES person(id)) STRICT;
-- table staff
CREATE TABLE staff (
    school_id INTEGER NOT NULL REFERENCES school(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    role      TEXT    NOT NULL CHECK (role IN ('teacher', 'admin')),
    PRIMARY KEY (school_id, person_id, role)
) STRICT, WITHOUT ROWID;
-- table subject
CREATE TABLE subject (
    id        INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES school(id),
    name      TEXT    NOT NULL,
    UNIQUE (school_id, name)
) STRICT;
-- table guardianship
CREATE TABLE guardianship (
    student_id           INTEGER NOT NULL REFERENCES person(id),
    guardian_id          INTEGER NOT NULL REFERENCES person(id),
    relation             TEXT    NOT NULL CHECK (relation IN ('mother', 'father', 'legal_guardian', 'other')),
    legal_representative INTEGER NOT NULL CHECK (legal_representative IN (0, 1)),
    created_at           INTEGER NOT NULL,
    CHECK (student_id <> guardian_id),
    PRIMARY KEY (student_id, guardian_id)
) STRICT, WITHOUT ROWID;
-- table scale
CREATE TABLE scale (
    id              INTEGER PRIMARY KEY,
    school_id       INTEGER REFERENCES school(id),
    code            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    definition      TEXT    NOT NULL,  -- JSON of ScaleKind
    lower_is_better INTEGER NOT NULL CHECK (lower_is_better IN (0, 1))
) STRICT;
-- table work_kind
CREATE TABLE work_kind (
    id                  INTEGER PRIMARY KEY,
    school_id           INTEGER NOT NULL REFERENCES school(id),
    name                TEXT    NOT NULL,
    default_weight_centi INTEGER NOT NULL CHECK (default_weight_centi > 0),
    min_weight_centi    INTEGER NOT NULL CHECK (min_weight_centi > 0),
    max_weight_centi    INTEGER NOT NULL,
    CHECK (min_weight_centi <= default_weight_centi AND default_weight_centi <= max_weight_centi),
    UNIQUE (school_id, name)
) STRICT;
-- table grading_rule
CREATE TABLE grading_rule (
    school_id  INTEGER NOT NULL REFERENCES school(id),
    subject_id INTEGER NOT NULL DEFAULT 0,  -- 0: the school's default
    rule       TEXT    NOT NULL,             -- JSON of GradingRule
    PRIMARY KEY (school_id, subject_id)
) STRICT, WITHOUT ROWID;
-- table regional_officer
CREATE TABLE regional_officer (
    person_id INTEGER NOT NULL REFERENCES person(id),
    region    TEXT    NOT NULL,
    PRIMARY KEY (person_id, region)
) STRICT, WITHOUT ROWID;
-- table account
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
-- table session
CREATE TABLE session (
    token_hash           TEXT    PRIMARY KEY,
    person_id            INTEGER NOT NULL REFERENCES person(id),
    created_at           INTEGER NOT NULL,
    last_seen_at         INTEGER NOT NULL,
    expires_at           INTEGER NOT NULL,
    revoked_at           INTEGER,
    password_change_only INTEGER NOT NULL CHECK (password_change_only IN (0, 1))
) STRICT, WITHOUT ROWID;
-- table contact
CREATE TABLE contact (
    person_id    INTEGER NOT NULL REFERENCES person(id),
    kind         TEXT    NOT NULL CHECK (kind IN ('email', 'phone')),
    address      TEXT    NOT NULL,
    confirmed_at INTEGER NOT NULL,
    PRIMARY KEY (person_id, kind)
) STRICT, WITHOUT ROWID;
-- table one_time_secret
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
-- table account_setting
CREATE TABLE account_setting (
    id                      INTEGER PRIMARY KEY CHECK (id = 1),
    temporary_password_days INTEGER NOT NULL DEFAULT 14 CHECK (temporary_password_days BETWEEN 1 AND 90),
    reset_token_minutes     INTEGER NOT NULL DEFAULT 30 CHECK (reset_token_minutes BETWEEN 5 AND 1440),
    link_code_days          INTEGER NOT NULL DEFAULT 14 CHECK (link_code_days BETWEEN 1 AND 90)
, min_group_size INTEGER NOT NULL DEFAULT 10
    CHECK (min_group_size BETWEEN 5 AND 1000)) STRICT;
-- table link_code_failure
CREATE TABLE link_code_failure (
    person_id INTEGER NOT NULL REFERENCES person(id),
    at        INTEGER NOT NULL
) STRICT;
-- table bell_schedule
CREATE TABLE bell_schedule (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    name        TEXT    NOT NULL,
    shift       INTEGER NOT NULL CHECK (shift BETWEEN 1 AND 3),
    weekdays    INTEGER NOT NULL CHECK (weekdays BETWEEN 1 AND 127),
    valid_from  INTEGER NOT NULL,
    valid_until INTEGER,
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
) STRICT;
-- table remark
CREATE TABLE remark (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES person(id),
    author_id  INTEGER NOT NULL REFERENCES person(id),
    school_id  INTEGER NOT NULL REFERENCES school(id),
    day        INTEGER NOT NULL,
    subject_id INTEGER REFERENCES subject(id),
    kind       TEXT    NOT NULL CHECK (kind IN ('positive', 'negative', 'neutral')),
    text       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
-- table delivery_log
CREATE TABLE delivery_log (
    recipient_hash TEXT    NOT NULL,
    purpose        TEXT    NOT NULL,
    at             INTEGER NOT NULL
) STRICT;
-- table reference_generation
CREATE TABLE reference_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
) STRICT;
-- table grading_rule_version
CREATE TABLE grading_rule_version (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    subject_id  INTEGER NOT NULL DEFAULT 0,
    rule        TEXT    NOT NULL,                    -- JSON of GradingRule
    valid_from  INTEGER NOT NULL,                    -- Unix seconds
    valid_until INTEGER,                             -- NULL: in force
    replaced_by INTEGER REFERENCES grading_rule_version(id)
) STRICT;
-- table announcement
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
-- table meeting
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
-- table teacher_message
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
-- table conversation
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
-- table chat_search
CREATE VIRTUAL TABLE chat_search USING fts5(
    body, conv, content = '', prefix = '4 6', tokenize = 'unicode61 remove_diacritics 2'
);
-- shadow chat_search_data
CREATE TABLE 'chat_search_data'(id INTEGER PRIMARY KEY, block BLOB);
-- shadow chat_search_idx
CREATE TABLE 'chat_search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
-- shadow chat_search_docsize
CREATE TABLE 'chat_search_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
-- shadow chat_search_config
CREATE TABLE 'chat_search_config'(k PRIMARY KEY, v) WITHOUT ROWID;
-- table notification_preference
CREATE TABLE notification_preference (
    person_id             INTEGER PRIMARY KEY REFERENCES person(id),
    muted                 TEXT    NOT NULL DEFAULT '[]',
    quiet_from            INTEGER CHECK (quiet_from BETWEEN 0 AND 1439),
    quiet_until           INTEGER CHECK (quiet_until BETWEEN 0 AND 1439),
    urgent_in_quiet_hours INTEGER NOT NULL DEFAULT 0 CHECK (urgent_in_quiet_hours IN (0, 1)),
    CHECK ((quiet_from IS NULL) = (quiet_until IS NULL))
) STRICT;
-- table notification_queue
CREATE TABLE notification_queue (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES person(id),
    due_at       INTEGER NOT NULL,
    notification TEXT    NOT NULL
) STRICT;
-- table appointment_slot
CREATE TABLE appointment_slot (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES school(id),
    teacher_id   INTEGER NOT NULL REFERENCES person(id),
    day          TEXT    NOT NULL,
    starts       INTEGER NOT NULL CHECK (starts BETWEEN 0 AND 1439),
    minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 240),
    place        TEXT,
    online_link  TEXT,
    created_at   INTEGER NOT NULL,
    cancelled_at INTEGER,
    booked_by    INTEGER REFERENCES person(id),
    booked_for   INTEGER REFERENCES person(id),
    booked_at    INTEGER,
    note         TEXT,
    CHECK ((booked_by IS NULL) = (booked_for IS NULL) AND (booked_by IS NULL) = (booked_at IS NULL))
) STRICT;
-- table signing_key
CREATE TABLE "signing_key" (
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
-- table person_correction
CREATE TABLE person_correction (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    before      TEXT    NOT NULL,
    after       TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    proposed_by INTEGER NOT NULL REFERENCES person(id),
    proposed_at INTEGER NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('applied', 'pending', 'rejected')),
    decided_by  INTEGER REFERENCES person(id),
    decided_at  INTEGER,
    note        TEXT
) STRICT;
-- table trusted_grant
CREATE TABLE "trusted_grant" (
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES person(id),
    inviter_id   INTEGER NOT NULL REFERENCES person(id),
    invitee_id   INTEGER NOT NULL REFERENCES person(id),
    services     INTEGER NOT NULL CHECK (services BETWEEN 4 AND 508 AND services & 3 = 0),
    until_day    INTEGER,
    window_days  INTEGER CHECK (window_days IS NULL OR window_days BETWEEN 1 AND 366),
    invited_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    accepted_at  INTEGER,
    opens_at     INTEGER,
    declined_at  INTEGER,
    revoked_at   INTEGER,
    CHECK (invitee_id <> student_id AND invitee_id <> inviter_id)
) STRICT;
-- table meal_settings
CREATE TABLE meal_settings (
    school_id      INTEGER PRIMARY KEY REFERENCES school(id),
    cutoff_days    INTEGER NOT NULL CHECK (cutoff_days BETWEEN 0 AND 14),
    cutoff_minutes INTEGER NOT NULL CHECK (cutoff_minutes BETWEEN 0 AND 1439),
    low_balance    INTEGER NOT NULL CHECK (low_balance BETWEEN 0 AND 100000000)
) STRICT;
-- table menu
CREATE TABLE menu (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES school(id),
    day          INTEGER NOT NULL,         -- Julian day
    meal         TEXT    NOT NULL CHECK (meal IN ('breakfast', 'lunch', 'snack')),
    published_by INTEGER REFERENCES person(id),
    published_at INTEGER NOT NULL,
    UNIQUE (school_id, day, meal)
) STRICT;
-- table meal_ledger
CREATE TABLE meal_ledger (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    student_id  INTEGER NOT NULL REFERENCES person(id),
    at          INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('top_up', 'charge', 'refund')),
    amount      INTEGER NOT NULL CHECK (amount BETWEEN -100000000 AND 100000000),
    reference   TEXT,
    order_id    INTEGER REFERENCES meal_order(id),
    recorded_by INTEGER REFERENCES person(id)
) STRICT;
-- table access_application
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
-- table consent_text
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
-- table consent_record
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
-- table erasure_record
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
-- table merge_record
CREATE TABLE merge_record (
    id        INTEGER PRIMARY KEY,
    kept_id   INTEGER NOT NULL REFERENCES person(id),
    merged_id INTEGER NOT NULL REFERENCES person(id) UNIQUE,
    reason    TEXT    NOT NULL,
    moved     TEXT    NOT NULL,            -- JSON: table.column and rows moved
    merged_at INTEGER NOT NULL,
    merged_by INTEGER REFERENCES person(id)
) STRICT;
-- table feed_state
CREATE TABLE feed_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    bulk           INTEGER NOT NULL DEFAULT 0 CHECK (bulk IN (0, 1)),
    pruned_through INTEGER NOT NULL DEFAULT 0,
    retention_days INTEGER NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 3660)
) STRICT;
-- table change
CREATE TABLE change (
    seq        INTEGER PRIMARY KEY,
    span       INTEGER NOT NULL DEFAULT 1 CHECK (span >= 1),
    at         INTEGER,               -- set by the library before commit
    school_id  INTEGER NOT NULL,
    kind       INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 9),
    entity     INTEGER NOT NULL,
    op         INTEGER NOT NULL CHECK (op BETWEEN 0 AND 2),
    student_id INTEGER,
    class_id   INTEGER,
    subject_id INTEGER,
    day        INTEGER,
    old_value  TEXT,
    new_value  TEXT,
    detail     TEXT
) STRICT;
-- table report_card_template
CREATE TABLE report_card_template (
    school_id   INTEGER PRIMARY KEY REFERENCES school(id),
    template    TEXT    NOT NULL CHECK (json_valid(template)),
    changed_by  INTEGER REFERENCES person(id),
    changed_at  INTEGER NOT NULL
) STRICT;
-- table access_log
CREATE TABLE "access_log" (
    id         INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    actor_id   INTEGER,                  -- NULL for the operator
    acting_as  TEXT    NOT NULL,
    child_id   INTEGER,
    school_id  INTEGER NOT NULL,         -- 0: no school
    data_kind  TEXT    NOT NULL,
    action     TEXT    NOT NULL CHECK (action IN ('read', 'write')),
    allowed    INTEGER NOT NULL CHECK (allowed IN (0, 1)),
    hash       TEXT    NOT NULL,
    PRIMARY KEY (school_id, id)
) STRICT, WITHOUT ROWID;
-- table access_log_split
CREATE TABLE access_log_split (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    last_shared_id INTEGER NOT NULL CHECK (last_shared_id >= 0)
) STRICT;
-- table lesson
CREATE TABLE "lesson" (
    school_id  INTEGER NOT NULL,
    id         INTEGER PRIMARY KEY,
    class_id   INTEGER NOT NULL REFERENCES class(id),
    day        INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    group_id   INTEGER REFERENCES class_group(id),
    topic      TEXT,
    test_title TEXT
) STRICT;
-- table attendance
CREATE TABLE "attendance" (
    school_id    INTEGER NOT NULL,
    lesson_id    INTEGER NOT NULL REFERENCES "lesson"(id),
    student_id   INTEGER NOT NULL REFERENCES person(id),
    status       TEXT    NOT NULL CHECK (status IN ('present', 'absent', 'late', 'left_early')),
    late_minutes INTEGER CHECK (late_minutes IS NULL OR late_minutes BETWEEN 1 AND 240),
    reason       TEXT    CHECK (reason IS NULL OR reason IN ('illness', 'family', 'school_activity', 'other')),
    excused      INTEGER NOT NULL CHECK (excused IN (0, 1)),
    notice_id    INTEGER REFERENCES absence_notice(id),
    recorded_by  INTEGER NOT NULL REFERENCES person(id),
    recorded_at  INTEGER NOT NULL,
    day          INTEGER NOT NULL,
    PRIMARY KEY (lesson_id, student_id, school_id)
) STRICT, WITHOUT ROWID;
-- table homework
CREATE TABLE "homework" (
    school_id  INTEGER NOT NULL,
    id         INTEGER PRIMARY KEY,
    lesson_id  INTEGER NOT NULL REFERENCES "lesson"(id),
    subject_id INTEGER NOT NULL REFERENCES subject(id),
    set_day    INTEGER NOT NULL,
    due_day    INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    individual INTEGER NOT NULL CHECK (individual IN (0, 1)),
    created_by INTEGER NOT NULL REFERENCES person(id),
    created_at INTEGER NOT NULL,
    class_id   INTEGER NOT NULL,
    CHECK (due_day >= set_day)
) STRICT;
-- table homework_student
CREATE TABLE "homework_student" (
    school_id   INTEGER NOT NULL,
    homework_id INTEGER NOT NULL REFERENCES "homework"(id),
    student_id  INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (homework_id, student_id, school_id)
) STRICT, WITHOUT ROWID;
-- table homework_done
CREATE TABLE "homework_done" (
    school_id   INTEGER NOT NULL,
    homework_id INTEGER NOT NULL REFERENCES "homework"(id),
    student_id  INTEGER NOT NULL REFERENCES person(id),
    done_at     INTEGER NOT NULL,
    PRIMARY KEY (homework_id, student_id, school_id)
) STRICT, WITHOUT ROWID;
-- table homework_attachment
CREATE TABLE "homework_attachment" (
    school_id    INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    homework_id  INTEGER NOT NULL REFERENCES "homework"(id),
    name         TEXT    NOT NULL,
    media_type   TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
    url          TEXT,
    sha256       TEXT,
    CHECK (url IS NOT NULL OR sha256 IS NOT NULL)
) STRICT;
-- table mark
CREATE TABLE "mark" (
    school_id    INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES person(id),
    subject_id   INTEGER NOT NULL,
    class_id     INTEGER NOT NULL,
    period_id    INTEGER NOT NULL,
    lesson_day   INTEGER NOT NULL,
    entry        INTEGER NOT NULL CHECK (entry BETWEEN 0 AND 3),
    scale_id     INTEGER NOT NULL,
    label        TEXT    NOT NULL,
    value_centi  INTEGER NOT NULL,
    out_of_centi INTEGER,
    work_kind_id INTEGER NOT NULL,
    weight_centi INTEGER NOT NULL CHECK (weight_centi > 0),
    counting     INTEGER NOT NULL CHECK (counting BETWEEN 0 AND 3),
    comment      TEXT,
    teacher_id   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    retake_of    INTEGER,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
-- table mark_change
CREATE TABLE "mark_change" (
    school_id  INTEGER NOT NULL,
    id         INTEGER PRIMARY KEY,
    mark_id    INTEGER NOT NULL REFERENCES "mark"(id),
    action     TEXT    NOT NULL CHECK (action IN ('update', 'delete')),
    changed_by INTEGER NOT NULL REFERENCES person(id),
    changed_at INTEGER NOT NULL,
    reason     TEXT    NOT NULL,
    old_label  TEXT    NOT NULL,
    new_label  TEXT,
    old_state  TEXT    NOT NULL,  -- JSON
    new_state  TEXT               -- JSON; NULL for a deletion
) STRICT;
-- table mark_sum
CREATE TABLE "mark_sum" (
    school_id  INTEGER NOT NULL,
    period_id  INTEGER NOT NULL,
    student_id INTEGER NOT NULL,
    subject_id INTEGER NOT NULL,
    scale_id   INTEGER NOT NULL,
    weighted   INTEGER NOT NULL,
    weights    INTEGER NOT NULL,
    marks      INTEGER NOT NULL CHECK (marks > 0),
    PRIMARY KEY (period_id, student_id, subject_id, scale_id, school_id)
) STRICT, WITHOUT ROWID;
-- table period
CREATE TABLE "period" (
    school_id   INTEGER NOT NULL,
    id         INTEGER PRIMARY KEY,
    year_id    INTEGER NOT NULL REFERENCES academic_year(id),
    kind       TEXT    NOT NULL CHECK (kind IN ('quarter', 'trimester', 'semester')),
    name       TEXT    NOT NULL,
    start_date TEXT    NOT NULL,
    end_date   TEXT    NOT NULL, closed_at INTEGER, closed_by INTEGER REFERENCES person(id), rule_version INTEGER,
    CHECK (start_date <= end_date)
) STRICT;
-- table enrolment
CREATE TABLE "enrolment" (
    school_id   INTEGER NOT NULL,
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES person(id),
    class_id   INTEGER NOT NULL REFERENCES class(id),
    start_date TEXT    NOT NULL,
    end_date   TEXT,
    end_reason TEXT    CHECK (end_reason IN ('transferred', 'graduated', 'left', 'promoted', 'repeating')),
    created_at INTEGER NOT NULL,
    CHECK (end_date IS NULL OR start_date <= end_date),
    CHECK ((end_date IS NULL) = (end_reason IS NULL))
) STRICT;
-- table group_member
CREATE TABLE "group_member" (
    school_id   INTEGER NOT NULL,
    group_id   INTEGER NOT NULL REFERENCES class_group(id),
    student_id INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (group_id, student_id, school_id)
) STRICT, WITHOUT ROWID;
-- table teaching_assignment
CREATE TABLE "teaching_assignment" (
    school_id   INTEGER NOT NULL,
    id         INTEGER PRIMARY KEY,
    teacher_id INTEGER NOT NULL REFERENCES person(id),
    class_id   INTEGER NOT NULL REFERENCES class(id),
    group_id   INTEGER REFERENCES class_group(id),
    subject_id INTEGER NOT NULL REFERENCES subject(id),
    year_id    INTEGER NOT NULL REFERENCES academic_year(id)
) STRICT;
-- table timetable
CREATE TABLE "timetable" (
    school_id   INTEGER NOT NULL,
    id          INTEGER PRIMARY KEY,
    class_id    INTEGER NOT NULL REFERENCES class(id),
    shift       INTEGER NOT NULL CHECK (shift BETWEEN 1 AND 3),
    valid_from  INTEGER NOT NULL,
    valid_until INTEGER,
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
) STRICT;
-- table timetable_lesson
CREATE TABLE "timetable_lesson" (
    school_id   INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    timetable_id INTEGER NOT NULL REFERENCES "timetable"(id),
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    number       INTEGER NOT NULL CHECK (number BETWEEN 0 AND 15),
    group_id     INTEGER REFERENCES class_group(id),
    subject_id   INTEGER NOT NULL REFERENCES subject(id),
    teacher_id   INTEGER NOT NULL REFERENCES person(id),
    room         TEXT
) STRICT;
-- table lesson_change
CREATE TABLE "lesson_change" (
    school_id   INTEGER NOT NULL,
    id          INTEGER PRIMARY KEY,
    class_id    INTEGER NOT NULL REFERENCES class(id),
    day         INTEGER NOT NULL,
    number      INTEGER NOT NULL CHECK (number BETWEEN 0 AND 15),
    group_id    INTEGER REFERENCES class_group(id),
    kind        TEXT    NOT NULL CHECK (kind IN ('substitution', 'cancellation', 'room_change', 'moved', 'extra')),
    teacher_id  INTEGER REFERENCES person(id),
    room        TEXT,
    subject_id  INTEGER REFERENCES subject(id),
    to_day      INTEGER,
    to_number   INTEGER,
    reason      TEXT,
    created_by  INTEGER NOT NULL REFERENCES person(id),
    created_at  INTEGER NOT NULL
) STRICT;
-- table bell
CREATE TABLE "bell" (
    school_id   INTEGER NOT NULL,
    schedule_id INTEGER NOT NULL REFERENCES bell_schedule(id),
    number      INTEGER NOT NULL CHECK (number BETWEEN 0 AND 15),
    start_min   INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
    end_min     INTEGER NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
    CHECK (end_min > start_min),
    PRIMARY KEY (schedule_id, number, school_id)
) STRICT, WITHOUT ROWID;
-- table final_mark
CREATE TABLE "final_mark" (
    school_id   INTEGER NOT NULL,
    student_id  INTEGER NOT NULL REFERENCES person(id),
    subject_id  INTEGER NOT NULL REFERENCES subject(id),
    year_id     INTEGER NOT NULL REFERENCES academic_year(id),
    period_id   INTEGER NOT NULL DEFAULT 0,
    kind        TEXT    NOT NULL CHECK (kind IN ('period', 'year', 'exam', 'final')),
    mark        TEXT    NOT NULL,
    derived     TEXT,               -- what the rule gave, when it was overridden
    reason      TEXT,               -- required for an override
    set_by      INTEGER NOT NULL REFERENCES person(id),
    set_at      INTEGER NOT NULL,
    PRIMARY KEY (student_id, subject_id, year_id, period_id, kind, school_id)
) STRICT, WITHOUT ROWID;
-- table absence_notice
CREATE TABLE "absence_notice" (
    school_id INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES person(id),
    kind         TEXT    NOT NULL CHECK (kind IN ('advance', 'excuse')),
    first_day    INTEGER NOT NULL,
    last_day     INTEGER NOT NULL,
    reason       TEXT    NOT NULL CHECK (reason IN ('illness', 'family', 'school_activity', 'other')),
    note         TEXT,
    submitted_by INTEGER NOT NULL REFERENCES person(id),
    submitted_at INTEGER NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by   INTEGER REFERENCES person(id),
    decided_at   INTEGER,
    decision_note TEXT,
    CHECK (last_day >= first_day)
) STRICT;
-- table announcement_audience
CREATE TABLE "announcement_audience" (
    school_id INTEGER NOT NULL,
    announcement_id INTEGER NOT NULL REFERENCES announcement(id),
    position        INTEGER NOT NULL,
    scope           TEXT    NOT NULL CHECK (scope IN ('school', 'class', 'group', 'person')),
    target_id       INTEGER,
    role            TEXT    NOT NULL CHECK (role IN ('everyone', 'students', 'parents', 'staff')),
    PRIMARY KEY (announcement_id, position, school_id),
    CHECK ((scope = 'school') = (target_id IS NULL))
) STRICT, WITHOUT ROWID;
-- table announcement_read
CREATE TABLE "announcement_read" (
    school_id INTEGER NOT NULL,
    announcement_id INTEGER NOT NULL REFERENCES announcement(id),
    person_id       INTEGER NOT NULL REFERENCES person(id),
    read_at         INTEGER NOT NULL,
    PRIMARY KEY (announcement_id, person_id, school_id)
) STRICT, WITHOUT ROWID;
-- table announcement_version
CREATE TABLE "announcement_version" (
    school_id INTEGER NOT NULL,
    id INTEGER PRIMARY KEY,
    announcement_id INTEGER NOT NULL REFERENCES announcement(id),
    replaced_at     INTEGER NOT NULL,
    replaced_by     INTEGER NOT NULL REFERENCES person(id),
    title           TEXT    NOT NULL,
    body            TEXT    NOT NULL
) STRICT;
-- table application_document
CREATE TABLE "application_document" (
    school_id INTEGER NOT NULL,
    application_id INTEGER NOT NULL REFERENCES access_application(id),
    kind           TEXT    NOT NULL CHECK (kind IN ('birth_certificate', 'identity_document', 'application_form', 'consent')),
    reference      TEXT    NOT NULL,
    sha256         TEXT    NOT NULL CHECK (length(sha256) = 64),
    provided_at    INTEGER NOT NULL,
    accepted       INTEGER CHECK (accepted IS NULL OR accepted IN (0, 1)),
    checked_by     INTEGER REFERENCES person(id),
    checked_at     INTEGER,
    PRIMARY KEY (application_id, kind, school_id)
) STRICT, WITHOUT ROWID;
-- table application_step
CREATE TABLE "application_step" (
    school_id INTEGER NOT NULL,
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES access_application(id),
    at             INTEGER NOT NULL,
    by_id          INTEGER REFERENCES person(id),
    what           TEXT    NOT NULL,
    detail         TEXT
) STRICT;
-- table chat_message
CREATE TABLE "chat_message" (
    school_id INTEGER NOT NULL,
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    author_id       INTEGER NOT NULL REFERENCES person(id),
    body            TEXT,
    attachments     TEXT    NOT NULL DEFAULT '[]',
    reply_to        INTEGER REFERENCES "chat_message"(id),
    sent_at         INTEGER NOT NULL,
    edited_at       INTEGER,
    deleted_at      INTEGER,
    hidden_by       INTEGER REFERENCES person(id),
    hidden_reason   TEXT,
    hidden_at       INTEGER,
    CHECK ((deleted_at IS NULL) = (body IS NOT NULL))
) STRICT;
-- table chat_message_version
CREATE TABLE "chat_message_version" (
    school_id INTEGER NOT NULL,
    message_id  INTEGER NOT NULL REFERENCES "chat_message"(id),
    version     INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    replaced_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, version, school_id)
) STRICT, WITHOUT ROWID;
-- table chat_report
CREATE TABLE "chat_report" (
    school_id INTEGER NOT NULL,
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES "chat_message"(id),
    reporter_id INTEGER NOT NULL REFERENCES person(id),
    reason      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    UNIQUE (message_id, reporter_id, school_id)
) STRICT;
-- table class_group
CREATE TABLE "class_group" (
    school_id INTEGER NOT NULL,
    id       INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES class(id),
    name     TEXT    NOT NULL,
    UNIQUE (class_id, name, school_id)
) STRICT;
-- table conversation_member
CREATE TABLE "conversation_member" (
    school_id INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    person_id       INTEGER NOT NULL REFERENCES person(id),
    named           INTEGER NOT NULL CHECK (named IN (0, 1)),
    last_read       INTEGER NOT NULL DEFAULT 0,
    left_at         INTEGER,
    muted_until     INTEGER,
    muted_by        INTEGER REFERENCES person(id),
    PRIMARY KEY (conversation_id, person_id, school_id)
) STRICT, WITHOUT ROWID;
-- table conversation_retention
CREATE TABLE "conversation_retention" (
    school_id INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    action          TEXT    NOT NULL CHECK (action IN ('archive', 'delete')),
    messages        INTEGER NOT NULL,
    by_person       INTEGER NOT NULL REFERENCES person(id),
    at              INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, school_id)
) STRICT;
-- table link_code
CREATE TABLE "link_code" (
    school_id INTEGER NOT NULL,
    id                   INTEGER PRIMARY KEY,
    student_id           INTEGER NOT NULL REFERENCES person(id),
    relation             TEXT    NOT NULL CHECK (relation IN ('mother', 'father', 'legal_guardian', 'other')),
    legal_representative INTEGER NOT NULL CHECK (legal_representative IN (0, 1)),
    code_hash            TEXT    NOT NULL,
    issued_by            INTEGER NOT NULL REFERENCES person(id),
    created_at           INTEGER NOT NULL,
    expires_at           INTEGER NOT NULL,
    used_at              INTEGER,
    used_by              INTEGER REFERENCES person(id),
    UNIQUE (code_hash, school_id)
) STRICT;
-- table meal_order
CREATE TABLE "meal_order" (
    school_id INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES person(id),
    menu_id      INTEGER NOT NULL REFERENCES menu(id),
    items        TEXT    NOT NULL,         -- JSON array of item positions
    price        INTEGER NOT NULL CHECK (price BETWEEN 0 AND 100000000),
    ordered_by   INTEGER REFERENCES person(id),
    ordered_at   INTEGER NOT NULL,
    cancelled_by INTEGER REFERENCES person(id),
    cancelled_at INTEGER,
    served_at    INTEGER,
    CHECK (cancelled_at IS NULL OR served_at IS NULL)
) STRICT;
-- table meeting_agenda
CREATE TABLE "meeting_agenda" (
    school_id INTEGER NOT NULL,
    meeting_id   INTEGER NOT NULL REFERENCES meeting(id),
    position     INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    presenter_id INTEGER REFERENCES person(id),
    starts       INTEGER NOT NULL,
    minutes      INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, position, school_id)
) STRICT, WITHOUT ROWID;
-- table meeting_audience
CREATE TABLE "meeting_audience" (
    school_id INTEGER NOT NULL,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    position   INTEGER NOT NULL,
    scope      TEXT    NOT NULL CHECK (scope IN ('school', 'class', 'group', 'person')),
    target_id  INTEGER,
    role       TEXT    NOT NULL CHECK (role IN ('everyone', 'students', 'parents', 'staff')),
    PRIMARY KEY (meeting_id, position, school_id),
    CHECK ((scope = 'school') = (target_id IS NULL))
) STRICT, WITHOUT ROWID;
-- table meeting_record
CREATE TABLE "meeting_record" (
    school_id INTEGER NOT NULL,
    meeting_id  INTEGER NOT NULL REFERENCES meeting(id),
    minutes     TEXT    NOT NULL,
    decisions   TEXT    NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES person(id),
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, school_id)
) STRICT;
-- table meeting_reply
CREATE TABLE "meeting_reply" (
    school_id INTEGER NOT NULL,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    person_id  INTEGER NOT NULL REFERENCES person(id),
    answer     TEXT    NOT NULL CHECK (answer IN ('yes', 'no', 'maybe')),
    comment    TEXT,
    at         INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, person_id, school_id)
) STRICT, WITHOUT ROWID;
-- table menu_item
CREATE TABLE "menu_item" (
    school_id INTEGER NOT NULL,
    menu_id   INTEGER NOT NULL REFERENCES menu(id),
    position  INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    price     INTEGER NOT NULL CHECK (price BETWEEN 0 AND 10000000),  -- kopecks
    allergens TEXT    NOT NULL,            -- JSON array of allergen codes
    PRIMARY KEY (menu_id, position, school_id)
) STRICT, WITHOUT ROWID;
-- table teacher_message_reply
CREATE TABLE "teacher_message_reply" (
    school_id INTEGER NOT NULL,
    message_id  INTEGER NOT NULL REFERENCES teacher_message(id),
    replier_id  INTEGER NOT NULL REFERENCES person(id),
    text        TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    key_id      INTEGER REFERENCES "signing_key"(id),
    signature   BLOB,
    signed_at   INTEGER,
    CHECK ((key_id IS NULL) = (signature IS NULL) AND (key_id IS NULL) = (signed_at IS NULL)),
    PRIMARY KEY (message_id, school_id)
) STRICT;
-- table transfer_code
CREATE TABLE "transfer_code" (
    school_id INTEGER NOT NULL,
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES person(id),
    from_school INTEGER NOT NULL REFERENCES school(id),
    code_hash   TEXT    NOT NULL,
    issued_by   INTEGER NOT NULL REFERENCES person(id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    used_by     INTEGER REFERENCES person(id),
    UNIQUE (code_hash, school_id)
) STRICT;
-- table class
CREATE TABLE "class" (
    id            INTEGER PRIMARY KEY,
    school_id     INTEGER NOT NULL REFERENCES school(id),
    year_id       INTEGER NOT NULL REFERENCES academic_year(id),
    grade         INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 12),
    letter        TEXT    NOT NULL,
    class_teacher INTEGER REFERENCES person(id), period_kind TEXT NOT NULL DEFAULT 'quarter'
    CHECK (period_kind IN ('quarter', 'trimester', 'semester')),
    UNIQUE (year_id, grade, letter, school_id)
) STRICT;
-- table visit_event
CREATE TABLE "visit_event" (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    student_id  INTEGER NOT NULL REFERENCES person(id),
    direction   TEXT    NOT NULL CHECK (direction IN ('entry', 'exit')),
    at          INTEGER NOT NULL,          -- Unix seconds
    device      TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL,
    UNIQUE (student_id, at, direction, device, school_id)
) STRICT;
-- table year_rollover
CREATE TABLE "year_rollover" (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    from_year   INTEGER NOT NULL REFERENCES academic_year(id),
    to_year     INTEGER NOT NULL REFERENCES academic_year(id),
    report      TEXT    NOT NULL,
    rolled_by   INTEGER REFERENCES person(id),
    rolled_at   INTEGER NOT NULL,
    UNIQUE (from_year, school_id)
) STRICT;
-- table oneroster_id
CREATE TABLE "oneroster_id" (
    kind        TEXT    NOT NULL,
    local_key   TEXT    NOT NULL,
    sourced_id  TEXT    NOT NULL,
    school_id   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, local_key, school_id),
    UNIQUE (kind, school_id, sourced_id)
) STRICT;
-- rows
INSERT INTO "scale" VALUES(1,NULL,'ru5','Russian 5-point (1–5)','{"kind":"discrete","entries":[{"label":"1","value_centi":100},{"label":"2","value_centi":200},{"label":"3","value_centi":300},{"label":"4","value_centi":400},{"label":"5","value_centi":500}]}',0);
INSERT INTO "scale" VALUES(2,NULL,'ru5_2','Russian 5-point (2–5)','{"kind":"discrete","entries":[{"label":"2","value_centi":200},{"label":"3","value_centi":300},{"label":"4","value_centi":400},{"label":"5","value_centi":500}]}',0);
INSERT INTO "scale" VALUES(3,NULL,'ten','10-point','{"kind":"discrete","entries":[{"label":"1","value_centi":100},{"label":"2","value_centi":200},{"label":"3","value_centi":300},{"label":"4","value_centi":400},{"label":"5","value_centi":500},{"label":"6","value_centi":600},{"label":"7","value_centi":700},{"label":"8","value_centi":800},{"label":"9","value_centi":900},{"label":"10","value_centi":1000}]}',0);
INSERT INTO "scale" VALUES(4,NULL,'twelve','12-point','{"kind":"discrete","entries":[{"label":"1","value_centi":100},{"label":"2","value_centi":200},{"label":"3","value_centi":300},{"label":"4","value_centi":400},{"label":"5","value_centi":500},{"label":"6","value_centi":600},{"label":"7","value_centi":700},{"label":"8","value_centi":800},{"label":"9","value_centi":900},{"label":"10","value_centi":1000},{"label":"11","value_centi":1100},{"label":"12","value_centi":1200}]}',0);
INSERT INTO "scale" VALUES(5,NULL,'hundred','100-point','{"kind":"range","min_centi":0,"max_centi":10000,"step_centi":100}',0);
INSERT INTO "scale" VALUES(6,NULL,'letters','Letters A–F (4.0 GPA)','{"kind":"discrete","entries":[{"label":"A+","value_centi":400},{"label":"A","value_centi":400},{"label":"A-","value_centi":370},{"label":"B+","value_centi":330},{"label":"B","value_centi":300},{"label":"B-","value_centi":270},{"label":"C+","value_centi":230},{"label":"C","value_centi":200},{"label":"C-","value_centi":170},{"label":"D+","value_centi":130},{"label":"D","value_centi":100},{"label":"D-","value_centi":70},{"label":"F","value_centi":0}]}',0);
INSERT INTO "scale" VALUES(7,NULL,'pass_fail','Pass / fail','{"kind":"discrete","entries":[{"label":"pass","value_centi":100},{"label":"fail","value_centi":0}]}',0);
INSERT INTO "scale" VALUES(8,NULL,'de6','German 1–6 (1 is best)','{"kind":"discrete","entries":[{"label":"1","value_centi":100},{"label":"1-","value_centi":130},{"label":"2+","value_centi":170},{"label":"2","value_centi":200},{"label":"2-","value_centi":230},{"label":"3+","value_centi":270},{"label":"3","value_centi":300},{"label":"3-","value_centi":330},{"label":"4+","value_centi":370},{"label":"4","value_centi":400},{"label":"4-","value_centi":430},{"label":"5+","value_centi":470},{"label":"5","value_centi":500},{"label":"5-","value_centi":530},{"label":"6+","value_centi":570},{"label":"6","value_centi":600}]}',1);
INSERT INTO "scale" VALUES(9,NULL,'fr20','French 0–20','{"kind":"range","min_centi":0,"max_centi":2000,"step_centi":25}',0);
INSERT INTO "scale" VALUES(10,NULL,'points','Points out of a maximum','{"kind":"points"}',0);
INSERT INTO "scale" VALUES(11,NULL,'de6_25','German 1–6 with ±0.25','{"kind":"discrete","entries":[{"label":"1","value_centi":100},{"label":"1-","value_centi":125},{"label":"2","value_centi":200},{"label":"2+","value_centi":175},{"label":"2-","value_centi":225},{"label":"3","value_centi":300},{"label":"3+","value_centi":275},{"label":"3-","value_centi":325},{"label":"4","value_centi":400},{"label":"4+","value_centi":375},{"label":"4-","value_centi":425},{"label":"5","value_centi":500},{"label":"5+","value_centi":475},{"label":"5-","value_centi":525},{"label":"6","value_centi":600},{"label":"6+","value_centi":575}]}',1);
INSERT INTO "scale" VALUES(12,NULL,'de6_33','German 1–6 with ±0.33 and 1+','{"kind":"discrete","entries":[{"label":"1","value_centi":100},{"label":"1+","value_centi":67},{"label":"1-","value_centi":133},{"label":"2","value_centi":200},{"label":"2+","value_centi":167},{"label":"2-","value_centi":233},{"label":"3","value_centi":300},{"label":"3+","value_centi":267},{"label":"3-","value_centi":333},{"label":"4","value_centi":400},{"label":"4+","value_centi":367},{"label":"4-","value_centi":433},{"label":"5","value_centi":500},{"label":"5+","value_centi":467},{"label":"5-","value_centi":533},{"label":"6","value_centi":600},{"label":"6+","value_centi":567}]}',1);
INSERT INTO "scale" VALUES(13,NULL,'pl6','Polish 1–6 (+0.5, −0.25)','{"kind":"discrete","entries":[{"label":"1","value_centi":100},{"label":"1+","value_centi":150},{"label":"2","value_centi":200},{"label":"2+","value_centi":250},{"label":"2-","value_centi":175},{"label":"3","value_centi":300},{"label":"3+","value_centi":350},{"label":"3-","value_centi":275},{"label":"4","value_centi":400},{"label":"4+","value_centi":450},{"label":"4-","value_centi":375},{"label":"5","value_centi":500},{"label":"5+","value_centi":550},{"label":"5-","value_centi":475},{"label":"6","value_centi":600},{"label":"6-","value_centi":575}]}',0);
INSERT INTO "account_setting" VALUES(1,14,30,14,10);
INSERT INTO "reference_generation" VALUES(1,0);
INSERT INTO "feed_state" VALUES(1,0,0,90);
INSERT INTO "access_log_split" VALUES(1,0);
-- index holiday_school
CREATE INDEX holiday_school ON holiday(school_id, first_day);
-- index person_without_snils
CREATE UNIQUE INDEX person_without_snils
    ON person(surname, first_name, coalesce(patronymic, ''), birth_date)
    WHERE snils IS NULL;
-- index staff_person
CREATE INDEX staff_person ON staff(person_id);
-- index guardianship_guardian
CREATE INDEX guardianship_guardian ON guardianship(guardian_id);
-- index scale_code
CREATE UNIQUE INDEX scale_code ON scale(coalesce(school_id, 0), code);
-- index session_person
CREATE INDEX session_person ON session(person_id);
-- index contact_address
CREATE INDEX contact_address ON contact(kind, address);
-- index one_time_secret_person
CREATE INDEX one_time_secret_person ON one_time_secret(person_id, purpose);
-- index one_time_secret_hash
CREATE INDEX one_time_secret_hash ON one_time_secret(secret_hash);
-- index link_code_failure_person
CREATE INDEX link_code_failure_person ON link_code_failure(person_id, at);
-- index bell_schedule_school
CREATE INDEX bell_schedule_school ON bell_schedule(school_id, shift);
-- index remark_student
CREATE INDEX remark_student ON remark(student_id, day);
-- index delivery_log_recipient
CREATE INDEX delivery_log_recipient ON delivery_log(recipient_hash, at);
-- index grading_rule_version_of
CREATE INDEX grading_rule_version_of ON grading_rule_version(school_id, subject_id, id);
-- index announcement_school
CREATE INDEX announcement_school ON announcement(school_id, shown_until);
-- index meeting_school_day
CREATE INDEX meeting_school_day ON meeting(school_id, day);
-- index teacher_message_recipient
CREATE INDEX teacher_message_recipient ON teacher_message(recipient_id);
-- index teacher_message_author
CREATE INDEX teacher_message_author ON teacher_message(author_id);
-- index conversation_school
CREATE INDEX conversation_school ON conversation(school_id, kind);
-- index conversation_child
CREATE INDEX conversation_child ON conversation(child_id) WHERE child_id IS NOT NULL;
-- index notification_queue_due
CREATE INDEX notification_queue_due ON notification_queue(due_at);
-- index appointment_slot_teacher
CREATE INDEX appointment_slot_teacher ON appointment_slot(teacher_id, day);
-- index appointment_slot_booker
CREATE INDEX appointment_slot_booker ON appointment_slot(booked_by, day) WHERE booked_by IS NOT NULL;
-- index signing_key_person
CREATE INDEX signing_key_person ON signing_key(person_id);
-- index person_correction_person
CREATE INDEX person_correction_person ON person_correction(person_id, id);
-- index person_correction_open
CREATE UNIQUE INDEX person_correction_open ON person_correction(person_id) WHERE status = 'pending';
-- index trusted_grant_invitee
CREATE INDEX trusted_grant_invitee ON trusted_grant(invitee_id);
-- index trusted_grant_student
CREATE INDEX trusted_grant_student ON trusted_grant(student_id);
-- index meal_ledger_student
CREATE INDEX meal_ledger_student ON meal_ledger(student_id, at);
-- index meal_ledger_reference
CREATE UNIQUE INDEX meal_ledger_reference ON meal_ledger(school_id, reference) WHERE reference IS NOT NULL;
-- index access_application_school
CREATE INDEX access_application_school ON access_application(school_id, status, due_day);
-- index access_application_student
CREATE INDEX access_application_student ON access_application(student_id);
-- index consent_record_person
CREATE INDEX consent_record_person ON consent_record(person_id, school_id, purpose, id);
-- index change_student
CREATE INDEX change_student ON change(student_id, seq) WHERE student_id IS NOT NULL;
-- index change_class
CREATE INDEX change_class ON change(class_id, seq) WHERE student_id IS NULL;
-- index conversation_class
CREATE UNIQUE INDEX conversation_class ON conversation(class_id, school_id) WHERE class_id IS NOT NULL;
-- index meal_ledger_refund
CREATE UNIQUE INDEX meal_ledger_refund ON meal_ledger(order_id, school_id) WHERE kind = 'refund';
-- index meal_ledger_charge
CREATE UNIQUE INDEX meal_ledger_charge ON meal_ledger(order_id, school_id) WHERE kind = 'charge';
-- index access_log_lookup
CREATE INDEX access_log_lookup ON access_log(id);
-- index access_log_child
CREATE INDEX access_log_child ON access_log(child_id, at);
-- index lesson_slot
CREATE UNIQUE INDEX lesson_slot ON lesson(class_id, day, number, coalesce(group_id, 0), school_id);
-- index attendance_student_day
CREATE INDEX attendance_student_day ON attendance(student_id, day, status, excused, late_minutes);
-- index homework_lesson
CREATE INDEX homework_lesson ON homework(lesson_id);
-- index homework_due
CREATE INDEX homework_due ON homework(due_day);
-- index homework_class_due
CREATE INDEX homework_class_due ON homework(class_id, due_day);
-- index homework_attachment_homework
CREATE INDEX homework_attachment_homework ON homework_attachment(homework_id);
-- index mark_student_day
CREATE INDEX mark_student_day ON mark(student_id, lesson_day);
-- index mark_class_period
CREATE INDEX mark_class_period ON mark(class_id, period_id, subject_id);
-- index mark_change_mark
CREATE INDEX mark_change_mark ON mark_change(mark_id);
-- index period_year
CREATE INDEX period_year ON period(year_id, kind, start_date);
-- index teaching_assignment_unique
CREATE UNIQUE INDEX teaching_assignment_unique
    ON teaching_assignment(teacher_id, class_id, coalesce(group_id, 0), subject_id, school_id);
-- index teaching_assignment_class
CREATE INDEX teaching_assignment_class ON teaching_assignment(class_id, subject_id);
-- index timetable_class
CREATE INDEX timetable_class ON timetable(class_id, valid_from);
-- index timetable_lesson_slot
CREATE UNIQUE INDEX timetable_lesson_slot
    ON timetable_lesson(timetable_id, weekday, number, coalesce(group_id, 0), school_id);
-- index timetable_lesson_teacher
CREATE INDEX timetable_lesson_teacher ON timetable_lesson(teacher_id, weekday, number);
-- index lesson_change_slot
CREATE UNIQUE INDEX lesson_change_slot
    ON lesson_change(class_id, day, number, coalesce(group_id, 0), school_id);
-- index lesson_change_moved
CREATE INDEX lesson_change_moved ON lesson_change(class_id, to_day);
-- index enrolment_student
CREATE INDEX enrolment_student ON enrolment(student_id, start_date);
-- index enrolment_class
CREATE INDEX enrolment_class ON enrolment(class_id);
-- index link_code_student
CREATE INDEX link_code_student ON link_code(student_id);
-- index absence_notice_student
CREATE INDEX absence_notice_student ON absence_notice(student_id, first_day);
-- index transfer_code_student
CREATE INDEX transfer_code_student ON transfer_code(student_id);
-- index announcement_version_of
CREATE INDEX announcement_version_of ON announcement_version(announcement_id);
-- index conversation_member_person
CREATE INDEX conversation_member_person ON conversation_member(person_id, conversation_id);
-- index chat_message_conversation
CREATE INDEX chat_message_conversation ON chat_message(conversation_id, id);
-- index chat_message_visible
CREATE INDEX chat_message_visible ON chat_message(conversation_id, id, author_id)
    WHERE deleted_at IS NULL AND hidden_at IS NULL;
-- index visit_event_school
CREATE INDEX visit_event_school ON visit_event(school_id, at);
-- index meal_order_live
CREATE UNIQUE INDEX meal_order_live ON meal_order(student_id, menu_id, school_id) WHERE cancelled_at IS NULL;
-- index meal_order_menu
CREATE INDEX meal_order_menu ON meal_order(menu_id);
-- index application_step_application
CREATE INDEX application_step_application ON application_step(application_id, id);
-- index oneroster_id_by_sourced_id
CREATE INDEX oneroster_id_by_sourced_id ON oneroster_id (kind, sourced_id);
-- view feed_entry
CREATE VIEW feed_entry AS
    SELECT school_id, kind, entity, op, student_id, class_id, subject_id, day,
           old_value, new_value, detail FROM change;
-- trigger refgen_school_ins
CREATE TRIGGER refgen_school_ins AFTER INSERT ON school
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_school_upd
CREATE TRIGGER refgen_school_upd AFTER UPDATE ON school
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_school_del
CREATE TRIGGER refgen_school_del AFTER DELETE ON school
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_academic_year_ins
CREATE TRIGGER refgen_academic_year_ins AFTER INSERT ON academic_year
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_academic_year_upd
CREATE TRIGGER refgen_academic_year_upd AFTER UPDATE ON academic_year
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_academic_year_del
CREATE TRIGGER refgen_academic_year_del AFTER DELETE ON academic_year
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_holiday_ins
CREATE TRIGGER refgen_holiday_ins AFTER INSERT ON holiday
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_holiday_upd
CREATE TRIGGER refgen_holiday_upd AFTER UPDATE ON holiday
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_holiday_del
CREATE TRIGGER refgen_holiday_del AFTER DELETE ON holiday
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_subject_ins
CREATE TRIGGER refgen_subject_ins AFTER INSERT ON subject
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_subject_upd
CREATE TRIGGER refgen_subject_upd AFTER UPDATE ON subject
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_subject_del
CREATE TRIGGER refgen_subject_del AFTER DELETE ON subject
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_person_ins
CREATE TRIGGER refgen_person_ins AFTER INSERT ON person
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_person_upd
CREATE TRIGGER refgen_person_upd AFTER UPDATE ON person
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_person_del
CREATE TRIGGER refgen_person_del AFTER DELETE ON person
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_staff_ins
CREATE TRIGGER refgen_staff_ins AFTER INSERT ON staff
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_staff_upd
CREATE TRIGGER refgen_staff_upd AFTER UPDATE ON staff
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_staff_del
CREATE TRIGGER refgen_staff_del AFTER DELETE ON staff
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_guardianship_ins
CREATE TRIGGER refgen_guardianship_ins AFTER INSERT ON guardianship
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_guardianship_upd
CREATE TRIGGER refgen_guardianship_upd AFTER UPDATE ON guardianship
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_guardianship_del
CREATE TRIGGER refgen_guardianship_del AFTER DELETE ON guardianship
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_work_kind_ins
CREATE TRIGGER refgen_work_kind_ins AFTER INSERT ON work_kind
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_work_kind_upd
CREATE TRIGGER refgen_work_kind_upd AFTER UPDATE ON work_kind
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_work_kind_del
CREATE TRIGGER refgen_work_kind_del AFTER DELETE ON work_kind
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_scale_ins
CREATE TRIGGER refgen_scale_ins AFTER INSERT ON scale
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_scale_upd
CREATE TRIGGER refgen_scale_upd AFTER UPDATE ON scale
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_scale_del
CREATE TRIGGER refgen_scale_del AFTER DELETE ON scale
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_grading_rule_ins
CREATE TRIGGER refgen_grading_rule_ins AFTER INSERT ON grading_rule
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_grading_rule_upd
CREATE TRIGGER refgen_grading_rule_upd AFTER UPDATE ON grading_rule
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_grading_rule_del
CREATE TRIGGER refgen_grading_rule_del AFTER DELETE ON grading_rule
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_regional_officer_ins
CREATE TRIGGER refgen_regional_officer_ins AFTER INSERT ON regional_officer
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_regional_officer_upd
CREATE TRIGGER refgen_regional_officer_upd AFTER UPDATE ON regional_officer
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_regional_officer_del
CREATE TRIGGER refgen_regional_officer_del AFTER DELETE ON regional_officer
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_account_setting_ins
CREATE TRIGGER refgen_account_setting_ins AFTER INSERT ON account_setting
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_account_setting_upd
CREATE TRIGGER refgen_account_setting_upd AFTER UPDATE ON account_setting
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_account_setting_del
CREATE TRIGGER refgen_account_setting_del AFTER DELETE ON account_setting
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_bell_schedule_ins
CREATE TRIGGER refgen_bell_schedule_ins AFTER INSERT ON bell_schedule
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_bell_schedule_upd
CREATE TRIGGER refgen_bell_schedule_upd AFTER UPDATE ON bell_schedule
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_bell_schedule_del
CREATE TRIGGER refgen_bell_schedule_del AFTER DELETE ON bell_schedule
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_grading_rule_version_ins
CREATE TRIGGER refgen_grading_rule_version_ins AFTER INSERT ON grading_rule_version
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_grading_rule_version_upd
CREATE TRIGGER refgen_grading_rule_version_upd AFTER UPDATE ON grading_rule_version
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_grading_rule_version_del
CREATE TRIGGER refgen_grading_rule_version_del AFTER DELETE ON grading_rule_version
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_trusted_grant_ins
CREATE TRIGGER refgen_trusted_grant_ins AFTER INSERT ON trusted_grant
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_trusted_grant_upd
CREATE TRIGGER refgen_trusted_grant_upd AFTER UPDATE ON trusted_grant
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_trusted_grant_del
CREATE TRIGGER refgen_trusted_grant_del AFTER DELETE ON trusted_grant
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger consent_record_append_only_delete
CREATE TRIGGER consent_record_append_only_delete BEFORE DELETE ON consent_record
BEGIN SELECT RAISE(ABORT, 'the consent history is append-only'); END;
-- trigger consent_record_append_only_update
CREATE TRIGGER consent_record_append_only_update
BEFORE UPDATE OF id, school_id, purpose, version, decision, channel, at, recorded_by ON consent_record
BEGIN SELECT RAISE(ABORT, 'the consent history is append-only'); END;
-- trigger feed_entry_ins
CREATE TRIGGER feed_entry_ins INSTEAD OF INSERT ON feed_entry
BEGIN
    INSERT INTO change (seq, school_id, kind, entity, op, student_id, class_id, subject_id,
                        day, old_value, new_value, detail)
    VALUES (coalesce((SELECT seq + span FROM change ORDER BY seq DESC LIMIT 1), 1),
            NEW.school_id, NEW.kind, NEW.entity, NEW.op, NEW.student_id, NEW.class_id,
            NEW.subject_id, NEW.day, NEW.old_value, NEW.new_value, NEW.detail);
END;
-- trigger feed_remark_ins
CREATE TRIGGER feed_remark_ins AFTER INSERT ON remark
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, subject_id, day, detail)
    VALUES (NEW.school_id, 6, NEW.id, 0,
            NEW.student_id, NEW.subject_id, NEW.day, NEW.kind);
END;
-- trigger feed_remark_upd
CREATE TRIGGER feed_remark_upd AFTER UPDATE ON remark
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, subject_id, day, detail)
    VALUES (NEW.school_id, 6, NEW.id, 1,
            NEW.student_id, NEW.subject_id, NEW.day, NEW.kind);
END;
-- trigger feed_remark_del
CREATE TRIGGER feed_remark_del AFTER DELETE ON remark
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, subject_id, day, detail)
    VALUES (OLD.school_id, 6, OLD.id, 2,
            OLD.student_id, OLD.subject_id, OLD.day, OLD.kind);
END;
-- trigger access_log_no_update
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
-- trigger access_log_no_delete
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
-- trigger access_log_split_no_update
CREATE TRIGGER access_log_split_no_update BEFORE UPDATE ON access_log_split
    BEGIN SELECT RAISE(ABORT, 'where the chains split is fixed'); END;
-- trigger access_log_split_no_delete
CREATE TRIGGER access_log_split_no_delete BEFORE DELETE ON access_log_split
    BEGIN SELECT RAISE(ABORT, 'where the chains split is fixed'); END;
-- trigger feed_lesson_ins
CREATE TRIGGER feed_lesson_ins AFTER INSERT ON lesson
WHEN NEW.topic IS NOT NULL OR NEW.test_title IS NOT NULL
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, day, detail)
    VALUES (NEW.school_id, 9, NEW.id, 0, NEW.class_id, NEW.day,
            CASE WHEN NEW.test_title IS NOT NULL THEN 'test' END);
END;
-- trigger feed_lesson_upd
CREATE TRIGGER feed_lesson_upd AFTER UPDATE OF topic, test_title ON lesson
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, day, detail)
    VALUES (NEW.school_id, 9, NEW.id, 1, NEW.class_id, NEW.day,
            CASE WHEN NEW.test_title IS NOT NULL THEN 'test' END);
END;
-- trigger feed_attendance_ins
CREATE TRIGGER feed_attendance_ins AFTER INSERT ON attendance
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, new_value)
    SELECT NEW.school_id, 2, NEW.lesson_id, 0, NEW.student_id, l.class_id, l.day, NEW.status
    FROM lesson l WHERE l.id = NEW.lesson_id;
END;
-- trigger feed_attendance_upd
CREATE TRIGGER feed_attendance_upd AFTER UPDATE ON attendance
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, old_value, new_value)
    SELECT NEW.school_id, 2, NEW.lesson_id, 1, NEW.student_id, l.class_id, l.day, OLD.status, NEW.status
    FROM lesson l WHERE l.id = NEW.lesson_id;
END;
-- trigger feed_attendance_del
CREATE TRIGGER feed_attendance_del AFTER DELETE ON attendance
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, old_value)
    SELECT OLD.school_id, 2, OLD.lesson_id, 2, OLD.student_id, l.class_id, l.day, OLD.status
    FROM lesson l WHERE l.id = OLD.lesson_id;
END;
-- trigger feed_homework_ins
CREATE TRIGGER feed_homework_ins AFTER INSERT ON homework
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    VALUES (NEW.school_id, 3, NEW.id, 0, NEW.class_id, NEW.subject_id, NEW.due_day,
            CASE NEW.individual WHEN 1 THEN 'individual' END);
END;
-- trigger feed_homework_upd
CREATE TRIGGER feed_homework_upd AFTER UPDATE ON homework
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    VALUES (NEW.school_id, 3, NEW.id, 1, NEW.class_id, NEW.subject_id, NEW.due_day,
            CASE NEW.individual WHEN 1 THEN 'individual' END);
END;
-- trigger feed_homework_del
CREATE TRIGGER feed_homework_del AFTER DELETE ON homework
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    VALUES (OLD.school_id, 3, OLD.id, 2, OLD.class_id, OLD.subject_id, OLD.due_day,
            CASE OLD.individual WHEN 1 THEN 'individual' END);
END;
-- trigger feed_mark_ins
CREATE TRIGGER feed_mark_ins AFTER INSERT ON mark
WHEN (SELECT bulk FROM feed_state WHERE id = 1) = 0
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, subject_id, day, new_value)
    VALUES (NEW.school_id, 0, NEW.id, 0, NEW.student_id, NEW.class_id, NEW.subject_id,
            NEW.lesson_day, NEW.label);
END;
-- trigger feed_mark_upd
CREATE TRIGGER feed_mark_upd AFTER UPDATE ON mark
WHEN OLD.deleted = 0
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, subject_id, day, old_value, new_value)
    VALUES (NEW.school_id, 0, NEW.id, CASE NEW.deleted WHEN 1 THEN 2 ELSE 1 END,
            NEW.student_id, NEW.class_id, NEW.subject_id, NEW.lesson_day,
            OLD.label, CASE NEW.deleted WHEN 1 THEN NULL ELSE NEW.label END);
END;
-- trigger mark_sum_ins
CREATE TRIGGER mark_sum_ins AFTER INSERT ON mark
WHEN NEW.deleted = 0 AND NEW.entry = 0 AND NEW.counting = 0 AND NEW.retake_of IS NULL
     AND (SELECT bulk FROM feed_state WHERE id = 1) = 0
BEGIN
    INSERT INTO mark_sum (school_id, period_id, student_id, subject_id, scale_id, weighted, weights, marks)
    VALUES (NEW.school_id, NEW.period_id, NEW.student_id, NEW.subject_id, NEW.scale_id,
            NEW.weight_centi * NEW.value_centi, NEW.weight_centi, 1)
    ON CONFLICT DO UPDATE SET weighted = weighted + excluded.weighted,
                              weights = weights + excluded.weights,
                              marks = marks + 1;
END;
-- trigger mark_sum_upd_old
CREATE TRIGGER mark_sum_upd_old AFTER UPDATE ON mark
WHEN OLD.deleted = 0 AND OLD.entry = 0 AND OLD.counting = 0 AND OLD.retake_of IS NULL
BEGIN
    -- The group's last mark takes its row along; otherwise it is subtracted.
    DELETE FROM mark_sum
    WHERE period_id = OLD.period_id AND student_id = OLD.student_id
      AND subject_id = OLD.subject_id AND scale_id = OLD.scale_id
      AND school_id = OLD.school_id AND marks = 1;
    UPDATE mark_sum SET weighted = weighted - OLD.weight_centi * OLD.value_centi,
                        weights = weights - OLD.weight_centi,
                        marks = marks - 1
    WHERE period_id = OLD.period_id AND student_id = OLD.student_id
      AND subject_id = OLD.subject_id AND scale_id = OLD.scale_id
      AND school_id = OLD.school_id;
END;
-- trigger mark_sum_upd_new
CREATE TRIGGER mark_sum_upd_new AFTER UPDATE ON mark
WHEN NEW.deleted = 0 AND NEW.entry = 0 AND NEW.counting = 0 AND NEW.retake_of IS NULL
BEGIN
    INSERT INTO mark_sum (school_id, period_id, student_id, subject_id, scale_id, weighted, weights, marks)
    VALUES (NEW.school_id, NEW.period_id, NEW.student_id, NEW.subject_id, NEW.scale_id,
            NEW.weight_centi * NEW.value_centi, NEW.weight_centi, 1)
    ON CONFLICT DO UPDATE SET weighted = weighted + excluded.weighted,
                              weights = weights + excluded.weights,
                              marks = marks + 1;
END;
-- trigger mark_sum_del
CREATE TRIGGER mark_sum_del AFTER DELETE ON mark
WHEN OLD.deleted = 0 AND OLD.entry = 0 AND OLD.counting = 0 AND OLD.retake_of IS NULL
BEGIN
    -- The group's last mark takes its row along; otherwise it is subtracted.
    DELETE FROM mark_sum
    WHERE period_id = OLD.period_id AND student_id = OLD.student_id
      AND subject_id = OLD.subject_id AND scale_id = OLD.scale_id
      AND school_id = OLD.school_id AND marks = 1;
    UPDATE mark_sum SET weighted = weighted - OLD.weight_centi * OLD.value_centi,
                        weights = weights - OLD.weight_centi,
                        marks = marks - 1
    WHERE period_id = OLD.period_id AND student_id = OLD.student_id
      AND subject_id = OLD.subject_id AND scale_id = OLD.scale_id
      AND school_id = OLD.school_id;
END;
-- trigger refgen_period_ins
CREATE TRIGGER refgen_period_ins AFTER INSERT ON period
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_period_upd
CREATE TRIGGER refgen_period_upd AFTER UPDATE ON period
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_period_del
CREATE TRIGGER refgen_period_del AFTER DELETE ON period
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_group_member_ins
CREATE TRIGGER refgen_group_member_ins AFTER INSERT ON group_member
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_group_member_upd
CREATE TRIGGER refgen_group_member_upd AFTER UPDATE ON group_member
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_group_member_del
CREATE TRIGGER refgen_group_member_del AFTER DELETE ON group_member
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_teaching_assignment_ins
CREATE TRIGGER refgen_teaching_assignment_ins AFTER INSERT ON teaching_assignment
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_teaching_assignment_upd
CREATE TRIGGER refgen_teaching_assignment_upd AFTER UPDATE ON teaching_assignment
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_teaching_assignment_del
CREATE TRIGGER refgen_teaching_assignment_del AFTER DELETE ON teaching_assignment
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_bell_ins
CREATE TRIGGER refgen_bell_ins AFTER INSERT ON bell
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_bell_upd
CREATE TRIGGER refgen_bell_upd AFTER UPDATE ON bell
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_bell_del
CREATE TRIGGER refgen_bell_del AFTER DELETE ON bell
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_timetable_ins
CREATE TRIGGER refgen_timetable_ins AFTER INSERT ON timetable
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_timetable_upd
CREATE TRIGGER refgen_timetable_upd AFTER UPDATE ON timetable
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_timetable_del
CREATE TRIGGER refgen_timetable_del AFTER DELETE ON timetable
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_timetable_lesson_ins
CREATE TRIGGER refgen_timetable_lesson_ins AFTER INSERT ON timetable_lesson
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_timetable_lesson_upd
CREATE TRIGGER refgen_timetable_lesson_upd AFTER UPDATE ON timetable_lesson
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_timetable_lesson_del
CREATE TRIGGER refgen_timetable_lesson_del AFTER DELETE ON timetable_lesson
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_enrolment_ins
CREATE TRIGGER refgen_enrolment_ins AFTER INSERT ON enrolment
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_enrolment_upd
CREATE TRIGGER refgen_enrolment_upd AFTER UPDATE ON enrolment
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_enrolment_del
CREATE TRIGGER refgen_enrolment_del AFTER DELETE ON enrolment
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_class_ins
CREATE TRIGGER refgen_class_ins AFTER INSERT ON class
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_class_upd
CREATE TRIGGER refgen_class_upd AFTER UPDATE ON class
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_class_del
CREATE TRIGGER refgen_class_del AFTER DELETE ON class
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_class_group_ins
CREATE TRIGGER refgen_class_group_ins AFTER INSERT ON class_group
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_class_group_upd
CREATE TRIGGER refgen_class_group_upd AFTER UPDATE ON class_group
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger refgen_class_group_del
CREATE TRIGGER refgen_class_group_del AFTER DELETE ON class_group
BEGIN UPDATE reference_generation SET n = n + 1; END;
-- trigger chat_message_indexed
CREATE TRIGGER chat_message_indexed AFTER INSERT ON chat_message
WHEN new.body IS NOT NULL BEGIN
    INSERT INTO chat_search (rowid, body, conv)
        VALUES (new.id, new.body, 'k' || new.conversation_id);
END;
-- trigger chat_message_reindexed
CREATE TRIGGER chat_message_reindexed AFTER UPDATE OF body ON chat_message BEGIN
    INSERT INTO chat_search (chat_search, rowid, body, conv)
        SELECT 'delete', old.id, old.body, 'k' || old.conversation_id WHERE old.body IS NOT NULL;
    INSERT INTO chat_search (rowid, body, conv)
        SELECT new.id, new.body, 'k' || new.conversation_id WHERE new.body IS NOT NULL;
END;
-- trigger chat_message_unindexed
CREATE TRIGGER chat_message_unindexed AFTER DELETE ON chat_message
WHEN old.body IS NOT NULL BEGIN
    INSERT INTO chat_search (chat_search, rowid, body, conv)
        VALUES ('delete', old.id, old.body, 'k' || old.conversation_id);
END;
-- trigger feed_notice_ins
CREATE TRIGGER feed_notice_ins AFTER INSERT ON absence_notice
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, detail)
    SELECT c.school_id, 7, NEW.id, 0,
           NEW.student_id, c.id, NEW.first_day, NEW.status
    FROM enrolment e JOIN class c ON c.id = e.class_id
    WHERE e.student_id = NEW.student_id AND e.start_date <= date(NEW.first_day)
      AND (e.end_date IS NULL OR e.end_date >= date(NEW.first_day))
    ORDER BY e.start_date DESC LIMIT 1;
END;
-- trigger feed_notice_upd
CREATE TRIGGER feed_notice_upd AFTER UPDATE ON absence_notice
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, detail)
    SELECT c.school_id, 7, NEW.id, 1,
           NEW.student_id, c.id, NEW.first_day, NEW.status
    FROM enrolment e JOIN class c ON c.id = e.class_id
    WHERE e.student_id = NEW.student_id AND e.start_date <= date(NEW.first_day)
      AND (e.end_date IS NULL OR e.end_date >= date(NEW.first_day))
    ORDER BY e.start_date DESC LIMIT 1;
END;
-- trigger feed_lesson_change_ins
CREATE TRIGGER feed_lesson_change_ins AFTER INSERT ON lesson_change
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            4, NEW.id, 0, NEW.class_id, NEW.subject_id, NEW.day, NEW.kind);
END;
-- trigger feed_lesson_change_upd
CREATE TRIGGER feed_lesson_change_upd AFTER UPDATE ON lesson_change
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            4, NEW.id, 1, NEW.class_id, NEW.subject_id, NEW.day, NEW.kind);
END;
-- trigger feed_lesson_change_del
CREATE TRIGGER feed_lesson_change_del AFTER DELETE ON lesson_change
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day, detail)
    VALUES ((SELECT school_id FROM class WHERE id = OLD.class_id),
            4, OLD.id, 2, OLD.class_id, OLD.subject_id, OLD.day, OLD.kind);
END;
-- trigger feed_timetable_ins
CREATE TRIGGER feed_timetable_ins AFTER INSERT ON timetable
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, day)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            5, NEW.id, 0, NEW.class_id, NEW.valid_from);
END;
-- trigger feed_timetable_upd
CREATE TRIGGER feed_timetable_upd AFTER UPDATE ON timetable
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, day)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            5, NEW.id, 1, NEW.class_id, NEW.valid_from);
END;
-- trigger feed_timetable_lesson
CREATE TRIGGER feed_timetable_lesson AFTER UPDATE ON timetable_lesson
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day)
    SELECT c.school_id, 5, t.id, 1,
           t.class_id, NEW.subject_id, t.valid_from
    FROM timetable t JOIN class c ON c.id = t.class_id WHERE t.id = NEW.timetable_id;
END;
-- trigger feed_timetable_lesson_del
CREATE TRIGGER feed_timetable_lesson_del AFTER DELETE ON timetable_lesson
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, class_id, subject_id, day)
    SELECT c.school_id, 5, t.id, 1,
           t.class_id, OLD.subject_id, t.valid_from
    FROM timetable t JOIN class c ON c.id = t.class_id WHERE t.id = OLD.timetable_id;
END;
-- trigger feed_enrolment_ins
CREATE TRIGGER feed_enrolment_ins AFTER INSERT ON enrolment
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            8, NEW.id, 0, NEW.student_id, NEW.class_id, CAST(julianday(NEW.start_date) AS INTEGER));
END;
-- trigger feed_enrolment_upd
CREATE TRIGGER feed_enrolment_upd AFTER UPDATE ON enrolment
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day, detail)
    VALUES ((SELECT school_id FROM class WHERE id = NEW.class_id),
            8, NEW.id, 1, NEW.student_id, NEW.class_id,
            CAST(julianday(coalesce(NEW.end_date, NEW.start_date)) AS INTEGER), NEW.end_reason);
END;
-- trigger feed_enrolment_del
CREATE TRIGGER feed_enrolment_del AFTER DELETE ON enrolment
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, day)
    VALUES ((SELECT school_id FROM class WHERE id = OLD.class_id),
            8, OLD.id, 2, OLD.student_id, OLD.class_id, CAST(julianday(OLD.start_date) AS INTEGER));
END;
-- trigger feed_final_ins
CREATE TRIGGER feed_final_ins AFTER INSERT ON final_mark
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, subject_id, new_value, detail)
    VALUES ((SELECT school_id FROM subject WHERE id = NEW.subject_id),
            1, NEW.period_id, 0, NEW.student_id,
            (SELECT e.class_id FROM enrolment e JOIN class c ON c.id = e.class_id
             WHERE e.student_id = NEW.student_id AND c.year_id = NEW.year_id
             ORDER BY e.start_date DESC LIMIT 1),
            NEW.subject_id, NEW.mark, NEW.kind);
END;
-- trigger feed_final_upd
CREATE TRIGGER feed_final_upd AFTER UPDATE ON final_mark
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, subject_id, old_value, new_value, detail)
    VALUES ((SELECT school_id FROM subject WHERE id = NEW.subject_id),
            1, NEW.period_id, 1, NEW.student_id,
            (SELECT e.class_id FROM enrolment e JOIN class c ON c.id = e.class_id
             WHERE e.student_id = NEW.student_id AND c.year_id = NEW.year_id
             ORDER BY e.start_date DESC LIMIT 1),
            NEW.subject_id, OLD.mark, NEW.mark, NEW.kind);
END;
-- trigger feed_final_del
CREATE TRIGGER feed_final_del AFTER DELETE ON final_mark
BEGIN
    INSERT INTO feed_entry (school_id, kind, entity, op, student_id, class_id, subject_id, old_value, detail)
    VALUES ((SELECT school_id FROM subject WHERE id = OLD.subject_id),
            1, OLD.period_id, 2, OLD.student_id,
            (SELECT e.class_id FROM enrolment e JOIN class c ON c.id = e.class_id
             WHERE e.student_id = OLD.student_id AND c.year_id = OLD.year_id
             ORDER BY e.start_date DESC LIMIT 1),
            OLD.subject_id, OLD.mark, OLD.kind);
END;
