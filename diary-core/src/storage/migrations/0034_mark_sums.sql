-- Maintained sums of the plain marks (issue 19): per (period, student,
-- subject, scale) the sum of weight × value, of the weights and the count
-- of the marks that a plain weighted average takes — grades (entry 0)
-- that always count (counting 0), are not retakes and are not deleted —
-- kept up to date in the same transaction as every write to `mark`, so
-- that every period average of a school's year is read from here instead
-- of from all of its marks. Values and weights are centi-units, so
-- `weighted` is in 1/10,000ths: at most 10,000 × 500 per mark, far from
-- 2^63 for any number of marks a group can hold. What needs the full rule
-- (optional and bonus marks, retakes, signs) is not here; Diary::average
-- computes it. A bulk import (feed_state.bulk = 1) adds its sums itself
-- (storage/mark_sums.rs); `Diary::check` compares the table with the
-- marks.
CREATE TABLE mark_sum (
    period_id  INTEGER NOT NULL,
    student_id INTEGER NOT NULL,
    subject_id INTEGER NOT NULL,
    scale_id   INTEGER NOT NULL,
    weighted   INTEGER NOT NULL,
    weights    INTEGER NOT NULL,
    marks      INTEGER NOT NULL CHECK (marks > 0),
    PRIMARY KEY (period_id, student_id, subject_id, scale_id)
) STRICT, WITHOUT ROWID;

INSERT INTO mark_sum (period_id, student_id, subject_id, scale_id, weighted, weights, marks)
SELECT period_id, student_id, subject_id, scale_id,
       sum(weight_centi * value_centi), sum(weight_centi), count(*)
FROM mark
WHERE deleted = 0 AND entry = 0 AND counting = 0 AND retake_of IS NULL
GROUP BY period_id, student_id, subject_id, scale_id;

CREATE TRIGGER mark_sum_ins AFTER INSERT ON mark
WHEN NEW.deleted = 0 AND NEW.entry = 0 AND NEW.counting = 0 AND NEW.retake_of IS NULL
     AND (SELECT bulk FROM feed_state WHERE id = 1) = 0
BEGIN
    INSERT INTO mark_sum (period_id, student_id, subject_id, scale_id, weighted, weights, marks)
    VALUES (NEW.period_id, NEW.student_id, NEW.subject_id, NEW.scale_id,
            NEW.weight_centi * NEW.value_centi, NEW.weight_centi, 1)
    ON CONFLICT DO UPDATE SET weighted = weighted + excluded.weighted,
                              weights = weights + excluded.weights,
                              marks = marks + 1;
END;

CREATE TRIGGER mark_sum_upd_old AFTER UPDATE ON mark
WHEN OLD.deleted = 0 AND OLD.entry = 0 AND OLD.counting = 0 AND OLD.retake_of IS NULL
BEGIN
    -- The group's last mark takes its row along; otherwise it is subtracted.
    DELETE FROM mark_sum
    WHERE period_id = OLD.period_id AND student_id = OLD.student_id
      AND subject_id = OLD.subject_id AND scale_id = OLD.scale_id AND marks = 1;
    UPDATE mark_sum SET weighted = weighted - OLD.weight_centi * OLD.value_centi,
                        weights = weights - OLD.weight_centi,
                        marks = marks - 1
    WHERE period_id = OLD.period_id AND student_id = OLD.student_id
      AND subject_id = OLD.subject_id AND scale_id = OLD.scale_id;
END;

CREATE TRIGGER mark_sum_upd_new AFTER UPDATE ON mark
WHEN NEW.deleted = 0 AND NEW.entry = 0 AND NEW.counting = 0 AND NEW.retake_of IS NULL
BEGIN
    INSERT INTO mark_sum (period_id, student_id, subject_id, scale_id, weighted, weights, marks)
    VALUES (NEW.period_id, NEW.student_id, NEW.subject_id, NEW.scale_id,
            NEW.weight_centi * NEW.value_centi, NEW.weight_centi, 1)
    ON CONFLICT DO UPDATE SET weighted = weighted + excluded.weighted,
                              weights = weights + excluded.weights,
                              marks = marks + 1;
END;

CREATE TRIGGER mark_sum_del AFTER DELETE ON mark
WHEN OLD.deleted = 0 AND OLD.entry = 0 AND OLD.counting = 0 AND OLD.retake_of IS NULL
BEGIN
    -- The group's last mark takes its row along; otherwise it is subtracted.
    DELETE FROM mark_sum
    WHERE period_id = OLD.period_id AND student_id = OLD.student_id
      AND subject_id = OLD.subject_id AND scale_id = OLD.scale_id AND marks = 1;
    UPDATE mark_sum SET weighted = weighted - OLD.weight_centi * OLD.value_centi,
                        weights = weights - OLD.weight_centi,
                        marks = marks - 1
    WHERE period_id = OLD.period_id AND student_id = OLD.student_id
      AND subject_id = OLD.subject_id AND scale_id = OLD.scale_id;
END;
