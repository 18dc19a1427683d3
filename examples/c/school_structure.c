/* A school admin sets up a class from C and prints the school's structure.
 *
 *   cargo build -p diary-ffi
 *   cc -std=c99 -Iinclude examples/c/school_structure.c target/debug/libdiary.a -lpthread -ldl -lm -o school_structure
 *   ./school_structure school.diary
 */
#include <stdio.h>
#include "diary.h"

#define TRY(call)                                                                  \
    do {                                                                           \
        if ((call) != DIARY_OK) {                                                  \
            fprintf(stderr, "%s failed: %s\n", #call, diary_errmsg());             \
            diary_close(db);                                                       \
            return 1;                                                              \
        }                                                                          \
    } while (0)

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "school.diary";
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0};
    diary_actor admin = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, year, q1, teacher, class_id, subject, student, mother, enrolment, admin_id;
    char *json = NULL;

    remove(path);
    TRY(diary_open(path, &db));
    TRY(diary_school_create(db, op, "Gymnasium No. 5", "Tver region", "Europe/Moscow", 6, &school));
    TRY(diary_person_register(db, op, school, "Orlova", "Irina", "Sergeevna", "1979-02-14", "112-233-445 95", &admin_id));
    TRY(diary_staff_appoint(db, op, school, admin_id, DIARY_ROLE_ADMIN));
    admin.person = admin_id;

    TRY(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    TRY(diary_period_add(db, admin, year, DIARY_PERIOD_QUARTER, "Quarter 1", "2024-09-02", "2024-10-25", &q1));
    TRY(diary_person_register(db, admin, school, "Belov", "Sergey", "Petrovich", "1968-11-30", "123-456-789 64", &teacher));
    TRY(diary_staff_appoint(db, admin, school, teacher, DIARY_ROLE_TEACHER));
    TRY(diary_class_create(db, admin, year, 6, "B", teacher, &class_id));
    TRY(diary_subject_create(db, admin, school, "Physics", &subject));
    TRY(diary_teacher_assign(db, admin, teacher, class_id, 0, subject, &q1));
    TRY(diary_person_register(db, admin, school, "Zaitsev", "Gleb", NULL, "2013-06-01", "087-654-321 02", &student));
    TRY(diary_student_enrol(db, admin, student, class_id, "2024-09-02", &enrolment));
    TRY(diary_person_register(db, admin, school, "Zaitseva", "Olga", NULL, "1987-01-09", "111-111-111 45", &mother));
    TRY(diary_guardian_add(db, admin, student, mother, DIARY_RELATION_MOTHER, 1));

    TRY(diary_school_overview_json(db, admin, school, &json));
    printf("school overview: %s\n", json);
    diary_string_free(json);
    TRY(diary_class_roster_json(db, admin, class_id, "2024-09-02", &json));
    printf("class roster: %s\n", json);
    diary_string_free(json);
    diary_close(db);
    return 0;
}
