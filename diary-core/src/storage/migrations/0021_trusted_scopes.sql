-- Finer trusted-person services (issue 17): marks 4, homework 8,
-- attendance 16, timetable 32, announcements 64, visits 128, meals 256.
-- The old bits 1 (diary) and 2 (visits and meals) become their groups.
CREATE TABLE trusted_grant_new (
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES person(id),
    inviter_id   INTEGER NOT NULL REFERENCES person(id),
    invitee_id   INTEGER NOT NULL REFERENCES person(id),
    services     INTEGER NOT NULL CHECK (services BETWEEN 4 AND 508 AND services & 3 = 0),
    until_day    INTEGER,
    window_days  INTEGER CHECK (window_days IS NULL OR window_days BETWEEN 1 AND 366),
    invited_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    accepted_at  INTEGER,
    opens_at     INTEGER,
    declined_at  INTEGER,
    revoked_at   INTEGER,
    CHECK (invitee_id <> student_id AND invitee_id <> inviter_id)
) STRICT;
INSERT INTO trusted_grant_new
SELECT id, student_id, inviter_id, invitee_id,
       (CASE WHEN services & 1 <> 0 THEN 124 ELSE 0 END)
         | (CASE WHEN services & 2 <> 0 THEN 384 ELSE 0 END),
       until_day, window_days, invited_at, expires_at, accepted_at, opens_at,
       declined_at, revoked_at
FROM trusted_grant;
DROP TABLE trusted_grant;
ALTER TABLE trusted_grant_new RENAME TO trusted_grant;
CREATE INDEX trusted_grant_invitee ON trusted_grant(invitee_id);
CREATE INDEX trusted_grant_student ON trusted_grant(student_id);
CREATE TRIGGER refgen_trusted_grant_ins AFTER INSERT ON trusted_grant
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_trusted_grant_upd AFTER UPDATE ON trusted_grant
BEGIN UPDATE reference_generation SET n = n + 1; END;
CREATE TRIGGER refgen_trusted_grant_del AFTER DELETE ON trusted_grant
BEGIN UPDATE reference_generation SET n = n + 1; END;
