-- The library names the school of every lesson, register row, homework
-- and mark it inserts (SQLite's migration 40), so the server no longer
-- fills it from the parent row: an insert that leaves it out now fails
-- on NOT NULL, as Citus would refuse to route it.
DROP TRIGGER lesson_school ON lesson;
DROP TRIGGER attendance_school ON attendance;
DROP TRIGGER homework_school ON homework;
DROP TRIGGER homework_student_school ON homework_student;
DROP TRIGGER homework_done_school ON homework_done;
DROP TRIGGER homework_attachment_school ON homework_attachment;
DROP TRIGGER mark_school ON mark;
DROP TRIGGER mark_change_school ON mark_change;
DROP TRIGGER mark_sum_school ON mark_sum;
