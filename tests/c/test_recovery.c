/* Recovery contacts, password reset and login reminder through the C ABI,
 * with a C function as the host's delivery. */
#include "check.h"
#include <stdio.h>

#define PW(s) (const uint8_t *)(s), strlen(s)

typedef struct {
    int count;
    int refuse;
    char last[2048];
} outbox;

static int32_t deliver(void *user_data, const char *json) {
    outbox *o = user_data;
    if (o->refuse) return 7;
    o->count++;
    strncpy(o->last, json, sizeof o->last - 1);
    o->last[sizeof o->last - 1] = '\0';
    return 0;
}

/* Copies the value of "secret" from the last message into out. */
static int secret_of(const outbox *o, char *out, size_t size) {
    const char *p = strstr(o->last, "\"secret\":\"");
    size_t n = 0;
    if (!p) return 0;
    p += strlen("\"secret\":\"");
    while (p[n] && p[n] != '"' && n + 1 < size) { out[n] = p[n]; n++; }
    out[n] = '\0';
    return n > 0;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "test_recovery.diary";
    char side[512];
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, who;
    int64_t school, year, a_id, t_id, c5a, student, tmp;
    char *login = NULL, *temp = NULL, *token = NULL;
    char code[128], reset[128];
    int32_t must = -1;
    outbox box;

    memset(&box, 0, sizeof box);
    remove(path);
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);

    CHECK_STATUS(diary_open_with_delivery(path, NULL, &box, &db), DIARY_ERR_INVALID_INPUT, "deliver");
    CHECK(db == NULL);
    CHECK_OK(diary_open_with_delivery(path, deliver, &box, &db));
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
    CHECK_OK(diary_login(db, login, PW(temp), &token, &must));
    CHECK_OK(diary_password_change(db, token, PW(temp), PW("correct horse battery")));
    diary_string_free(token);
    token = NULL;
    CHECK_OK(diary_login(db, login, PW("correct horse battery"), &token, &must));

    /* Set and confirm a phone number. */
    CHECK_STATUS(diary_contact_set(db, token, PW("correct horse battery"), 9, "+79161234567"), DIARY_ERR_INVALID_INPUT, "kind");
    CHECK_STATUS(diary_contact_set(db, token, PW("correct horse battery"), DIARY_CONTACT_PHONE, "12"), DIARY_ERR_INVALID_INPUT, "phone");
    CHECK_STATUS(diary_contact_set(db, token, PW("wrong password"), DIARY_CONTACT_PHONE, "+79161234567"), DIARY_ERR_AUTHENTICATION_FAILED, (const char *)NULL);
    CHECK(box.count == 0);
    CHECK_OK(diary_contact_set(db, token, PW("correct horse battery"), DIARY_CONTACT_PHONE, "8 (916) 123-45-67"));
    CHECK(box.count == 1);
    CHECK(strstr(box.last, "\"address\":\"+79161234567\"") != NULL);
    CHECK(strstr(box.last, "\"purpose\":\"confirm_contact\"") != NULL);
    CHECK(secret_of(&box, code, sizeof code) && strlen(code) == 6);
    CHECK_STATUS(diary_contact_confirm(db, token, DIARY_CONTACT_PHONE, "abc"), DIARY_ERR_INVALID_INPUT, "code");
    CHECK_OK(diary_contact_confirm(db, token, DIARY_CONTACT_PHONE, code));

    /* Forgot password: a reset token through the delivery. */
    CHECK_OK(diary_password_reset_request(db, "nobody"));
    CHECK(box.count == 1);
    CHECK_OK(diary_password_reset_request(db, login));
    CHECK(box.count == 2 && strstr(box.last, "\"purpose\":\"password_reset\"") != NULL);
    CHECK(secret_of(&box, reset, sizeof reset));
    CHECK_STATUS(diary_password_reset(db, reset, PW("short")), DIARY_ERR_INVALID_INPUT, "new_password");
    CHECK_OK(diary_password_reset(db, reset, PW("a brand new passphrase")));
    CHECK_STATUS(diary_session_actor(db, token, &who), DIARY_ERR_AUTHENTICATION_FAILED, (const char *)NULL);
    CHECK_STATUS(diary_password_reset(db, reset, PW("yet another passphrase")), DIARY_ERR_AUTHENTICATION_FAILED, (const char *)NULL);
    diary_string_free(token);
    token = NULL;
    CHECK_OK(diary_login(db, login, PW("a brand new passphrase"), &token, &must));

    /* Forgot login. */
    CHECK_OK(diary_login_reminder_request(db, DIARY_CONTACT_PHONE, "+7 916 123 45 67"));
    CHECK(strstr(box.last, "\"purpose\":\"forgot_login\"") != NULL && strstr(box.last, login) != NULL);

    /* A delivery that refuses is reported with its own status and code, and
     * nothing is stored; an anonymous reset request keeps its quiet answer. */
    box.refuse = 1;
    CHECK_STATUS(diary_contact_set(db, token, PW("a brand new passphrase"), DIARY_CONTACT_EMAIL, "p@example.ru"), DIARY_ERR_DELIVERY_FAILED, (const char *)NULL);
    CHECK(strstr(diary_errmsg(), "returned 7") != NULL);
    CHECK_OK(diary_password_reset_request(db, login));
    box.refuse = 0;
    CHECK_STATUS(diary_contact_confirm(db, token, DIARY_CONTACT_EMAIL, "123456"), DIARY_ERR_INVALID_INPUT, "code");

    /* Account lifetimes: the operator sets them, in range. */
    {
        diary_account_settings s = DIARY_ACCOUNT_SETTINGS_INIT;
        memset(&s, 0, sizeof s);
        s.struct_size = sizeof s;
        CHECK_STATUS(diary_account_settings_get(db, NULL), DIARY_ERR_INVALID_INPUT, "out");
        CHECK_OK(diary_account_settings_get(db, &s));
        CHECK(s.temporary_password_days == 14 && s.reset_token_minutes == 30 && s.link_code_days == 14);
        s.link_code_days = 7;
        CHECK_STATUS(diary_account_settings_set(db, admin, &s), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
        CHECK_STATUS(diary_account_settings_set(db, op, NULL), DIARY_ERR_INVALID_INPUT, "settings");
        s.reset_token_minutes = 2;
        CHECK_STATUS(diary_account_settings_set(db, op, &s), DIARY_ERR_INVALID_INPUT, "reset_token_minutes");
        s.reset_token_minutes = 60;
        CHECK_OK(diary_account_settings_set(db, op, &s));
        memset(&s, 0, sizeof s);
        s.struct_size = sizeof s;
        CHECK_OK(diary_account_settings_get(db, &s));
        CHECK(s.link_code_days == 7 && s.reset_token_minutes == 60);
    }

    /* A parent links the child with a one-time code from the class teacher. */
    {
        diary_actor teacher = {DIARY_ACTOR_VOUCHED, 0}, parent = {DIARY_ACTOR_VOUCHED, 0};
        int64_t father, linked = -1, expires = 0;
        char *link = NULL, *children = NULL;
        teacher.person = t_id;
        CHECK_OK(diary_person_register(db, admin, school, "Иванов", "Пётр", NULL, "1980-01-01", NULL, &father));
        parent.person = father;
        /* A registered person with no tie to the child: "not found". */
        CHECK_STATUS(diary_link_code_issue(db, parent, student, DIARY_RELATION_FATHER, 1, &link, &expires), DIARY_ERR_NOT_FOUND, (const char *)NULL);
        CHECK(link == NULL);
        CHECK_STATUS(diary_link_code_issue(db, teacher, student, 17, 1, &link, &expires), DIARY_ERR_INVALID_INPUT, "relation");
        CHECK_OK(diary_link_code_issue(db, teacher, student, DIARY_RELATION_FATHER, 1, &link, &expires));
        CHECK(link != NULL && strlen(link) == 14 && expires > 0);
        CHECK_STATUS(diary_link_code_redeem(db, parent, "WRONG-CODE", &linked), DIARY_ERR_INVALID_INPUT, "code");
        CHECK_OK(diary_link_code_redeem(db, parent, link, &linked));
        CHECK(linked == student);
        CHECK_STATUS(diary_link_code_redeem(db, parent, link, &linked), DIARY_ERR_INVALID_INPUT, "code");
        CHECK_OK(diary_children_json(db, parent, father, &children));
        CHECK(strstr(children, "\"relation\":\"father\"") != NULL);
        diary_string_free(children);
        diary_string_free(link);

        /* Families' contacts: the class teacher and admins only. */
        children = NULL;
        CHECK_STATUS(diary_family_contacts_json(db, parent, student, &children), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
        CHECK(children == NULL);
        CHECK_OK(diary_family_contacts_json(db, teacher, student, &children));
        CHECK(strstr(children, "\"phone\":\"+79161234567\"") != NULL && strstr(children, "\"relation\":\"father\"") != NULL);
        diary_string_free(children);
        children = NULL;
        CHECK_OK(diary_my_contacts_json(db, token, &children));
        CHECK(strstr(children, "\"phone\":\"+79161234567\"") != NULL && strstr(children, "\"relation\":null") != NULL);
        diary_string_free(children);
    }

    diary_string_free(token);
    diary_string_free(login);
    diary_string_free(temp);
    diary_close(db);
    return finish("c recovery");
}
