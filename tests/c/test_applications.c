/* Access applications through the C ABI: an online application with its
 * documents, each checked, approved with a login in one step; a rejection
 * with reasons corrected and submitted again; the deadline and the overdue
 * list; bad input and another school's admin refused. */
#include "check.h"

static const char *HASH = "abababababababababababababababababababababababababababababababab";

int main(int argc, char **argv) {
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, teacher = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor spy = {DIARY_ACTOR_VOUCHED, 0}, father = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, other, year, t_id, a_id, spy_id, c5a, student, tmp, app = 0, person = 0;
    char *json = NULL, *login = NULL, *password = NULL;
    char body[2048], docs[2048];
    int32_t reasons[2] = {DIARY_REJECT_FORM_FILLED_WRONGLY, DIARY_REJECT_DATA_MISMATCH};
    int32_t bad_reason[1] = {99};
    int k;
    (void)argc;
    (void)argv;

    CHECK_OK(diary_open_with_clock(NULL, 1726826400, &db)); /* Fri 2024-09-20 13:00 in Moscow */
    CHECK_OK(diary_school_create(db, op, "School", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_OK(diary_school_create(db, op, "Other", "Moscow", "Europe/Moscow", 5, &other));
    CHECK_OK(diary_person_register(db, op, school, "Admin", "A", NULL, "1980-01-01", "112-233-445 95", &a_id));
    CHECK_OK(diary_staff_appoint(db, op, school, a_id, DIARY_ROLE_ADMIN));
    admin.person = a_id;
    CHECK_OK(diary_person_register(db, op, other, "Spy", "S", NULL, "1981-01-01", NULL, &spy_id));
    CHECK_OK(diary_staff_appoint(db, op, other, spy_id, DIARY_ROLE_ADMIN));
    spy.person = spy_id;
    CHECK_OK(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    CHECK_OK(diary_person_register(db, admin, school, "Petrova", "A", NULL, "1975-05-05", "123-456-789 64", &t_id));
    CHECK_OK(diary_staff_appoint(db, admin, school, t_id, DIARY_ROLE_TEACHER));
    teacher.person = t_id;
    CHECK_OK(diary_class_create(db, admin, year, 5, "A", t_id, &c5a));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanov", "I", NULL, "2013-03-03", "087-654-321 02", &student));
    CHECK_OK(diary_student_enrol(db, admin, student, c5a, "2024-09-01", &tmp));

    snprintf(body, sizeof body,
             "{\"school\":%lld,\"child_surname\":\"IVANOV\",\"child_birth_date\":\"2013-03-03\","
             "\"applicant\":{\"surname\":\"Ivanov\",\"first_name\":\"Pyotr\",\"birth_date\":\"1984-04-04\"},"
             "\"relation\":\"father\",\"legal_representative\":true,\"channel\":\"online\","
             "\"documents\":[{\"kind\":\"birth_certificate\",\"reference\":\"s3://a/1.pdf\",\"sha256\":\"%s\"}]}",
             (long long)school, HASH);
    /* The child's surname must match: a wrong one and an unknown child
       give the same answer. */
    CHECK_STATUS(diary_access_application_submit(db, op, "{\"school\":1}", &app), DIARY_ERR_INVALID_INPUT,
                 "application_json.child_surname");
    CHECK_STATUS(diary_access_application_submit(db, spy, body, &app), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_access_application_submit(db, teacher, body, &app), DIARY_ERR_ACCESS_DENIED,
                 (const char *)NULL);
    CHECK_OK(diary_access_application_submit(db, op, body, &app));
    CHECK_STATUS(diary_access_application_submit(db, op, body, &tmp), DIARY_ERR_CONFLICT, (const char *)NULL);
    CHECK_OK(diary_access_application_json(db, admin, app, &json));
    CHECK(json && strstr(json, "\"due\":\"2024-09-25\"") && strstr(json, "\"status\":\"submitted\"") &&
          strstr(json, "\"overdue\":false"));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_access_application_json(db, spy, app, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK(json == NULL);

    snprintf(docs, sizeof docs,
             "[{\"kind\":\"identity_document\",\"reference\":\"s3://a/2.pdf\",\"sha256\":\"%s\"},"
             "{\"kind\":\"application_form\",\"reference\":\"s3://a/3.pdf\",\"sha256\":\"%s\"},"
             "{\"kind\":\"consent\",\"reference\":\"s3://a/4.pdf\",\"sha256\":\"%s\"}]",
             HASH, HASH, HASH);
    CHECK_STATUS(diary_application_documents_provide(db, op, app, "[{\"kind\":\"consent\",\"reference\":\"x\",\"sha256\":\"zz\"}]"),
                 DIARY_ERR_INVALID_INPUT, "documents[0].sha256");
    CHECK_OK(diary_application_documents_provide(db, op, app, docs));
    CHECK_STATUS(diary_access_application_approve(db, admin, app, &person, &login, &password), DIARY_ERR_CONFLICT,
                 (const char *)NULL);
    CHECK(login == NULL && password == NULL);
    for (k = 0; k < 4; k++) CHECK_OK(diary_application_document_check(db, admin, app, k, 1));
    CHECK_STATUS(diary_application_document_check(db, spy, app, 0, 1), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_application_document_check(db, admin, app, 7, 1), DIARY_ERR_INVALID_INPUT, "kind");

    /* Rejected with reasons, corrected, submitted again. */
    CHECK_STATUS(diary_access_application_reject(db, admin, app, bad_reason, 1, NULL), DIARY_ERR_INVALID_INPUT, "reasons");
    CHECK_STATUS(diary_access_application_reject(db, admin, app, NULL, 0, NULL), DIARY_ERR_INVALID_INPUT, "reasons");
    CHECK_OK(diary_access_application_reject(db, admin, app, reasons, 2, "form filled in wrongly"));
    CHECK_OK(diary_access_applications_json(db, admin, school, DIARY_APPLICATION_REJECTED, &json));
    CHECK(json && strstr(json, "\"reasons\":[\"form_filled_wrongly\",\"data_mismatch\"]") &&
          strstr(json, "\"note\":\"form filled in wrongly\""));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_access_application_resubmit(
        db, op, app, "{\"surname\":\"Ivanov\",\"first_name\":\"Pyotr\",\"patronymic\":\"Petrovich\",\"birth_date\":\"1984-04-04\"}",
        NULL));
    /* Wednesday 25th passes: the application is overdue by the school's calendar. */
    CHECK_OK(diary_overdue_access_applications_json(db, admin, school, &json));
    CHECK(json && strcmp(json, "[]") == 0);
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_clock_set(db, 1727384400)); /* Fri 2024-09-27 00:00 in Moscow */
    CHECK_OK(diary_overdue_access_applications_json(db, admin, school, &json));
    CHECK(json && strstr(json, "\"overdue\":true"));
    diary_string_free(json);
    json = NULL;

    CHECK_OK(diary_access_application_approve(db, admin, app, &person, &login, &password));
    CHECK(person > 0 && login != NULL && password != NULL);
    father.person = person;
    CHECK_OK(diary_guardians_json(db, father, student, &json));
    CHECK(json && strstr(json, "\"relation\":\"father\""));
    diary_string_free(json);
    diary_string_free(login);
    diary_string_free(password);
    CHECK_OK(diary_access_application_json(db, admin, app, &json));
    CHECK(json && strstr(json, "\"what\":\"resubmitted\"") && strstr(json, "\"what\":\"approved\"") &&
          strstr(json, "\"applicant_patronymic\":\"Petrovich\""));
    diary_string_free(json);

    diary_close(db);
    return finish("c applications");
}
