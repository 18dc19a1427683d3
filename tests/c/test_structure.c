/* The school structure through the C ABI: happy paths, refusals with the
 * right status and field, and stored data unchanged by a refused call. */
#include <stdlib.h>
#include "check.h"

static char *overview(diary_db *db, diary_actor who, int64_t school) {
    char *json = NULL;
    CHECK_OK(diary_school_overview_json(db, who, school, &json));
    return json;
}

static void test_open_errors(void) {
    diary_db *db = (diary_db *)1;
    CHECK_STATUS(diary_open(NULL, &db), DIARY_ERR_INVALID_INPUT, "path");
    CHECK(db == NULL);
    CHECK_STATUS(diary_open_in_memory(NULL), DIARY_ERR_INVALID_INPUT, "out");
    {
        const char *path = "build/not-a-diary.txt";
        FILE *f = fopen(path, "wb");
        CHECK(f != NULL);
        if (f) {
            fputs("this is a text file, not a database\n", f);
            fclose(f);
        }
        CHECK_STATUS(diary_open(path, &db), DIARY_ERR_NOT_A_DIARY, (const char *)NULL);
        CHECK(db == NULL);
        remove(path);
    }
    /* Invalid UTF-8 in a path. */
    CHECK_STATUS(diary_open("build/\xff\xfe.diary", &db), DIARY_ERR_INVALID_INPUT, "path");
    diary_close(NULL); /* allowed */
    diary_string_free(NULL);
}

