"""Generates a C test that calls every function of include/diary.h with NULL
for each pointer argument and invalid UTF-8 for each text argument, and
checks the status and the field named. Generated from the header, so a new
function is covered without writing its test by hand.

Usage: python3 tests/c/gen_boundary.py include/diary.h > build/test_boundary.c
"""

import re
import sys

# Arguments that may be NULL by contract: NULL there is not an error.
OPTIONAL = {
    ("diary_person_register", "patronymic"),
    ("diary_person_register", "snils"),
    ("diary_mark_change", "value"),
    ("diary_mark_change", "weight"),
    ("diary_mark_change", "comment"),
    ("diary_period_mark_confirm", "mark"),
    ("diary_period_mark_confirm", "reason"),
    ("diary_year_mark_confirm", "mark"),
    ("diary_year_mark_confirm", "reason"),
    ("diary_trusted_invite", "until"),
    ("diary_trusted_invite", "snils"),
    ("diary_open_with_clock", "path"),
    ("diary_bell_schedule_add", "valid_until"),
    ("diary_lesson_topic_set", "topic"),
    ("diary_lesson_topic_set", "test"),
    ("diary_homework_set", "attachments_json"),
    ("diary_homework_set_for_subject", "attachments_json"),
    ("diary_absence_notify", "note"),
    ("diary_excuse_decide", "note"),
    ("diary_trusted_invite", "phone"),
    ("diary_open_with_delivery", "user_data"),
    ("diary_regional_officer_register", "patronymic"),
    ("diary_regional_officer_register", "snils"),
    ("diary_access_application_reject", "note"),
    ("diary_access_application_resubmit", "applicant_json"),
    ("diary_access_application_resubmit", "documents_json"),
}

# Functions without fallible arguments, checked elsewhere.
SKIP = {"diary_errmsg", "diary_errfield", "diary_status_name", "diary_version"}

# Valid text for each argument name, so that only the argument under test fails.
TEXT = {
    "path": '"build/boundary.diary"',
    "start": '"2024-09-02"', "end": '"2024-10-25"', "first_day": '"2024-09-02"', "last_day": '"2024-09-03"',
    "day": '"2024-09-10"', "from": '"2024-09-01"', "to": '"2024-10-25"', "birth_date": '"2010-01-01"',
    "until": '"2030-01-01"', "due": '"2024-09-03"', "first": '"2024-09-02"', "last": '"2024-09-03"',
    "date": '"2024-09-02"', "valid_from": '"2024-09-02"', "valid_until": '"2024-12-31"', "monday": '"2024-09-02"',
    "to_date": '"2024-09-03"', "snils": '"112-233-445 95"', "time_zone": '"UTC"', "region": '"Moscow"',
    "default_weight": '"1"', "min_weight": '"1"', "max_weight": '"1"', "weight": '"1"', "value": '"5"',
    "target": '"5"', "mark": '"5"', "scale_json": r'"{\"code\":\"s\",\"name\":\"S\",\"lower_is_better\":false,\"kind\":{\"kind\":\"points\"}}"', "rule_json": '"{}"', "marks_json": '"[]"',
}


def parse(header):
    text = re.sub(r"//[^\n]*", "", open(header).read())
    for m in re.finditer(r"\n(diary_status|void|const char \*)\s*(diary_\w+)\(([^)]*)\);", text):
        ret, name, params = m.group(1).strip(), m.group(2), m.group(3)
        # The function's own comment: "`x` may be NULL" there makes NULL valid.
        doc = text[text.rfind("/**", 0, m.start()):m.start()]
        for optional in re.findall(r"`(\w+)` may be NULL", doc):
            OPTIONAL.add((name, optional))
        args = []
        for p in [p.strip() for p in params.split(",") if p.strip() and p.strip() != "void"]:
            pm = re.match(r"(.*?)(\w+)$", p)
            args.append((pm.group(1).strip(), pm.group(2)))
        yield ret, name, args


def value(ctype, arg, under_test, mode):
    if arg == under_test:
        return "NULL" if mode == "null" else '"\\xff\\xfe bad"'
    if ctype == "struct diary_actor":
        return "op"
    if "struct diary_actor *" in ctype:
        return "&act"
    if ctype == "diary_delivery_fn":
        return "boundary_deliver"
    if ctype in ("diary_notify_fn", "diary_verify_fn", "diary_change_fn"):
        return "NULL"
    if ctype == "void *":
        return "NULL"
    if "uint8_t *" in ctype:
        return '(const uint8_t *)"x"'

    if "diary_days **" in ctype:
        return "&days_out"
    if "diary_days *" in ctype:
        return "days"
    if "diary_subject_average *" in ctype:
        return "&savg"
    if "diary_day_info *" in ctype:
        return "&dinfo"
    if "diary_day_lesson *" in ctype:
        return "&dlesson"
    if "diary_homework *" in ctype:
        return "&hwrec"
    if "diary_attachment *" in ctype:
        return "&attrec"
    if "diary_remark *" in ctype:
        return "&remrec"
    if "diary_db **" in ctype:
        return "&dbp"
    if "struct diary_db *" in ctype:
        return "db"
    if "char **" in ctype:
        return "&text"
    if "char *" in ctype:
        return TEXT.get(arg, '"x"')
    if "int64_t *" in ctype:
        return "&i64"
    if "int32_t *" in ctype:
        return "&i32"
    if "diary_average *" in ctype:
        return "&avg"
    if "diary_new_mark *" in ctype:
        return "&nm"
    if "diary_mark *" in ctype:
        return "&mrec"
    if "diary_account_settings *" in ctype:
        return "&settings"
    if "diary_lesson_key *" in ctype:
        return "&lk"
    if "diary_bell *" in ctype:
        return "&bell"
    if "diary_timetable_lesson *" in ctype:
        return "&ttl"
    if "diary_new_lesson_change *" in ctype:
        return "&lc"
    if "diary_lesson *" in ctype:
        return "&lrec"
    if "diary_attendance_entry *" in ctype:
        return "&ae"
    if "diary_attendance_summary *" in ctype:
        return "&asum"
    if "size_t *" in ctype:
        return "&sz"
    if "diary_bytes *" in ctype:
        return "&bytes"
    if "*" in ctype:
        raise SystemExit(f"gen_boundary.py: no test value for pointer type {ctype!r} ({arg}); add one")
    return "1"


