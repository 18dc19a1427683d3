/* A smoke test of the C library on PostgreSQL (the library built with the
 * `postgres` feature): a diary opened by its postgresql:// URL in a schema
 * of its own, a school's first day, marks and an average, a refusal, and
 * another school's admin refused, and everything still there after closing
 * and opening again. The URL comes
 * from DIARY_TEST_POSTGRES (tests/run.sh starts a throwaway server); the
 * schema's name from the first argument. */
#include <stdlib.h>
#include "check.h"
#include "school_fixture.h"

int main(int argc, char **argv) {
    const char *server = getenv("DIARY_TEST_POSTGRES");
    char url[1024];
    diary_db *db = NULL;
    school_fixture f;
    diary_average avg = DIARY_AVERAGE_INIT;
    int64_t id = 0, entries = 0, broken = -1;
    if (server == NULL || argc < 2) {
        fprintf(stderr, "usage: DIARY_TEST_POSTGRES=postgresql://... %s SCHEMA\n", argv[0]);
        return 2;
    }
    snprintf(url, sizeof url, "%s%soptions=-c%%20search_path%%3D%s", server,
             strchr(server, '?') ? "&" : "?", argv[1]);

    CHECK_OK(diary_open(url, &db));
    f = fixture_school(db);
    {
        diary_new_mark m = fixture_grade(f.student, f.maths, "2024-09-10", "5", f.homework);
        CHECK_OK(diary_mark_record(db, f.teacher, &m, &id));
        CHECK(id > 0);
        m = fixture_grade(f.student, f.maths, "2024-09-11", "4", f.homework);
        CHECK_OK(diary_mark_record(db, f.teacher, &m, &id));
        /* The mother may not enter marks; nothing is stored. */
        m = fixture_grade(f.student, f.maths, "2024-09-12", "2", f.homework);
        CHECK_STATUS(diary_mark_record(db, f.mother, &m, &id), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    }
    CHECK_OK(diary_average_get(db, f.mother, f.student, f.maths, f.quarter, &avg));
    CHECK(avg.has_value == 1 && avg.exact_num == 9 && avg.exact_den == 2);
    CHECK(strcmp(avg.display, "4.50") == 0);
    {
        /* Another school's admin names the student by id and learns
         * nothing: the answer is the one for a pupil who does not exist. */
        diary_actor stranger = fixture_other_admin(db);
        diary_average none = DIARY_AVERAGE_INIT;
        char real[256], absent[256];
        CHECK_STATUS(diary_average_get(db, stranger, f.student, f.maths, f.quarter, &none),
                     DIARY_ERR_NOT_FOUND, (const char *)NULL);
        snprintf(real, sizeof real, "%s", diary_errmsg());
        CHECK_STATUS(diary_average_get(db, stranger, 999999, f.maths, f.quarter, &none),
                     DIARY_ERR_NOT_FOUND, (const char *)NULL);
        snprintf(absent, sizeof absent, "%s", diary_errmsg());
        CHECK(strstr(real, "not found") != NULL && strstr(absent, "not found") != NULL);
        CHECK(none.has_value == 0);
    }
    diary_close(db);

    /* Opened again: the same diary, its log intact. */
    db = NULL;
    CHECK_OK(diary_open(url, &db));
    avg = (diary_average)DIARY_AVERAGE_INIT;
    CHECK_OK(diary_average_get(db, f.mother, f.student, f.maths, f.quarter, &avg));
    CHECK(avg.counted == 2 && strcmp(avg.display, "4.50") == 0);
    CHECK_OK(diary_access_log_verify(db, f.op, &entries, &broken));
    CHECK(entries > 10 && broken == 0);
    diary_close(db);

    /* A URL that names no server is an error, not a crash. */
    CHECK(diary_open("postgresql://nobody@/diary?host=/nonexistent", &db) != DIARY_OK);
    CHECK(db == NULL && strlen(diary_errmsg()) > 0);
    return finish("test_postgres");
}