int main(void) {
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0};
    int64_t school = 0, year = 0, q1 = 0, admin_id = 0, teacher = 0, c5a = 0, c5b = 0;
    int64_t maths = 0, student = 0, mother = 0, enrol = 0, grp = 0, assign = 0, tmp = 0;
    diary_actor admin, teacher_actor;
    char *json = NULL, *before = NULL, *after = NULL;
    int working = -1;

    test_open_errors();
    CHECK(strcmp(diary_version(), "0.1.0") == 0);
    CHECK(strcmp(diary_status_name(DIARY_ERR_CONFLICT), "conflict") == 0);
    CHECK(strcmp(diary_status_name(1234), "unknown") == 0);

    remove("build/structure.diary");
    CHECK_OK(diary_open("build/structure.diary", &db));
    CHECK_OK(diary_school_create(db, op, "School No. 1", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_OK(diary_person_register(db, op, school, "Admin", "Anna", NULL, "1980-01-01", "112-233-445 95", &admin_id));
    CHECK_OK(diary_staff_appoint(db, op, school, admin_id, DIARY_ROLE_ADMIN));
    admin.kind = DIARY_ACTOR_VOUCHED;
    admin.person = admin_id;

    CHECK_OK(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    CHECK_OK(diary_period_add(db, admin, year, DIARY_PERIOD_QUARTER, "Quarter 1", "2024-09-02", "2024-10-25", &q1));
    CHECK_OK(diary_holiday_add(db, admin, school, "Autumn holidays", "2024-10-28", "2024-11-04", &tmp));
    CHECK_OK(diary_school_is_working_day(db, admin, school, "2024-10-29", &working));
    CHECK(working == 0);
    CHECK_OK(diary_person_register(db, admin, school, "Petrov", "Pavel", "Ivanovich", "1975-05-05", "123-456-789 64", &teacher));
    CHECK_OK(diary_staff_appoint(db, admin, school, teacher, DIARY_ROLE_TEACHER));
    CHECK_OK(diary_class_create(db, admin, year, 5, "A", teacher, &c5a));
    CHECK_OK(diary_class_create(db, admin, year, 5, "B", 0, &c5b));
    CHECK_OK(diary_subject_create(db, admin, school, "Mathematics", &maths));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanov", "Ivan", NULL, "2013-03-03", "08765432102", &student));
    CHECK_OK(diary_student_enrol(db, admin, student, c5a, "2024-09-01", &enrol));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanova", "Maria", NULL, "1985-07-07", "111-111-111 45", &mother));
    CHECK_OK(diary_guardian_add(db, admin, student, mother, DIARY_RELATION_MOTHER, 1));
    CHECK_OK(diary_group_create(db, admin, c5a, "English 1", &grp));
    CHECK_OK(diary_group_member_add(db, admin, grp, student));
    CHECK_OK(diary_teacher_assign(db, admin, teacher, c5a, 0, maths, &assign));

    /* Reads as JSON. */
    CHECK_OK(diary_class_roster_json(db, admin, c5a, "2024-09-10", &json));
    CHECK(json && strstr(json, "\"surname\":\"Ivanov\"") != NULL);
    CHECK(json && strstr(json, "***-***-*** 02") != NULL);
    CHECK(json && strstr(json, "08765432102") == NULL); /* SNILS only masked */
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_children_json(db, (diary_actor){DIARY_ACTOR_VOUCHED, mother}, mother, &json));
    CHECK(json && strstr(json, "\"relation\":\"mother\"") != NULL);
    diary_string_free(json);
    json = NULL;
    /* The family's directory: the child's class and its teachers' names. */
    CHECK_OK(diary_child_directory_json(db, (diary_actor){DIARY_ACTOR_VOUCHED, mother}, student, &json));
    CHECK(json && strstr(json, "\"class_name\":\"5A\"") != NULL && strstr(json, "\"admins\":[") != NULL);
    diary_string_free(json);
    json = NULL;

    /* A typo corrected by the admin, with a reason; a proposal by the mother. */
    CHECK_OK(diary_person_correct(db, admin, student, "Ivanoff", "Ivan", "2013-03-03", "typo", NULL, "087-654-321 02", &tmp));
    CHECK(tmp > 0);
    CHECK_STATUS(diary_person_correct(db, admin, student, "Ivanoff", "Ivan", "2013-03-03", "typo", NULL, "087-654-321 00", &tmp),
                 DIARY_ERR_INVALID_INPUT, "snils");
    CHECK_OK(diary_person_correction_propose(db, (diary_actor){DIARY_ACTOR_VOUCHED, mother}, student, "Ivanov", "Ivan",
                                             "2013-03-03", "it was right", NULL, "087-654-321 02", &tmp));
    CHECK_OK(diary_person_correction_decide(db, admin, tmp, 1, "checked"));
    CHECK_OK(diary_person_corrections_json(db, (diary_actor){DIARY_ACTOR_VOUCHED, mother}, student, &json));
    CHECK(json && strstr(json, "\"status\":\"applied\"") && strstr(json, "\"reason\":\"typo\""));
    diary_string_free(json);
    json = NULL;

    /* Transfer keeps the earlier enrolment. */
    CHECK_OK(diary_student_transfer(db, admin, student, c5b, "2025-01-13", &tmp));
    CHECK_OK(diary_enrolments_json(db, admin, student, &json));
    CHECK(json && strstr(json, "\"end\":\"2025-01-12\"") != NULL);
    CHECK(json && strstr(json, "\"end_reason\":\"transferred\"") != NULL);
    diary_string_free(json);
    json = NULL;

    /* Refusals: each with its status and field, and nothing changed. */
    before = overview(db, admin, school);
    CHECK_STATUS(diary_subject_create(db, admin, school, "   ", &tmp), DIARY_ERR_INVALID_INPUT, "name");
    CHECK_STATUS(diary_subject_create(db, admin, school, NULL, &tmp), DIARY_ERR_INVALID_INPUT, "name");
    CHECK_STATUS(diary_subject_create(db, admin, school, "Art", NULL), DIARY_ERR_INVALID_INPUT, "out_id");
    CHECK_STATUS(diary_subject_create(NULL, admin, school, "Art", &tmp), DIARY_ERR_INVALID_INPUT, "db");
    CHECK_STATUS(diary_subject_create(db, admin, school, "Bad \xc3\x28 UTF-8", &tmp), DIARY_ERR_INVALID_INPUT, "name");
    CHECK_STATUS(diary_period_add(db, admin, year, DIARY_PERIOD_QUARTER, "Q", "2024-10-20", "2024-12-27", &tmp), DIARY_ERR_CONFLICT, (const char *)NULL);
    CHECK_STATUS(diary_period_add(db, admin, year, DIARY_PERIOD_QUARTER, "Q", "2024-08-01", "2024-08-30", &tmp), DIARY_ERR_INVALID_INPUT, "start");
    CHECK_STATUS(diary_period_add(db, admin, year, 7, "Q", "2024-11-05", "2024-12-27", &tmp), DIARY_ERR_INVALID_INPUT, "kind");
    CHECK_STATUS(diary_period_add(db, admin, year, DIARY_PERIOD_QUARTER, "Q", "05.11.2024", "2024-12-27", &tmp), DIARY_ERR_INVALID_INPUT, "start");
    CHECK_STATUS(diary_student_enrol(db, admin, student, c5a, "2025-02-01", &tmp), DIARY_ERR_CONFLICT, (const char *)NULL);
    CHECK_STATUS(diary_year_create(db, admin, 999, "x", "2030-09-01", "2031-05-31", &tmp), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_person_register(db, admin, school, "Orlov", "Oleg", NULL, "2012-01-01", "112-233-445 96", &tmp), DIARY_ERR_INVALID_INPUT, "snils");
    CHECK(strstr(diary_errmsg(), "112") == NULL);
    CHECK_STATUS(diary_person_register(db, admin, school, "Twin", "Ivan", NULL, "2013-03-03", "087-654-321 02", &tmp), DIARY_ERR_CONFLICT, (const char *)NULL);
    CHECK_STATUS(diary_class_create(db, admin, year, 6, "A", mother, &tmp), DIARY_ERR_INVALID_INPUT, "class_teacher");
    CHECK_STATUS(diary_guardian_add(db, admin, student, mother, 42, 0), DIARY_ERR_INVALID_INPUT, "relation");
    CHECK_STATUS(diary_guardian_add(db, admin, student, mother, DIARY_RELATION_OTHER, 2), DIARY_ERR_INVALID_INPUT, "legal_representative");
    CHECK_STATUS(diary_staff_appoint(db, admin, school, mother, -1), DIARY_ERR_INVALID_INPUT, "role");
    CHECK_STATUS(diary_subject_create(db, (diary_actor){5, 0}, school, "Art", &tmp), DIARY_ERR_INVALID_INPUT, "actor.kind");
    teacher_actor.kind = DIARY_ACTOR_VOUCHED;
    teacher_actor.person = teacher;
    CHECK_STATUS(diary_subject_create(db, teacher_actor, school, "Art", &tmp), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_class_roster_json(db, teacher_actor, c5b, "2024-09-10", &json), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK(json == NULL);
    CHECK_STATUS(diary_school_create(db, admin, "X", "Y", "UTC", 5, &tmp), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_school_create(db, op, "X", "Y", "UTC", 7, &tmp), DIARY_ERR_INVALID_INPUT, "days_per_week");
    after = overview(db, admin, school);
    CHECK(before && after && strcmp(before, after) == 0);
    CHECK(after && strstr(after, "\"name\":\"5A\"") != NULL);
    CHECK(after && strstr(after, "\"kind\":\"quarter\"") != NULL);
    diary_string_free(before);
    diary_string_free(after);

    /* Trimesters: the school's setting for new classes, a class's own. */
    {
        int64_t c7 = 0;
        CHECK_STATUS(diary_school_period_kind_set(db, admin, school, 7), DIARY_ERR_INVALID_INPUT, "kind");
        CHECK_OK(diary_school_period_kind_set(db, admin, school, DIARY_PERIOD_TRIMESTER));
        CHECK_OK(diary_class_create(db, admin, year, 7, "T", 0, &c7));
        CHECK_OK(diary_class_json(db, admin, c7, &json));
        CHECK(json && strstr(json, "\"period_kind\":\"trimester\"") != NULL);
        diary_string_free(json);
        json = NULL;
        CHECK_OK(diary_class_period_kind_set(db, admin, c7, DIARY_PERIOD_QUARTER));
        CHECK_OK(diary_class_json(db, admin, c7, &json));
        CHECK(json && strstr(json, "\"period_kind\":\"quarter\"") != NULL);
        diary_string_free(json);
        json = NULL;
        CHECK_OK(diary_school_period_kind_set(db, admin, school, -1));
        CHECK_OK(diary_school_json(db, admin, school, &json));
        CHECK(json && strstr(json, "\"period_kind\":null") != NULL);
        diary_string_free(json);
        json = NULL;
    }

    /* A successful call clears the error text. */
    CHECK_OK(diary_schools_json(db, op, &json));
    CHECK(strcmp(diary_errmsg(), "") == 0);
    diary_string_free(json);

    diary_close(db);

    /* Reopen: the data is on disk. */
    CHECK_OK(diary_open("build/structure.diary", &db));
    json = NULL;
    CHECK_OK(diary_schools_json(db, op, &json));
    CHECK(json && strstr(json, "School No. 1") != NULL);
    diary_string_free(json);
    diary_close(db);
    return finish("c structure");
}
