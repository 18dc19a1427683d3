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
