/* One diary_db used from several threads at once: marks written and read
 * concurrently, and error text that stays per thread. */
#include <pthread.h>
#include <stdlib.h>
#include "check.h"

#define THREADS 4
#define MARKS 25

static diary_db *db;
static int64_t student, maths, hw, q1;
static diary_actor teacher = {DIARY_ACTOR_VOUCHED, 0};
static diary_actor mother = {DIARY_ACTOR_VOUCHED, 0};

struct result {
    int ok;
    int own_error_kept;
};

static void *work(void *arg) {
    struct result *r = arg;
    int i;
    char date[16];
    r->ok = 1;
    for (i = 0; i < MARKS; i++) {
        diary_new_mark m;
        int64_t id = 0;
        diary_average avg = DIARY_AVERAGE_INIT;
        memset(&m, 0, sizeof m);
        m.struct_size = sizeof m;
        m.student = student;
        m.subject = maths;
        snprintf(date, sizeof date, "2024-09-%02d", 2 + (i % 20));
        m.date = date;
        m.value = "4";
        m.work_kind = hw;
        if (diary_mark_record(db, teacher, &m, &id) != DIARY_OK) r->ok = 0;
        if (diary_average_get(db, mother, student, maths, q1, &avg) != DIARY_OK) r->ok = 0;
    }
    /* A failure here, then a success elsewhere, must not change this
     * thread's message. */
    {
        int64_t id;
        diary_new_mark bad;
        memset(&bad, 0, sizeof bad);
        bad.struct_size = sizeof bad;
        bad.student = student;
        bad.subject = maths;
        bad.date = "2024-09-10";
        bad.value = "9";
        bad.work_kind = hw;
        diary_mark_record(db, teacher, &bad, &id);
        r->own_error_kept = strcmp(diary_errfield(), "mark.value") == 0;
    }
    return NULL;
}

int main(void) {
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, year, a_id, t_id, c5a, m_id, tmp;
    pthread_t th[THREADS];
    struct result res[THREADS];
    char *json = NULL;
    int i;

    remove("build/threads.diary");
    CHECK_OK(diary_open("build/threads.diary", &db));
    CHECK_OK(diary_school_create(db, op, "School", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_OK(diary_person_register(db, op, school, "Admin", "A", NULL, "1980-01-01", "112-233-445 95", &a_id));
    CHECK_OK(diary_staff_appoint(db, op, school, a_id, DIARY_ROLE_ADMIN));
    admin.person = a_id;
    CHECK_OK(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    CHECK_OK(diary_period_add(db, admin, year, DIARY_PERIOD_QUARTER, "Q1", "2024-09-02", "2024-10-25", &q1));
    CHECK_OK(diary_person_register(db, admin, school, "Petrov", "P", NULL, "1975-05-05", "123-456-789 64", &t_id));
    CHECK_OK(diary_staff_appoint(db, admin, school, t_id, DIARY_ROLE_TEACHER));
    teacher.person = t_id;
    CHECK_OK(diary_class_create(db, admin, year, 5, "A", t_id, &c5a));
    CHECK_OK(diary_subject_create(db, admin, school, "Mathematics", &maths));
    CHECK_OK(diary_teacher_assign(db, admin, t_id, c5a, 0, maths, &tmp));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanov", "I", NULL, "2013-03-03", "087-654-321 02", &student));
    CHECK_OK(diary_student_enrol(db, admin, student, c5a, "2024-09-01", &tmp));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanova", "M", NULL, "1985-07-07", "111-111-111 45", &m_id));
    CHECK_OK(diary_guardian_add(db, admin, student, m_id, DIARY_RELATION_MOTHER, 1));
    mother.person = m_id;
    CHECK_OK(diary_work_kind_create(db, admin, school, "Homework", "1", "1", "1", &hw));

    for (i = 0; i < THREADS; i++) CHECK(pthread_create(&th[i], NULL, work, &res[i]) == 0);
    /* Meanwhile this thread succeeds, which must not clear the others' errors. */
    CHECK_OK(diary_schools_json(db, op, &json));
    diary_string_free(json);
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_join(th[i], NULL) == 0);
        CHECK(res[i].ok);
        CHECK(res[i].own_error_kept);
    }
    json = NULL;
    CHECK_OK(diary_marks_json(db, mother, student, "2024-09-01", "2024-10-25", &json));
    {
        int count = 0;
        const char *p = json;
        while (p && (p = strstr(p, "\"label\"")) != NULL) {
            count++;
            p++;
        }
        CHECK(count == THREADS * MARKS);
    }
    diary_string_free(json);
    {
        int64_t entries = 0, broken = -1;
        CHECK_OK(diary_access_log_verify(db, admin, &entries, &broken));
        CHECK(broken == 0);
    }
    diary_close(db);
    return finish("c threads");
}
