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
    // The file persists and opens again.
    auto again = diary::db::open(path);
    CHECK(diary::text(diary_schools_json, again, diary::operator_actor()).find("School No. 7") != std::string::npos);
    again.close();
    again.close();  // idempotent
    std::printf("c++ header: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
