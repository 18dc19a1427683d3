/*
 * diary.hpp — a thin C++17 layer over diary.h.
 *
 * It adds what C cannot have and changes nothing else:
 *   - diary::db, an owning handle (RAII, movable, not copyable);
 *   - diary::error, thrown for every failed call, carrying the status, the
 *     message and the field at fault (diary_errmsg/diary_errfield at the
 *     moment of failure); diary::busy_error for DIARY_ERR_BUSY (retry);
 *   - diary::init<T>(): a struct with its struct_size set (DIARY_..._INIT);
 *   - diary::call / diary::text / diary::value: call any diary_* function,
 *     passing std::string or std::string_view for text, and get the status
 *     checked, an owned JSON string back as std::string (freed), or the
 *     value of a last out-parameter.
 *
 *   #include "diary.hpp"
 *
 *   diary::check_version();
 *   auto db = diary::db::create("school.diary");
 *   int64_t school = diary::value<int64_t>(diary_school_create, db, diary::operator_actor(),
 *                                          "School No. 7", "Moscow", "Europe/Moscow", 5);
 *   std::string json = diary::text(diary_schools_json, db, diary::operator_actor());
 *
 * Every diary_* function stays available as declared in diary.h; this
 * header only wraps. Header-only; link with the C library as usual.
 */
#ifndef DIARY_HPP
#define DIARY_HPP

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "diary.h"

namespace diary {

/* A failed call: its status, message and (for invalid input) field. */
class error : public std::runtime_error {
public:
    error(diary_status status, const char *message, const char *field)
        : std::runtime_error(message ? message : ""), status_(status), field_(field ? field : "") {}
    diary_status status() const noexcept { return status_; }
    /* The stable name of the status, e.g. "invalid_input". */
    const char *status_name() const noexcept { return diary_status_name(status_); }
    /* The argument or struct field at fault ("mark.value"), or "". */
    const std::string &field() const noexcept { return field_; }

private:
    diary_status status_;
    std::string field_;
};

/* DIARY_ERR_BUSY: another connection kept the lock; nothing changed, retry. */
class busy_error : public error {
public:
    using error::error;
};

/* Throws for a status other than DIARY_OK. */
inline void check(diary_status status) {
    if (status == DIARY_OK) return;
    if (status == DIARY_ERR_BUSY) throw busy_error(status, diary_errmsg(), diary_errfield());
    throw error(status, diary_errmsg(), diary_errfield());
}

/* Throws unless the library linked at run time serves this header. */
inline void check_version() { check(DIARY_CHECK_VERSION()); }

/* The installation's operator, and a person acting as themselves. */
inline diary_actor operator_actor() noexcept { return diary_actor{DIARY_ACTOR_OPERATOR, 0}; }
inline diary_actor vouched(int64_t person) noexcept { return diary_actor{DIARY_ACTOR_VOUCHED, person}; }

/* An open diary; closed when destroyed. Converts to diary_db * for calls. */
class db {
public:
    /* An existing diary file; a missing or empty file throws (not_a_diary). */
    static db open(const std::string &path, uint32_t busy_timeout_ms = 5000) {
        return open_mode(path, DIARY_OPEN_EXISTING, busy_timeout_ms);
    }
    /* Opens the file, creating a new diary when it is missing or empty. */
    static db create(const std::string &path, uint32_t busy_timeout_ms = 5000) {
        return open_mode(path, DIARY_OPEN_CREATE, busy_timeout_ms);
    }
    /* Nothing is written: see DIARY_OPEN_READ_ONLY. */
    static db read_only(const std::string &path, uint32_t busy_timeout_ms = 5000) {
        return open_mode(path, DIARY_OPEN_READ_ONLY, busy_timeout_ms);
    }
    static db in_memory() {
        diary_db *h = nullptr;
        check(diary_open_in_memory(&h));
        return db(h);
    }

    db(db &&other) noexcept : h_(std::exchange(other.h_, nullptr)) {}
    db &operator=(db &&other) noexcept {
        if (this != &other) {
            close();
            h_ = std::exchange(other.h_, nullptr);
        }
        return *this;
    }
    db(const db &) = delete;
    db &operator=(const db &) = delete;
    ~db() { close(); }

