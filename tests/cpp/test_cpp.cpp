// diary.hpp from C++17: RAII handles, exceptions with status and field,
// std::string and std::string_view for text, JSON returned as std::string.
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "diary.hpp"

static int passed = 0, failed = 0;
#define CHECK(cond)                                                        \
    do {                                                                   \
        if (cond) {                                                        \
            ++passed;                                                      \
        } else {                                                           \
            ++failed;                                                      \
            std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                  \
    } while (0)

int main(int argc, char **argv) {
    const std::string path = argc > 1 ? argv[1] : "build/test_cpp.diary";
    std::remove(path.c_str());
    diary::check_version();

    // open() never creates; create() does.
    try {
        auto missing = diary::db::open(path);
        CHECK(false);
    } catch (const diary::error &e) {
        CHECK(e.status() == DIARY_ERR_NOT_A_DIARY);
        CHECK(std::string(e.status_name()) == "not_a_diary");
    }

    int64_t school = 0;
    {
        auto db = diary::db::create(path);
        CHECK(static_cast<bool>(db));
        const std::string name = "School No. 7";
        const std::string long_region = "Moscow region";
        std::string_view region = std::string_view(long_region).substr(0, 6);  // not NUL-terminated
        school = diary::value<int64_t>(diary_school_create, db, diary::operator_actor(), name, region,
                                       "Europe/Moscow", 5);
        CHECK(school > 0);
        std::string json = diary::text(diary_schools_json, db, diary::operator_actor());
        CHECK(json.find("\"School No. 7\"") != std::string::npos);
        CHECK(json.find("\"region\":\"Moscow\"") != std::string::npos);

        // A refused call throws with the status and the field, storing nothing.
        try {
            diary::value<int64_t>(diary_school_create, db, diary::operator_actor(), "School 8", "Tver",
                                  "Europe/Moscow", 9);
            CHECK(false);
        } catch (const diary::busy_error &) {
            CHECK(false);
        } catch (const diary::error &e) {
            CHECK(e.status() == DIARY_ERR_INVALID_INPUT);
            CHECK(e.field() == "days_per_week");
            CHECK(std::string(e.what()).find("days_per_week") != std::string::npos);
        }
        CHECK(diary::text(diary_schools_json, db, diary::operator_actor()).find("School 8") == std::string::npos);

        // Structs come sized; a typed result by value.
        auto mark = diary::init<diary_new_mark>();
        CHECK(mark.struct_size == sizeof(diary_new_mark) && mark.student == 0);
        CHECK(diary::init<diary_new_lesson_change>().to_number == -1);
        try {
            diary::value<diary_average>(diary_average_get, db, diary::operator_actor(), 1, 1, 1);
            CHECK(false);
        } catch (const diary::error &e) {
            CHECK(e.status() == DIARY_ERR_ACCESS_DENIED || e.status() == DIARY_ERR_NOT_FOUND);
        }

        // Moving a handle moves ownership; the moved-from handle is empty.
        diary::db other = std::move(db);
        CHECK(!db && other);
        diary::call(diary_check, other, 1);
        CHECK(diary::text(diary_schools_json, other, diary::operator_actor()).find("School No. 7") != std::string::npos);
        // An empty handle is refused by the library, not dereferenced.
        try {
            diary::call(diary_check, db, 1);
            CHECK(false);
        } catch (const diary::error &e) {
            CHECK(e.status() == DIARY_ERR_INVALID_INPUT && e.field() == "db");
        }
    }
    // A student's week as typed records, owned by diary::days.
    {
        auto mem = diary::db::in_memory();
        auto op = diary::operator_actor();
        int64_t school = 0, admin = 0, year = 0, cls = 0, student = 0, mother = 0, enrolment = 0, stranger = 0;
        diary::call(diary_school_create, mem, op, "School", "Moscow", "Europe/Moscow", 5, &school);
        diary::call(diary_person_register, mem, op, school, "Admin", "A", nullptr, "1980-01-01", nullptr, &admin);
        diary::call(diary_staff_appoint, mem, op, school, admin, DIARY_ROLE_ADMIN);
        auto a = diary::vouched(admin);
        diary::call(diary_year_create, mem, a, school, "2024/25", "2024-09-01", "2025-05-31", &year);
        diary::call(diary_class_create, mem, a, year, 5, "A", 0, &cls);
        diary::call(diary_person_register, mem, a, school, "Ivanov", "Ivan", nullptr, "2013-03-03", nullptr, &student);
        diary::call(diary_student_enrol, mem, a, student, cls, "2024-09-01", &enrolment);
        diary::call(diary_person_register, mem, a, school, "Ivanova", "Maria", nullptr, "1985-07-07", nullptr, &mother);
        diary::call(diary_guardian_add, mem, a, student, mother, DIARY_RELATION_MOTHER, 1);
        diary::call(diary_person_register, mem, a, school, "Other", "O", nullptr, "1980-01-01", nullptr, &stranger);
        auto week = diary::days::student_week(mem, diary::vouched(mother), student, std::string("2024-09-02"));
        CHECK(week.size() == 7);
        CHECK(std::string_view(week.day(0).date) == "2024-09-02" && week.day(6).lessons == 0);
        try {
            (void)week.day(7);
            CHECK(false);
        } catch (const diary::error &e) {
            CHECK(e.status() == DIARY_ERR_INVALID_INPUT && e.field() == "day");
        }
        try {
            (void)diary::days::student_day(mem, diary::vouched(stranger), student, "2024-09-02");
            CHECK(false);
        } catch (const diary::error &e) {
            // Someone with no tie to the child learns not even that it exists.
            CHECK(e.status() == DIARY_ERR_NOT_FOUND);
        }
        auto moved = std::move(week);
        CHECK(moved.size() == 7 && week.get() == nullptr);
    }
    // The file persists and opens again.
    auto again = diary::db::open(path);
    CHECK(diary::text(diary_schools_json, again, diary::operator_actor()).find("School No. 7") != std::string::npos);
    again.close();
    again.close();  // idempotent
    std::printf("c++ header: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
