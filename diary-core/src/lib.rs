//! # diary-core
//!
//! The engine of an electronic school diary: school structure, grading
//! rules, the access policy, accounts and SQLite storage. Bindings for C
//! (`diary-ffi`) and Python (`diary-py`) translate types and errors only;
//! every rule lives here.
//!
//! ```
//! use diary_core::{Actor, Diary, NewSchool, NewYear};
//! use time::macros::date;
//!
//! let diary = Diary::open_in_memory()?;
//! let op = Actor::operator();
//! let school = diary.create_school(&op, &NewSchool::new("School No. 7", "Moscow", "Europe/Moscow"))?;
//! assert_eq!(school.name, "School No. 7");
//! # Ok::<(), diary_core::Error>(())
//! ```
//!
//! Every operation takes an [`Actor`]: the installation's operator (who
//! creates schools and their first admins) or a person the host vouches for.

#![cfg_attr(not(test), warn(clippy::unwrap_used))]

pub mod access;
pub mod actor;
pub mod auth;
pub mod calendar;
pub mod clock;
mod csv;
pub mod delivery;
mod diary;
pub mod error;
mod fasthash;
pub mod grading;
pub mod ical;
pub mod ids;
pub mod json_input;
pub mod limits;
pub mod model;
pub mod oneroster;
pub mod report_card;
pub mod schedule;
pub mod signature;
pub mod snils;
mod storage;
pub mod text;

pub use actor::Actor;
pub use clock::{Clock, ManualClock, SystemClock};
pub use diary::{
    AnnouncementVersion, AverageRecord, ChangeListener, Diary, FinalMark, HypotheticalMark,
    IssuedCredentials, MarkRecord, OneRosterImport, OpenOptions, PeriodAverage, RegionalStatistic,
    ReplySignature, Session, SessionInfo, SubjectAverage, FEED_RETENTION_DAYS, MAX_FEED_PAGE,
    MAX_MIN_MARKS, READ_LOG_WAIT,
};
pub use error::{Error, ErrorCode, Result};
pub use ids::*;
pub use model::*;
pub use snils::Snils;
pub use storage::{Durability, OpenMode, APPLICATION_ID, BUSY_TIMEOUT, LATEST_VERSION};

/// The library's version (the crate version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
