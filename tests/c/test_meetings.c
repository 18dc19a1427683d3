/* Meetings through the C ABI: a parents' evening with an agenda, an
 * answer, minutes, a refused overlapping agenda, and another school's
 * admin naming the meeting by id and learning nothing. */
#include "check.h"
#include <stdlib.h>

int main(void) {
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, teacher = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor mother = {DIARY_ACTOR_VOUCHED, 0}, other_admin = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, other, year, t_id, a_id, oa_id, c5a, student, m_id, tmp, meeting = 0;
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

    /* Overlapping agenda items are refused, naming the item. */
    snprintf(body, sizeof body,
             "{\"school\":%lld,\"kind\":\"parents_evening\",\"title\":\"Parents' evening\",\"day\":\"2024-09-26\","
             "\"starts\":\"18:00\",\"minutes\":60,\"place\":\"Room 12\","
             "\"audience\":[{\"scope\":\"class\",\"id\":%lld,\"role\":\"parents\"}],"
             "\"agenda\":[{\"title\":\"Marks\",\"presenter\":%lld,\"starts\":\"18:00\",\"minutes\":30},"
             "{\"title\":\"Excursion\",\"starts\":\"%s\",\"minutes\":20}]}",
             (long long)school, (long long)c5a, (long long)t_id, "18:20");
    CHECK_STATUS(diary_meeting_organise(db, teacher, body, &meeting), DIARY_ERR_INVALID_INPUT, "agenda[1].starts");
    snprintf(body, sizeof body,
             "{\"school\":%lld,\"kind\":\"parents_evening\",\"title\":\"Parents' evening\",\"day\":\"2024-09-26\","
             "\"starts\":\"18:00\",\"minutes\":60,\"place\":\"Room 12\","
             "\"audience\":[{\"scope\":\"class\",\"id\":%lld,\"role\":\"parents\"}],"
             "\"agenda\":[{\"title\":\"Marks\",\"presenter\":%lld,\"starts\":\"18:00\",\"minutes\":30},"
             "{\"title\":\"Excursion\",\"starts\":\"%s\",\"minutes\":20}]}",
             (long long)school, (long long)c5a, (long long)t_id, "18:30");
    CHECK_OK(diary_meeting_organise(db, teacher, body, &meeting));
    CHECK_OK(diary_meetings_json(db, mother, m_id, "2024-09-01", "2024-12-31", student, &json));
    CHECK(json && strstr(json, "\"title\":\"Excursion\"") && strstr(json, "\"reply\":null"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_meeting_reply(db, mother, meeting, DIARY_ANSWER_YES, "We will come"));
    CHECK_STATUS(diary_meeting_reply(db, mother, meeting, 7, NULL), DIARY_ERR_INVALID_INPUT, "answer");
    CHECK_OK(diary_meeting_replies_json(db, teacher, meeting, &json));
    CHECK(json && strstr(json, "\"answer\":\"yes\"") && strstr(json, "We will come"));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_meeting_replies_json(db, mother, meeting, &json), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    /* Minutes from the meeting's day on. */
    CHECK_STATUS(diary_meeting_minutes_record(db, teacher, meeting, "We met.", "[\"Excursion on 3 October\"]"),
                 DIARY_ERR_INVALID_INPUT, "minutes");
    CHECK_OK(diary_clock_set(db, 1727380800)); /* 2024-09-26 20:00 UTC */
    CHECK_STATUS(diary_meeting_minutes_record(db, teacher, meeting, "We met.", "[1]"), DIARY_ERR_INVALID_INPUT, "decisions_json[0]");
    CHECK_OK(diary_meeting_minutes_record(db, teacher, meeting, "We met.", "[\"Excursion on 3 October\"]"));
    CHECK_OK(diary_meeting_json(db, mother, meeting, &json));
    CHECK(json && strstr(json, "\"decisions\":[\"Excursion on 3 October\"]"));
    diary_string_free(json);
    json = NULL;
    /* In iCalendar: the mother's feed and her invitation with her answer. */
    CHECK_OK(diary_meetings_calendar(db, mother, m_id, "2024-09-01", "2024-12-31", 0, &json));
    CHECK(json && strstr(json, "METHOD:PUBLISH") && strstr(json, "DTSTART;TZID=Europe/Moscow:20240926T180000"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_meeting_invitation(db, mother, meeting, &json));
    CHECK(json && strstr(json, "METHOD:REQUEST") && strstr(json, "PARTSTAT=ACCEPTED"));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_meeting_invitation(db, other_admin, meeting, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    /* Appointment slots: published, booked once, refused twice. */
    CHECK_OK(diary_appointment_slots_publish_json(db, teacher, school, "2024-09-27", "18:00", 15, 2, "Room 12", NULL, &json));
    CHECK(json && strstr(json, "\"starts\":\"18:15\""));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_appointment_slots_publish_json(db, teacher, school, "2024-09-27", "18:00", 15, 0, NULL, NULL, &json),
                 DIARY_ERR_INVALID_INPUT, "count");
    CHECK_OK(diary_appointment_slots_json(db, mother, t_id, "2024-09-20", "2024-09-30", student, &json));
    CHECK(json && strstr(json, "\"booked\":false"));
    {
        const char *id = strstr(json, "\"id\":");
        long long slot = id ? atoll(id + 5) : 0;
        diary_string_free(json);
        json = NULL;
        CHECK_OK(diary_appointment_book(db, mother, slot, student, "About maths"));
        CHECK_STATUS(diary_appointment_book(db, mother, slot, student, NULL), DIARY_ERR_CONFLICT, (const char *)NULL);
        CHECK_STATUS(diary_appointment_slot_cancel(db, other_admin, slot), DIARY_ERR_NOT_FOUND, (const char *)NULL);
        CHECK_OK(diary_appointment_booking_cancel(db, mother, slot));
    }
    /* Another school's admin: as for a missing id. */
    CHECK_STATUS(diary_meeting_json(db, other_admin, meeting, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_meeting_cancel(db, other_admin, meeting), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_meeting_cancel(db, other_admin, 999999), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK(json == NULL);
    CHECK_OK(diary_meeting_cancel(db, admin, meeting));
    CHECK_OK(diary_meetings_json(db, mother, m_id, "2024-09-01", "2024-12-31", 0, &json));
    CHECK(json && strcmp(json, "[]") == 0);
    diary_string_free(json);

    diary_close(db);
    return finish("c meetings");
}
