/* A teacher records a test for the whole class in one call, then looks at
 * the class's statistics. Run: ./teacher_marks [file.diary] */
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
    const char *path = argc > 1 ? argv[1] : "teacher.diary";
    const char *snils[4] = {"087-654-321 02", "111-111-111 45", "222-333-444 16", "333-444-555 61"};
    const char *surnames[4] = {"Ivanov", "Petrova", "Sidorov", "Kuznetsova"};
    const char *results[4] = {"5", "4", "3", "5"};
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, teacher = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, year, q1, a_id, t_id, class_id, maths, test, tmp, students[4], ids[4];
    diary_new_mark column[4];
    char *json = NULL;
    int i;

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
    TRY(diary_subject_create(db, admin, school, "Mathematics", &maths));
    TRY(diary_teacher_assign(db, admin, t_id, class_id, 0, maths, &tmp));
    TRY(diary_work_kind_create(db, admin, school, "Test", "3", "2", "4", &test));
    for (i = 0; i < 4; i++) {
        TRY(diary_person_register(db, admin, school, surnames[i], "Pupil", NULL, "2013-06-01", snils[i], &students[i]));
        TRY(diary_student_enrol(db, admin, students[i], class_id, "2024-09-02", &tmp));
    }

    /* The test column: one batch, all or nothing. */
    memset(column, 0, sizeof column);
    for (i = 0; i < 4; i++) {
        column[i].struct_size = sizeof column[i];
        column[i].student = students[i];
        column[i].subject = maths;
        column[i].date = "2024-10-01";
        column[i].entry = DIARY_ENTRY_GRADE;
        column[i].value = results[i];
        column[i].work_kind = test;
        column[i].counting = DIARY_COUNT_ALWAYS;
        column[i].comment = "Test: fractions";
    }
    TRY(diary_marks_record(db, teacher, column, 4, ids));
    printf("recorded %d marks, ids %lld..%lld\n", 4, (long long)ids[0], (long long)ids[3]);
    TRY(diary_class_statistics_json(db, teacher, class_id, maths, q1, &json));
    printf("class statistics: %s\n", json);
    diary_string_free(json);
    diary_close(db);
    return 0;
}
