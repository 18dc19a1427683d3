-- A school's visibility window for families by month (issue 17): the
-- current calendar month (first day 1) or the school's own month starting
-- on another day (2–28), instead of a number of days.
ALTER TABLE school ADD COLUMN family_window_month_start INTEGER
    CHECK (family_window_month_start IS NULL OR family_window_month_start BETWEEN 1 AND 28);
