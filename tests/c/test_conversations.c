/* Conversations and class chats through the C ABI: a mother and the class
 * teacher talk about her child (unread counts, pages, search), a class
 * chat with a report, a hidden message and a mute, the school's rules
 * closing a way, bad input named, and another school's admin naming the
 * conversation and the message by id and learning nothing. */
#include "check.h"

int main(void) {
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, teacher = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor mother = {DIARY_ACTOR_VOUCHED, 0}, father = {DIARY_ACTOR_VOUCHED, 0}, other_admin = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, other, year, t_id, a_id, oa_id, c5a, student, son, m_id, f_id, tmp;
    int64_t conv = 0, chat = 0, msg = 0, rude = 0, report = 0;
    char *json = NULL;
    char body[1024];

    CHECK_OK(diary_open_with_clock(NULL, 1726826400, &db)); /* 2024-09-20 10:00 UTC */
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
    CHECK_OK(diary_person_register(db, admin, school, "Ivanov", "I", NULL, "2013-03-03", "087-654-321 02", &student));
    CHECK_OK(diary_student_enrol(db, admin, student, c5a, "2024-09-01", &tmp));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanova", "M", NULL, "1985-07-07", "111-111-111 45", &m_id));
    CHECK_OK(diary_guardian_add(db, admin, student, m_id, DIARY_RELATION_MOTHER, 1));
    mother.person = m_id;
    CHECK_OK(diary_person_register(db, admin, school, "Sidorov", "S", NULL, "2013-04-04", "100-200-300 30", &son));
    CHECK_OK(diary_student_enrol(db, admin, son, c5a, "2024-09-01", &tmp));
    CHECK_OK(diary_person_register(db, admin, school, "Sidorov", "F", NULL, "1982-08-08", "200-300-400 48", &f_id));
    CHECK_OK(diary_guardian_add(db, admin, son, f_id, DIARY_RELATION_FATHER, 1));
    father.person = f_id;

    /* A mother reaches her child's class teacher, not another family. */
    snprintf(body, sizeof body, "{\"school\":%lld,\"child\":%lld,\"participants\":[%lld],\"title\":\"Homework\"}",
             (long long)school, (long long)student, (long long)f_id);
    CHECK_STATUS(diary_conversation_start(db, mother, body, &conv), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    snprintf(body, sizeof body, "{\"school\":%lld,\"child\":%lld,\"participants\":[%lld],\"titel\":\"x\"}",
             (long long)school, (long long)student, (long long)t_id);
    CHECK_STATUS(diary_conversation_start(db, mother, body, &conv), DIARY_ERR_INVALID_INPUT, "conversation_json.titel");
    snprintf(body, sizeof body, "{\"school\":%lld,\"child\":%lld,\"participants\":[%lld],\"title\":\"Homework\"}",
             (long long)school, (long long)student, (long long)t_id);
    CHECK_OK(diary_conversation_start(db, mother, body, &conv));
    CHECK(conv > 0);
    snprintf(body, sizeof body, "{\"conversation\":%lld,\"text\":\"Какое домашнее задание по математике?\"}",
             (long long)conv);
    CHECK_OK(diary_chat_message_post(db, mother, body, &msg));
    snprintf(body, sizeof body, "{\"conversation\":%lld,\"text\":\"   \"}", (long long)conv);
    CHECK_STATUS(diary_chat_message_post(db, mother, body, &tmp), DIARY_ERR_INVALID_INPUT, "text");
    CHECK_OK(diary_unread_counts_json(db, teacher, t_id, &json));
    CHECK(json && strstr(json, "\"total\":1"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_chat_messages_json(db, teacher, conv, 0, 50, &json));
    CHECK(json && strstr(json, "математике") && strstr(json, "\"next\":null"));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_chat_messages_json(db, teacher, conv, 0, 0, &json), DIARY_ERR_INVALID_INPUT, "limit");
    CHECK_STATUS(diary_chat_messages_json(db, teacher, conv, 0, -1, &json), DIARY_ERR_INVALID_INPUT, "limit");
    CHECK_OK(diary_conversation_mark_read(db, teacher, conv, 0));
    CHECK_OK(diary_unread_counts_json(db, teacher, t_id, &json));
    CHECK(json && strstr(json, "\"total\":0"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_chat_search_json(db, teacher, t_id, "МАТЕМАТ", 10, &json));
    CHECK(json && strstr(json, "математике"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_chat_message_edit(db, mother, msg, "Какое задание по алгебре?"));
    CHECK_OK(diary_chat_message_versions_json(db, mother, msg, &json));
    CHECK(json && strstr(json, "\"version\":1") && strstr(json, "математике"));
    diary_string_free(json);
    json = NULL;

    /* A class chat: opened by the class teacher; a report, a hidden
     * message, a mute. */
    CHECK_STATUS(diary_class_chat_open(db, mother, c5a, &chat), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_class_chat_open(db, teacher, c5a, &chat));
    snprintf(body, sizeof body, "{\"conversation\":%lld,\"text\":\"Rude words\"}", (long long)chat);
    CHECK_OK(diary_chat_message_post(db, father, body, &rude));
    CHECK_OK(diary_chat_message_report(db, mother, rude, "insults", &report));
    CHECK(report > 0);
    CHECK_OK(diary_chat_reports_json(db, teacher, school, chat, &json));
    CHECK(json && strstr(json, "\"reason\":\"insults\""));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_chat_message_hide(db, mother, rude, "no"), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_chat_message_hide(db, teacher, rude, "insults another family"));
    CHECK_OK(diary_chat_messages_json(db, mother, chat, 0, 50, &json));
    CHECK(json && strstr(json, "\"messages\":[]"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_chat_messages_json(db, father, chat, 0, 50, &json));
    CHECK(json && strstr(json, "\"reason\":\"insults another family\""));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_participant_mute(db, teacher, chat, f_id, 1726912800)); /* a day */
    snprintf(body, sizeof body, "{\"conversation\":%lld,\"text\":\"hello\"}", (long long)chat);
    CHECK_STATUS(diary_chat_message_post(db, father, body, &tmp), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_participant_mute(db, teacher, chat, f_id, 1), DIARY_ERR_INVALID_INPUT, "until");
    CHECK_OK(diary_participant_mute(db, teacher, chat, f_id, 0));
    CHECK_OK(diary_chat_message_post(db, father, body, &tmp));

    /* The school closes parents' way to the class teacher. */
    CHECK_OK(diary_messaging_settings_json(db, mother, school, &json));
    CHECK(json && strstr(json, "\"parents_reach_class_teacher\":true"));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_messaging_settings_set(db, admin, school, "{\"edit_window_minutes\":5}"), DIARY_ERR_INVALID_INPUT,
                 (const char *)NULL);
    CHECK_OK(diary_messaging_settings_set(db, admin, school,
                                          "{\"parents_reach_teachers\":false,\"parents_reach_class_teacher\":false,"
                                          "\"parents_reach_admins\":true,\"students_take_part\":false,"
                                          "\"edit_window_minutes\":15,\"retention_years\":null,"
                                          "\"retention_action\":\"archive\"}"));
    snprintf(body, sizeof body, "{\"school\":%lld,\"child\":%lld,\"participants\":[%lld]}", (long long)school,
             (long long)student, (long long)t_id);
    CHECK_STATUS(diary_conversation_start(db, mother, body, &tmp), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);

    /* Another school's admin: as for a missing id, nothing stored. */
    CHECK_STATUS(diary_conversation_json(db, other_admin, conv, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_chat_messages_json(db, other_admin, conv, 0, 10, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_chat_message_delete(db, other_admin, msg), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_chat_message_hide(db, other_admin, msg, "x"), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_conversation_leave(db, other_admin, 999999), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    snprintf(body, sizeof body, "{\"conversation\":%lld,\"text\":\"x\"}", (long long)conv);
    CHECK_STATUS(diary_chat_message_post(db, other_admin, body, &tmp), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK(json == NULL);
    CHECK_OK(diary_conversations_json(db, mother, m_id, &json));
    CHECK(json && strstr(json, "\"kind\":\"direct\"") && strstr(json, "\"kind\":\"class_chat\""));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_chat_message_delete(db, mother, msg));
    CHECK_OK(diary_chat_messages_json(db, teacher, conv, 0, 10, &json));
    CHECK(json && strstr(json, "\"text\":null"));
    diary_string_free(json);

    diary_close(db);
    return finish("c conversations");
}
