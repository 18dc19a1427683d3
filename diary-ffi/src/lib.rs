//! # diary — C ABI
//!
//! The C interface of the diary school diary engine. The header
//! `include/diary.h` is generated from this crate by cbindgen.
//!
//! Conventions:
//! - every fallible function returns a `diary_status` (`DIARY_OK` = 0) and
//!   writes results through out-parameters; on failure `diary_errmsg()`
//!   explains and `diary_errfield()` names the argument at fault;
//! - strings go in as NUL-terminated UTF-8 and come out as `char *` that the
//!   caller frees with `diary_string_free`; dates are "YYYY-MM-DD";
//! - ids are positive `int64_t`; 0 means "none" where an id is optional;
//! - enum arguments are passed as `int32_t` holding a value of the named
//!   enum, so that an out-of-range value is refused instead of being
//!   undefined behaviour;
//! - no panic crosses the boundary: it becomes `DIARY_ERR_INTERNAL`.

// The order of these modules is the order of the header's sections (one
// group each, so that rustfmt keeps it): opening and versions, errors,
// then the topics a host meets in turn.

// 1. Opening, versions and memory.
mod handle;

// 2. Errors.
mod status;

// The closed sets of values (generated from the core's enums).
mod enums;

// 3. Storage and security.
mod security;

// 4. School structure.
mod structure;

// 5. People.
mod people;

// 6. Accounts and sessions.
mod accounts;

// 7. Link codes and account settings.
mod link_codes;

// 8. Contacts, delivery and account recovery.
mod recovery;

// 9. Trusted persons.
mod trusted;

// 10. Marks, averages and grading rules.
mod marks;

// 11. Bells, timetables, changes and a day's lessons.
mod timetable;

// 12. Lessons: topics, tests, homework, a student's day and week.
mod lessons;

// 13. Attendance, absence notices and remarks.
mod attendance;

// 14. Announcements.
mod announcements;

// 15. Meetings.
mod meetings;

// 16. Teacher messages, signed replies and signing keys.
mod messages;

// 17. Conversations and class chats.
mod conversations;

// 18. Host notifications.
mod notifications;

// 19. What a family may see of the school.
mod directory;

// 20. Visits and meals.
mod services;

// 21. Access applications.
mod applications;

// 22. Consent to the processing of personal data.
mod consents;

// 23. A person's data: export.
mod privacy;

// 24. The change feed and the host's change listener.
mod feed;

// 25. Year rollover.
mod rollover;

// 26. The school office's tables as CSV.
mod office;

// 27. Report cards.
mod report_cards;

// 28. OneRoster 1.2 CSV.
mod oneroster;

// Shared argument handling, call bodies and the structs that grow (no
// exported functions).
mod args;
mod run;
mod versioned;

pub use accounts::*;
pub use announcements::*;
pub use applications::*;
pub use attendance::*;
pub use consents::*;
pub use conversations::*;
pub use directory::*;
pub use enums::*;
pub use feed::*;
pub use handle::*;
pub use lessons::*;
pub use link_codes::*;
pub use marks::*;
pub use meetings::*;
pub use messages::*;
pub use notifications::*;
pub use office::*;
pub use oneroster::*;
pub use people::*;
pub use privacy::*;
pub use recovery::*;
pub use report_cards::*;
pub use rollover::*;
pub use services::*;
pub use status::*;
pub use structure::*;
pub use timetable::*;
pub use trusted::*;

versioned::versioned!(
    diary_lesson_key,
    diary_attendance_entry,
    diary_account_settings,
    diary_new_mark,
    diary_bell,
    diary_timetable_lesson,
    diary_new_lesson_change,
    diary_attendance_summary,
    diary_average,
    diary_mark,
    diary_lesson,
    diary_day_info,
    diary_day_lesson,
    diary_homework,
    diary_attachment,
    diary_remark,
    diary_subject_average,
);