def main():
    out = ["/* Generated by tests/c/gen_boundary.py from include/diary.h; do not edit. */",
           '#include "check.h"', "",
           "static int32_t boundary_deliver(void *u, const char *m) { (void)u; (void)m; return 0; }", "",
           "int main(void) {",
           "    diary_db *db = NULL, *dbp = NULL;",
           "    diary_actor op = {DIARY_ACTOR_OPERATOR, 0};", "    diary_actor act;",
           "    char *text = NULL;", "    int64_t i64 = 0;", "    int32_t i32 = 0;",
           "    diary_average avg = DIARY_AVERAGE_INIT;", "    diary_mark mrec = DIARY_MARK_INIT;",
           "    diary_new_mark nm = DIARY_NEW_MARK_INIT;", "    int calls = 0;",
           "    diary_account_settings settings = {sizeof settings, 14, 30, 14};",
           "    diary_lesson_key lk = {sizeof lk, 1, \"2024-09-02\", 1, 0};",
           "    diary_bell bell = {sizeof bell, 1, 510, 555};",
           "    diary_timetable_lesson ttl = {sizeof ttl, 1, 1, 0, 1, 1, NULL};",
           "    diary_new_lesson_change lc = {sizeof lc, {sizeof lc.lesson, 1, \"2024-09-02\", 1, 0}, 1, 0, NULL, 0, NULL, -1, NULL, 0};",
           "    diary_lesson lrec = DIARY_LESSON_INIT;",
           "    diary_attendance_entry ae = {sizeof ae, 1, 0, 0, -1, 0};",
           "    diary_attendance_summary asum = DIARY_ATTENDANCE_SUMMARY_INIT;",
           "    size_t sz = 0;",
           "    diary_bytes bytes = {0};",
           "    diary_days *days = NULL, *days_out = NULL;",
           "    diary_day_info dinfo = DIARY_DAY_INFO_INIT;", "    diary_day_lesson dlesson = DIARY_DAY_LESSON_INIT;",
           "    diary_homework hwrec = DIARY_HOMEWORK_INIT;", "    diary_attachment attrec = DIARY_ATTACHMENT_INIT;",
           "    diary_remark remrec = DIARY_REMARK_INIT;",
           "    diary_subject_average savg = DIARY_SUBJECT_AVERAGE_INIT;",
                      '    nm.student = 1; nm.subject = 1; nm.date = "2024-09-10"; nm.value = "5"; nm.work_kind = 1;',
           "    CHECK_OK(diary_open_in_memory(&db));"]
    for ret, name, args in parse(sys.argv[1]):
        if name in SKIP:
            continue
        if ret == "void":
            out.append(f"    {name}(NULL); /* must accept NULL */")
            continue
        for ctype, arg in args:
            if "*" not in ctype:
                continue
            for mode in ("null", "utf8"):
                if mode == "utf8" and not ("const char *" in ctype and "**" not in ctype):
                    continue
                call = ", ".join(value(t, a, arg, mode) for t, a in args)
                out.append("    text = NULL;")
                out.append(f"    {{ diary_status st = {name}({call}); calls++;")
                if mode == "null" and (name, arg) in OPTIONAL:
                    out.append("      CHECK(st >= DIARY_OK && st <= DIARY_ERR_DELIVERY_FAILED); }")
                else:
                    out.append(f'      CHECK(st == DIARY_ERR_INVALID_INPUT);')
                    out.append(f'      if (strcmp(diary_errfield(), "{arg}") != 0) fprintf(stderr, "{name} {mode} {arg}: field %s (%s)\\n", diary_errfield(), diary_errmsg());')
                    out.append(f'      CHECK(strcmp(diary_errfield(), "{arg}") == 0 && strlen(diary_errmsg()) > 0); }}')
                out.append("    diary_string_free(text);")
                out.append("    diary_bytes_free(&bytes);")
                out.append("    if (dbp) { diary_close(dbp); dbp = NULL; }")
    out += ["    diary_days_free(days_out); (void)days;",
            "    diary_close(db);", '    printf("boundary: %d calls\\n", calls);', '    return finish("c boundary");', "}"]
    print("\n".join(out))


main()
