/* Many handles on one diary file, one per thread, as a server with a
 * thread pool uses it: two writers record single marks while four readers
 * read a parent's marks and averages, for a few seconds. Zero failed calls;
 * every mark a writer saw committed is there afterwards; the access log's
 * chain verifies and integrity_check is clean. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include "check.h"

#define WRITERS 2
#define READERS 4
#define SECONDS 3.0
#define MAX_IDS 100000

static const char *path;
static int64_t student, maths, hw, q1;
static diary_actor teacher = {DIARY_ACTOR_VOUCHED, 0};
static diary_actor mother = {DIARY_ACTOR_VOUCHED, 0};

struct job {
    int writer;
    long calls;
    long failed;
    int64_t *ids;
    long n_ids;
};

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *work(void *arg) {
    struct job *j = arg;
    diary_db *db = NULL;
    char date[16];
    double end = now_s() + SECONDS, limit = now_s() + 120.0;
    long i = 0;
    if (diary_open_with_mode(path, DIARY_OPEN_EXISTING, 5000, &db) != DIARY_OK) {
        fprintf(stderr, "open failed: %s\n", diary_errmsg());
        j->failed++;
        return NULL;
    }
    /* At least a few calls each, even when a slow runner (valgrind
     * serialises threads) gives this thread little of the time. */
    while ((now_s() < end || j->calls < 5) && now_s() < limit) {
        j->calls++;
        if (j->writer) {
            diary_new_mark m;
            int64_t id = 0;
            memset(&m, 0, sizeof m);
            m.struct_size = sizeof m;
            m.student = student;
            m.subject = maths;
            snprintf(date, sizeof date, "2024-09-%02ld", 2 + (i++ % 20));
            m.date = date;
            m.value = "5";
            m.work_kind = hw;
            if (diary_mark_record(db, teacher, &m, &id) != DIARY_OK) {
                fprintf(stderr, "write failed: %s\n", diary_errmsg());
                j->failed++;
            } else if (j->n_ids < MAX_IDS) {
                j->ids[j->n_ids++] = id;
            }
        } else {
            char *json = NULL;
            diary_average avg = DIARY_AVERAGE_INIT;
            if (diary_marks_json(db, mother, student, "2024-09-01", "2024-10-25", &json) != DIARY_OK) {
                fprintf(stderr, "read failed: %s\n", diary_errmsg());
                j->failed++;
            }
            diary_string_free(json);
            if (diary_average_get(db, mother, student, maths, q1, &avg) != DIARY_OK) {
                fprintf(stderr, "read failed: %s\n", diary_errmsg());
                j->failed++;
            }
        }
    }
    diary_close(db);
    return NULL;
}

