/* Credentials, first login, sessions and throttling through the C ABI;
 * passwords as pointer + length. */
#include "check.h"
#include <string.h>

#define PW(s) (const uint8_t *)(s), strlen(s)

int main(void) {
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, who;
    int64_t school, year, a_id, t_id, c5a, student, tmp;
    char *login = NULL, *temp = NULL, *token = NULL;
    int32_t must = -1;
    int i;

    CHECK_OK(diary_open_in_memory(&db));
    CHECK_OK(diary_school_create(db, op, "School", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_OK(diary_person_register(db, op, school, "Admin", "A", NULL, "1980-01-01", "112-233-445 95", &a_id));
    CHECK_OK(diary_staff_appoint(db, op, school, a_id, DIARY_ROLE_ADMIN));
    admin.person = a_id;
    CHECK_OK(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    CHECK_OK(diary_person_register(db, admin, school, "Petrov", "P", NULL, "1975-05-05", "123-456-789 64", &t_id));
    CHECK_OK(diary_staff_appoint(db, admin, school, t_id, DIARY_ROLE_TEACHER));
    CHECK_OK(diary_class_create(db, admin, year, 5, "A", t_id, &c5a));
    CHECK_OK(diary_person_register(db, admin, school, "Иванов", "Иван", NULL, "2013-03-03", "087-654-321 02", &student));
    CHECK_OK(diary_student_enrol(db, admin, student, c5a, "2024-09-01", &tmp));

    CHECK_OK(diary_credentials_issue(db, admin, student, &login, &temp));
    CHECK(login && strcmp(login, "ivanov.i") == 0);
    CHECK(temp && strlen(temp) == 12);

    CHECK_STATUS(diary_login(db, login, PW("wrong password"), &token, &must), DIARY_ERR_AUTHENTICATION_FAILED, (const char *)NULL);
    CHECK(token == NULL);
    CHECK_STATUS(diary_login(db, "nobody", PW("wrong password"), &token, &must), DIARY_ERR_AUTHENTICATION_FAILED, (const char *)NULL);
    /* Bad bytes and over-long passwords are wrong passwords, as in Rust and Python. */
    CHECK_STATUS(diary_login(db, login, (const uint8_t *)"\xff\xfe", 2, &token, &must), DIARY_ERR_AUTHENTICATION_FAILED, (const char *)NULL);
    {
        static uint8_t longpw[4096];
        memset(longpw, 'x', sizeof longpw);
        CHECK_STATUS(diary_login(db, login, longpw, sizeof longpw, &token, &must), DIARY_ERR_AUTHENTICATION_FAILED, (const char *)NULL);
        CHECK_STATUS(diary_login(db, login, longpw, (size_t)2 << 20, &token, &must), DIARY_ERR_AUTHENTICATION_FAILED, (const char *)NULL);
    }
    CHECK_OK(diary_login(db, login, PW(temp), &token, &must));
    CHECK(token != NULL && must == 1);
    CHECK_STATUS(diary_session_actor(db, token, &who), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_password_change(db, token, PW(temp), PW("short")), DIARY_ERR_INVALID_INPUT, "new_password");
    CHECK_OK(diary_password_change(db, token, PW(temp), PW("correct horse battery")));
    diary_string_free(token);
    token = NULL;
    CHECK_OK(diary_login(db, login, PW("correct horse battery"), &token, &must));
    CHECK(must == 0);
    CHECK_OK(diary_session_actor(db, token, &who));
    CHECK(who.kind == DIARY_ACTOR_VOUCHED && who.person == student);
    {
        char *list = NULL;
        CHECK_OK(diary_my_sessions_json(db, token, &list));
        CHECK(list && strstr(list, "\"current\":true") != NULL);
        diary_string_free(list);
        CHECK_STATUS(diary_my_session_revoke(db, token, "0000000000000000"), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    }
    CHECK_OK(diary_logout(db, token));
    CHECK_STATUS(diary_session_actor(db, token, &who), DIARY_ERR_AUTHENTICATION_FAILED, (const char *)NULL);
    diary_string_free(token);
    token = NULL;

    for (i = 0; i < 5; i++) diary_login(db, login, PW("wrong password"), &token, &must);
    CHECK_STATUS(diary_login(db, login, PW("correct horse battery"), &token, &must), DIARY_ERR_AUTHENTICATION_FAILED, (const char *)NULL);
    CHECK_OK(diary_account_unlock(db, admin, student));
    CHECK_OK(diary_login(db, login, PW("correct horse battery"), &token, &must));
    diary_string_free(token);
    token = NULL;
    CHECK_OK(diary_account_set_disabled(db, admin, student, 1));
    CHECK_STATUS(diary_login(db, login, PW("correct horse battery"), &token, &must), DIARY_ERR_AUTHENTICATION_FAILED, (const char *)NULL);

    diary_string_free(login);
    diary_string_free(temp);
    diary_close(db);
    return finish("c accounts");
}
