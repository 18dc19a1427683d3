-- The library names the school of every row it inserts into the last
-- tables the server filled it on (SQLite's migration 42), so the fill
-- triggers and their functions go: every table distributed by school
-- now gets its school from the statement, as Citus needs to route it.
DROP TRIGGER absence_notice_school ON absence_notice;
DROP TRIGGER announcement_audience_school ON announcement_audience;
DROP TRIGGER announcement_read_school ON announcement_read;
DROP TRIGGER announcement_version_school ON announcement_version;
DROP TRIGGER application_document_school ON application_document;
DROP TRIGGER application_step_school ON application_step;
DROP TRIGGER chat_message_school ON chat_message;
DROP TRIGGER chat_message_version_school ON chat_message_version;
DROP TRIGGER chat_report_school ON chat_report;
DROP TRIGGER class_group_school ON class_group;
DROP TRIGGER conversation_member_school ON conversation_member;
DROP TRIGGER conversation_retention_school ON conversation_retention;
DROP TRIGGER link_code_school ON link_code;
DROP TRIGGER meal_order_school ON meal_order;
DROP TRIGGER meeting_agenda_school ON meeting_agenda;
DROP TRIGGER meeting_audience_school ON meeting_audience;
DROP TRIGGER meeting_record_school ON meeting_record;
DROP TRIGGER meeting_reply_school ON meeting_reply;
DROP TRIGGER menu_item_school ON menu_item;
DROP TRIGGER teacher_message_reply_school ON teacher_message_reply;
DROP TRIGGER transfer_code_school ON transfer_code;
DROP FUNCTION diary_school_from_parent();
DROP FUNCTION diary_school_from_student();
DROP FUNCTION diary_school_of_student(bigint, date);
DROP FUNCTION diary_school_from_column();

-- New marks are recorded in the feed and the maintained sums once per
-- statement rather than once per row: a multi-row insert (a register of
-- marks, an import's chunk) called two PL/pgSQL functions and read the
-- bulk flag twice for every mark. The feed gets one record per mark at
-- the next positions, in id order, as the row triggers gave; the sums of
-- the statement's marks are added per group. Changes and deletions keep
-- their row triggers. A bulk import still writes both itself.
DROP TRIGGER feed_mark ON mark;
DROP TRIGGER mark_sum_keep ON mark;
CREATE TRIGGER feed_mark AFTER UPDATE ON mark
    FOR EACH ROW EXECUTE FUNCTION feed_mark();
CREATE TRIGGER mark_sum_keep AFTER UPDATE OR DELETE ON mark
    FOR EACH ROW EXECUTE FUNCTION mark_sum_keep();
CREATE FUNCTION marks_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT bulk FROM feed_state WHERE id = 1) <> 0 THEN
        RETURN NULL;
    END IF;
    INSERT INTO change (seq, school_id, kind, entity, op, student_id, class_id, subject_id,
                        day, new_value)
    SELECT b.next + row_number() OVER (ORDER BY m.id) - 1, m.school_id, 0, m.id, 0,
           m.student_id, m.class_id, m.subject_id, m.lesson_day, m.label
      FROM new_marks m,
           (SELECT coalesce((SELECT seq + span FROM change ORDER BY seq DESC LIMIT 1), 1) AS next) b;
    INSERT INTO mark_sum (school_id, period_id, student_id, subject_id, scale_id,
                          weighted, weights, marks)
    SELECT m.school_id, m.period_id, m.student_id, m.subject_id, m.scale_id,
           sum(m.weight_centi * m.value_centi), sum(m.weight_centi), count(*)
      FROM new_marks m
     WHERE mark_sum_counts(m)
     GROUP BY m.school_id, m.period_id, m.student_id, m.subject_id, m.scale_id
    ON CONFLICT (school_id, period_id, student_id, subject_id, scale_id) DO UPDATE
    SET weighted = mark_sum.weighted + excluded.weighted,
        weights = mark_sum.weights + excluded.weights,
        marks = mark_sum.marks + excluded.marks;
    RETURN NULL;
END;
$$;
CREATE TRIGGER marks_inserted AFTER INSERT ON mark
    REFERENCING NEW TABLE AS new_marks
    FOR EACH STATEMENT EXECUTE FUNCTION marks_inserted();