    /* Closes now (idempotent); the handle is empty afterwards. */
    void close() noexcept {
        if (h_) diary_close(h_);
        h_ = nullptr;
    }
    diary_db *get() const noexcept { return h_; }
    operator diary_db *() const noexcept { return h_; }
    explicit operator bool() const noexcept { return h_ != nullptr; }

private:
    explicit db(diary_db *h) noexcept : h_(h) {}
    static db open_mode(const std::string &path, int32_t mode, uint32_t busy_timeout_ms) {
        diary_db *h = nullptr;
        check(diary_open_with_mode(path.c_str(), mode, busy_timeout_ms, &h));
        return db(h);
    }
    diary_db *h_ = nullptr;
};

namespace detail {
template <class T, class = void>
struct has_struct_size : std::false_type {};
template <class T>
struct has_struct_size<T, std::void_t<decltype(std::declval<T &>().struct_size)>> : std::true_type {};
}  // namespace detail

/* A struct ready to fill or to receive a result: zeroed, with its
   struct_size set (the C++ form of the DIARY_..._INIT initialisers). */
template <class T>
T init() noexcept {
    T v{};
    if constexpr (detail::has_struct_size<T>::value) v.struct_size = sizeof(T);
    return v;
}
template <>
inline diary_new_lesson_change init<diary_new_lesson_change>() noexcept {
    diary_new_lesson_change v{};
    v.struct_size = sizeof v;
    v.lesson = init<diary_lesson_key>();
    v.to_number = -1;
    return v;
}

namespace detail {
/* A NUL-terminated copy of a string_view, alive for the whole call. */
struct zstr {
    std::string s;
    operator const char *() const noexcept { return s.c_str(); }
};
inline zstr pass(std::string_view v) { return zstr{std::string(v)}; }
inline const char *pass(const std::string &s) noexcept { return s.c_str(); }
inline diary_db *pass(const db &d) noexcept { return d.get(); }
template <class T,
          class = std::enable_if_t<!std::is_convertible_v<T, std::string_view> &&
                                   !std::is_same_v<std::decay_t<T>, db>>>
inline T &&pass(T &&v) noexcept {
    return std::forward<T>(v);
}
inline const char *pass(const char *s) noexcept { return s; }
}  // namespace detail

/* Calls a diary_* function and throws if it fails. */
template <class F, class... A>
void call(F f, A &&...args) {
    check(f(detail::pass(std::forward<A>(args))...));
}

/* Calls a diary_* function whose last parameter is `char **` (JSON or
   text) and returns that text, freed on the C side. */
template <class F, class... A>
std::string text(F f, A &&...args) {
    char *out = nullptr;
    check(f(detail::pass(std::forward<A>(args))..., &out));
    std::string result = out ? std::string(out) : std::string();
    diary_string_free(out);
    return result;
}

/* Calls a diary_* function whose last parameter is `T *` and returns it
   (a struct comes back sized, as from init<T>()). */
template <class T, class F, class... A>
T value(F f, A &&...args) {
    T out = init<T>();
    check(f(detail::pass(std::forward<A>(args))..., &out));
    return out;
}

/* A student's day or week as typed records (diary_days); freed when
   destroyed. The strings its records point to live as long as it does. */
class days {
public:
    static days student_day(const db &d, diary_actor actor, int64_t student, std::string_view date) {
        diary_days *h = nullptr;
        call(diary_student_day_open, d, actor, student, date, &h);
        return days(h);
    }
    static days student_week(const db &d, diary_actor actor, int64_t student, std::string_view monday) {
        diary_days *h = nullptr;
        call(diary_student_week_open, d, actor, student, monday, &h);
        return days(h);
    }
    days(days &&other) noexcept : h_(std::exchange(other.h_, nullptr)) {}
    days &operator=(days &&other) noexcept {
        if (this != &other) {
            diary_days_free(h_);
            h_ = std::exchange(other.h_, nullptr);
        }
        return *this;
    }
    days(const days &) = delete;
    days &operator=(const days &) = delete;
    ~days() { diary_days_free(h_); }

    size_t size() const noexcept { return diary_days_count(h_); }
    diary_day_info day(size_t d) const { return value<diary_day_info>(diary_days_day, h_, d); }
    /* The lesson and what the day adds to it (counts, attendance). */
    std::pair<diary_lesson, diary_day_lesson> lesson(size_t d, size_t i) const {
        diary_lesson l = init<diary_lesson>();
        diary_day_lesson x = init<diary_day_lesson>();
        check(diary_days_lesson(h_, d, i, &l, &x));
        return {l, x};
    }
    diary_mark lesson_mark(size_t d, size_t i, size_t j) const {
        return value<diary_mark>(diary_days_lesson_mark, h_, d, i, j);
    }
    diary_homework lesson_homework(size_t d, size_t i, size_t j) const {
        return value<diary_homework>(diary_days_lesson_homework, h_, d, i, j);
    }
    diary_homework homework_due(size_t d, size_t j) const {
        return value<diary_homework>(diary_days_homework_due, h_, d, j);
    }
    diary_remark remark(size_t d, size_t j) const { return value<diary_remark>(diary_days_remark, h_, d, j); }
    diary_attachment attachment(int64_t homework, size_t j) const {
        return value<diary_attachment>(diary_days_attachment, h_, homework, j);
    }
    const diary_days *get() const noexcept { return h_; }

private:
    explicit days(diary_days *h) noexcept : h_(h) {}
    diary_days *h_ = nullptr;
};

}  // namespace diary

#endif /* DIARY_HPP */