int main(int argc, char **argv) {
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, year, a_id, t_id, c5a, m_id, tmp, entries = 0, broken = -1;
    pthread_t threads[WRITERS + READERS];
    struct job jobs[WRITERS + READERS];
    long failed = 0, reads = 0, k, i;
    int present = 1;
    char side[512];

    path = argc > 1 ? argv[1] : "soak.diary";
    remove(path);
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);
    CHECK_OK(diary_open_with_clock(path, 1726826400, &db));
    CHECK_OK(diary_school_create(db, op, "School", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_OK(diary_person_register(db, op, school, "Admin", "A", NULL, "1980-01-01", NULL, &a_id));
    CHECK_OK(diary_staff_appoint(db, op, school, a_id, DIARY_ROLE_ADMIN));
    admin.person = a_id;
    CHECK_OK(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    CHECK_OK(diary_period_add(db, admin, year, DIARY_PERIOD_QUARTER, "Q1", "2024-09-02", "2024-10-25", &q1));
    CHECK_OK(diary_person_register(db, admin, school, "Petrov", "P", NULL, "1975-05-05", NULL, &t_id));
    CHECK_OK(diary_staff_appoint(db, admin, school, t_id, DIARY_ROLE_TEACHER));
    teacher.person = t_id;
    CHECK_OK(diary_class_create(db, admin, year, 5, "A", t_id, &c5a));
    CHECK_OK(diary_subject_create(db, admin, school, "Mathematics", &maths));
    CHECK_OK(diary_teacher_assign(db, admin, t_id, c5a, 0, maths, &tmp));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanov", "I", NULL, "2013-03-03", NULL, &student));
    CHECK_OK(diary_student_enrol(db, admin, student, c5a, "2024-09-01", &tmp));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanova", "M", NULL, "1985-07-07", NULL, &m_id));
    CHECK_OK(diary_guardian_add(db, admin, student, m_id, DIARY_RELATION_MOTHER, 1));
    mother.person = m_id;
    CHECK_OK(diary_work_kind_create(db, admin, school, "Homework", "1", "1", "1", &hw));
    diary_close(db);

    for (k = 0; k < WRITERS + READERS; k++) {
        memset(&jobs[k], 0, sizeof jobs[k]);
        jobs[k].writer = k < WRITERS;
        jobs[k].ids = jobs[k].writer ? malloc(sizeof(int64_t) * MAX_IDS) : NULL;
        pthread_create(&threads[k], NULL, work, &jobs[k]);
    }
    for (k = 0; k < WRITERS + READERS; k++) pthread_join(threads[k], NULL);
    for (k = 0; k < WRITERS + READERS; k++) {
        failed += jobs[k].failed;
        if (!jobs[k].writer) reads += jobs[k].calls;
    }
    CHECK(failed == 0);
    CHECK(reads > 0);
    CHECK(jobs[0].n_ids > 0 && jobs[1].n_ids > 0);

    CHECK_OK(diary_open_with_mode(path, DIARY_OPEN_EXISTING, 5000, &db));
    for (k = 0; k < WRITERS; k++) {
        for (i = 0; i < jobs[k].n_ids; i++) {
            char *json = NULL;
            if (diary_mark_json(db, admin, jobs[k].ids[i], &json) != DIARY_OK) present = 0;
            diary_string_free(json);
        }
        free(jobs[k].ids);
    }
    CHECK(present);
    CHECK_OK(diary_access_log_verify(db, op, &entries, &broken));
    CHECK(broken == 0 && entries > reads);
    CHECK_OK(diary_check(db, 0));
    CHECK_STATUS(diary_check(db, 7), DIARY_ERR_INVALID_INPUT, "quick");
    /* Backup (the operator only) and a checked restore. */
    {
        char bak[512], restored[512];
        diary_db *r = NULL;
        snprintf(bak, sizeof bak, "%s.bak", path);
        snprintf(restored, sizeof restored, "%s.restored", path);
        remove(bak);
        remove(restored);
        CHECK_STATUS(diary_backup(db, admin, bak), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
        CHECK_OK(diary_backup(db, op, bak));
        CHECK_STATUS(diary_backup(db, op, bak), DIARY_ERR_INVALID_INPUT, "path");
        CHECK_OK(diary_restore(bak, restored));
        CHECK_STATUS(diary_restore(path, "/nonexistent-dir/x.diary"), DIARY_ERR_IO_ERROR, (const char *)NULL);
        CHECK_OK(diary_open_with_mode(restored, DIARY_OPEN_READ_ONLY, 0, &r));
        CHECK_OK(diary_check(r, 1));
        CHECK_STATUS(diary_subject_create(r, admin, school, "Art", &tmp), DIARY_ERR_READ_ONLY, (const char *)NULL);
        diary_close(r);
        CHECK_STATUS(diary_open_with_mode("/nonexistent-dir/none.diary", DIARY_OPEN_EXISTING, 0, &r), DIARY_ERR_NOT_A_DIARY, (const char *)NULL);
        CHECK(r == NULL);
        CHECK_STATUS(diary_open_with_mode(path, 9, 0, &r), DIARY_ERR_INVALID_INPUT, "mode");
        remove(bak);
        remove(restored);
    }
    diary_close(db);
    printf("c soak: %ld reads, %ld writes, %ld failed\n", reads, jobs[0].calls + jobs[1].calls, failed);
    return finish("c soak");
}
