/* Report cards through the C ABI: a card as JSON, HTML and PDF (read back
 * with poppler's pdftotext, Cyrillic included), a class's cards, the
 * school's template set from JSON (a bad one naming its field and
 * changing nothing), the bytes freed, and who is refused. */
#include <stdio.h>
#include <stdlib.h>
#include "check.h"
#include "school_fixture.h"

/* Writes the PDF to `path`, runs pdftotext on it and returns the text (or
 * NULL); the caller frees it. */
static char *pdf_text(const diary_bytes *pdf, const char *path) {
    char cmd[1200], txt[1024];
    FILE *f = fopen(path, "wb");
    char *text;
    long n;
    if (!f) return NULL;
    fwrite(pdf->data, 1, pdf->len, f);
    fclose(f);
    snprintf(txt, sizeof txt, "%s.txt", path);
    snprintf(cmd, sizeof cmd, "pdftotext '%s' '%s'", path, txt);
    if (system(cmd) != 0) return NULL;
    f = fopen(txt, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = calloc((size_t)n + 1, 1);
    if (text && fread(text, 1, (size_t)n, f) != (size_t)n) text[0] = '\0';
    fclose(f);
    remove(txt);
    remove(path);
    return text;
}

int main(int argc, char **argv) {
    diary_db *db = NULL;
    diary_actor other, maria_mother = {DIARY_ACTOR_VOUCHED, 0};
    int64_t maria, tmp, id;
    char *json = NULL, *html = NULL, *text = NULL;
    char path[1024];
    diary_bytes pdf = {0};
    school_fixture f;
    diary_new_mark m;

    snprintf(path, sizeof path, "%s.pdf", argc > 1 ? argv[1] : "test_report_cards");
    CHECK_OK(diary_open_with_clock(NULL, 1726826400, &db)); /* 2024-09-20 */
    f = fixture_school(db);
    other = fixture_other_admin(db);
    CHECK_OK(diary_person_register(db, f.admin, f.school, "Иванова", "Мария", "Петровна", "2013-03-03",
                                   "100-200-300 30", &maria));
    CHECK_OK(diary_student_enrol(db, f.admin, maria, f.class_5a, "2024-09-01", &tmp));
    m = fixture_grade(maria, f.maths, "2024-09-10", "5", f.homework);
    CHECK_OK(diary_mark_record(db, f.teacher, &m, &id));
    m = fixture_grade(maria, f.maths, "2024-09-11", "4", f.homework);
    CHECK_OK(diary_mark_record(db, f.teacher, &m, &id));

    /* The card as JSON. */
    CHECK_OK(diary_report_card_json(db, f.admin, maria, f.year, f.quarter, &json));
    CHECK(json && strstr(json, "\"student_name\":\"Иванова Мария Петровна\"") &&
          strstr(json, "\"average_display\":\"4.50\"") && strstr(json, "\"period_name\":\"Quarter 1\""));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_report_card_json(db, f.admin, maria, f.year, 0, &json));
    CHECK(json && strstr(json, "\"period\":null") && strstr(json, "\"year_mark\""));
    diary_string_free(json);
    json = NULL;

    /* The school's template, then the printed card. */
    CHECK_STATUS(diary_report_card_template_set(db, f.admin, f.school, "{\"title\":\"\",\"blocks\":[],"
                                                "\"language\":\"ru\"}", &json),
                 DIARY_ERR_INVALID_INPUT, "title");
    CHECK_STATUS(diary_report_card_template_set(db, f.admin, f.school, "{\"title\":\"T\",\"blocks\":[\"x\"],"
                                                "\"language\":\"ru\"}", &json),
                 DIARY_ERR_INVALID_INPUT, "template_json.blocks[0]");
    CHECK(json == NULL);
    CHECK_OK(diary_report_card_template_json(db, f.admin, f.school, &json));
    CHECK(json && strstr(json, "\"title\":\"Табель успеваемости\""));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_report_card_template_set(db, f.admin, f.school,
                                            "{\"title\":\"Табель\",\"header\":[\"ГБОУ Школа № 1\"],"
                                            "\"footer\":null,\"blocks\":[\"averages\",\"attendance\"],"
                                            "\"language\":\"ru\"}",
                                            &json));
    CHECK(json && strstr(json, "\"header\":[\"ГБОУ Школа № 1\"]"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_report_card_html(db, f.mother, f.student, f.year, f.quarter, &html));
    CHECK(html && strstr(html, "<!DOCTYPE html>") && strstr(html, "ГБОУ Школа № 1") && strstr(html, "@media print"));
    diary_string_free(html);
    html = NULL;

    CHECK_OK(diary_report_card_pdf(db, f.teacher, maria, f.year, f.quarter, &pdf));
    CHECK(pdf.data != NULL && pdf.len > 1000 && memcmp(pdf.data, "%PDF-", 5) == 0);
    text = pdf_text(&pdf, path);
    CHECK(text && strstr(text, "Иванова Мария Петровна") && strstr(text, "ГБОУ Школа № 1") &&
          strstr(text, "Mathematics") && strstr(text, "4.50"));
    free(text);
    diary_bytes_free(&pdf);
    CHECK(pdf.data == NULL && pdf.len == 0);
    diary_bytes_free(&pdf);

    /* A class's cards. */
    CHECK_OK(diary_class_report_cards_json(db, f.teacher, f.class_5a, f.quarter, &json));
    CHECK(json && json[0] == '[' && strstr(json, "Иванова Мария Петровна") && strstr(json, "\"student_name\":\"Ivanova I\""));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_class_report_cards_html(db, f.admin, f.class_5a, 0, &html));
    CHECK(html && strstr(html, "Ivanova I") && strstr(html, "Иванова Мария Петровна"));
    diary_string_free(html);
    html = NULL;
    CHECK_OK(diary_class_report_cards_pdf(db, f.admin, f.class_5a, 0, &pdf));
    text = pdf_text(&pdf, path);
    CHECK(text && strstr(text, "Ivanova I") && strstr(text, "Иванова Мария Петровна"));
    free(text);
    diary_bytes_free(&pdf);

    /* Refusals: another school's admin learns nothing; a mother reads her
     * own child's card, not another's nor the class's; bad arguments. */
    CHECK_STATUS(diary_report_card_pdf(db, other, maria, f.year, f.quarter, &pdf), DIARY_ERR_NOT_FOUND,
                 (const char *)NULL);
    CHECK(pdf.data == NULL && pdf.len == 0);
    CHECK_STATUS(diary_class_report_cards_json(db, other, f.class_5a, 0, &json), DIARY_ERR_NOT_FOUND,
                 (const char *)NULL);
    CHECK_STATUS(diary_report_card_template_set(db, other, f.school, "{\"title\":\"T\",\"blocks\":[],"
                                                "\"language\":\"en\"}", &json),
                 DIARY_ERR_NOT_FOUND, (const char *)NULL);
    maria_mother.person = f.mother.person;
    CHECK_STATUS(diary_class_report_cards_pdf(db, maria_mother, f.class_5a, 0, &pdf), DIARY_ERR_ACCESS_DENIED,
                 (const char *)NULL);
    CHECK_STATUS(diary_report_card_json(db, f.mother, maria, f.year, 0, &json), DIARY_ERR_ACCESS_DENIED,
                 (const char *)NULL);
    CHECK_STATUS(diary_report_card_json(db, f.admin, maria, f.year, -1, &json), DIARY_ERR_INVALID_INPUT, "period");
    CHECK_STATUS(diary_report_card_pdf(db, f.admin, maria, f.year, f.quarter, NULL), DIARY_ERR_INVALID_INPUT,
                 "out_pdf");
    CHECK(json == NULL);

    diary_close(db);
    return finish("c report cards");
}
