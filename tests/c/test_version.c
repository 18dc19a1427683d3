/* Versioning: the header's macros agree with the library linked at run
 * time, and the start-up check accepts this header and refuses others. */
#include <stdlib.h>
#include "check.h"

int main(void) {
    CHECK(diary_version_number() == DIARY_VERSION_NUMBER);
    CHECK(strcmp(diary_version(), DIARY_VERSION_STRING) == 0);
    CHECK(DIARY_VERSION_NUMBER ==
          DIARY_VERSION_MAJOR * 1000000 + DIARY_VERSION_MINOR * 1000 + DIARY_VERSION_PATCH);
    CHECK_OK(DIARY_CHECK_VERSION());
    /* An older minor or patch of the same major is served ... */
    CHECK_OK(diary_check_version(DIARY_VERSION_MAJOR * 1000000));
    /* ... a newer minor, another major or nonsense is not. */
    CHECK_STATUS(diary_check_version(DIARY_VERSION_NUMBER + 1000), DIARY_ERR_INVALID_INPUT,
                 "header_version");
    CHECK(strstr(diary_errmsg(), DIARY_VERSION_STRING) != NULL);
    CHECK_STATUS(diary_check_version(DIARY_VERSION_NUMBER + 1000000), DIARY_ERR_INVALID_INPUT,
                 "header_version");
    CHECK_STATUS(diary_check_version(-1), DIARY_ERR_INVALID_INPUT, "header_version");

    /* Structs carry their size; the library refuses one it cannot serve,
     * naming the field, before anything else. */
    {
        diary_db *db = NULL;
        diary_actor op = {DIARY_ACTOR_OPERATOR, 0};
        diary_new_mark m = DIARY_NEW_MARK_INIT, batch[2] = {DIARY_NEW_MARK_INIT, DIARY_NEW_MARK_INIT};
        diary_average avg = DIARY_AVERAGE_INIT;
        diary_lesson day[2] = {DIARY_LESSON_INIT};
        diary_new_lesson_change change = DIARY_NEW_LESSON_CHANGE_INIT;
        int64_t ids[2], id = 0;
        size_t n = 0;
        CHECK(m.struct_size == sizeof(diary_new_mark) && m.student == 0 && m.value == NULL);
        CHECK(change.to_number == -1 && change.lesson.struct_size == sizeof(diary_lesson_key));
        CHECK_OK(diary_open_in_memory(&db));
        m.struct_size = 0;
        CHECK_STATUS(diary_mark_record(db, op, &m, &id), DIARY_ERR_INVALID_INPUT, "mark.struct_size");
        CHECK(strstr(diary_errmsg(), "DIARY_NEW_MARK_INIT") != NULL);
        m.struct_size = sizeof(diary_new_mark) + 8; /* a newer header's struct */
        CHECK_STATUS(diary_mark_record(db, op, &m, &id), DIARY_ERR_INVALID_INPUT, "mark.struct_size");
        CHECK(strstr(diary_errmsg(), "newer diary.h") != NULL);
        m.struct_size = 4; /* smaller than any layout */
        CHECK_STATUS(diary_mark_record(db, op, &m, &id), DIARY_ERR_INVALID_INPUT, "mark.struct_size");
        batch[1].struct_size = 16;
        CHECK_STATUS(diary_marks_record(db, op, batch, 2, ids), DIARY_ERR_INVALID_INPUT, "marks[1].struct_size");
        avg.struct_size = 0;
        CHECK_STATUS(diary_average_get(db, op, 1, 1, 1, &avg), DIARY_ERR_INVALID_INPUT, "out.struct_size");
        day[0].struct_size = 0;
        CHECK_STATUS(diary_class_day(db, op, 1, "2024-09-02", day, 2, &n), DIARY_ERR_INVALID_INPUT,
                     "out[0].struct_size");
        change.lesson.struct_size = 0; /* an embedded struct is checked too */
        CHECK_STATUS(diary_lesson_change(db, op, &change, &day[0]), DIARY_ERR_INVALID_INPUT,
                     "out.struct_size");
        day[0].struct_size = sizeof(diary_lesson);
        CHECK_STATUS(diary_lesson_change(db, op, &change, &day[0]), DIARY_ERR_INVALID_INPUT,
                     "change.lesson.struct_size");
        diary_close(db);
    }
    return finish("test_version");
}
