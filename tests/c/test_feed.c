/* The change feed and the office's CSV tables through the C ABI: a listener callback hearing every
 * committed change on the delivery thread, a parent's and another
 * school's admin's pages of the feed, a mark's old -> new value, retention
 * and pruning by the operator, and the resync status for a pruned or
 * future cursor. */
#include <pthread.h>
#include "check.h"
#include "school_fixture.h"

struct heard {
    pthread_mutex_t lock;
    int count;
    int marks;
    char last[2048];
};

static void on_change(void *user_data, const char *json) {
    struct heard *h = user_data;
    pthread_mutex_lock(&h->lock);
    h->count++;
    if (strstr(json, "\"entity\":\"mark\"")) h->marks++;
    snprintf(h->last, sizeof h->last, "%s", json);
    pthread_mutex_unlock(&h->lock);
}

static diary_new_mark grade(int64_t student, int64_t subject, const char *date, const char *value, int64_t kind) {
    diary_new_mark m;
    memset(&m, 0, sizeof m);
    m.struct_size = sizeof m;
    m.student = student;
    m.subject = subject;
    m.date = date;
    m.entry = DIARY_ENTRY_GRADE;
    m.value = value;
    m.work_kind = kind;
    m.counting = DIARY_COUNT_ALWAYS;
    return m;
}

