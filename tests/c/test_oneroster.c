/* OneRoster 1.2 CSV through the C ABI: a school exported to a folder and
 * checked there, the hand-made sample set checked, a broken file named
 * with its line and column, and another school's admin refused. */
#include <stdio.h>
#include <stdlib.h>
#include "check.h"
#include "school_fixture.h"

int main(int argc, char **argv) {
    diary_db *db = NULL;
    diary_actor other;
    char dir[1024], path[1200];
    char *json = NULL;
    int64_t id;
    school_fixture f;
    diary_new_mark m = DIARY_NEW_MARK_INIT;
    FILE *out;

    snprintf(dir, sizeof dir, "%s.oneroster", argc > 1 ? argv[1] : "test_oneroster");
    CHECK_OK(diary_open_with_clock(NULL, 1726826400, &db)); /* 2024-09-20 */
    f = fixture_school(db);
    other = fixture_other_admin(db);
    m.student = f.student;
    m.subject = f.maths;
    m.date = "2024-09-10";
    m.entry = DIARY_ENTRY_GRADE;
    m.value = "5";
    m.work_kind = f.homework;
    m.counting = DIARY_COUNT_ALWAYS;
    CHECK_OK(diary_mark_record(db, f.teacher, &m, &id));

    CHECK_OK(diary_oneroster_export(db, f.admin, f.school, dir, &json));
    CHECK(json && strstr(json, "\"manifest.csv\"") && strstr(json, "\"results.csv\""));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_oneroster_check(dir, &json));
    CHECK(json && strcmp(json, "[]") == 0);
    diary_string_free(json);
    json = NULL;

    /* The hand-made sample set (run from the repository's root). */
    CHECK_OK(diary_oneroster_check("tests/oneroster/sample", &json));
    CHECK(json && strcmp(json, "[]") == 0);
    diary_string_free(json);
    json = NULL;

    /* A broken file: the problem names file, line and column. */
    snprintf(path, sizeof path, "%s/orgs.csv", dir);
    out = fopen(path, "w");
    CHECK(out != NULL);
    if (out) {
        fputs("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n"
              "school-1,,,Школа,academy,,\r\n",
              out);
        fclose(out);
    }
    CHECK_OK(diary_oneroster_check(dir, &json));
    CHECK(json && strstr(json, "{\"file\":\"orgs.csv\",\"line\":2,\"column\":\"type\""));
    diary_string_free(json);
    json = NULL;

    /* The sample imported by the operator into a new diary: a dry run,
     * then for real, then again (nothing created). */
    {
        diary_db *db2 = NULL;
        diary_actor op = {DIARY_ACTOR_OPERATOR, 0};
        CHECK_OK(diary_open_with_clock(NULL, 1726826400, &db2));
        CHECK_OK(diary_oneroster_import(db2, op, "tests/oneroster/sample", 1, &json));
        CHECK(json && strstr(json, "\"applied\":false") && strstr(json, "\"problems\":[]"));
        diary_string_free(json);
        json = NULL;
        CHECK_OK(diary_oneroster_import(db2, op, "tests/oneroster/sample", 0, &json));
        CHECK(json && strstr(json, "\"applied\":true") && strstr(json, "\"users.csv\":6"));
        diary_string_free(json);
        json = NULL;
        CHECK_OK(diary_oneroster_import(db2, op, "tests/oneroster/sample", 0, &json));
        CHECK(json && strstr(json, "\"created\":{}"));
        diary_string_free(json);
        json = NULL;
        CHECK_STATUS(diary_oneroster_import(db2, op, "tests/oneroster/sample", 2, &json), DIARY_ERR_INVALID_INPUT,
                     "dry_run");
        diary_close(db2);
    }

    CHECK_STATUS(diary_oneroster_export(db, other, f.school, dir, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_oneroster_export(db, f.teacher, f.school, dir, &json), DIARY_ERR_ACCESS_DENIED,
                 (const char *)NULL);
    CHECK_STATUS(diary_oneroster_export(db, f.admin, 0, dir, &json), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_oneroster_check(NULL, &json), DIARY_ERR_INVALID_INPUT, "dir");
    CHECK_STATUS(diary_oneroster_check("/nonexistent/folder", &json), DIARY_ERR_INVALID_INPUT, "dir");
    CHECK(json == NULL);

    diary_close(db);
    return finish("c oneroster");
}
