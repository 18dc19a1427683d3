-- A school's template for printing report cards (issue 18): title,
-- letterhead, footer, blocks shown and the labels' language, as the JSON
-- of `ReportCardTemplate` (validated by the library before it is stored).
-- A school without a row prints with the default template.
CREATE TABLE report_card_template (
    school_id   INTEGER PRIMARY KEY REFERENCES school(id),
    template    TEXT    NOT NULL CHECK (json_valid(template)),
    changed_by  INTEGER REFERENCES person(id),
    changed_at  INTEGER NOT NULL
) STRICT;