int main(void) {
    diary_db *db = NULL;
    diary_actor op, admin, teacher, mother, other_admin;
    int64_t student, maths, hw, tmp, mark = 0, head = 0, n = 0;
    int64_t ids[3];
    int32_t done = 0;
    char *json = NULL;
    struct heard h;
    diary_new_mark batch[3];
    school_fixture f;

    memset(&h, 0, sizeof h);
    pthread_mutex_init(&h.lock, NULL);
    CHECK_OK(diary_open_with_clock(NULL, 1726826400, &db)); /* 2024-09-20 10:00 UTC */
    f = fixture_school(db);
    op = f.op, admin = f.admin, teacher = f.teacher, mother = f.mother;
    student = f.student, maths = f.maths, hw = f.homework;
    other_admin = fixture_other_admin(db);

    /* The listener hears every mark once committed, a bulk column too. */
    CHECK_OK(diary_change_listener_set(db, on_change, &h));
    {
        diary_new_mark m = grade(student, maths, "2024-09-10", "5", hw);
        CHECK_OK(diary_mark_record(db, teacher, &m, &mark));
    }
    batch[0] = grade(student, maths, "2024-09-11", "4", hw);
    batch[1] = grade(student, maths, "2024-09-12", "3", hw);
    batch[2] = grade(student, maths, "2024-09-13", "5", hw);
    CHECK_OK(diary_marks_record(db, teacher, batch, 3, ids));
    CHECK_STATUS(diary_change_listener_wait(db, -1, &done), DIARY_ERR_INVALID_INPUT, "timeout_ms");
    CHECK_STATUS(diary_change_listener_wait(db, 1000, NULL), DIARY_ERR_INVALID_INPUT, "out_done");
    CHECK_OK(diary_change_listener_wait(db, 10000, &done));
    CHECK(done == 1);
    pthread_mutex_lock(&h.lock);
    CHECK(h.marks == 4);
    CHECK(strstr(h.last, "\"entity\":\"mark\"") && strstr(h.last, "\"new_value\":\"5\"") &&
          strstr(h.last, "\"date\":\"2024-09-13\""));
    pthread_mutex_unlock(&h.lock);

    /* The mother's page: her child's marks; from the head on, the change. */
    CHECK_OK(diary_changes_since_json(db, mother, 0, 500, &json));
    CHECK(json && strstr(json, "\"entity\":\"mark\"") && strstr(json, "\"operation\":\"created\"") &&
          strstr(json, "\"more\":false"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_change_feed_head(db, mother, &head));
    CHECK(head >= 4);
    CHECK_OK(diary_mark_change(db, teacher, mark, "4", NULL, NULL, "recounted"));
    CHECK_OK(diary_changes_since_json(db, mother, head, 500, &json));
    CHECK(json && strstr(json, "\"operation\":\"changed\"") && strstr(json, "\"old_value\":\"5\"") &&
          strstr(json, "\"new_value\":\"4\""));
    diary_string_free(json);
    json = NULL;

    /* Another school's admin sees none of it. */
    CHECK_OK(diary_changes_since_json(db, other_admin, 0, 500, &json));
    CHECK(json && !strstr(json, "\"entity\":\"mark\"") && !strstr(json, "\"entity\":\"enrolment\""));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_changes_since_json(db, op, 0, 10, &json), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_changes_since_json(db, mother, -1, 10, &json), DIARY_ERR_INVALID_INPUT, "cursor");
    CHECK_STATUS(diary_changes_since_json(db, mother, 0, 0, &json), DIARY_ERR_INVALID_INPUT, "limit");
    CHECK_STATUS(diary_changes_since_json(db, mother, 0, 10001, &json), DIARY_ERR_INVALID_INPUT, "limit");

    /* Retention is the operator's; pruning makes old cursors resync. */
    CHECK_OK(diary_change_feed_retention(db, op, &n));
    CHECK(n == 90);
    CHECK_STATUS(diary_change_feed_retention_set(db, admin, 1), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_change_feed_retention_set(db, op, 0), DIARY_ERR_INVALID_INPUT, "days");
    CHECK_STATUS(diary_change_feed_retention_set(db, op, 3661), DIARY_ERR_INVALID_INPUT, "days");
    CHECK_OK(diary_change_feed_retention_set(db, op, 1));
    CHECK_OK(diary_clock_set(db, 1726826400 + 3 * 86400));
    CHECK_OK(diary_mark_delete(db, teacher, mark, "entered twice"));
    CHECK_STATUS(diary_change_feed_prune(db, admin, &n), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_change_feed_prune(db, op, &n));
    CHECK(n > 0);
    CHECK_STATUS(diary_changes_since_json(db, mother, 0, 10, &json), DIARY_ERR_RESYNC_NEEDED, (const char *)NULL);
    CHECK(strcmp(diary_status_name(DIARY_ERR_RESYNC_NEEDED), "resync_needed") == 0);
    CHECK_STATUS(diary_changes_since_json(db, mother, head + 100000, 10, &json), DIARY_ERR_RESYNC_NEEDED,
                 (const char *)NULL);
    CHECK_OK(diary_change_feed_head(db, mother, &n));
    CHECK_OK(diary_changes_since_json(db, mother, n - 1, 10, &json));
    CHECK(json && strstr(json, "\"operation\":\"deleted\""));
    diary_string_free(json);

    /* The office's tables as CSV: a byte-order mark, a header, CRLF. */
    CHECK_OK(diary_class_marks_csv(db, teacher, f.class_5a, f.quarter, maths, &json));
    CHECK(json && strncmp(json, "\xef\xbb\xbfstudent,", 11) == 0 && strstr(json, "average,mark\r\n"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_missing_marks_csv(db, admin, f.class_5a, f.quarter, 10, &json));
    CHECK(json && strstr(json, "student,subject,marks,teachers\r\n") && strstr(json, "Mathematics,3,"));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_missing_marks_csv(db, admin, f.class_5a, f.quarter, 51, &json), DIARY_ERR_INVALID_INPUT,
                 "min_marks");
    CHECK_OK(diary_class_attendance_csv(db, admin, f.class_5a, "2024-09-02", "2024-09-20", &json));
    CHECK(json && strstr(json, "\r\ntotal,"));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_class_attendance_csv(db, mother, f.class_5a, "2024-09-02", "2024-09-20", &json),
                 DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_class_marks_csv(db, other_admin, f.class_5a, f.quarter, maths, &json), DIARY_ERR_NOT_FOUND,
                 (const char *)NULL);

    /* Removed: nothing more is heard. */
    CHECK_OK(diary_change_listener_wait(db, 10000, &done));
    pthread_mutex_lock(&h.lock);
    n = h.count;
    pthread_mutex_unlock(&h.lock);
    CHECK_OK(diary_change_listener_set(db, NULL, NULL));
    {
        diary_new_mark m = grade(student, maths, "2024-09-16", "5", hw);
        CHECK_OK(diary_mark_record(db, teacher, &m, &tmp));
    }
    CHECK_OK(diary_change_listener_wait(db, 10000, &done));
    CHECK(h.count == n);

    diary_close(db);
    pthread_mutex_destroy(&h.lock);
    return finish("c feed");
}
