/* The school day through the C ABI: bells, timetable and changes, typed
 * lesson records, topics and homework, attendance with notices and excuses,
 * remarks, the parent's week and the calendar feed. */
#include "check.h"
#include <stdio.h>

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "test_school_day.diary";
    char side[512];
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor teacher = {DIARY_ACTOR_VOUCHED, 0}, teacher2 = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor parent = {DIARY_ACTOR_VOUCHED, 0}, pupil = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, year, a_id, t_id, t2_id, c5a, c5b, maths, russian, student, mother, tmp, hw, notice;
    diary_bell bells[3] = {{sizeof(diary_bell), 1, 510, 555}, {sizeof(diary_bell), 2, 565, 610}, {sizeof(diary_bell), 3, 630, 675}};
    diary_bell bad_bells[2] = {{sizeof(diary_bell), 1, 510, 555}, {sizeof(diary_bell), 2, 540, 600}};
    diary_timetable_lesson plan[3] = {{sizeof(diary_timetable_lesson), 1, 1, 0, 0, 0, "101"}, {sizeof(diary_timetable_lesson), 1, 2, 0, 0, 0, "102"}, {sizeof(diary_timetable_lesson), 2, 1, 0, 0, 0, "101"}};
    diary_timetable_lesson clash[1] = {{sizeof(diary_timetable_lesson), 1, 1, 0, 0, 0, "201"}};
    diary_lesson_key mon1 = {sizeof(diary_lesson_key), 0, "2024-09-02", 1, 0}, mon2 = {sizeof(diary_lesson_key), 0, "2024-09-02", 2, 0};
    diary_new_lesson_change change;
    diary_lesson day[4] = {DIARY_LESSON_INIT}, one = DIARY_LESSON_INIT;
    diary_attendance_entry entry = {sizeof(diary_attendance_entry), 0, DIARY_ABSENT, 0, DIARY_REASON_ILLNESS, 0};
    diary_attendance_summary sum = DIARY_ATTENDANCE_SUMMARY_INIT;
    size_t n = 0;
    char *json = NULL, *ics = NULL;

    remove(path);
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);

    /* A settable clock: Monday 2 September 2024, 12:00 UTC. */
    CHECK_STATUS(diary_clock_set(db, 0), DIARY_ERR_INVALID_INPUT, "db");
    CHECK_OK(diary_open_with_clock(path, 1725278400, &db));
    CHECK_OK(diary_school_create(db, op, "School", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_STATUS(diary_school_create(db, op, "Nowhere", "Moscow", "Mars/Olympus", 5, &tmp), DIARY_ERR_INVALID_INPUT, "time_zone");
    CHECK_OK(diary_person_register(db, op, school, "Admin", "A", NULL, "1980-01-01", "112-233-445 95", &a_id));
    CHECK_OK(diary_staff_appoint(db, op, school, a_id, DIARY_ROLE_ADMIN));
    admin.person = a_id;
    CHECK_OK(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    CHECK_OK(diary_person_register(db, admin, school, "Petrov", "P", NULL, "1975-05-05", "123-456-789 64", &t_id));
    CHECK_OK(diary_staff_appoint(db, admin, school, t_id, DIARY_ROLE_TEACHER));
    teacher.person = t_id;
    CHECK_OK(diary_person_register(db, admin, school, "Sidorova", "O", NULL, "1980-02-02", NULL, &t2_id));
    CHECK_OK(diary_staff_appoint(db, admin, school, t2_id, DIARY_ROLE_TEACHER));
    teacher2.person = t2_id;
    CHECK_OK(diary_class_create(db, admin, year, 5, "A", t_id, &c5a));
    CHECK_OK(diary_class_create(db, admin, year, 5, "B", 0, &c5b));
    CHECK_OK(diary_subject_create(db, admin, school, "Mathematics", &maths));
    CHECK_OK(diary_subject_create(db, admin, school, "Russian", &russian));
    CHECK_OK(diary_person_register(db, admin, school, "Иванов", "Иван", NULL, "2013-03-03", "087-654-321 02", &student));
    CHECK_OK(diary_student_enrol(db, admin, student, c5a, "2024-09-01", &tmp));
    pupil.person = student;
    CHECK_OK(diary_person_register(db, admin, school, "Иванова", "Мария", NULL, "1985-07-07", "111-111-111 45", &mother));
    CHECK_OK(diary_guardian_add(db, admin, student, mother, DIARY_RELATION_MOTHER, 1));
    parent.person = mother;

    /* Bells and timetable, with refusals that name the field. */
    CHECK_STATUS(diary_bell_schedule_add(db, admin, school, "Broken", 1, 31, "2024-09-01", NULL, bad_bells, 2, &tmp), DIARY_ERR_INVALID_INPUT, "bells");
    CHECK_STATUS(diary_bell_schedule_add(db, admin, school, "Broken", 1, 0, "2024-09-01", NULL, bells, 3, &tmp), DIARY_ERR_INVALID_INPUT, "weekdays");
    CHECK_STATUS(diary_bell_schedule_add(db, admin, school, "Broken", 1, 31, "2024-09-01", NULL, NULL, 3, &tmp), DIARY_ERR_INVALID_INPUT, "bells");
    CHECK_OK(diary_bell_schedule_add(db, admin, school, "Regular", 1, 31, "2024-09-01", NULL, bells, 3, &tmp));
    plan[0].subject = maths; plan[0].teacher = t_id;
    plan[1].subject = russian; plan[1].teacher = t2_id;
    plan[2].subject = maths; plan[2].teacher = t_id;
    CHECK_STATUS(diary_timetable_set(db, teacher, c5a, 1, "2024-09-02", plan, 3, &tmp), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    plan[2].weekday = 9;
    CHECK_STATUS(diary_timetable_set(db, admin, c5a, 1, "2024-09-02", plan, 3, &tmp), DIARY_ERR_INVALID_INPUT, "lessons.weekday");
    plan[2].weekday = 2;
    CHECK_OK(diary_timetable_set(db, admin, c5a, 1, "2024-09-02", plan, 3, &tmp));
    clash[0].subject = maths; clash[0].teacher = t_id;
    CHECK_STATUS(diary_timetable_set(db, admin, c5b, 1, "2024-09-02", clash, 1, &tmp), DIARY_ERR_CONFLICT, (const char *)NULL);
    CHECK(strstr(diary_errmsg(), "5A") != NULL);

    /* The class's Monday as typed records. */
    CHECK_OK(diary_class_day(db, parent, c5a, "2024-09-02", day, 4, &n));
    CHECK(n == 2);
    CHECK(day[0].start_min == 510 && day[0].end_min == 555 && day[0].subject == maths);
    CHECK(strcmp(day[0].date, "2024-09-02") == 0 && strcmp(day[0].room, "101") == 0);
    CHECK(day[0].status == DIARY_LESSON_SCHEDULED && day[0].changed == 0);
    CHECK_OK(diary_class_day(db, parent, c5a, "2024-09-02", day, 1, &n));
    CHECK(n == 2); /* only one written, two exist */
    CHECK_STATUS(diary_class_day(db, parent, c5a, "2024-09-02", NULL, 4, &n), DIARY_ERR_INVALID_INPUT, "out");

    /* A substitution next Monday keeps the original. */
    memset(&change, 0, sizeof change);
    change.struct_size = sizeof change;
    change.lesson = mon1;
    change.lesson.class_id = c5a;
    change.lesson.date = "2024-09-09";
    change.kind = DIARY_CHANGE_SUBSTITUTION;
    change.to_number = -1;
    CHECK_STATUS(diary_lesson_change(db, admin, &change, &one), DIARY_ERR_INVALID_INPUT, "teacher");
    change.kind = 42;
    CHECK_STATUS(diary_lesson_change(db, admin, &change, &one), DIARY_ERR_INVALID_INPUT, "change.kind");
    change.kind = DIARY_CHANGE_SUBSTITUTION;
    change.teacher = t2_id;
    change.reason = "Teacher ill";
    change.announce = 2;
    CHECK_STATUS(diary_lesson_change(db, admin, &change, &one), DIARY_ERR_INVALID_INPUT, "change.announce");
    change.announce = 1;
    CHECK_OK(diary_lesson_change(db, admin, &change, &one));
    CHECK(one.teacher == t2_id && one.changed == 1);
    CHECK_OK(diary_teacher_week_json(db, teacher2, t2_id, "2024-09-09", &json));
    CHECK(strstr(json, "\"was\":{\"date\":\"2024-09-09\",\"number\":1") != NULL);
    diary_string_free(json);
    json = NULL;

    /* Topic and homework by the teacher; not by the parent. */
    mon1.class_id = c5a;
    mon2.class_id = c5a;
    CHECK_STATUS(diary_lesson_topic_set(db, parent, &mon1, "Fractions", NULL), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_lesson_topic_set(db, teacher, &mon1, "Fractions", NULL));
    CHECK_STATUS(diary_homework_set(db, teacher, &mon1, "2024-09-01", "p. 12", NULL, 0, NULL, &hw), DIARY_ERR_INVALID_INPUT, "due");
    CHECK_STATUS(diary_homework_set(db, teacher, &mon1, "2024-09-03", "p. 12", NULL, 0, "[{\"name\":1}]", &hw), DIARY_ERR_INVALID_INPUT, "attachments_json[0].name");
    CHECK_OK(diary_homework_set(db, teacher, &mon1, "2024-09-03", "p. 12",
                                NULL, 0, "[{\"name\":\"sheet.pdf\",\"media_type\":\"application/pdf\",\"size\":1024,\"url\":\"https://files.example/s.pdf\",\"sha256\":null}]", &hw));
    {
        int64_t by_subject = 0;
        CHECK_STATUS(diary_homework_set_for_subject(db, teacher2, c5a, 0, russian, "2024-09-03", "2024-09-04", "Read", NULL, 0, NULL, &by_subject), DIARY_ERR_INVALID_INPUT, "date");
        CHECK_OK(diary_homework_set_for_subject(db, teacher2, c5a, 0, russian, "2024-09-02", "2024-09-03", "Read chapter 2", NULL, 0, NULL, &by_subject));
        CHECK(by_subject > hw);
    }
    CHECK_OK(diary_homework_due_json(db, parent, student, "2024-09-03", &json));
    CHECK(strstr(json, "\"text\":\"p. 12\"") != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_homework_done(db, parent, hw, 1), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_homework_done(db, pupil, hw, 1));
    CHECK_OK(diary_lesson_homework_json(db, teacher, &mon1, &json));
    CHECK(strstr(json, "\"done_by\":[") != NULL && strstr(json, "sheet.pdf") != NULL);
    diary_string_free(json);
    json = NULL;

    /* Attendance: illness is hidden from the Russian teacher. */
    entry.student = student;
    CHECK_OK(diary_attendance_record(db, teacher, &mon1, &entry, 1));
    CHECK_OK(diary_attendance_record(db, teacher2, &mon2, &entry, 1));
    entry.student = mother;
    CHECK_STATUS(diary_attendance_record(db, teacher, &mon1, &entry, 1), DIARY_ERR_INVALID_INPUT, "entries.student");
    entry.student = student;
    entry.status = DIARY_LATE;
    CHECK_STATUS(diary_attendance_record(db, teacher, &mon1, &entry, 1), DIARY_ERR_INVALID_INPUT, "late_minutes");
    entry.status = DIARY_ABSENT;
    CHECK_OK(diary_lesson_register_json(db, teacher2, &mon2, &json));
    CHECK(strstr(json, "\"reason\":null,\"reason_hidden\":true") != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_lesson_register_json(db, teacher, &mon2, &json));
    CHECK(strstr(json, "\"reason\":\"illness\"") != NULL);
    diary_string_free(json);
    json = NULL;

    /* Tuesday's register cannot be taken on Monday; an advance notice for
     * Tuesday is applied when it is taken on Tuesday. */
    {
        diary_lesson_key tue1 = {sizeof(diary_lesson_key), 0, "2024-09-03", 1, 0};
        tue1.class_id = c5a;
        CHECK_STATUS(diary_attendance_record(db, teacher, &tue1, &entry, 1), DIARY_ERR_INVALID_INPUT, "lesson");
        CHECK_OK(diary_absence_notify(db, parent, student, "2024-09-03", "2024-09-03", DIARY_REASON_FAMILY, "wedding", 0, &notice));
        CHECK_OK(diary_clock_set(db, 1725364800));
        entry.reason = -1;
        CHECK_OK(diary_attendance_record(db, teacher, &tue1, &entry, 1));
        entry.reason = DIARY_REASON_ILLNESS;
        CHECK_OK(diary_lesson_register_json(db, teacher, &tue1, &json));
        CHECK(strstr(json, "\"reason\":\"family\"") != NULL && strstr(json, "\"excused\":true") != NULL);
        diary_string_free(json);
        json = NULL;
        CHECK_STATUS(diary_clock_set(db, INT64_MAX), DIARY_ERR_INVALID_INPUT, "now_unix");
    }

    /* The mother's excuse, decided by the class teacher. */
    CHECK_STATUS(diary_absence_notify(db, parent, student, "2024-08-30", "2024-08-30", DIARY_REASON_ILLNESS, NULL, 1, &notice), DIARY_ERR_INVALID_INPUT, "first_day");
    CHECK_OK(diary_absence_notify(db, parent, student, "2024-09-02", "2024-09-02", DIARY_REASON_ILLNESS, "doctor", 1, &notice));
    CHECK_STATUS(diary_excuse_decide(db, teacher2, notice, 1, NULL), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_excuse_decide(db, teacher, notice, 1, "ok"));
    CHECK_OK(diary_attendance_summary_get(db, parent, student, "2024-09-02", "2024-09-02", &sum));
    CHECK_OK(diary_attendance_summary_get(db, parent, student, "2024-09-02", "2024-09-03", &sum));
    CHECK(sum.recorded == 3 && sum.absent_excused == 3 && sum.absent_unexcused == 0 && sum.lessons_held == 3);
    CHECK_OK(diary_attendance_summary_get(db, parent, student, "2024-09-02", "2024-09-02", &sum));
    CHECK(sum.recorded == 2 && sum.absent_excused == 2 && sum.absent_unexcused == 0);
    CHECK(sum.rate_num == 0 && sum.rate_den == 1 && sum.student == student);
    /* The class's attendance as typed records: one per student. */
    {
        diary_attendance_summary rows[4] = {DIARY_ATTENDANCE_SUMMARY_INIT};
        size_t count = 99;
        CHECK_OK(diary_class_attendance_get(db, teacher, c5a, "2024-09-02", "2024-09-03", rows, 4, &count));
        CHECK(count == 1 && rows[0].student == student && rows[0].recorded == 3 && rows[0].absent_excused == 3);
        CHECK_STATUS(diary_class_attendance_get(db, parent, c5a, "2024-09-02", "2024-09-03", rows, 4, &count),
                     DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
        CHECK(count == 0);
    }
    CHECK_OK(diary_absence_notices_json(db, parent, student, &json));
    CHECK(strstr(json, "\"status\":\"approved\"") != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_untaken_registers_json(db, teacher, t_id, "2024-09-02", "2024-09-03", &json));
    diary_string_free(json);
    json = NULL;

    /* A remark, and the parent's week with everything in it. */
    CHECK_OK(diary_remark_add(db, teacher, student, "2024-09-02", maths, DIARY_REMARK_POSITIVE, "Excellent work", &tmp));
    CHECK_STATUS(diary_remark_add(db, parent, student, "2024-09-02", 0, DIARY_REMARK_NEGATIVE, "x", &tmp), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_student_week_json(db, parent, student, "2024-09-02", &json));
    CHECK(strstr(json, "\"topic\":\"Fractions\"") != NULL && strstr(json, "Excellent work") != NULL);
    CHECK(strstr(json, "\"excused\":true") != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_student_week_json(db, teacher2, student, "2024-09-02", &json), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK(json == NULL);

    /* The same week as typed records (diary_days), with a mark in it. */
    {
        int64_t wk = 0, mark_id = 0;
        diary_new_mark nm = DIARY_NEW_MARK_INIT;
        diary_days *week = NULL, *other = NULL;
        diary_day_info info = DIARY_DAY_INFO_INIT;
        diary_lesson lesson = DIARY_LESSON_INIT;
        diary_day_lesson extra = DIARY_DAY_LESSON_INIT;
        diary_homework item = DIARY_HOMEWORK_INIT;
        diary_attachment att = DIARY_ATTACHMENT_INIT;
        diary_mark m = DIARY_MARK_INIT;
        diary_remark r = DIARY_REMARK_INIT;
        size_t d, i, lessons_seen = 0, marks_seen = 0, hw_seen = 0, due_seen = 0;
        CHECK_OK(diary_period_add(db, admin, year, DIARY_PERIOD_QUARTER, "I", "2024-09-01", "2024-10-27", &tmp));
        CHECK_OK(diary_work_kind_create(db, admin, school, "Classwork", "1", "1", "1", &wk));
        nm.student = student; nm.subject = maths; nm.date = "2024-09-02"; nm.value = "5"; nm.work_kind = wk;
        CHECK_OK(diary_mark_record(db, admin, &nm, &mark_id));

        CHECK_STATUS(diary_student_week_open(db, teacher2, student, "2024-09-02", &other), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
        CHECK(other == NULL);
        CHECK_STATUS(diary_student_week_open(db, parent, student, "2024-09-31", &other), DIARY_ERR_INVALID_INPUT, "monday");
        CHECK_OK(diary_student_week_open(db, parent, student, "2024-09-02", &week));
        CHECK(diary_days_count(week) == 7);
        for (d = 0; d < diary_days_count(week); d++) {
            CHECK_OK(diary_days_day(week, d, &info));
            if (d == 0) CHECK(strcmp(info.date, "2024-09-02") == 0 && info.lessons == 2 && info.remarks == 1);
            for (i = 0; i < info.lessons; i++) {
                size_t j;
                CHECK_OK(diary_days_lesson(week, d, i, &lesson, &extra));
                lessons_seen++;
                if (d == 0 && i == 0) {
                    CHECK(lesson.subject == maths && lesson.has_topic == 1);
                    CHECK(extra.has_attendance == 1 && extra.attendance_status == DIARY_ABSENT && extra.excused == 1);
                    CHECK(extra.marks == 1 && extra.homework == 1);
                }
                for (j = 0; j < extra.marks; j++) {
                    CHECK_OK(diary_days_lesson_mark(week, d, i, j, &m));
                    CHECK(m.id == mark_id && m.value_num == 5 && m.value_den == 1 && strcmp(m.label, "5") == 0);
                    marks_seen++;
                }
                for (j = 0; j < extra.homework; j++) {
                    CHECK_OK(diary_days_lesson_homework(week, d, i, j, &item));
                    hw_seen++;
                    if (item.id == hw) {
                        CHECK(strcmp(item.text, "p. 12") == 0 && strcmp(item.due, "2024-09-03") == 0 && item.done == 1);
                        CHECK(item.attachments == 1);
                        CHECK_OK(diary_days_attachment(week, item.id, 0, &att));
                        CHECK(strcmp(att.name, "sheet.pdf") == 0 && att.size == 1024 && att.sha256 == NULL);
                        CHECK(strcmp(att.url, "https://files.example/s.pdf") == 0);
                        CHECK_STATUS(diary_days_attachment(week, item.id, 1, &att), DIARY_ERR_INVALID_INPUT, "i");
                    }
                }
            }
            for (i = 0; i < info.homework_due; i++) {
                CHECK_OK(diary_days_homework_due(week, d, i, &item));
                due_seen++;
            }
        }
        CHECK(lessons_seen >= 3 && marks_seen == 1 && hw_seen >= 2 && due_seen >= 2);
        CHECK_OK(diary_days_remark(week, 0, 0, &r));
        CHECK(strcmp(r.text, "Excellent work") == 0 && r.kind == DIARY_REMARK_POSITIVE && r.subject == maths);
        /* Out of range and bad arguments name what is wrong. */
        CHECK_STATUS(diary_days_day(week, 7, &info), DIARY_ERR_INVALID_INPUT, "day");
        CHECK_STATUS(diary_days_lesson(week, 0, 9, &lesson, NULL), DIARY_ERR_INVALID_INPUT, "lesson");
        CHECK_STATUS(diary_days_remark(week, 0, 1, &r), DIARY_ERR_INVALID_INPUT, "i");
        CHECK_STATUS(diary_days_attachment(week, 999999, 0, &att), DIARY_ERR_INVALID_INPUT, "homework");
        CHECK_STATUS(diary_days_day(NULL, 0, &info), DIARY_ERR_INVALID_INPUT, "days");
        CHECK_STATUS(diary_days_day(week, 0, NULL), DIARY_ERR_INVALID_INPUT, "out");
        info.struct_size = 0;
        CHECK_STATUS(diary_days_day(week, 0, &info), DIARY_ERR_INVALID_INPUT, "out.struct_size");
        /* A caller built against a newer header than this library is refused. */
        info.struct_size = (uint32_t)sizeof info + 8;
        CHECK_STATUS(diary_days_day(week, 0, &info), DIARY_ERR_INVALID_INPUT, "out.struct_size");
        info.struct_size = (uint32_t)sizeof info;
        CHECK(diary_days_count(NULL) == 0);
        diary_days_free(week);
        diary_days_free(NULL);

        /* One day: the same Monday. */
        CHECK_OK(diary_student_day_open(db, pupil, student, "2024-09-02", &week));
        CHECK(diary_days_count(week) == 1);
        CHECK_OK(diary_days_lesson(week, 0, 0, &lesson, NULL));
        CHECK(lesson.subject == maths);
        diary_days_free(week);
    }

    /* Structure reads and the class teacher. */
    {
        int64_t version = 0, group;
        CHECK_OK(diary_schema_version(db, &version));
        CHECK(version >= 7);
        CHECK_OK(diary_holiday_add(db, admin, school, "Autumn", "2024-10-28", "2024-11-03", &tmp));
        CHECK_OK(diary_holidays_json(db, parent, school, &json));
        CHECK(strstr(json, "Autumn") != NULL);
        diary_string_free(json);
        json = NULL;
        CHECK_OK(diary_class_day(db, parent, c5a, "2024-10-28", day, 4, &n));
        CHECK(n == 0);
        CHECK_OK(diary_teacher_assign(db, admin, t_id, c5a, 0, maths, &tmp));
        CHECK_OK(diary_assignments_json(db, admin, year, &json));
        CHECK(strstr(json, "\"subject\"") != NULL);
        diary_string_free(json);
        json = NULL;
        CHECK_OK(diary_group_create(db, admin, c5a, "English 1", &group));
        CHECK_OK(diary_group_member_add(db, admin, group, student));
        CHECK_OK(diary_group_members_json(db, admin, group, &json));
        CHECK(json[0] == '[' && json[1] != ']');
        diary_string_free(json);
        json = NULL;
        CHECK_STATUS(diary_class_teacher_set(db, admin, c5b, mother), DIARY_ERR_INVALID_INPUT, (const char *)NULL);
        CHECK_OK(diary_class_teacher_set(db, admin, c5b, t2_id));
    }

    /* The calendar feed. */
    CHECK_OK(diary_student_calendar(db, parent, student, "2024-09-02", "2024-09-15", &ics));
    CHECK(strncmp(ics, "BEGIN:VCALENDAR\r\n", 17) == 0);
    CHECK(strstr(ics, "TZID:Europe/Moscow") != NULL && strstr(ics, "BEGIN:VTODO") != NULL);
    diary_string_free(ics);
    ics = NULL;
    CHECK_OK(diary_teacher_calendar(db, teacher, t_id, "2024-09-02", "2024-09-15", &ics));
    CHECK(strstr(ics, "STATUS:CANCELLED") != NULL); /* the substituted lesson */
    diary_string_free(ics);

    diary_close(db);
    /* A handle on the system clock has no settable clock. */
    CHECK_OK(diary_open_in_memory(&db));
    CHECK_STATUS(diary_clock_set(db, 1725278400), DIARY_ERR_INVALID_INPUT, "db");
    CHECK(strstr(diary_errmsg(), "diary_open_with_clock") != NULL);
    diary_close(db);
    return finish("c school day");
}
