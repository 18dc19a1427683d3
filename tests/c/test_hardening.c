/* Hardening through the C ABI: another school's ids are NOT_FOUND exactly
 * like missing ones, numbers outside their ranges and hostile text are
 * INVALID_ARGUMENT naming the field, transfer codes, the minimum group
 * size, access-log anchors and the repair of a tampered file. */
#include "check.h"
#include <stdlib.h>

static int same_shape(const char *a, const char *b) {
    /* Compares two messages with every run of digits treated as one. */
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            while (*a >= '0' && *a <= '9') a++;
            while (*b >= '0' && *b <= '9') b++;
            continue;
        }
        if (*a != *b) return 0;
        a++;
        b++;
    }
    return *a == *b;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "hardening.diary";
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, admin2 = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor teacher = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, school2, year, year2, a_id, a2_id, t_id, c5a, c2, maths, student, m_id, pupil2, tmp, hw, officer;
    char *json = NULL, *code = NULL, *hash = NULL;
    char foreign[512], missing[512];
    int64_t expires = 0, head = 0, entries = 0, broken = -1;
    int32_t matches = -1;
    int64_t n = 0;

    remove(path);
    CHECK_OK(diary_open(path, &db));
    CHECK_OK(diary_school_create(db, op, "School", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_OK(diary_person_register(db, op, school, "Admin", "A", NULL, "1980-01-01", "112-233-445 95", &a_id));
    CHECK_OK(diary_staff_appoint(db, op, school, a_id, DIARY_ROLE_ADMIN));
    admin.person = a_id;
    CHECK_OK(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    CHECK_OK(diary_person_register(db, admin, school, "Petrov", "P", NULL, "1975-05-05", "123-456-789 64", &t_id));
    CHECK_OK(diary_staff_appoint(db, admin, school, t_id, DIARY_ROLE_TEACHER));
    teacher.person = t_id;
    CHECK_OK(diary_class_create(db, admin, year, 5, "A", t_id, &c5a));
    CHECK_OK(diary_subject_create(db, admin, school, "Mathematics", &maths));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanov", "I", NULL, "2013-03-03", "087-654-321 02", &student));
    CHECK_OK(diary_student_enrol(db, admin, student, c5a, "2024-09-01", &tmp));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanova", "M", NULL, "1985-07-07", "111-111-111 45", &m_id));
    CHECK_OK(diary_guardian_add(db, admin, student, m_id, DIARY_RELATION_MOTHER, 1));

    CHECK_OK(diary_school_create(db, op, "Lyceum 2", "Moscow", "Europe/Moscow", 5, &school2));
    CHECK_OK(diary_person_register(db, op, school2, "Sidorova", "O", NULL, "1970-02-02", "222-333-444 16", &a2_id));
    CHECK_OK(diary_staff_appoint(db, op, school2, a2_id, DIARY_ROLE_ADMIN));
    admin2.person = a2_id;
    CHECK_OK(diary_year_create(db, admin2, school2, "2024/25", "2024-09-01", "2025-05-31", &year2));
    CHECK_OK(diary_class_create(db, admin2, year2, 5, "B", 0, &c2));
    CHECK_OK(diary_person_register(db, admin2, school2, "Orlov", "O", NULL, "2013-04-04", NULL, &pupil2));
    CHECK_OK(diary_student_enrol(db, admin2, pupil2, c2, "2024-09-01", &tmp));

    /* School 2's admin names school 1's mother: the same answer as a missing id. */
    CHECK_STATUS(diary_guardian_add(db, admin2, pupil2, m_id, DIARY_RELATION_MOTHER, 1), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    snprintf(foreign, sizeof foreign, "%s", diary_errmsg());
    CHECK_STATUS(diary_guardian_add(db, admin2, pupil2, 99999, DIARY_RELATION_MOTHER, 1), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    snprintf(missing, sizeof missing, "%s", diary_errmsg());
    CHECK(same_shape(foreign, missing));
    CHECK_STATUS(diary_student_enrol(db, admin2, student, c2, "2024-09-02", &tmp), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_person_json(db, admin2, student, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK(json == NULL);
    CHECK_STATUS(diary_marks_json(db, admin2, student, "2024-09-01", "2024-10-01", &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);

    /* Transfer codes: the old school consents. */
    CHECK_STATUS(diary_transfer_code_issue(db, admin2, student, &code, &expires), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_OK(diary_transfer_code_issue(db, admin, student, &code, &expires));
    CHECK(code != NULL && strlen(code) == 14 && expires > 0);
    CHECK_STATUS(diary_transfer_code_enrol(db, admin2, "AAAA-BBBB-CCCC", c2, "2025-02-01", &tmp), DIARY_ERR_INVALID_INPUT, "code");
    diary_string_free(code);

    /* Numbers outside their ranges. */
    CHECK_STATUS(diary_scale_create(db, admin, school, "{\"code\":\"big\",\"name\":\"Big\",\"kind\":{\"kind\":\"discrete\",\"entries\":[{\"label\":\"a\",\"value_centi\":4611686018427387904},{\"label\":\"b\",\"value_centi\":0}]},\"lower_is_better\":false}", &tmp), DIARY_ERR_INVALID_INPUT, "entries");
    CHECK_STATUS(diary_scale_create(db, admin, school, "{\"code\":\"neg\",\"name\":\"Neg\",\"kind\":{\"kind\":\"range\",\"min_centi\":-4611686018427387904,\"max_centi\":100,\"step_centi\":1},\"lower_is_better\":false}", &tmp), DIARY_ERR_INVALID_INPUT, "min");
    CHECK_STATUS(diary_work_kind_create(db, admin, school, "Test", "5000", "1", "5000", &hw), DIARY_ERR_INVALID_INPUT, (const char *)NULL);
    CHECK_STATUS(diary_work_kind_create(db, admin, school, "Test", "5.000000000000000000001", "1", "10", &hw), DIARY_ERR_INVALID_INPUT, (const char *)NULL);

    /* Hostile text and dates. */
    CHECK_STATUS(diary_person_register(db, admin, school, "Ivan\xE2\x80\xAEov", "X", NULL, "2013-01-01", NULL, &tmp), DIARY_ERR_INVALID_INPUT, "surname");
    CHECK_STATUS(diary_person_register(db, admin, school, "Iv\xE2\x80\x8B" "an", "X", NULL, "2013-01-01", NULL, &tmp), DIARY_ERR_INVALID_INPUT, "surname");
    CHECK_STATUS(diary_person_register(db, admin, school, "\x1b[31mIvan", "X", NULL, "2013-01-01", NULL, &tmp), DIARY_ERR_INVALID_INPUT, "surname");
    CHECK_STATUS(diary_year_create(db, admin, school, "far", "9998-09-01", "9999-05-31", &tmp), DIARY_ERR_INVALID_INPUT, "start");
    CHECK_STATUS(diary_year_create(db, admin, school, "old", "0001-09-01", "0002-05-31", &tmp), DIARY_ERR_INVALID_INPUT, "start");

    /* Regional officers without a school; the minimum group size. */
    CHECK_OK(diary_regional_officer_register(db, op, "Regionova", "R", NULL, "1970-01-01", NULL, "Moscow", &officer));
    CHECK_STATUS(diary_regional_officer_register(db, admin, "Spy", "S", NULL, "1970-01-01", NULL, "Moscow", &tmp), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_min_group_size_get(db, &n));
    CHECK(n == 10);
    CHECK_STATUS(diary_min_group_size_set(db, op, 4), DIARY_ERR_INVALID_INPUT, "min_group_size");
    CHECK_STATUS(diary_min_group_size_set(db, admin, 12), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_min_group_size_set(db, op, 12));

    /* Anchors, then a tampered file refused and repaired. */
    CHECK_OK(diary_access_log_head(db, op, &head, &hash));
    CHECK(head > 0 && hash != NULL && strlen(hash) == 64);
    CHECK_OK(diary_access_log_verify_anchor(db, op, head, hash, &entries, &broken, &matches));
    CHECK(matches == 1 && broken == 0 && entries >= head);
    /* A hash that is not 64 lowercase hexadecimal digits names the anchor. */
    CHECK_STATUS(diary_access_log_verify_anchor(db, op, head, "\xe2\x80\xae" "0000000000000000000000000000000000000000000000000000000000000", &entries, &broken, &matches),
                 DIARY_ERR_INVALID_INPUT, "anchor");
    CHECK_STATUS(diary_access_log_head(db, teacher, &head, &json), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    diary_string_free(hash);
    diary_close(db);
    CHECK_STATUS(diary_repair_schema(path, &json), DIARY_OK, (const char *)NULL);
    CHECK(json != NULL && strcmp(json, "[]") == 0);
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_repair_schema("/nonexistent/dir/x.diary", &json), DIARY_ERR_NOT_A_DIARY, (const char *)NULL);
    return finish("c hardening");
}
