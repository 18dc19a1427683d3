-- Homework carries its lesson's class (issue 19), indexed with the due
-- date: "what is due this week in class 5A" was found by walking every
-- lesson of the class's year and probing each for homework. A lesson's
-- class never changes, so the copy cannot drift; storage/homework.rs
-- writes it with the homework.
ALTER TABLE homework ADD COLUMN class_id INTEGER NOT NULL DEFAULT 0;
UPDATE homework SET class_id = (SELECT l.class_id FROM lesson l WHERE l.id = homework.lesson_id);
CREATE INDEX homework_class_due ON homework(class_id, due_day);
