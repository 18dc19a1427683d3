-- Grading rules are versioned: every rule set is a version, in force from
-- its setting until the next one for the same school and subject replaces
-- it (subject 0: the school's default). Closing a period records the
-- newest version id at that moment (period.rule_version), and its averages
-- and marks are computed with the versions in force then, whatever is set
-- later; reopening clears it and the rules in force now apply again.
CREATE TABLE grading_rule_version (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    subject_id  INTEGER NOT NULL DEFAULT 0,
    rule        TEXT    NOT NULL,                    -- JSON of GradingRule
    valid_from  INTEGER NOT NULL,                    -- Unix seconds
    valid_until INTEGER,                             -- NULL: in force
    replaced_by INTEGER REFERENCES grading_rule_version(id)
) STRICT;
CREATE INDEX grading_rule_version_of ON grading_rule_version(school_id, subject_id, id);
-- The rules set before versions existed, in force since the beginning.
INSERT INTO grading_rule_version (school_id, subject_id, rule, valid_from)
    SELECT school_id, subject_id, rule, 0 FROM grading_rule;
ALTER TABLE period ADD COLUMN rule_version INTEGER;
CREATE TRIGGER refgen_grading_rule_version_ins AFTER INSERT ON grading_rule_version
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_grading_rule_version_upd AFTER UPDATE ON grading_rule_version
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_grading_rule_version_del AFTER DELETE ON grading_rule_version
BEGIN UPDATE reference_generation SET n = n + 1; END;
