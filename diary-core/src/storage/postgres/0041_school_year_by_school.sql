-- The library names the school of every period, enrolment, group member,
-- teaching assignment, timetable and its lessons, lesson change, bell and
-- final mark it inserts (SQLite's migration 41), so the server no longer
-- fills it from the parent row.
DROP TRIGGER period_school ON period;
DROP TRIGGER enrolment_school ON enrolment;
DROP TRIGGER group_member_school ON group_member;
DROP TRIGGER teaching_assignment_school ON teaching_assignment;
DROP TRIGGER timetable_school ON timetable;
DROP TRIGGER timetable_lesson_school ON timetable_lesson;
DROP TRIGGER lesson_change_school ON lesson_change;
DROP TRIGGER bell_school ON bell;
DROP TRIGGER final_mark_school ON final_mark;
