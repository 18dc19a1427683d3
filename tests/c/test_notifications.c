/* Host notifications through the C ABI: a notifier callback told about a
 * class chat message and an urgent announcement, a muted event, quiet
 * hours that queue a notification until the operator hands it over, and
 * a refusing callback that refuses the write. */
#include "check.h"

struct inbox {
    int count;
    int refuse;
    char last[2048];
};

static int32_t notify(void *user_data, const char *json) {
    struct inbox *in = user_data;
    if (in->refuse) return 7;
    in->count++;
    snprintf(in->last, sizeof in->last, "%s", json);
    return 0;
}

int main(void) {
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, teacher = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor mother = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, year, t_id, a_id, c5a, student, m_id, tmp, chat = 0, count = 0;
    char *json = NULL;
    char body[1024];
    struct inbox in = {0, 0, {0}};

    CHECK_OK(diary_open_with_clock(NULL, 1726826400, &db)); /* 2024-09-20 10:00 UTC, 13:00 in Moscow */
    CHECK_OK(diary_school_create(db, op, "School", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_OK(diary_person_register(db, op, school, "Admin", "A", NULL, "1980-01-01", "112-233-445 95", &a_id));
    CHECK_OK(diary_staff_appoint(db, op, school, a_id, DIARY_ROLE_ADMIN));
    admin.person = a_id;
    CHECK_OK(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    CHECK_OK(diary_person_register(db, admin, school, "Petrov", "P", NULL, "1975-05-05", "123-456-789 64", &t_id));
    CHECK_OK(diary_staff_appoint(db, admin, school, t_id, DIARY_ROLE_TEACHER));
    teacher.person = t_id;
    CHECK_OK(diary_class_create(db, admin, year, 5, "A", t_id, &c5a));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanov", "I", NULL, "2013-03-03", "087-654-321 02", &student));
    CHECK_OK(diary_student_enrol(db, admin, student, c5a, "2024-09-01", &tmp));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanova", "M", NULL, "1985-07-07", "111-111-111 45", &m_id));
    CHECK_OK(diary_guardian_add(db, admin, student, m_id, DIARY_RELATION_MOTHER, 1));
    mother.person = m_id;
    CHECK_OK(diary_class_chat_open(db, teacher, c5a, &chat));

    CHECK_OK(diary_notifier_set(db, notify, &in));
    snprintf(body, sizeof body, "{\"conversation\":%lld,\"text\":\"Excursion on Friday\"}", (long long)chat);
    CHECK_OK(diary_chat_message_post(db, teacher, body, &tmp));
    CHECK(in.count == 1 && strstr(in.last, "\"event\":\"chat_message\"") && strstr(in.last, "Excursion on Friday"));

    /* Muted chat messages; quiet hours 22:00-07:00 for the rest. */
    CHECK_STATUS(diary_notification_preferences_set(db, mother, m_id, "{\"quiet_from\":\"22:00\"}"),
                 DIARY_ERR_INVALID_INPUT, "quiet_until");
    CHECK_STATUS(diary_notification_preferences_set(db, teacher, m_id, "{}"), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_OK(diary_notification_preferences_set(
        db, mother, m_id, "{\"muted\":[\"chat_message\"],\"quiet_from\":\"22:00\",\"quiet_until\":\"07:00\"}"));
    CHECK_OK(diary_notification_preferences_json(db, mother, m_id, &json));
    CHECK(json && strstr(json, "\"muted\":[\"chat_message\"]") && strstr(json, "\"quiet_from\":\"22:00\""));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_chat_message_post(db, teacher, body, &tmp));
    CHECK(in.count == 1);

    CHECK_OK(diary_clock_set(db, 1726862400)); /* 2024-09-20 20:00 UTC, 23:00 in Moscow */
    snprintf(body, sizeof body,
             "{\"school\":%lld,\"kind\":\"news\",\"title\":\"Concert\",\"body\":\"On Saturday\","
             "\"audience\":[{\"scope\":\"class\",\"id\":%lld,\"role\":\"parents\"}],"
             "\"shown_from\":\"2024-09-21\",\"shown_until\":\"2024-09-30\"}",
             (long long)school, (long long)c5a);
    CHECK_OK(diary_announcement_publish(db, admin, body, &tmp));
    CHECK(in.count == 1);
    CHECK_OK(diary_notifications_queued(db, op, &count));
    CHECK(count == 1);
    CHECK_STATUS(diary_notifications_deliver_due(db, admin, &count), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_clock_set(db, 1726891200)); /* 2024-09-21 04:00 UTC, 07:00 in Moscow */
    CHECK_OK(diary_notifications_deliver_due(db, op, &count));
    CHECK(count == 1 && in.count == 2 && strstr(in.last, "\"delayed\":true") && strstr(in.last, "\"Concert\""));

    /* A refusing notifier refuses the write; removing it lets writes go on. */
    in.refuse = 1;
    snprintf(body, sizeof body, "{\"conversation\":%lld,\"text\":\"lost?\"}", (long long)chat);
    CHECK_OK(diary_notification_preferences_set(db, mother, m_id, "{}"));
    CHECK_STATUS(diary_chat_message_post(db, teacher, body, &tmp), DIARY_ERR_DELIVERY_FAILED, (const char *)NULL);
    CHECK_OK(diary_notifier_set(db, NULL, NULL));
    CHECK_OK(diary_chat_message_post(db, teacher, body, &tmp));
    CHECK_OK(diary_chat_messages_json(db, mother, chat, 0, 10, &json));
    CHECK(json && strstr(json, "lost?") && !strstr(strstr(json, "lost?") + 1, "lost?"));
    diary_string_free(json);

    diary_close(db);
    return finish("c notifications");
}
