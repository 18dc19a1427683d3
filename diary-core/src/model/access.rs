//! Trusted persons (P3) and the access log (P6).

use super::enums::GrantStatus;
use crate::ids::{GrantId, PersonId, SchoolId};
use serde::Serialize;
use time::{Date, OffsetDateTime};

/// One part of a child's data a trusted person may be granted (P3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Marks, averages, period marks and teachers' remarks.
    Marks,
    /// Homework set and due.
    Homework,
    /// Attendance: absences, lateness and excuses (never the health reason).
    Attendance,
    /// The child's lessons: timetable, topics, changes.
    Timetable,
    /// Announcements and meetings that reach the child's family.
    Announcements,
    /// School entry and exit (turnstile) events.
    Visits,
    /// Meal orders, what was served, the meal balance and statement.
    Meals,
}

impl Service {
    /// Every service, in the order of their bits.
    pub const ALL: [Service; 7] = [
        Service::Marks,
        Service::Homework,
        Service::Attendance,
        Service::Timetable,
        Service::Announcements,
        Service::Visits,
        Service::Meals,
    ];

    /// The service's name in bindings and JSON ("marks", "visits", …).
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Marks => "marks",
            Service::Homework => "homework",
            Service::Attendance => "attendance",
            Service::Timetable => "timetable",
            Service::Announcements => "announcements",
            Service::Visits => "visits",
            Service::Meals => "meals",
        }
    }

    /// The service named `s`, or an error naming `field`.
    pub fn parse(field: &str, s: &str) -> crate::Result<Service> {
        Service::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| {
                crate::Error::invalid(
                    field,
                    format!(
                        "unknown service {s:?}; one of marks, homework, attendance, timetable, announcements, visits, meals (or the groups diary, visits_meals)"
                    ),
                )
            })
    }

    /// The bit of this service in [`Services::bits`].
    pub fn bit(self) -> i64 {
        1 << (2 + self as i64)
    }
}

/// What a trusted person may see of a child: a set of [`Service`]s.
///
/// The stored and C bit set has the fine bits 4 (marks) … 256 (meals);
/// the bits 1 and 2 are accepted as shorthands for the two groups a
/// family knows from the portal, "diary" (marks, homework, attendance,
/// timetable, announcements) and "visits and meals".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Services {
    /// Marks, averages, period marks and remarks.
    pub marks: bool,
    /// Homework.
    pub homework: bool,
    /// Attendance.
    pub attendance: bool,
    /// Lessons and timetable changes.
    pub timetable: bool,
    /// Announcements and meetings to the family.
    pub announcements: bool,
    /// School entry and exit.
    pub visits: bool,
    /// Meals and the meal balance.
    pub meals: bool,
}

impl Services {
    /// Nothing granted.
    pub const NONE: Services = Services {
        marks: false,
        homework: false,
        attendance: false,
        timetable: false,
        announcements: false,
        visits: false,
        meals: false,
    };
    /// The diary group: marks, homework, attendance, timetable and
    /// announcements.
    pub const DIARY: Services = Services {
        marks: true,
        homework: true,
        attendance: true,
        timetable: true,
        announcements: true,
        visits: false,
        meals: false,
    };
    /// The visits-and-meals group.
    pub const VISITS_MEALS: Services = Services {
        visits: true,
        meals: true,
        ..Services::NONE
    };
    /// Bits 1 and 2 (the group shorthands) and every fine bit.
    pub const VALID_BITS: i64 = 0b1_1111_1111;

    /// Whether `s` is granted.
    pub fn has(self, s: Service) -> bool {
        match s {
            Service::Marks => self.marks,
            Service::Homework => self.homework,
            Service::Attendance => self.attendance,
            Service::Timetable => self.timetable,
            Service::Announcements => self.announcements,
            Service::Visits => self.visits,
            Service::Meals => self.meals,
        }
    }

    /// These services and `s`.
    pub fn with(mut self, s: Service) -> Services {
        match s {
            Service::Marks => self.marks = true,
            Service::Homework => self.homework = true,
            Service::Attendance => self.attendance = true,
            Service::Timetable => self.timetable = true,
            Service::Announcements => self.announcements = true,
            Service::Visits => self.visits = true,
            Service::Meals => self.meals = true,
        }
        self
    }

    /// Both sets together.
    pub fn union(self, o: Services) -> Services {
        Service::ALL
            .into_iter()
            .filter(|s| o.has(*s))
            .fold(self, Services::with)
    }

    /// Nothing granted.
    pub fn is_empty(self) -> bool {
        self == Services::NONE
    }

