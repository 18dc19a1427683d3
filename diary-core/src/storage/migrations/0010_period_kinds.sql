-- The period kind a school grades its classes in (quarters, trimesters,
-- semesters): NULL keeps the default rule (quarters below grade 10,
-- semesters from grade 10). A class keeps its own kind (class.period_kind),
-- set from the school's when it is created and changeable while it has no
-- marks.
ALTER TABLE school ADD COLUMN period_kind TEXT
    CHECK (period_kind IS NULL OR period_kind IN ('quarter', 'trimester', 'semester'));
