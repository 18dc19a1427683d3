/* The small school the newer C programs start from: an admin, a teacher
 * who is 5A's class teacher and teaches it maths, a first quarter, a
 * student of 5A with her mother (a legal representative), and a kind of
 * work. Include after check.h. */
#ifndef DIARY_TEST_SCHOOL_FIXTURE_H
#define DIARY_TEST_SCHOOL_FIXTURE_H

typedef struct {
    diary_actor op, admin, teacher, mother;
    int64_t school, year, quarter, class_5a, maths, student, homework;
} school_fixture;

static school_fixture fixture_school(diary_db *db) {
    school_fixture f;
    int64_t tmp;
    memset(&f, 0, sizeof f);
    f.op.kind = DIARY_ACTOR_OPERATOR;
    f.admin.kind = f.teacher.kind = f.mother.kind = DIARY_ACTOR_VOUCHED;
    CHECK_OK(diary_school_create(db, f.op, "School", "Moscow", "Europe/Moscow", 5, &f.school));
    CHECK_OK(diary_person_register(db, f.op, f.school, "Admin", "A", NULL, "1980-01-01", "112-233-445 95",
                                   &f.admin.person));
    CHECK_OK(diary_staff_appoint(db, f.op, f.school, f.admin.person, DIARY_ROLE_ADMIN));
    CHECK_OK(diary_year_create(db, f.admin, f.school, "2024/25", "2024-09-01", "2025-05-31", &f.year));
    CHECK_OK(diary_period_add(db, f.admin, f.year, DIARY_PERIOD_QUARTER, "Quarter 1", "2024-09-02", "2024-10-25",
                              &f.quarter));
    CHECK_OK(diary_person_register(db, f.admin, f.school, "Petrov", "P", NULL, "1975-05-05", "123-456-789 64",
                                   &f.teacher.person));
    CHECK_OK(diary_staff_appoint(db, f.admin, f.school, f.teacher.person, DIARY_ROLE_TEACHER));
    CHECK_OK(diary_class_create(db, f.admin, f.year, 5, "A", f.teacher.person, &f.class_5a));
    CHECK_OK(diary_subject_create(db, f.admin, f.school, "Mathematics", &f.maths));
    CHECK_OK(diary_teacher_assign(db, f.admin, f.teacher.person, f.class_5a, 0, f.maths, &tmp));
    CHECK_OK(diary_person_register(db, f.admin, f.school, "Ivanova", "I", NULL, "2013-03-03", "087-654-321 02",
                                   &f.student));
    CHECK_OK(diary_student_enrol(db, f.admin, f.student, f.class_5a, "2024-09-01", &tmp));
    CHECK_OK(diary_person_register(db, f.admin, f.school, "Ivanova", "M", NULL, "1985-07-07", "111-111-111 45",
                                   &f.mother.person));
    CHECK_OK(diary_guardian_add(db, f.admin, f.student, f.mother.person, DIARY_RELATION_MOTHER, 1));
    CHECK_OK(diary_work_kind_create(db, f.admin, f.school, "Homework", "1", "0.5", "2", &f.homework));
    return f;
}

/* A plain grade that counts, of a kind of work. */
static inline diary_new_mark fixture_grade(int64_t student, int64_t subject, const char *date,
                                           const char *value, int64_t kind) {
    diary_new_mark m = DIARY_NEW_MARK_INIT;
    m.student = student;
    m.subject = subject;
    m.date = date;
    m.entry = DIARY_ENTRY_GRADE;
    m.value = value;
    m.work_kind = kind;
    m.counting = DIARY_COUNT_ALWAYS;
    return m;
}

/* Another school with its own admin (the stranger of isolation checks). */
static diary_actor fixture_other_admin(diary_db *db) {
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, other = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school;
    CHECK_OK(diary_school_create(db, op, "Other", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_OK(diary_person_register(db, op, school, "Other", "O", NULL, "1981-01-01", "222-333-444 16",
                                   &other.person));
    CHECK_OK(diary_staff_appoint(db, op, school, other.person, DIARY_ROLE_ADMIN));
    return other;
}

#endif
