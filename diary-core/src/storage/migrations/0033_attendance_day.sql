-- A register entry carries its lesson's date (issue 19): a student's
-- attendance over a term was found through the student's index over every
-- year on file, then filtered by the lesson's date, and "absences between
-- two dates" walked every lesson of every class. A lesson's date never
-- changes (a moved lesson is a change on its original date), so the copy
-- cannot drift; storage/attendance.rs writes it with the entry. The index
-- covers what an attendance summary counts, so a summary over a year reads
-- the index alone.
ALTER TABLE attendance ADD COLUMN day INTEGER NOT NULL DEFAULT 0;
UPDATE attendance SET day = (SELECT l.day FROM lesson l WHERE l.id = attendance.lesson_id);
DROP INDEX attendance_student;
CREATE INDEX attendance_student_day ON attendance(student_id, day, status, excused, late_minutes);