    /// All of the diary group (for the portal's "diary" tick box).
    pub fn diary(self) -> bool {
        self.union(Services::DIARY) == self
    }

    /// Both visits and meals.
    pub fn visits_meals(self) -> bool {
        self.visits && self.meals
    }

    /// The granted services, in the order of [`Service::ALL`].
    pub fn list(self) -> Vec<Service> {
        Service::ALL.into_iter().filter(|s| self.has(*s)).collect()
    }

    /// The stored bit set (fine bits only).
    pub fn bits(self) -> i64 {
        self.list().into_iter().map(Service::bit).sum()
    }

    /// From a bit set: fine bits, and the group shorthands 1 (diary) and
    /// 2 (visits and meals). Other bits are an error naming `field`.
    pub fn from_bits_checked(field: &str, b: i64) -> crate::Result<Services> {
        if b & !Services::VALID_BITS != 0 || b <= 0 {
            return Err(crate::Error::invalid(
                field,
                format!("{b} is not a non-empty set of service bits (1, 2, 4 … 256)"),
            ));
        }
        Ok(Services::from_bits(b))
    }

    /// From a stored bit set (see [`Services::from_bits_checked`]).
    pub fn from_bits(b: i64) -> Services {
        let mut s = Services::NONE;
        if b & 1 != 0 {
            s = s.union(Services::DIARY);
        }
        if b & 2 != 0 {
            s = s.union(Services::VISITS_MEALS);
        }
        Service::ALL
            .into_iter()
            .filter(|x| b & x.bit() != 0)
            .fold(s, Services::with)
    }

    /// From a form (or a binding) that offers either a list of names or
    /// the portal's two tick boxes (diary, by default, and visits and
    /// meals) — one way, not both.
    pub fn from_choice(
        names: Option<&[String]>,
        diary: Option<bool>,
        visits_meals: Option<bool>,
    ) -> crate::Result<Services> {
        match names {
            Some(_) if diary.is_some() || visits_meals.is_some() => Err(crate::Error::invalid(
                "services",
                "give services, or the diary and visits_meals flags, not both",
            )),
            Some(n) => Services::from_names("services", n.iter().map(String::as_str)),
            None => {
                let mut s = Services::NONE;
                if diary.unwrap_or(true) {
                    s = s.union(Services::DIARY);
                }
                if visits_meals.unwrap_or(false) {
                    s = s.union(Services::VISITS_MEALS);
                }
                Ok(s)
            }
        }
    }

    /// From names: services, or the groups "diary" and "visits_meals".
    pub fn from_names<'a>(
        field: &str,
        names: impl IntoIterator<Item = &'a str>,
    ) -> crate::Result<Services> {
        let mut s = Services::NONE;
        for n in names {
            s = match n {
                "diary" => s.union(Services::DIARY),
                "visits_meals" => s.union(Services::VISITS_MEALS),
                n => s.with(Service::parse(field, n)?),
            };
        }
        Ok(s)
    }
}

/// A school's visibility window for families (P4): what part of the
/// recent past a family sees of individual entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VisibilityWindow {
    /// The last N days (1–366), today included.
    Days(u32),
    /// The current month: the calendar month (`first_day` 1) or the
    /// school's own month starting on another day of the month (2–28).
    Month {
        /// The day of the month a month starts on.
        first_day: u8,
    },
}

impl VisibilityWindow {
    /// Checks the window's numbers.
    pub fn checked(self) -> crate::Result<VisibilityWindow> {
        match self {
            VisibilityWindow::Days(d) if !(1..=366).contains(&d) => {
                Err(crate::Error::invalid("days", "must be between 1 and 366"))
            }
            VisibilityWindow::Month { first_day } if !(1..=28).contains(&first_day) => Err(
                crate::Error::invalid("first_day", "a month starts on day 1 to 28"),
            ),
            w => Ok(w),
        }
    }

    /// The first day visible on `today`.
    pub fn start(self, today: time::Date) -> time::Date {
        match self {
            VisibilityWindow::Days(d) => today - time::Duration::days(i64::from(d) - 1),
            VisibilityWindow::Month { first_day } => {
                let this = today.replace_day(first_day).unwrap_or(today);
                if today.day() >= first_day {
                    this
                } else {
                    // The previous month's start (every month has days 1–28).
                    let (y, m) = match today.month() {
                        time::Month::January => (today.year() - 1, time::Month::December),
                        m => (today.year(), m.previous()),
                    };
                    time::Date::from_calendar_date(y, m, first_day).unwrap_or(this)
                }
            }
        }
    }
}

