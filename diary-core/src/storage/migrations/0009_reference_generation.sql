-- The reference generation: a counter of changes to the data that a
-- handle's reference cache holds (the school structure, people and their
-- ties, grants, scales, rules, settings). Every transaction reads it and
-- empties its cache when it moved, so a change committed by another handle
-- or process is seen at once; a mark, a register or an access-log entry
-- committed elsewhere leaves the cache warm. Triggers bump it on every
-- table except those the cache never reads (storage/generation.rs lists
-- them; a test fails for a table on neither list).
CREATE TABLE reference_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
) STRICT;
INSERT INTO reference_generation (id, n) VALUES (1, 0);

CREATE TRIGGER refgen_school_ins AFTER INSERT ON school
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_school_upd AFTER UPDATE ON school
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_school_del AFTER DELETE ON school
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_academic_year_ins AFTER INSERT ON academic_year
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_academic_year_upd AFTER UPDATE ON academic_year
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_academic_year_del AFTER DELETE ON academic_year
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_period_ins AFTER INSERT ON period
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_period_upd AFTER UPDATE ON period
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_period_del AFTER DELETE ON period
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_holiday_ins AFTER INSERT ON holiday
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_holiday_upd AFTER UPDATE ON holiday
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_holiday_del AFTER DELETE ON holiday
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_class_ins AFTER INSERT ON class
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_class_upd AFTER UPDATE ON class
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_class_del AFTER DELETE ON class
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_class_group_ins AFTER INSERT ON class_group
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_class_group_upd AFTER UPDATE ON class_group
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_class_group_del AFTER DELETE ON class_group
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_group_member_ins AFTER INSERT ON group_member
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_group_member_upd AFTER UPDATE ON group_member
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_group_member_del AFTER DELETE ON group_member
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_subject_ins AFTER INSERT ON subject
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_subject_upd AFTER UPDATE ON subject
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_subject_del AFTER DELETE ON subject
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_teaching_assignment_ins AFTER INSERT ON teaching_assignment
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_teaching_assignment_upd AFTER UPDATE ON teaching_assignment
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_teaching_assignment_del AFTER DELETE ON teaching_assignment
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_person_ins AFTER INSERT ON person
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_person_upd AFTER UPDATE ON person
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_person_del AFTER DELETE ON person
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_staff_ins AFTER INSERT ON staff
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_staff_upd AFTER UPDATE ON staff
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_staff_del AFTER DELETE ON staff
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_enrolment_ins AFTER INSERT ON enrolment
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_enrolment_upd AFTER UPDATE ON enrolment
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_enrolment_del AFTER DELETE ON enrolment
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_guardianship_ins AFTER INSERT ON guardianship
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_guardianship_upd AFTER UPDATE ON guardianship
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_guardianship_del AFTER DELETE ON guardianship
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_work_kind_ins AFTER INSERT ON work_kind
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_work_kind_upd AFTER UPDATE ON work_kind
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_work_kind_del AFTER DELETE ON work_kind
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_scale_ins AFTER INSERT ON scale
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_scale_upd AFTER UPDATE ON scale
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_scale_del AFTER DELETE ON scale
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_grading_rule_ins AFTER INSERT ON grading_rule
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_grading_rule_upd AFTER UPDATE ON grading_rule
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_grading_rule_del AFTER DELETE ON grading_rule
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_trusted_grant_ins AFTER INSERT ON trusted_grant
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_trusted_grant_upd AFTER UPDATE ON trusted_grant
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_trusted_grant_del AFTER DELETE ON trusted_grant
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_regional_officer_ins AFTER INSERT ON regional_officer
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_regional_officer_upd AFTER UPDATE ON regional_officer
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_regional_officer_del AFTER DELETE ON regional_officer
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_account_setting_ins AFTER INSERT ON account_setting
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_account_setting_upd AFTER UPDATE ON account_setting
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_account_setting_del AFTER DELETE ON account_setting
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_bell_schedule_ins AFTER INSERT ON bell_schedule
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_bell_schedule_upd AFTER UPDATE ON bell_schedule
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_bell_schedule_del AFTER DELETE ON bell_schedule
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_bell_ins AFTER INSERT ON bell
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_bell_upd AFTER UPDATE ON bell
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_bell_del AFTER DELETE ON bell
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_timetable_ins AFTER INSERT ON timetable
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_timetable_upd AFTER UPDATE ON timetable
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_timetable_del AFTER DELETE ON timetable
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_timetable_lesson_ins AFTER INSERT ON timetable_lesson
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_timetable_lesson_upd AFTER UPDATE ON timetable_lesson
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_timetable_lesson_del AFTER DELETE ON timetable_lesson
BEGIN UPDATE reference_generation SET n = n + 1; END;
