/* A parent reads the child's week (lessons, homework, attendance, marks)
 * and the report card (averages and period marks).
 * Run: ./parent_report [file.diary] */
#include <stdio.h>
#include <string.h>
#include "diary.h"

#define TRY(call)                                                                  \
    do {                                                                           \
        if ((call) != DIARY_OK) {                                                  \
            fprintf(stderr, "%s: %s (%s)\n", #call, diary_errmsg(), diary_errfield()); \
            diary_close(db);                                                       \
            return 1;                                                              \
        }                                                                          \
    } while (0)

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "parent.diary";
    const char *subjects[2] = {"Mathematics", "Literature"};
    const char *marks[2][3] = {{"5", "5", "4"}, {"3", "4", "4"}};
    const char *dates[3] = {"2024-09-10", "2024-09-17", "2024-09-24"};
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor teacher = {DIARY_ACTOR_VOUCHED, 0}, parent = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, year, q1, a_id, t_id, class_id, child, mother, kind, tmp, subject[2];
    char *json = NULL;
    int s, k;

    remove(path);
    TRY(diary_open(path, &db));
    TRY(diary_school_create(db, op, "School No. 7", "Moscow", "Europe/Moscow", 5, &school));
    TRY(diary_person_register(db, op, school, "Orlova", "Irina", NULL, "1979-02-14", "112-233-445 95", &a_id));
    TRY(diary_staff_appoint(db, op, school, a_id, DIARY_ROLE_ADMIN));
    admin.person = a_id;
    TRY(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    TRY(diary_period_add(db, admin, year, DIARY_PERIOD_QUARTER, "Quarter 1", "2024-09-02", "2024-10-25", &q1));
    TRY(diary_person_register(db, admin, school, "Belov", "Sergey", NULL, "1968-11-30", "123-456-789 64", &t_id));
    TRY(diary_staff_appoint(db, admin, school, t_id, DIARY_ROLE_TEACHER));
    teacher.person = t_id;
    TRY(diary_class_create(db, admin, year, 6, "B", t_id, &class_id));
    TRY(diary_work_kind_create(db, admin, school, "Lesson", "1", "1", "2", &kind));
    TRY(diary_person_register(db, admin, school, "Zaitsev", "Gleb", NULL, "2013-06-01", "087-654-321 02", &child));
    TRY(diary_student_enrol(db, admin, child, class_id, "2024-09-02", &tmp));
    TRY(diary_person_register(db, admin, school, "Zaitseva", "Olga", NULL, "1987-01-09", "111-111-111 45", &mother));
    TRY(diary_guardian_add(db, admin, child, mother, DIARY_RELATION_MOTHER, 1));
    parent.person = mother;
    for (s = 0; s < 2; s++) {
        TRY(diary_subject_create(db, admin, school, subjects[s], &subject[s]));
        TRY(diary_teacher_assign(db, admin, t_id, class_id, 0, subject[s], &tmp));
        for (k = 0; k < 3; k++) {
            diary_new_mark m;
            memset(&m, 0, sizeof m);
            m.struct_size = sizeof m;
            m.student = child;
            m.subject = subject[s];
            m.date = dates[k];
            m.value = marks[s][k];
            m.work_kind = kind;
            TRY(diary_mark_record(db, teacher, &m, &tmp));
        }
    }

    {
        /* The school's bells and the class's timetable: maths first, then
         * literature, on Tuesdays. */
        diary_bell bells[2] = {{sizeof(diary_bell), 1, 8 * 60 + 30, 9 * 60 + 15}, {sizeof(diary_bell), 2, 9 * 60 + 25, 10 * 60 + 10}};
        diary_timetable_lesson plan[2] = {{sizeof(diary_timetable_lesson), 2, 1, 0, 0, 0, "12"}, {sizeof(diary_timetable_lesson), 2, 2, 0, 0, 0, "14"}};
        diary_lesson_key first = {sizeof(diary_lesson_key), 0, "2024-09-10", 1, 0};
        diary_lesson day[8] = {DIARY_LESSON_INIT};
        size_t n = 0, i;
        int64_t hw;
        plan[0].subject = subject[0];
        plan[0].teacher = t_id;
        plan[1].subject = subject[1];
        plan[1].teacher = t_id;
        first.class_id = class_id;
        TRY(diary_bell_schedule_add(db, admin, school, "Regular", 1, 31, "2024-09-02", NULL, bells, 2, &tmp));
        TRY(diary_timetable_set(db, admin, class_id, 1, "2024-09-02", plan, 2, &tmp));
        TRY(diary_lesson_topic_set(db, teacher, &first, "Fractions", NULL));
        TRY(diary_homework_set(db, teacher, &first, "2024-09-17", "Exercises 1-5, p. 12", NULL, 0, NULL, &hw));

        TRY(diary_class_day(db, parent, class_id, "2024-09-10", day, 8, &n));
        printf("Tuesday 10 September:\n");
        for (i = 0; i < n && i < 8; i++) {
            printf("  %d. %02d:%02d-%02d:%02d room %s%s\n", day[i].number, day[i].start_min / 60,
                   day[i].start_min % 60, day[i].end_min / 60, day[i].end_min % 60, day[i].room,
                   day[i].has_topic ? " (topic written)" : "");
        }
        TRY(diary_student_week_json(db, parent, child, "2024-09-09", &json));
        printf("the week: %.300s...\n", json);
        diary_string_free(json);
        json = NULL;
    }

    printf("Report card, Quarter 1\n");
    for (s = 0; s < 2; s++) {
        diary_average avg = DIARY_AVERAGE_INIT;
        TRY(diary_average_get(db, parent, child, subject[s], q1, &avg));
        printf("  %-12s average %s (exactly %lld/%lld), period mark %s\n", subjects[s], avg.display,
               (long long)avg.exact_num, (long long)avg.exact_den, avg.certified ? avg.mark : "not certified");
    }
    TRY(diary_marks_json(db, parent, child, "2024-09-01", "2024-10-25", &json));
    printf("marks: %s\n", json);
    diary_string_free(json);
    json = NULL;
    TRY(diary_access_log_child_json(db, parent, child, &json));
    printf("who looked at the child's data: %s\n", json);
    diary_string_free(json);
    diary_close(db);
    return 0;
}
