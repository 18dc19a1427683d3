-- A homework's attachments are read by homework (issue 19): without an
-- index, every week, day or lesson view that shows homework scanned all
-- attachments of the file.
CREATE INDEX homework_attachment_homework ON homework_attachment(homework_id);
