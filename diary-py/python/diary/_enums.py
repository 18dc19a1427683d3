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


__all__ = ["PeriodKind", "StaffRole", "Relation", "EndReason"]
