/* Visits and meals through the C ABI: turnstile events out of order and
 * repeated, a child's day and the class teacher's view; a menu in kopecks,
 * an order before the cut-off, a payment counted once, a meal served and
 * charged, the statement and the low-balance notification; bad input and
 * another school's admin refused with nothing stored. */
#include "check.h"

struct inbox {
    int count;
    char last[2048];
};

static int32_t notify(void *user_data, const char *json) {
    struct inbox *in = user_data;
    in->count++;
    snprintf(in->last, sizeof in->last, "%s", json);
    return 0;
}

int main(int argc, char **argv) {
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, teacher = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor mother = {DIARY_ACTOR_VOUCHED, 0}, spy = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, other, year, t_id, a_id, spy_id, c5a, student, m_id, tmp, menu = 0, order = 0, balance = 0;
    int64_t recorded = -1, duplicates = -1, without = -1;
    char *json = NULL;
    char body[2048];
    int32_t dishes[2] = {0, 2};
    int32_t bad_dish[1] = {-1};
    struct inbox in = {0, {0}};
    (void)argc;
    (void)argv;

    CHECK_OK(diary_open_with_clock(NULL, 1726826400, &db)); /* Fri 2024-09-20 10:00 UTC, 13:00 in Moscow */
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
    CHECK_OK(diary_person_register(db, admin, school, "Ivanova", "M", NULL, "1985-07-07", "111-111-111 45", &m_id));
    CHECK_OK(diary_guardian_add(db, admin, student, m_id, DIARY_RELATION_MOTHER, 1));
    mother.person = m_id;

    /* Visits: the exit first, then both (one repeated). 04:52/11:10 UTC are
       07:52/14:10 in Moscow. */
    snprintf(body, sizeof body,
             "[{\"student\":%lld,\"direction\":\"exit\",\"at\":1726485000,\"device\":\"gate-1\"}]",
             (long long)student);
    CHECK_OK(diary_visits_record(db, op, school, body, &recorded, &duplicates, &without));
    CHECK(recorded == 1 && duplicates == 0);
    snprintf(body, sizeof body,
             "[{\"student\":%lld,\"direction\":\"entry\",\"at\":\"2024-09-16T07:52:00+03:00\",\"device\":\"gate-1\"},"
             "{\"student\":%lld,\"direction\":\"exit\",\"at\":1726485000,\"device\":\"gate-1\"}]",
             (long long)student, (long long)student);
    CHECK_OK(diary_visits_record(db, admin, school, body, &recorded, &duplicates, &without));
    CHECK(recorded == 1 && duplicates == 1);
    CHECK_OK(diary_presence_json(db, mother, student, "2024-09-16", "2024-09-17", &json));
    CHECK(json && strstr(json, "\"entered\":\"07:52\"") && strstr(json, "\"left\":\"14:10\"") &&
          strstr(json, "\"inside\":false"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_class_presence_json(db, teacher, c5a, "2024-09-16", &json));
    CHECK(json && strstr(json, "\"absent_but_entered\":[]"));
    diary_string_free(json);
    json = NULL;
    /* Bad events store nothing and name the event. */
    snprintf(body, sizeof body,
             "[{\"student\":%lld,\"direction\":\"entry\",\"at\":1726470000,\"device\":\"gate-1\"},"
             "{\"student\":%lld,\"direction\":\"entry\",\"at\":1726470000,\"device\":\"gate 1\"}]",
             (long long)student, (long long)student);
    CHECK_STATUS(diary_visits_record(db, admin, school, body, &recorded, &duplicates, &without), DIARY_ERR_INVALID_INPUT,
                 "events[1].device");
    snprintf(body, sizeof body,
             "[{\"student\":%lld,\"direction\":\"sideways\",\"at\":1726470000,\"device\":\"g\"}]", (long long)student);
    CHECK_STATUS(diary_visits_record(db, admin, school, body, &recorded, &duplicates, &without), DIARY_ERR_INVALID_INPUT,
                 "events_json[0].direction");
    snprintf(body, sizeof body,
             "[{\"student\":%lld,\"direction\":\"entry\",\"at\":\"2024-09-16 07:52:00\",\"device\":\"g\"}]",
             (long long)student);
    CHECK_STATUS(diary_visits_record(db, admin, school, body, &recorded, &duplicates, &without), DIARY_ERR_INVALID_INPUT,
                 "events_json[0].at");
    CHECK_STATUS(diary_visits_record(db, admin, school, "[]", &recorded, &duplicates, &without), DIARY_ERR_INVALID_INPUT,
                 "events");
    CHECK_STATUS(diary_visits_record(db, admin, school, "{", &recorded, &duplicates, &without), DIARY_ERR_INVALID_INPUT,
                 "events_json");
    /* Another school's admin: the school, the child and the class are not found. */
    snprintf(body, sizeof body,
             "[{\"student\":%lld,\"direction\":\"entry\",\"at\":1726470000,\"device\":\"g\"}]", (long long)student);
    CHECK_STATUS(diary_visits_record(db, spy, school, body, &recorded, &duplicates, &without), DIARY_ERR_NOT_FOUND,
                 (const char *)NULL);
    CHECK_STATUS(diary_visits_record(db, spy, other, body, &recorded, &duplicates, &without), DIARY_ERR_INVALID_INPUT,
                 "events[0].student");
    CHECK_STATUS(diary_presence_json(db, spy, student, "2024-09-16", "2024-09-16", &json), DIARY_ERR_NOT_FOUND,
                 (const char *)NULL);
    CHECK(json == NULL);
    CHECK_STATUS(diary_class_presence_json(db, spy, c5a, "2024-09-16", &json), DIARY_ERR_NOT_FOUND,
                 (const char *)NULL);
    CHECK_OK(diary_presence_json(db, mother, student, "2024-09-16", "2024-09-16", &json));
    CHECK(json && strstr(json, "\"device\":\"g\"") == NULL);
    diary_string_free(json);
    json = NULL;

    /* Consent: given, then withdrawn by the mother — the turnstile's events
       of the child are no longer stored. */
    CHECK_STATUS(diary_consent_record(db, mother, student, school, DIARY_CONSENT_VISITS_MEALS, DIARY_DECISION_GIVEN,
                                      DIARY_CHANNEL_ONLINE),
                 DIARY_ERR_INVALID_INPUT, "purpose");
    CHECK_OK(diary_consent_text_publish(db, admin, school, DIARY_CONSENT_VISITS_MEALS, "I consent to the processing of entry, exit and meal data."));
    CHECK_STATUS(diary_consent_text_publish(db, spy, school, DIARY_CONSENT_VISITS_MEALS, "x"), DIARY_ERR_NOT_FOUND,
                 (const char *)NULL);
    CHECK_STATUS(diary_consent_record(db, mother, student, school, 99, DIARY_DECISION_GIVEN, DIARY_CHANNEL_ONLINE),
                 DIARY_ERR_INVALID_INPUT, "purpose");
    CHECK_OK(diary_consent_record(db, mother, student, school, DIARY_CONSENT_VISITS_MEALS, DIARY_DECISION_GIVEN,
                                  DIARY_CHANNEL_ONLINE));
    CHECK_OK(diary_consent_record(db, mother, student, school, DIARY_CONSENT_VISITS_MEALS, DIARY_DECISION_WITHDRAWN,
                                  DIARY_CHANNEL_PAPER));
    snprintf(body, sizeof body,
             "[{\"student\":%lld,\"direction\":\"entry\",\"at\":1726560000,\"device\":\"gate-1\"}]",
             (long long)student);
    CHECK_OK(diary_visits_record(db, admin, school, body, &recorded, &duplicates, &without));
    CHECK(recorded == 0 && without == 1);
    CHECK_OK(diary_consents_json(db, mother, student, &json));
    CHECK(json && strstr(json, "\"decision\":\"given\"") && strstr(json, "\"decision\":\"withdrawn\""));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_consents_json(db, spy, student, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_OK(diary_consent_record(db, admin, student, school, DIARY_CONSENT_VISITS_MEALS, DIARY_DECISION_GIVEN,
                                  DIARY_CHANNEL_PAPER));

    /* Meals: a Monday lunch in kopecks. */
    snprintf(body, sizeof body,
             "{\"school\":%lld,\"day\":\"2024-09-23\",\"meal\":\"lunch\",\"items\":["
             "{\"name\":\"Борщ\",\"price\":8550,\"allergens\":[\"celery\"]},"
             "{\"name\":\"Котлета\",\"price\":12000,\"allergens\":[\"gluten\",\"eggs\"]},"
             "{\"name\":\"Компот\",\"price\":1999}]}",
             (long long)school);
    CHECK_STATUS(diary_menu_publish(db, mother, body, &menu), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_menu_publish(db, spy, body, &menu), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_OK(diary_menu_publish(db, admin, body, &menu));
    CHECK_OK(diary_school_menus_json(db, teacher, school, "2024-09-23", "2024-09-23", &json));
    CHECK(json && strstr(json, "\"price\":22549") && strstr(json, "\"meal\":\"lunch\""));
    diary_string_free(json);
    json = NULL;
    snprintf(body, sizeof body,
             "{\"school\":%lld,\"day\":\"2024-09-24\",\"meal\":\"lunch\",\"items\":[{\"name\":\"X\",\"price\":1.5}]}",
             (long long)school);
    CHECK_STATUS(diary_menu_publish(db, admin, body, &tmp), DIARY_ERR_INVALID_INPUT, "menu_json.items[0].price");
    snprintf(body, sizeof body,
             "{\"school\":%lld,\"day\":\"2024-09-24\",\"meal\":\"lunch\",\"items\":[{\"name\":\"X\",\"price\":-1}]}",
             (long long)school);
    CHECK_STATUS(diary_menu_publish(db, admin, body, &tmp), DIARY_ERR_INVALID_INPUT, "items[0].price");

    CHECK_OK(diary_meal_settings_set(db, admin, school, 1, "14:00", 20000));
    CHECK_STATUS(diary_meal_settings_set(db, admin, school, 1, "14:60", 20000), DIARY_ERR_INVALID_INPUT, "cutoff_time");
    CHECK_STATUS(diary_meal_settings_set(db, admin, school, -1, "14:00", 20000), DIARY_ERR_INVALID_INPUT, "cutoff_days");
    CHECK_OK(diary_meal_settings_json(db, mother, school, &json));
    CHECK(json && strstr(json, "\"low_balance\":20000"));
    diary_string_free(json);
    json = NULL;

    CHECK_STATUS(diary_meal_order(db, mother, student, menu, bad_dish, 1, &order), DIARY_ERR_INVALID_INPUT, "items");
    CHECK_STATUS(diary_meal_order(db, mother, student, menu, NULL, 2, &order), DIARY_ERR_INVALID_INPUT, "items");
    CHECK_STATUS(diary_meal_order(db, spy, student, menu, NULL, 0, &order), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_OK(diary_meal_order(db, mother, student, menu, dishes, 2, &order));
    CHECK_STATUS(diary_meal_order(db, mother, student, menu, NULL, 0, &tmp), DIARY_ERR_CONFLICT, (const char *)NULL);

    CHECK_OK(diary_notifier_set(db, notify, &in));
    CHECK_OK(diary_meal_payment_record(db, op, student, 30000, "sbp:0001", &balance));
    CHECK(balance == 30000);
    CHECK_OK(diary_meal_payment_record(db, op, student, 30000, "sbp:0001", &balance));
    CHECK(balance == 30000);
    CHECK_STATUS(diary_meal_payment_record(db, op, student, 100, "sbp:0001", &balance), DIARY_ERR_CONFLICT,
                 (const char *)NULL);
    CHECK_STATUS(diary_meal_payment_record(db, op, student, 0, "sbp:0002", &balance), DIARY_ERR_INVALID_INPUT,
                 "amount");
    CHECK_STATUS(diary_meal_payment_record(db, spy, student, 100, "sbp:0003", &balance), DIARY_ERR_NOT_FOUND,
                 (const char *)NULL);

    CHECK_OK(diary_clock_set(db, 1727083800)); /* Mon 2024-09-23 09:30 UTC */
    CHECK_OK(diary_meal_served_record(db, op, student, menu, NULL, 0, &tmp));
    CHECK(tmp == order);
    CHECK_STATUS(diary_meal_served_record(db, op, student, menu, NULL, 0, &tmp), DIARY_ERR_CONFLICT,
                 (const char *)NULL);
    CHECK_OK(diary_meal_balance(db, mother, student, &balance));
    CHECK(balance == 30000 - 10549);
    /* 194.51 ₽ is below the 200 ₽ threshold: the mother is told. */
    CHECK(in.count == 1 && strstr(in.last, "\"event\":\"low_meal_balance\"") && strstr(in.last, "194.51"));
    CHECK_OK(diary_meal_orders_json(db, mother, student, "2024-09-23", "2024-09-23", &json));
    CHECK(json && strstr(json, "\"status\":\"served\"") && strstr(json, "\"items\":[0,2]"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_meal_statement_json(db, mother, student, "2024-09-01", &json));
    CHECK(json && strstr(json, "\"opening\":0") && strstr(json, "\"topped_up\":30000") &&
          strstr(json, "\"charged\":10549") && strstr(json, "\"closing\":19451"));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_meal_statement_json(db, teacher, student, "2024-09-01", &json), DIARY_ERR_ACCESS_DENIED,
                 (const char *)NULL);
    CHECK_OK(diary_meal_refund(db, admin, order, &balance));
    CHECK(balance == 30000);
    CHECK_STATUS(diary_meal_refund(db, admin, order, &balance), DIARY_ERR_CONFLICT, (const char *)NULL);
    CHECK_STATUS(diary_meal_order_cancel(db, mother, order), DIARY_ERR_CONFLICT, (const char *)NULL);

    diary_close(db);
    return finish("c services");
}
