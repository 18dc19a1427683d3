/* Year rollover through the C ABI: a dry run that stores nothing, the
 * rollover it showed, the report read back, a second rollover refused, a
 * bad plan naming its field, and another school's admin refused. */
#include "check.h"
#include "school_fixture.h"

int main(void) {
    diary_db *db = NULL;
    diary_actor admin, other;
    int64_t year, c5a, c11, student, senior, tmp;
    char *json = NULL, *dry = NULL;
    char plan[512];
    school_fixture f;

    CHECK_OK(diary_open_with_clock(NULL, 1748736000, &db)); /* 2025-06-01 */
    f = fixture_school(db);
    admin = f.admin, year = f.year, c5a = f.class_5a, student = f.student;
    CHECK_OK(diary_class_create(db, admin, year, 11, "A", 0, &c11));
    CHECK_OK(diary_person_register(db, admin, f.school, "Senior", "S", NULL, "2007-03-03", "100-200-300 30",
                                   &senior));
    CHECK_OK(diary_student_enrol(db, admin, senior, c11, "2024-09-01", &tmp));
    other = fixture_other_admin(db);

    snprintf(plan, sizeof plan,
             "{\"from_year\":%lld,\"new_year\":{\"label\":\"2025/26\",\"start\":\"2025-09-01\","
             "\"end\":\"2026-05-31\"},\"letters\":[[%lld,\"B\"]]}",
             (long long)year, (long long)c5a);
    CHECK_STATUS(diary_year_roll_over(db, other, plan, 1, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_STATUS(diary_year_roll_over(db, admin, plan, 2, &json), DIARY_ERR_INVALID_INPUT, "dry_run");
    CHECK_STATUS(diary_year_roll_over(db, admin, "{\"from_year\":1}", 1, &json), DIARY_ERR_INVALID_INPUT,
                 "plan_json.new_year");
    CHECK_STATUS(diary_rollover_report_json(db, admin, year, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);

    CHECK_OK(diary_year_roll_over(db, admin, plan, 1, &dry));
    CHECK(dry && strstr(dry, "\"dry_run\":true") && strstr(dry, "\"to_name\":\"6B\"") &&
          strstr(dry, "\"new_year\":null"));
    CHECK_STATUS(diary_rollover_report_json(db, admin, year, &json), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    CHECK_OK(diary_year_roll_over(db, admin, plan, 0, &json));
    CHECK(json && strstr(json, "\"dry_run\":false") && strstr(json, "\"enrolments_ended\":2") &&
          strstr(json, "\"enrolments_created\":1") && strstr(json, "\"from_name\":\"11A\",\"to_name\":null"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_rollover_report_json(db, admin, year, &json));
    CHECK(json && strstr(json, "\"graduated\":[{\"student\":"));
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_enrolments_json(db, admin, student, &json));
    CHECK(json && strstr(json, "\"end_reason\":\"promoted\""));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_year_roll_over(db, admin, plan, 0, &json), DIARY_ERR_CONFLICT, (const char *)NULL);
    CHECK(DIARY_END_PROMOTED == 3 && DIARY_END_REPEATING == 4);

    diary_string_free(dry);
    diary_close(db);
    return finish("c rollover");
}
