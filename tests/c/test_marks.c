/* Marks and averages through the C ABI: entry, bulk, exact averages,
 * explanations, history, closed periods, rules, refusals. */
#include <stdlib.h>
#include "check.h"

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
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, teacher = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor mother = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, year, q1, q2, t_id, a_id, c5a, maths, student, mother_id, hw, test, tmp, assign;
    int64_t mark_id = 0, ids[5];
    diary_new_mark batch[5];
    diary_average avg = DIARY_AVERAGE_INIT;
    char *json = NULL;
    int pos = 0, of = 0;
    const char *dates[5] = {"2024-09-02", "2024-09-03", "2024-09-04", "2024-09-05", "2024-09-06"};
    int i;

    CHECK_OK(diary_open_in_memory(&db));
    CHECK_OK(diary_school_create(db, op, "School No. 1", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_OK(diary_person_register(db, op, school, "Admin", "Anna", NULL, "1980-01-01", "112-233-445 95", &a_id));
    CHECK_OK(diary_staff_appoint(db, op, school, a_id, DIARY_ROLE_ADMIN));
    admin.person = a_id;
    CHECK_OK(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    CHECK_OK(diary_period_add(db, admin, year, DIARY_PERIOD_QUARTER, "Quarter 1", "2024-09-02", "2024-10-25", &q1));
    CHECK_OK(diary_period_add(db, admin, year, DIARY_PERIOD_QUARTER, "Quarter 2", "2024-11-05", "2024-12-27", &q2));
    CHECK_OK(diary_person_register(db, admin, school, "Petrov", "Pavel", NULL, "1975-05-05", "123-456-789 64", &t_id));
    CHECK_OK(diary_staff_appoint(db, admin, school, t_id, DIARY_ROLE_TEACHER));
    teacher.person = t_id;
    CHECK_OK(diary_class_create(db, admin, year, 5, "A", t_id, &c5a));
    CHECK_OK(diary_subject_create(db, admin, school, "Mathematics", &maths));
    CHECK_OK(diary_teacher_assign(db, admin, t_id, c5a, 0, maths, &assign));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanov", "Ivan", NULL, "2013-03-03", "087-654-321 02", &student));
    CHECK_OK(diary_student_enrol(db, admin, student, c5a, "2024-09-01", &tmp));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanova", "Maria", NULL, "1985-07-07", "111-111-111 45", &mother_id));
    CHECK_OK(diary_guardian_add(db, admin, student, mother_id, DIARY_RELATION_MOTHER, 1));
    mother.person = mother_id;
    CHECK_OK(diary_work_kind_create(db, admin, school, "Homework", "1", "0.5", "2", &hw));
    CHECK_OK(diary_work_kind_create(db, admin, school, "Test", "3", "1", "5", &test));

    /* One mark, then a bulk column. */
    {
        diary_new_mark m = grade(student, maths, "2024-09-10", "5", hw);
        CHECK_OK(diary_mark_record(db, teacher, &m, &mark_id));
        CHECK(mark_id > 0);
        m = grade(student, maths, "2024-09-11", "4", hw);
        CHECK_OK(diary_mark_record(db, teacher, &m, &tmp));
        m = grade(student, maths, "2024-09-12", "3", test);
        CHECK_OK(diary_mark_record(db, teacher, &m, &tmp));
        m = grade(student, maths, "2024-09-13", NULL, test);
        m.entry = DIARY_ENTRY_ABSENT;
        CHECK_OK(diary_mark_record(db, teacher, &m, &tmp));
    }
    CHECK_OK(diary_average_get(db, mother, student, maths, q1, &avg));
    CHECK(avg.has_value == 1 && avg.exact_num == 18 && avg.exact_den == 5);
    CHECK(strcmp(avg.display, "3.60") == 0 && strcmp(avg.mark, "4") == 0);
    CHECK(avg.counted == 3 && avg.excluded == 1 && avg.certified == 1);
    /* The same average among the student's subjects, and in the class's. */
    {
        diary_subject_average subj[4] = {DIARY_SUBJECT_AVERAGE_INIT};
        size_t n = 0;
        CHECK_OK(diary_subject_averages_get(db, mother, student, q1, NULL, 0, &n));
        CHECK(n == 1);
        CHECK_OK(diary_subject_averages_get(db, mother, student, q1, subj, 4, &n));
        CHECK(n == 1 && subj[0].student == student && subj[0].subject == maths);
        CHECK(subj[0].exact_num == 18 && subj[0].exact_den == 5 && strcmp(subj[0].display, "3.60") == 0);
        CHECK(strcmp(subj[0].mark, "4") == 0 && subj[0].counted == 3 && subj[0].excluded == 1);
        subj[0].struct_size = 0;
        CHECK_STATUS(diary_subject_averages_get(db, mother, student, q1, subj, 4, &n), DIARY_ERR_INVALID_INPUT, "out[0].struct_size");
    }
    CHECK_OK(diary_average_json(db, teacher, student, maths, q1, &json));
    CHECK(json && strstr(json, "\"exact\":\"18/5\"") != NULL && strstr(json, "never counts") != NULL);
    diary_string_free(json);
    json = NULL;

    /* A mark as a typed record. */
    {
        diary_mark rec = DIARY_MARK_INIT;
        CHECK_OK(diary_mark_get(db, mother, mark_id, &rec));
        CHECK(rec.id == mark_id && rec.student == student && strcmp(rec.date, "2024-09-10") == 0);
        CHECK(strcmp(rec.label, "5") == 0 && strcmp(rec.scale, "ru5") == 0);
        CHECK(rec.value_num == 5 && rec.value_den == 1 && rec.weight_num == 1 && rec.deleted == 0);
        CHECK(rec.entry == DIARY_ENTRY_GRADE && rec.counting == DIARY_COUNT_ALWAYS);
        CHECK_STATUS(diary_mark_get(db, mother, 99999, &rec), DIARY_ERR_NOT_FOUND, (const char *)NULL);
    }

    /* The period's page as typed records: count first, then fetch; a small
     * array gets the first ones and the full count. */
    {
        diary_mark page[8] = {DIARY_MARK_INIT};
        size_t n = 99;
        CHECK_OK(diary_marks_get(db, mother, student, "2024-09-01", "2024-10-25", NULL, 0, &n));
        CHECK(n == 4);
        CHECK_OK(diary_marks_get(db, mother, student, "2024-09-01", "2024-10-25", page, 2, &n));
        CHECK(n == 4 && page[0].id == mark_id && page[1].struct_size == sizeof(diary_mark));
        CHECK(strcmp(page[1].date, "2024-09-11") == 0 && strcmp(page[1].label, "4") == 0);
        CHECK_OK(diary_marks_get(db, mother, student, "2024-09-01", "2024-10-25", page, 8, &n));
        CHECK(n == 4 && page[3].entry == DIARY_ENTRY_ABSENT && page[3].value_num == 0);
        CHECK_STATUS(diary_marks_get(db, mother, student, "2024-09-01", "2024-10-25", NULL, 8, &n),
                     DIARY_ERR_INVALID_INPUT, "out");
        CHECK_STATUS(diary_marks_get(db, mother, 99999, "2024-09-01", "2024-10-25", page, 8, &n),
                     DIARY_ERR_NOT_FOUND, (const char *)NULL);
        CHECK(n == 0);
        /* The class journal: every visible mark of the class in the quarter. */
        CHECK_OK(diary_class_marks_get(db, teacher, c5a, q1, maths, page, 8, &n));
        CHECK(n == 4 && page[0].student == student && page[0].subject == maths);
        CHECK_OK(diary_class_marks_get(db, admin, c5a, q1, 0, NULL, 0, &n));
        CHECK(n == 4);
        /* The school's marks page by page: 3 + 1, then the end. */
        CHECK_OK(diary_school_marks_page(db, admin, year, 0, page, 3, &n));
        CHECK(n == 3 && page[0].id == mark_id && page[2].id > page[1].id);
        CHECK_OK(diary_school_marks_page(db, admin, year, page[2].id, page, 3, &n));
        CHECK(n == 1);
        CHECK_OK(diary_school_marks_page(db, admin, year, page[0].id, page, 3, &n));
        CHECK(n == 0);
        CHECK_STATUS(diary_school_marks_page(db, teacher, year, 0, page, 3, &n), DIARY_ERR_ACCESS_DENIED,
                     (const char *)NULL);
        CHECK_STATUS(diary_school_marks_page(db, admin, year, 0, page, 0, &n), DIARY_ERR_INVALID_INPUT,
                     "capacity");
    }

    /* One bad mark names its field as the header says: "mark.<field>". */
    {
        diary_new_mark bad = grade(student, maths, dates[0], "7", hw);
        int64_t none = 0;
        CHECK_STATUS(diary_mark_record(db, teacher, &bad, &none), DIARY_ERR_INVALID_INPUT, "mark.value");
        bad = grade(student, maths, "2024-13-01", "4", hw);
        CHECK_STATUS(diary_mark_record(db, teacher, &bad, &none), DIARY_ERR_INVALID_INPUT, "mark.date");
        CHECK(none == 0);
    }

    /* A batch with one bad mark stores nothing and names the position. */
    for (i = 0; i < 5; i++) batch[i] = grade(student, maths, dates[i], "4", hw);
    batch[3].value = "7";
    CHECK_STATUS(diary_marks_record(db, teacher, batch, 5, ids), DIARY_ERR_INVALID_INPUT, "marks[3].value");
    CHECK_OK(diary_average_get(db, mother, student, maths, q1, &avg));
    CHECK(avg.counted == 3);
    batch[3].value = "5";
    CHECK_OK(diary_marks_record(db, teacher, batch, 5, ids));
    CHECK(ids[0] > 0 && ids[4] > ids[0]);
    CHECK_STATUS(diary_marks_record(db, teacher, NULL, 2, ids), DIARY_ERR_INVALID_INPUT, "marks");

    /* Refusals. */
    {
        diary_new_mark bad = grade(student, maths, "2024-09-10", "5", hw);
        CHECK_STATUS(diary_mark_record(db, mother, &bad, &tmp), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
        bad.weight = "2.5";
        CHECK_STATUS(diary_mark_record(db, teacher, &bad, &tmp), DIARY_ERR_INVALID_INPUT, "mark.weight");
        bad.weight = NULL;
        bad.counting = 9;
        CHECK_STATUS(diary_mark_record(db, teacher, &bad, &tmp), DIARY_ERR_INVALID_INPUT, "mark.counting");
        bad.counting = DIARY_COUNT_ALWAYS;
        bad.date = "2024-10-30";
        CHECK_STATUS(diary_mark_record(db, teacher, &bad, &tmp), DIARY_ERR_INVALID_INPUT, "mark.date");
        bad.date = NULL;
        CHECK_STATUS(diary_mark_record(db, teacher, &bad, &tmp), DIARY_ERR_INVALID_INPUT, "mark.date");
        CHECK_STATUS(diary_mark_record(db, teacher, NULL, &tmp), DIARY_ERR_INVALID_INPUT, "mark");
    }

    /* History and closed periods. */
    CHECK_STATUS(diary_mark_change(db, teacher, mark_id, "4", NULL, NULL, NULL), DIARY_ERR_INVALID_INPUT, "reason");
    CHECK_OK(diary_mark_change(db, teacher, mark_id, "4", NULL, NULL, "recounted"));
    {
        int32_t closed = -1;
        CHECK_OK(diary_period_is_closed(db, teacher, q1, &closed));
        CHECK(closed == 0);
        CHECK_OK(diary_period_set_closed(db, admin, q1, 1));
        CHECK_OK(diary_period_is_closed(db, teacher, q1, &closed));
        CHECK(closed == 1);
    }
    CHECK_STATUS(diary_mark_change(db, teacher, mark_id, "5", NULL, NULL, "late"), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_mark_delete(db, admin, mark_id, "entered twice"));
    CHECK_OK(diary_mark_history_json(db, mother, mark_id, &json));
    CHECK(json && strstr(json, "\"old_label\":\"5\",\"new_label\":\"4\"") != NULL);
    CHECK(json && strstr(json, "\"action\":\"delete\"") != NULL);
    diary_string_free(json);
    json = NULL;

    /* Rules as JSON, statistics, what-if. */
    CHECK_OK(diary_grading_rule_set(db, admin, school, maths, "{\"thresholds\":[{\"min\":\"4.30\",\"mark\":\"5\"},{\"min\":\"3.60\",\"mark\":\"4\"}],\"min_marks\":1}"));
    CHECK_STATUS(diary_grading_rule_set(db, admin, school, maths, "{\"thresholds\": 5}"), DIARY_ERR_INVALID_INPUT, "rule_json.thresholds");
    /* A mistyped key is named, with the accepted ones in the message. */
    CHECK_STATUS(diary_grading_rule_set(db, admin, school, maths, "{\"drop_low\": 1}"), DIARY_ERR_INVALID_INPUT, "rule_json.drop_low");
    CHECK(strstr(diary_errmsg(), "drop_lowest") != NULL);
    CHECK_STATUS(diary_grading_rule_set(db, admin, school, maths, "{\"thresholds\":[{\"min\":4.6,\"mark\":\"5\"}]}"),
                 DIARY_ERR_INVALID_INPUT, "rule_json.thresholds[0].min");
    CHECK_OK(diary_grading_rule_json(db, teacher, school, maths, &json));
    CHECK(json && strstr(json, "\"min\":\"4.30\"") != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_class_statistics_json(db, mother, c5a, maths, q1, &json));
    CHECK(json && strstr(json, "\"students\":1") != NULL);
    diary_string_free(json);
    json = NULL;
    /* A family sees no place among fewer than the minimum group size. */
    CHECK_OK(diary_class_rank(db, mother, student, maths, q1, &pos, &of));
    CHECK(pos == 0 && of == 0);
    CHECK_OK(diary_class_rank(db, teacher, student, maths, q1, &pos, &of));
    CHECK(pos == 1 && of == 1);
    CHECK_OK(diary_what_if_json(db, mother, student, maths, q1, "[{\"value\":\"5\",\"work_kind\":1}]", &json));
    CHECK(json && strstr(json, "\"certified\":true") != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_overall_average(db, mother, student, q1, &json));
    CHECK(json && strchr(json, '/') != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_progress_chart_svg(db, mother, student, maths, q1, 640, 320, &json));
    CHECK(json && strncmp(json, "<svg", 4) == 0);
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_progress_chart_svg(db, mother, student, maths, q1, 1, 320, &json), DIARY_ERR_INVALID_INPUT, "width");
    CHECK(json == NULL);
    CHECK_OK(diary_marks_json(db, mother, student, "2024-09-01", "2024-12-31", &json));
    CHECK(json && strstr(json, "\"label\":\"н\"") != NULL);
    diary_string_free(json);

    /* Reports: the class's marks and averages with names, the school's
     * period averages, year and exam marks. */
    CHECK_OK(diary_class_marks_json(db, teacher, c5a, q1, 0, &json));
    CHECK(json && strstr(json, "Ivanov") != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_OK(diary_class_averages_json(db, teacher, c5a, q1, maths, &json));
    CHECK(json && strstr(json, "\"subject\"") != NULL);
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_class_marks_json(db, teacher, c5a, q1, -4, &json), DIARY_ERR_INVALID_INPUT, "subject");
    CHECK_OK(diary_school_period_averages_json(db, admin, year, &json));
    CHECK(json && json[0] == '[');
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_school_period_averages_json(db, mother, year, &json), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_exam_mark_set(db, mother, student, maths, year, "5"), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_year_mark_confirm(db, mother, student, maths, year, NULL, NULL), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_OK(diary_final_mark_json(db, mother, student, maths, year, &json));
    CHECK(json && json[0] == '{');
    diary_string_free(json);
    json = NULL;
    /* The grading engine alone: marks and a rule as values, no handle. */
    {
        diary_average pa = DIARY_AVERAGE_INIT;
        char *pj = NULL;
        CHECK_OK(diary_grading_average("[{\"value\":\"5\"},{\"value\":4},{\"value\":\"3\",\"weight\":\"3\"}]", "{}", NULL, &pa));
        CHECK(pa.has_value == 1 && pa.exact_num == 18 && pa.exact_den == 5);
        CHECK(strcmp(pa.display, "3.60") == 0 && strcmp(pa.mark, "4") == 0 && pa.counted == 3);
        CHECK_OK(diary_grading_average_json("[{\"value\":\"5\"},{\"value\":\"5\",\"counting\":\"never\"}]",
                                            "{\"min_marks\":1}", "[]", &pj));
        CHECK(pj && strstr(pj, "\"exact\":\"5/1\"") != NULL && strstr(pj, "\"excluded\":[{\"mark\":2") != NULL);
        diary_string_free(pj);
        pj = NULL;
        CHECK_STATUS(diary_grading_average_json("[{\"value\":\"5\",\"wieght\":2}]", "{}", NULL, &pj),
                     DIARY_ERR_INVALID_INPUT, "marks[0].wieght");
        CHECK(pj == NULL);
        CHECK_STATUS(diary_grading_average("[]", "{\"drop_low\":1}", NULL, &pa), DIARY_ERR_INVALID_INPUT, "rule.drop_low");
        CHECK_STATUS(diary_grading_average("[{\"value\":\"9\"}]", "{}", NULL, &pa), DIARY_ERR_INVALID_INPUT, "marks[0].value");
    }

    /* The class's averages typed: a classmate's row for the teacher, not
     * for the other child's mother. */
    {
        diary_subject_average rows[4] = {DIARY_SUBJECT_AVERAGE_INIT};
        diary_new_mark cm;
        int64_t classmate = 0;
        size_t n = 0;
        CHECK_OK(diary_person_register(db, admin, school, "Sidorov", "Semyon", NULL, "2013-04-04", NULL, &classmate));
        CHECK_OK(diary_student_enrol(db, admin, classmate, c5a, "2024-09-01", &tmp));
        cm = grade(classmate, maths, "2024-09-10", "5", hw);
        /* The quarter is closed by now: only an admin may still enter a mark. */
        CHECK_OK(diary_mark_record(db, admin, &cm, &tmp));
        CHECK_OK(diary_class_averages_get(db, teacher, c5a, q1, maths, rows, 4, &n));
        CHECK(n == 2 && rows[0].subject == maths && rows[1].subject == maths);
        CHECK((rows[0].student == classmate) != (rows[1].student == classmate));
        CHECK_OK(diary_class_averages_get(db, mother, c5a, q1, 0, rows, 4, &n));
        CHECK(n == 1 && rows[0].student == student);
        CHECK_STATUS(diary_class_averages_get(db, teacher, c5a, q1, -1, rows, 4, &n), DIARY_ERR_INVALID_INPUT, "subject");
    }
    diary_close(db);
    return finish("c marks");
}
