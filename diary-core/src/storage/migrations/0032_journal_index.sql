-- The teacher's journal (a class's marks in a period, one subject or all)
-- and the class's averages read marks by class and period: without an
-- index every journal walked the whole mark table, so its cost grew with
-- the file, not with the answer (issue 19). Bulk imports drop and rebuild
-- it with mark_student_day (storage/marks.rs).
CREATE INDEX mark_class_period ON mark(class_id, period_id, subject_id);