/// How an invited trusted person is identified, together with their surname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteeId {
    /// Their SNILS.
    Snils(String),
    /// Their mobile number, as confirmed in their account.
    Phone(String),
}

impl InviteeId {
    /// The identifier from a form (or a binding) with two optional fields,
    /// exactly one of which must be given.
    pub fn from_either(snils: Option<&str>, phone: Option<&str>) -> crate::Result<InviteeId> {
        match (snils, phone) {
            (Some(s), None) => Ok(InviteeId::Snils(s.into())),
            (None, Some(p)) => Ok(InviteeId::Phone(p.into())),
            (None, None) => Err(crate::Error::invalid("snils", "give snils or phone")),
            (Some(_), Some(_)) => Err(crate::Error::invalid(
                "phone",
                "give either snils or phone, not both",
            )),
        }
    }
}

/// A legal representative's invitation of a trusted person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    /// The child.
    pub student: PersonId,
    /// The invitee's surname, as a check on the identifier.
    pub surname: String,
    /// How the invitee is identified: SNILS or confirmed mobile number.
    pub invitee: InviteeId,
    /// What the invitee may see.
    pub services: Services,
    /// The last day of access, if limited.
    pub until: Option<Date>,
    /// Limit what the invitee sees to the last N days (visibility window).
    pub window_days: Option<u32>,
}

/// A trusted person's grant for one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustedGrant {
    /// Identifier.
    pub id: GrantId,
    /// The child.
    pub student: PersonId,
    /// The inviting legal representative.
    pub inviter: PersonId,
    /// The trusted person.
    pub invitee: PersonId,
    /// What they may see.
    pub services: Services,
    /// Last day of access, if limited.
    pub until: Option<Date>,
    /// Visibility window in days, if limited.
    pub window_days: Option<u32>,
    /// When it was sent (UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub invited_at: OffsetDateTime,
    /// When an unanswered invitation lapses.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// When it was accepted.
    #[serde(with = "time::serde::rfc3339::option")]
    pub accepted_at: Option<OffsetDateTime>,
    /// When access opens (acceptance + the school's delay).
    #[serde(with = "time::serde::rfc3339::option")]
    pub opens_at: Option<OffsetDateTime>,
    /// When it was declined.
    #[serde(with = "time::serde::rfc3339::option")]
    pub declined_at: Option<OffsetDateTime>,
    /// When it was revoked.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    /// Its status when it was read.
    pub status: GrantStatus,
}

impl TrustedGrant {
    /// The status at `now`.
    pub fn status_at(&self, now: OffsetDateTime) -> GrantStatus {
        if self.revoked_at.is_some() {
            return GrantStatus::Revoked;
        }
        if self.declined_at.is_some() {
            return GrantStatus::Declined;
        }
        match self.opens_at {
            None if now >= self.expires_at => GrantStatus::Expired,
            None => GrantStatus::Pending,
            Some(_) if self.until.is_some_and(|u| now.date() > u) => GrantStatus::Ended,
            Some(open) if now < open => GrantStatus::Waiting,
            Some(_) => GrantStatus::Active,
        }
    }
}

/// One entry of the access log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessLogEntry {
    /// Position in the log.
    pub id: i64,
    /// When (UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Who (`None`: the operator).
    pub actor: Option<PersonId>,
    /// In which capacity, e.g. "guardian", "subject_teacher".
    pub acting_as: String,
    /// Whose data.
    pub child: Option<PersonId>,
    /// The school.
    pub school: Option<SchoolId>,
    /// What kind of data, e.g. "marks", "average".
    pub data_kind: String,
    /// "read" or "write".
    pub action: String,
    /// Whether it was allowed.
    pub allowed: bool,
    /// This entry's hash (hex SHA-256 over its fields and the previous hash).
    pub hash: String,
}

/// The result of checking the log's hash chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LogVerification {
    /// Entries checked.
    pub entries: u64,
    /// The first entry whose hash does not match, if any (with an anchor:
    /// the anchor's entry when it is gone or differs).
    pub first_broken: Option<i64>,
    /// The newest entry's id.
    pub last_id: Option<i64>,
    /// With an anchor: whether its entry is still there with the same
    /// hash (a truncated or rewritten log fails this).
    pub anchor_matches: Option<bool>,
}

/// A point of the access log's chain that the host keeps outside the file
/// (`Diary::access_log_head`): the newest entry's id and hash when it was
/// taken. Verifying against it detects a log cut short or rewritten up to
/// that point, which a chain inside the file alone cannot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct LogAnchor {
    /// The entry's id.
    pub id: i64,
    /// Its hash (64 hexadecimal digits).
    pub hash: String,
}
