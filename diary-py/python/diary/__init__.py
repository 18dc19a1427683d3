"""diary — an embeddable electronic school diary.

Open a diary file (an embedded SQLite database, no server)::

    import datetime as dt
    import diary

    with diary.Diary.open("school.diary") as d:
        op = diary.Actor.operator()
        school = d.create_school(op, "School No. 1", "Moscow", "Europe/Moscow")

Every method takes the acting identity (:class:`Actor`) first and is checked
by the access rules in the core. Errors are subclasses of :class:`DiaryError`
carrying the stable numeric ``code`` (and ``field`` for :class:`InvalidInput`).
"""

from ._diary import (
    Average,
    ClassStatistics,
    CountedMark,
    ExcludedMark,
    FinalMark,
    Mark,
    MarkChange,
    PeriodAverage,
    PlanOption,
    ProgressPoint,
    Scale,
    WorkKind,
    AccessDenied,
    AcademicYear,
    Actor,
    AuthenticationFailed,
    Class,
    ClassOverview,
    Conflict,
    Diary,
    DiaryError,
    Enrolment,
    Group,
    Guardianship,
    Holiday,
    InternalError,
    InvalidInput,
    ManualClock,
    NotADiary,
    NotFound,
    Period,
    Person,
    School,
    SchoolOverview,
    StaffMember,
    StorageError,
    Subject,
    TeachingAssignment,
    VersionTooNew,
    YearOverview,
    __version__,
)
from ._enums import Counting, EndReason, EntryKind, PeriodKind, Relation, StaffRole

__all__ = [
    "AcademicYear",
    "AccessDenied",
    "Actor",
    "AuthenticationFailed",
    "Average",
    "Class",
    "ClassOverview",
    "ClassStatistics",
    "Conflict",
    "CountedMark",
    "Counting",
    "Diary",
    "DiaryError",
    "EndReason",
    "Enrolment",
    "EntryKind",
    "ExcludedMark",
    "FinalMark",
    "Group",
    "Guardianship",
    "Holiday",
    "InternalError",
    "InvalidInput",
    "ManualClock",
    "Mark",
    "MarkChange",
    "NotADiary",
    "NotFound",
    "Period",
    "PeriodAverage",
    "PeriodKind",
    "Person",
    "PlanOption",
    "ProgressPoint",
    "Relation",
    "Scale",
    "School",
    "SchoolOverview",
    "StaffMember",
    "StaffRole",
    "StorageError",
    "Subject",
    "TeachingAssignment",
    "VersionTooNew",
    "WorkKind",
    "YearOverview",
    "__version__",
]
