/* A fuzz harness over every C function that takes JSON (grading rules,
 * scale definitions, what-if marks, homework attachments): the committed
 * corpus in tests/fuzz-corpus/ and deterministic mutations of it. Every
 * call must answer OK or a clean error (invalid argument, conflict, not
 * found, access denied) with a message: never a crash, a leak (valgrind
 * and ASan run this too) or DIARY_ERR_INTERNAL. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include <dirent.h>
#include <stdlib.h>

#define MUTATIONS 60

static unsigned long long rng_state = 0x9E3779B97F4A7C15ULL;

static unsigned long long next_rand(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static const char *splices[] = {"\xE2\x80\xAE", "\"", "{", "}", "[", "]", ",", ":", "null", "-",
                                "9999999999999999999999999999999999", "1e400", "\\u0000", "\\ud800",
                                "-9223372036854775808", "0.000000000000000000001", "\xff", "\n"};

/* A mutation of `src` (NUL-terminated) into a new heap string. */
static char *mutate(const char *src) {
    size_t len = strlen(src), cap = len + 128, n = len;
    char *v = malloc(cap);
    int rounds = 1 + (int)(next_rand() % 3), r;
    memcpy(v, src, len + 1);
    for (r = 0; r < rounds; r++) {
        size_t at = n ? (size_t)(next_rand() % (n + 1)) : 0;
        switch (next_rand() % 4) {
        case 0:
            if (n) v[at < n ? at : n - 1] ^= (char)(1 << (next_rand() % 7));
            break;
        case 1:
            if (n && at < n) {
                size_t k = 1 + (size_t)(next_rand() % 4);
                if (at + k > n) k = n - at;
                memmove(v + at, v + at + k, n - at - k + 1);
                n -= k;
            }
            break;
        default: {
            const char *s = splices[next_rand() % (sizeof splices / sizeof *splices)];
            size_t k = strlen(s);
            if (n + k + 1 > cap) break;
            memmove(v + at + k, v + at, n - at + 1);
            memcpy(v + at, s, k);
            n += k;
        }
        }
        if (memchr(v, 0, n) != NULL) n = strlen(v); /* a flipped byte may end it early */
    }
    return v;
}

static int clean(diary_status st) {
    return st == DIARY_OK || st == DIARY_ERR_INVALID_INPUT || st == DIARY_ERR_CONFLICT ||
           st == DIARY_ERR_NOT_FOUND || st == DIARY_ERR_ACCESS_DENIED;
}

/* Reads every file of tests/fuzz-corpus/<kind> and calls `f` on it and on
 * MUTATIONS mutations of it. */
static void each_input(const char *kind, void (*f)(const char *)) {
    char dir[256], path[512];
    DIR *d;
    struct dirent *e;
    snprintf(dir, sizeof dir, "tests/fuzz-corpus/%s", kind);
    d = opendir(dir);
    CHECK(d != NULL);
    if (!d) return;
    while ((e = readdir(d)) != NULL) {
        FILE *fp;
        char buf[4096];
        size_t got;
        int i;
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        fp = fopen(path, "rb");
        if (!fp) continue;
        got = fread(buf, 1, sizeof buf - 1, fp);
        fclose(fp);
        buf[got] = 0;
        f(buf);
        for (i = 0; i < MUTATIONS; i++) {
            char *m = mutate(buf);
            f(m);
            free(m);
        }
    }
    closedir(d);
}

static diary_db *db;
static diary_actor admin = {DIARY_ACTOR_VOUCHED, 0}, teacher = {DIARY_ACTOR_VOUCHED, 0};
static int64_t school, maths, student, q1;
static diary_lesson_key mon1 = {sizeof(diary_lesson_key), 0, "2024-09-02", 1, 0};

static void rule(const char *json) {
    diary_status st = diary_grading_rule_set(db, admin, school, maths, json);
    CHECK(clean(st));
}

static void scale(const char *json) {
    int64_t id = 0;
    diary_status st = diary_scale_create(db, admin, school, json, &id);
    CHECK(clean(st));
}

static void what_if(const char *json) {
    char *out = NULL;
    diary_status st = diary_what_if_json(db, teacher, student, maths, q1, json, &out);
    CHECK(clean(st));
    diary_string_free(out);
}

static void attachments(const char *json) {
    int64_t id = 0;
    diary_status st = diary_homework_set(db, teacher, &mon1, "2024-09-09", "p. 12", NULL, 0, json, &id);
    CHECK(clean(st));
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "fuzz.diary";
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0};
    int64_t year, a_id, t_id, c5a, tmp, hw;
    diary_bell bells[1] = {{sizeof(diary_bell), 1, 510, 555}};
    diary_timetable_lesson plan[1] = {{sizeof(diary_timetable_lesson), 1, 1, 0, 0, 0, "101"}};
    diary_new_mark m;

    remove(path);
    CHECK_OK(diary_open_with_clock(path, 1726826400 /* 2024-09-20 */, &db));
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
    CHECK_OK(diary_work_kind_create(db, admin, school, "Homework", "1", "1", "3", &hw));
    CHECK_OK(diary_bell_schedule_add(db, admin, school, "Regular", 1, 31, "2024-09-01", NULL, bells, 1, &tmp));
    plan[0].subject = maths;
    plan[0].teacher = t_id;
    CHECK_OK(diary_timetable_set(db, admin, c5a, 1, "2024-09-02", plan, 1, &tmp));
    mon1.class_id = c5a;
    memset(&m, 0, sizeof m);
    m.struct_size = sizeof m;
    m.student = student;
    m.subject = maths;
    m.date = "2024-09-10";
    m.value = "4";
    m.work_kind = hw;
    CHECK_OK(diary_mark_record(db, teacher, &m, &tmp));

    each_input("rules", rule);
    each_input("scales", scale);
    each_input("what_if", what_if);
    each_input("attachments", attachments);
    diary_close(db);
    return finish("c fuzz json");
}
