/* Trusted persons and the access log through the C ABI. */
#include "check.h"

int main(void) {
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, teacher = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor mother = {DIARY_ACTOR_VOUCHED, 0}, granny = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, year, q1, a_id, t_id, c5a, maths, student, m_id, g_id, hw, tmp, grant = 0, entries = 0, broken = -1;
    char *json = NULL;
    diary_new_mark m;

    CHECK_OK(diary_open_in_memory(&db));
    CHECK_OK(diary_school_create(db, op, "School", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_OK(diary_person_register(db, op, school, "Admin", "A", NULL, "1980-01-01", "112-233-445 95", &a_id));
    CHECK_OK(diary_staff_appoint(db, op, school, a_id, DIARY_ROLE_ADMIN));
    admin.person = a_id;
    CHECK_OK(diary_trusted_rules_set(db, admin, school, 0, 7));
    CHECK_STATUS(diary_trusted_rules_set(db, admin, school, 25, 7), DIARY_ERR_INVALID_INPUT, "delay_hours");
    CHECK_OK(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    CHECK_OK(diary_period_add(db, admin, year, DIARY_PERIOD_QUARTER, "Q1", "2024-09-02", "2024-10-25", &q1));
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
    CHECK_OK(diary_person_register(db, admin, school, "Ivanova", "G", NULL, "1955-05-05", "222-333-444 16", &g_id));
    granny.person = g_id;
    /* Only people with an account can be invited. */
    {
        char *l = NULL, *p = NULL;
        CHECK_STATUS(diary_trusted_invite(db, mother, student, "Ivanova", "222-333-444 16", NULL, DIARY_SERVICE_DIARY, NULL, 0, &grant), DIARY_ERR_INVALID_INPUT, "invitee");
        CHECK_STATUS(diary_trusted_invite(db, mother, student, "Ivanova", NULL, NULL, DIARY_SERVICE_DIARY, NULL, 0, &grant), DIARY_ERR_INVALID_INPUT, "snils");
        CHECK_STATUS(diary_trusted_invite(db, mother, student, "Ivanova", "222-333-444 16", "+79161234567", DIARY_SERVICE_DIARY, NULL, 0, &grant), DIARY_ERR_INVALID_INPUT, "phone");
        CHECK_STATUS(diary_trusted_invite(db, mother, student, "Ivanova", NULL, "+79161234567", DIARY_SERVICE_DIARY, NULL, 0, &grant), DIARY_ERR_INVALID_INPUT, "invitee");
        CHECK_OK(diary_credentials_issue(db, admin, g_id, &l, &p));
        diary_string_free(l);
        diary_string_free(p);
    }
    CHECK_OK(diary_work_kind_create(db, admin, school, "Homework", "1", "1", "1", &hw));
    memset(&m, 0, sizeof m);
    m.struct_size = sizeof m;
    m.student = student;
    m.subject = maths;
    m.date = "2024-09-10";
    m.value = "5";
    m.work_kind = hw;
    CHECK_OK(diary_mark_record(db, teacher, &m, &tmp));

    CHECK_STATUS(diary_trusted_invite(db, mother, student, "Smirnova", "222-333-444 16", NULL, DIARY_SERVICE_DIARY, NULL, 0, &grant), DIARY_ERR_INVALID_INPUT, "invitee");
    CHECK_STATUS(diary_trusted_invite(db, mother, student, "Ivanova", "222-333-444 16", NULL, 0, NULL, 0, &grant), DIARY_ERR_INVALID_INPUT, "services");
    CHECK_OK(diary_trusted_invite(db, mother, student, "Ivanova", "222-333-444 16", NULL, DIARY_SERVICE_DIARY, NULL, 0, &grant));
    /* Before acceptance the child is unknown to the invitee: "not found". */
    CHECK_STATUS(diary_marks_json(db, granny, student, "2024-09-01", "2024-10-25", &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK(json == NULL);
    CHECK_OK(diary_invitations_json(db, granny, &json));
    CHECK(json && strstr(json, "\"status\":\"pending\"") != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_invitation_answer(db, granny, grant, 1)); /* the school's delay is 0 */
    CHECK_OK(diary_marks_json(db, granny, student, "2024-09-01", "2024-10-25", &json));
    CHECK(json && strstr(json, "\"label\":\"5\"") != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_grant_revoke(db, granny, grant), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_grant_revoke(db, mother, grant));
    /* Finer services: bits outside the set are refused; homework alone
       shows no marks (refused as "access denied": the child is known). */
    CHECK_STATUS(diary_trusted_invite(db, mother, student, "Ivanova", "222-333-444 16", NULL, 512, NULL, 0, &grant), DIARY_ERR_INVALID_INPUT, "services");
    CHECK_STATUS(diary_trusted_invite(db, mother, student, "Ivanova", "222-333-444 16", NULL, -4, NULL, 0, &grant), DIARY_ERR_INVALID_INPUT, "services");
    CHECK_OK(diary_trusted_invite(db, mother, student, "Ivanova", "222-333-444 16", NULL, DIARY_SERVICE_HOMEWORK | DIARY_SERVICE_MEALS, NULL, 0, &grant));
    CHECK_OK(diary_invitation_answer(db, granny, grant, 1));
    CHECK_OK(diary_trusted_grants_json(db, mother, student, &json));
    CHECK(json && strstr(json, "\"homework\":true") != NULL && strstr(json, "\"marks\":false") != NULL && strstr(json, "\"meals\":true") != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_marks_json(db, granny, student, "2024-09-01", "2024-10-25", &json), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK(json == NULL);
    CHECK_OK(diary_grant_revoke(db, mother, grant));
    /* Revoked: the nanny learns nothing, not even that the child exists. */
    CHECK_STATUS(diary_marks_json(db, granny, student, "2024-09-01", "2024-10-25", &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_OK(diary_trusted_grants_json(db, mother, student, &json));
    CHECK(json && strstr(json, "\"status\":\"revoked\"") != NULL);
    diary_string_free(json);
    json = NULL;

    CHECK_OK(diary_access_log_child_json(db, mother, student, &json));
    CHECK(json && strstr(json, "\"acting_as\":\"trusted_person\"") != NULL);
    CHECK(json && strstr(json, "\"allowed\":false") != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_access_log_verify(db, admin, &entries, &broken));
    CHECK(entries >= 4 && broken == 0);
    CHECK_STATUS(diary_access_log_verify(db, mother, &entries, &broken), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_access_log_school_json(db, mother, school, &json), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);

    CHECK_STATUS(diary_family_window_set(db, mother, school, 30), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_family_window_set(db, admin, school, 400), DIARY_ERR_INVALID_INPUT, "days");
    CHECK_OK(diary_family_window_set(db, admin, school, 0));
    CHECK_STATUS(diary_family_window_month_set(db, admin, school, 29), DIARY_ERR_INVALID_INPUT, "first_day");
    CHECK_STATUS(diary_family_window_month_set(db, mother, school, 1), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_family_window_month_set(db, admin, school, 25));
    CHECK_OK(diary_family_window_month_set(db, admin, school, 0));
    CHECK_STATUS(diary_regional_officer_appoint(db, admin, g_id, "Moscow"), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_regional_officer_appoint(db, op, g_id, "Moscow"));
    CHECK_OK(diary_regional_statistics_json(db, granny, "Moscow", &json));
    CHECK(json && strstr(json, "\"subject\":\"Mathematics\"") != NULL && strstr(json, "Ivanov") == NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_regional_statistics_json(db, mother, "Moscow", &json), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);

    /* The mother's data, with her child's, as one document. */
    CHECK_OK(diary_personal_data_export(db, mother, mother.person, &json));
    CHECK(json && strstr(json, "\"schema\": \"diary.personal-data/1\"") && strstr(json, "\"represented_children\"") &&
          strstr(json, "\"label\": \"5\""));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_personal_data_export(db, granny, student, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK(json == NULL);

    /* The mother entered a second time without SNILS: merged into the first. */
    {
        int64_t twin = 0;
        CHECK_OK(diary_person_register(db, admin, school, "Ivanova", "Mariya", NULL, "1985-07-07", NULL, &twin));
        CHECK_OK(diary_guardian_add(db, admin, student, twin, DIARY_RELATION_MOTHER, 1));
        CHECK_STATUS(diary_people_merge(db, mother, m_id, twin, "twice"), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
        CHECK_STATUS(diary_people_merge(db, admin, m_id, student, "twice"), DIARY_ERR_CONFLICT, (const char *)NULL);
        CHECK_STATUS(diary_people_merge(db, admin, m_id, twin, ""), DIARY_ERR_INVALID_INPUT, "reason");
        CHECK_OK(diary_people_merge(db, admin, m_id, twin, "registered twice"));
        CHECK_OK(diary_guardians_json(db, admin, student, &json));
        CHECK(json && strstr(json, "Mariya") == NULL);
        diary_string_free(json);
        json = NULL;
    }

    /* Erasure: refused while the child is enrolled; the granny, with no
       current ties, is erased and the record says so. */
    CHECK_STATUS(diary_person_erase(db, admin, student, DIARY_ERASURE_SUBJECT_REQUEST, NULL), DIARY_ERR_CONFLICT,
                 (const char *)NULL);
    CHECK_STATUS(diary_person_erase(db, mother, g_id, DIARY_ERASURE_SUBJECT_REQUEST, NULL), DIARY_ERR_ACCESS_DENIED,
                 (const char *)NULL);
    CHECK_STATUS(diary_person_erase(db, admin, g_id, 9, NULL), DIARY_ERR_INVALID_INPUT, "ground");
    CHECK_STATUS(diary_erasure_record_json(db, admin, g_id, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_OK(diary_person_erase(db, admin, g_id, DIARY_ERASURE_SUBJECT_REQUEST, "request 17"));
    CHECK_OK(diary_erasure_record_json(db, admin, g_id, &json));
    CHECK(json && strstr(json, "\"ground\":\"subject_request\"") && strstr(json, "\"pseudonym\":\"P-") &&
          strstr(json, "\"note\":\"request 17\""));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_access_log_verify(db, admin, &entries, &broken));
    CHECK(broken == 0);

    /* A key is refused by a build without encryption at rest. */
    {
        diary_db *enc = NULL;
        CHECK_STATUS(diary_open_encrypted("build/never.diary", "correct horse", DIARY_OPEN_CREATE, 5000, &enc),
                     DIARY_ERR_INVALID_INPUT, "key");
        CHECK(enc == NULL);
    }

    diary_close(db);
    return finish("c access");
}
