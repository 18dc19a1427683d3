/* Announcements through the C ABI: publish (JSON), a family's list, read
 * receipts, edits with versions, withdrawal, and another school's admin
 * naming the announcement by id and learning nothing. */
#include "check.h"

int main(void) {
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, teacher = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor mother = {DIARY_ACTOR_VOUCHED, 0}, other_admin = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, other, year, t_id, a_id, oa_id, c5a, maths, student, m_id, tmp, ann = 0;
    char *json = NULL;
    char body[1024];

    /* 2024-09-20 10:00 UTC. */
    CHECK_OK(diary_open_with_clock(NULL, 1726826400, &db));
    CHECK_OK(diary_school_create(db, op, "School", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_OK(diary_school_create(db, op, "Other", "Moscow", "Europe/Moscow", 5, &other));
    CHECK_OK(diary_person_register(db, op, school, "Admin", "A", NULL, "1980-01-01", "112-233-445 95", &a_id));
    CHECK_OK(diary_staff_appoint(db, op, school, a_id, DIARY_ROLE_ADMIN));
    admin.person = a_id;
    CHECK_OK(diary_person_register(db, op, other, "Other", "O", NULL, "1980-02-02", "222-333-444 16", &oa_id));
    CHECK_OK(diary_staff_appoint(db, op, other, oa_id, DIARY_ROLE_ADMIN));
    other_admin.person = oa_id;
    CHECK_OK(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    CHECK_OK(diary_person_register(db, admin, school, "Petrov", "P", NULL, "1975-05-05", "123-456-789 64", &t_id));
    CHECK_OK(diary_staff_appoint(db, admin, school, t_id, DIARY_ROLE_TEACHER));
    teacher.person = t_id;
    CHECK_OK(diary_class_create(db, admin, year, 5, "A", t_id, &c5a));
    CHECK_OK(diary_subject_create(db, admin, school, "Mathematics", &maths));
    CHECK_OK(diary_teacher_assign(db, admin, t_id, c5a, 0, maths, &tmp));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanov", "I", NULL, "2013-03-03", "087-654-321 02", &student));
    CHECK_OK(diary_student_enrol(db, admin, student, c5a, "2024-09-01", &tmp));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanova", "M", NULL, "1985-07-07", "111-111-111 45", &m_id));
    CHECK_OK(diary_guardian_add(db, admin, student, m_id, DIARY_RELATION_MOTHER, 1));
    mother.person = m_id;

    /* The class teacher tells the parents of 5A about a quarantine. */
    snprintf(body, sizeof body,
             "{\"school\":%lld,\"kind\":\"quarantine\",\"urgent\":true,\"title\":\"Quarantine\","
             "\"body\":\"5A stays home\",\"audience\":[{\"scope\":\"class\",\"id\":%lld,\"role\":\"parents\"}],"
             "\"shown_from\":\"2024-09-20\",\"shown_until\":\"2024-09-27\"}",
             (long long)school, (long long)c5a);
    CHECK_OK(diary_announcement_publish(db, teacher, body, &ann));
    CHECK(ann > 0);
    /* The mother sees it, unread; the student (not a parent) does not. */
    CHECK_OK(diary_announcements_json(db, mother, m_id, 0, &json));
    CHECK(json && strstr(json, "\"title\":\"Quarantine\"") && strstr(json, "\"read_at\":null"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_announcements_json(db, mother, m_id, student, &json));
    CHECK(json && strstr(json, "\"kind\":\"quarantine\""));
    diary_string_free(json);
    json = NULL;
    {
        diary_actor s = {DIARY_ACTOR_VOUCHED, 0};
        s.person = student;
        CHECK_OK(diary_announcements_json(db, s, student, 0, &json));
        CHECK(json && strcmp(json, "[]") == 0);
        diary_string_free(json);
        json = NULL;
    }
    CHECK_OK(diary_announcement_mark_read(db, mother, ann));
    CHECK_OK(diary_announcement_receipts_json(db, teacher, ann, &json));
    CHECK(json && strstr(json, "\"read_at\":") && strstr(json, "null") == NULL);
    diary_string_free(json);
    json = NULL;
    /* Edit: the old text is kept as a version. */
    CHECK_OK(diary_announcement_edit(db, teacher, ann, "{\"body\":\"5A stays home until Friday\"}"));
    CHECK_OK(diary_announcement_versions_json(db, admin, ann, &json));
    CHECK(json && strstr(json, "\"body\":\"5A stays home\""));
    diary_string_free(json);
    json = NULL;
    /* Bad input is named, and nothing is stored. */
    CHECK_STATUS(diary_announcement_edit(db, teacher, ann, "{\"titel\":\"x\"}"), DIARY_ERR_INVALID_INPUT, "edit_json.titel");
    CHECK_STATUS(diary_announcement_publish(db, teacher, "{\"school\":1}", &tmp), DIARY_ERR_INVALID_INPUT, "announcement_json.kind");
    /* A parent may not publish; the school-wide audience is for admins. */
    CHECK_STATUS(diary_announcement_publish(db, mother, body, &tmp), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    /* Another school's admin learns nothing: as for a missing id. */
    CHECK_STATUS(diary_announcement_json(db, other_admin, ann, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_announcement_receipts_json(db, other_admin, ann, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_announcement_withdraw(db, other_admin, ann), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_announcement_withdraw(db, other_admin, 999999), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK(json == NULL);
    /* Withdrawn: gone from the family's list. */
    CHECK_OK(diary_announcement_withdraw(db, admin, ann));
    CHECK_OK(diary_announcements_json(db, mother, m_id, 0, &json));
    CHECK(json && strcmp(json, "[]") == 0);
    diary_string_free(json);

    diary_close(db);
    return finish("c announcements");
}
