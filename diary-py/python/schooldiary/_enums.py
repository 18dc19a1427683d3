"""Closed sets of domain values. Each member's value is the stable text form
used by the core, the C ABI's JSON and storage; methods accept a member or
its value."""

import enum


class PeriodKind(enum.Enum):
    """How a school divides its year for marks."""

    QUARTER = "quarter"
    TRIMESTER = "trimester"
    SEMESTER = "semester"


class StaffRole(enum.Enum):
    """What a staff member does at a school."""

    TEACHER = "teacher"
    ADMIN = "admin"


class Relation(enum.Enum):
    """How a guardian is related to a student."""

    MOTHER = "mother"
    FATHER = "father"
    LEGAL_GUARDIAN = "legal_guardian"
    OTHER = "other"


class EndReason(enum.Enum):
    """Why an enrolment ended."""

    TRANSFERRED = "transferred"
    GRADUATED = "graduated"
    LEFT = "left"


class ContactKind(enum.Enum):
    """A security parameter used for recovery."""

    EMAIL = "email"
    PHONE = "phone"


__all__ = ["PeriodKind", "StaffRole", "Relation", "EndReason", "ContactKind"]


class EntryKind(enum.Enum):
    """What a diary entry for a piece of work is."""

    GRADE = "grade"
    ABSENT = "absent"
    NOT_SUBMITTED = "not_submitted"
    EXEMPT = "exempt"


class Counting(enum.Enum):
    """Whether a mark enters the average."""

    ALWAYS = "always"
    NEVER = "never"
    IF_RAISES = "if_raises"
    BONUS = "bonus"


__all__ += ["EntryKind", "Counting"]


class GrantStatus(enum.Enum):
    """Where a trusted person's grant stands."""

    PENDING = "pending"
    DECLINED = "declined"
    EXPIRED = "expired"
    WAITING = "waiting"
    ACTIVE = "active"
    ENDED = "ended"
    REVOKED = "revoked"


__all__ += ["GrantStatus"]


class ChangeKind(enum.Enum):
    """How a lesson on a date differs from the weekly timetable."""

    SUBSTITUTION = "substitution"
    CANCELLATION = "cancellation"
    ROOM_CHANGE = "room_change"
    MOVED = "moved"
    EXTRA = "extra"


class LessonStatus(enum.Enum):
    """Where a lesson on a date stands."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    MOVED_AWAY = "moved_away"
    MOVED_HERE = "moved_here"
    EXTRA = "extra"


class AttendanceStatus(enum.Enum):
    """A student's presence at a lesson."""

    PRESENT = "present"
    ABSENT = "absent"
    LATE = "late"
    LEFT_EARLY = "left_early"


class AbsenceReason(enum.Enum):
    """Why a student is absent; illness is health data."""

    ILLNESS = "illness"
    FAMILY = "family"
    SCHOOL_ACTIVITY = "school_activity"
    OTHER = "other"


class NoticeKind(enum.Enum):
    """An absence notice in advance, or an excuse afterwards."""

    ADVANCE = "advance"
    EXCUSE = "excuse"


class NoticeStatus(enum.Enum):
    """Where an absence notice stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class RemarkKind(enum.Enum):
    """The tone of a teacher's remark."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
