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
