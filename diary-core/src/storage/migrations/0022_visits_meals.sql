-- Visits and meals (D14, issue 17).
--
-- Entry and exit events as the host's turnstile or guard's tablet sends
-- them: late and out of order; a repeat of the same event from the same
-- device is one event.
CREATE TABLE visit_event (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    student_id  INTEGER NOT NULL REFERENCES person(id),
    direction   TEXT    NOT NULL CHECK (direction IN ('entry', 'exit')),
    at          INTEGER NOT NULL,          -- Unix seconds
    device      TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL,
    UNIQUE (student_id, at, direction, device)
) STRICT;
CREATE INDEX visit_event_school ON visit_event(school_id, at);

-- A school's meal rules: orders for a day close `cutoff_days` days
-- before it at `cutoff_minutes` after local midnight; a balance below
-- `low_balance` kopecks tells the family.
CREATE TABLE meal_settings (
    school_id      INTEGER PRIMARY KEY REFERENCES school(id),
    cutoff_days    INTEGER NOT NULL CHECK (cutoff_days BETWEEN 0 AND 14),
    cutoff_minutes INTEGER NOT NULL CHECK (cutoff_minutes BETWEEN 0 AND 1439),
    low_balance    INTEGER NOT NULL CHECK (low_balance BETWEEN 0 AND 100000000)
) STRICT;

-- A school's menu of one day and meal, with its items.
CREATE TABLE menu (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES school(id),
    day          INTEGER NOT NULL,         -- Julian day
    meal         TEXT    NOT NULL CHECK (meal IN ('breakfast', 'lunch', 'snack')),
    published_by INTEGER REFERENCES person(id),
    published_at INTEGER NOT NULL,
    UNIQUE (school_id, day, meal)
) STRICT;
CREATE TABLE menu_item (
    menu_id   INTEGER NOT NULL REFERENCES menu(id),
    position  INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    price     INTEGER NOT NULL CHECK (price BETWEEN 0 AND 10000000),  -- kopecks
    allergens TEXT    NOT NULL,            -- JSON array of allergen codes
    PRIMARY KEY (menu_id, position)
) STRICT, WITHOUT ROWID;

-- A family's (or the school's) order of a menu for a student, with its
-- price fixed when ordered; served when the canteen says so.
CREATE TABLE meal_order (
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
CREATE UNIQUE INDEX meal_order_live ON meal_order(student_id, menu_id) WHERE cancelled_at IS NULL;
CREATE INDEX meal_order_menu ON meal_order(menu_id);

-- A student's meal account: top-ups (with the payment provider's
-- reference, once each per school), charges when served, corrections.
-- The balance is the sum; entries are never changed.
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
CREATE INDEX meal_ledger_student ON meal_ledger(student_id, at);
CREATE UNIQUE INDEX meal_ledger_reference ON meal_ledger(school_id, reference) WHERE reference IS NOT NULL;
CREATE UNIQUE INDEX meal_ledger_charge ON meal_ledger(order_id) WHERE kind = 'charge';
CREATE UNIQUE INDEX meal_ledger_refund ON meal_ledger(order_id) WHERE kind = 'refund';
