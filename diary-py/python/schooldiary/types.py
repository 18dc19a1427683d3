"""Typed shapes of the dicts the diary takes and returns: a mark for
``record_marks``, a grading rule for ``set_grading_rule`` (which
``grading_rule`` returns), a hypothetical mark for ``what_if``, a register
line for ``record_attendance``, a timetable lesson for ``set_timetable``,
an attachment for ``set_homework``, and the rows of the class tables. They are ``TypedDict``s: plain dicts at run time, checked by a
type checker. Numbers that must be exact are ``Decimal``, ``Fraction``,
``int`` or ``str`` — never ``float``."""

from __future__ import annotations

import datetime
import decimal
import fractions
from typing import Dict, List, Literal, Optional, TypedDict, Union

from ._enums import (
    AbsenceReason,
    AnnouncementKind,
    AttendanceStatus,
    AudienceRole,
    AudienceScope,
    ApplicationChannel,
    DocumentKind,
    MealKind,
    MeetingKind,
    NotificationEvent,
    Relation,
    ReportBlock,
    ReportLanguage,
    RetentionAction,
    VisitDirection,
)

Exact = Union[decimal.Decimal, fractions.Fraction, int, str]

#: What a trusted person may be granted of a child (or the groups
#: ``"diary"`` and ``"visits_meals"``).
Service = Union[
    Literal["marks"],
    Literal["homework"],
    Literal["attendance"],
    Literal["timetable"],
    Literal["announcements"],
    Literal["visits"],
    Literal["meals"],
    Literal["diary"],
    Literal["visits_meals"],
]


class _MarkRequired(TypedDict):
    student: int
    subject: int
    date: datetime.date
    work_kind: int


class MarkInput(_MarkRequired, total=False):
    """One mark of ``Diary.record_marks``: ``student``, ``subject``,
    ``date`` and ``work_kind`` are required; ``value`` is the mark as
    written ("5", "B+", 17.5 as ``Decimal``; ``None`` for a sign), ``entry``
    an ``EntryKind`` (default grade), ``out_of`` the maximum for points,
    ``scale`` a scale code (default: the subject's rule), ``weight`` (default:
    the kind of work's), ``counting`` a ``Counting``, ``comment``,
    ``retake_of`` the id of the mark this one retakes."""

    value: Union[str, int, decimal.Decimal, None]
    entry: str
    out_of: Optional[Exact]
    scale: Optional[str]
    weight: Optional[Exact]
    counting: str
    comment: Optional[str]
    retake_of: Optional[int]


class Threshold(TypedDict):
    """An average of at least ``min`` ("4.60") earns ``mark`` ("5")."""

    min: str
    mark: str


class CategoryWeight(TypedDict):
    """A kind of work's share of the average, in percent (0–1000, a
    decimal: ``33.33`` as ``Decimal`` or ``"33.33"``)."""

    work_kind: int
    percent: Exact


class _CategoryRequired(TypedDict):
    name: str


class Category(_CategoryRequired, total=False):
    """A nested category (Moodle's grade categories): ``name`` required;
    ``parent`` a category's name, ``work_kinds`` whose marks it holds,
    ``method`` as a rule's, ``weight`` in its parent (default 1),
    ``drop_lowest`` / ``keep_highest`` among its marks."""

    parent: Optional[str]
    work_kinds: List[int]
    method: str
    weight: Exact
    drop_lowest: int
    keep_highest: int


class LatePolicy(TypedDict, total=False):
    """Canvas's late policy: ``deduction_percent`` per started
    ``interval`` ("day" or "hour"), never below ``floor_percent``."""

    deduction_percent: Exact
    interval: str
    floor_percent: Exact


class MissingPolicy(TypedDict):
    """Missing work counts at full marks less ``deduction_percent``."""

    deduction_percent: Exact


class MarkRange(TypedDict):
    """The band of averages that gives ``mark`` (``schooldiary.grading.mark_range``)."""

    mark: str
    low: Optional[fractions.Fraction]
    low_inclusive: bool
    high: Optional[fractions.Fraction]
    high_inclusive: bool


class GradingRule(TypedDict, total=False):
    """A grading rule (docs/grading.md). Every key is optional: a missing
    one takes the Russian default. ``method`` is one of "weighted_mean",
    "mean", "simple_weighted_mean", "median", "lowest", "highest", "mode",
    "natural", "mean_with_extra_credit"; ``compare`` "rounded" or "exact";
    ``rounding`` "half_up", "half_down", "half_even", "toward_zero", "down"
    or "up"; ``retakes`` "replace", "both_count" or "best"; ``drop_by``
    "each_mark" or "group_ratio"; ``rescale_weights`` "always" or
    "below_hundred"; ``other_scales`` "convert" or "skip". Every key and
    its range: docs/grading.md."""

    method: str
    scale: str
    thresholds: List[Threshold]
    below_all: str
    min_marks: int
    decimals: int
    compare: str
    rounding: str
    compare_decimals: Optional[int]
    drop_lowest: int
    drop_highest: int
    keep_highest: int
    drop_by: str
    drop_may_empty: bool
    never_drop: List[int]
    category_weights: List[CategoryWeight]
    rescale_weights: str
    categories: List[Category]
    other_scales: str
    leave_out_below: Optional[Exact]
    late_policy: Optional[LatePolicy]
    missing_policy: Optional[MissingPolicy]
    retakes: str
    bonus_above: Exact


class ClassMarkRow(TypedDict):
    """A row of ``Diary.class_marks`` (``value`` and ``weight`` are floats
    with ``as_float=True``)."""

    mark: int
    student: int
    student_name: str
    subject: int
    subject_name: str
    date: datetime.date
    entry: str
    label: str
    value: Union[decimal.Decimal, float]
    weight: Union[decimal.Decimal, float]
    work_kind: int
    counts: bool


class ClassAverageRow(TypedDict):
    """A row of ``Diary.class_averages``: ``average`` rounded (a float with
    ``as_float=True``), ``exact`` the exact average; both None without
    counted marks."""

    student: int
    student_name: str
    subject: int
    subject_name: str
    average: Union[decimal.Decimal, float, None]
    exact: Optional[fractions.Fraction]
    mark: Optional[str]
    marks: int
    certified: bool


class AttendanceRow(TypedDict):
    """A row of ``Diary.class_attendance`` (``rate`` a float with
    ``as_float=True``; None when nothing was recorded)."""

    student: int
    lessons_held: int
    recorded: int
    present: int
    late: int
    late_minutes: int
    left_early: int
    absent_excused: int
    absent_unexcused: int
    rate: Union[fractions.Fraction, float, None]


class PureMark(TypedDict, total=False):
    """A mark as a value for ``schooldiary.grading.average``: ``value`` as
    written (required for a grade); the rest optional."""

    value: Union[str, int, decimal.Decimal]
    out_of: Union[str, int, decimal.Decimal]
    scale: str
    weight: Exact
    work_kind: int
    counting: str
    entry: str
    date: datetime.date
    id: int
    minutes_late: int
    factor: Exact
    offset: Exact
    natural_weight_percent: Exact


class _HypotheticalRequired(TypedDict):
    value: Union[str, int, decimal.Decimal]
    work_kind: int


class HypotheticalMark(_HypotheticalRequired, total=False):
    """A mark that might be given, for ``what_if``: its ``value`` and its
    ``work_kind``; ``weight`` defaults to the kind's; ``scale`` a scale
    code (default the subject's) and ``out_of`` the maximum for points."""

    weight: Exact
    scale: Optional[str]
    out_of: Optional[Exact]


class _EntryRequired(TypedDict):
    student: int
    status: Union[AttendanceStatus, str]


class AttendanceEntryInput(_EntryRequired, total=False):
    """One line of a lesson's register for ``record_attendance``: the
    ``student`` and their ``status``; ``late_minutes`` (1-240) when late,
    ``reason`` for an absence, ``excused``."""

    late_minutes: Optional[int]
    reason: Union[AbsenceReason, str, None]
    excused: bool


class _TimetableLessonRequired(TypedDict):
    weekday: int
    number: int
    subject: int
    teacher: int


class TimetableLessonInput(_TimetableLessonRequired, total=False):
    """One weekly lesson for ``set_timetable``: ``weekday`` (1 = Monday to
    7), lesson ``number``, ``subject`` and ``teacher``; ``group`` for a
    group's lesson and a ``room``."""

    group: Optional[int]
    room: Optional[str]


class _AttachmentRequired(TypedDict):
    name: str
    media_type: str
    size: int


class AttachmentInput(_AttachmentRequired, total=False):
    """A file described for ``set_homework`` (the diary stores no files):
    ``name``, ``media_type``, ``size`` in bytes; where the host keeps it
    (``url``) and its ``sha256`` in hex."""

    url: Optional[str]
    sha256: Optional[str]


class _AudienceRequired(TypedDict):
    scope: Union[AudienceScope, str]


class AudienceInput(_AudienceRequired, total=False):
    """One audience entry of an announcement: ``scope`` ("school", "class",
    "group", "person"), ``id`` of the class, group or person (not for the
    school), ``role`` ("everyone" by default, "students", "parents",
    "staff")."""

    id: Optional[int]
    role: Union[AudienceRole, str]


class _NewAnnouncementRequired(TypedDict):
    school: int
    kind: Union[AnnouncementKind, str]
    title: str
    body: str
    audience: List[AudienceInput]
    shown_from: datetime.date
    shown_until: datetime.date


class NewAnnouncement(_NewAnnouncementRequired, total=False):
    """An announcement for ``Diary.publish_announcement``: ``urgent`` and
    ``pinned`` default to False; ``attachments`` are described files."""

    urgent: bool
    pinned: bool
    attachments: List[AttachmentInput]


class AnnouncementEditInput(TypedDict, total=False):
    """A change for ``Diary.edit_announcement``; absent keys are kept."""

    title: str
    body: str
    shown_until: datetime.date
    pinned: bool
    urgent: bool


class _AgendaItemRequired(TypedDict):
    title: str
    starts: str
    minutes: int


class AgendaItemInput(_AgendaItemRequired, total=False):
    """One agenda item: ``title``, ``starts`` ("HH:MM"), ``minutes``, and
    optionally its ``presenter`` (a person of the school)."""

    presenter: Optional[int]


class _NewMeetingRequired(TypedDict):
    school: int
    kind: Union[MeetingKind, str]
    title: str
    day: datetime.date
    starts: str
    minutes: int
    audience: List[AudienceInput]


class NewMeeting(_NewMeetingRequired, total=False):
    """A meeting for ``Diary.organise_meeting``: ``starts`` is "HH:MM" in
    the school's zone; the agenda's items follow each other within it."""

    description: Optional[str]
    place: Optional[str]
    online_link: Optional[str]
    agenda: List[AgendaItemInput]


class _NewConversationRequired(TypedDict):
    school: int
    participants: List[int]


class NewConversation(_NewConversationRequired, total=False):
    """A conversation for ``Diary.start_conversation``: ``participants``
    are 1 to 20 person ids (not the actor); ``child`` the child it is
    about (absent: a conversation among staff); ``title`` up to 200
    characters."""

    child: Optional[int]
    title: Optional[str]


class _NewChatMessageRequired(TypedDict):
    conversation: int
    text: str


class NewChatMessage(_NewChatMessageRequired, total=False):
    """A message for ``Diary.post_chat_message``: ``text`` 1 to 10,000
    characters; ``reply_to`` a message of the same conversation;
    ``attachments`` described files (as homework's), at most 10."""

    reply_to: Optional[int]
    attachments: List[AttachmentInput]


class MessagingSettingsInput(TypedDict):
    """A school's rules for ``Diary.set_messaging_settings`` (every key):
    who parents may reach, whether students take part, the edit window in
    minutes (0-1440), retention years (1-50, or None to keep) and what
    retention does."""

    parents_reach_teachers: bool
    parents_reach_class_teacher: bool
    parents_reach_admins: bool
    students_take_part: bool
    edit_window_minutes: int
    retention_years: Optional[int]
    retention_action: Union[RetentionAction, str]


class NotificationPreferencesInput(TypedDict, total=False):
    """Preferences for ``Diary.set_notification_preferences``: ``muted``
    events, quiet hours ``quiet_from``-``quiet_until`` ("HH:MM" in the
    school's time zone, both or neither, may span midnight), and whether
    urgent news breaks them."""

    muted: List[Union[NotificationEvent, str]]
    quiet_from: Optional[str]
    quiet_until: Optional[str]
    urgent_in_quiet_hours: bool


__all__ = [
    "NotificationPreferencesInput",
    "NewConversation",
    "NewChatMessage",
    "MessagingSettingsInput",
    "AgendaItemInput",
    "NewMeeting",
    "AudienceInput",
    "NewAnnouncement",
    "AnnouncementEditInput",
    "MarkInput",
    "GradingRule",
    "Threshold",
    "CategoryWeight",
    "Category",
    "LatePolicy",
    "MissingPolicy",
    "MarkRange",
    "Exact",
    "ClassMarkRow",
    "ClassAverageRow",
    "AttendanceRow",
    "HypotheticalMark",
    "PureMark",
    "AttendanceEntryInput",
    "TimetableLessonInput",
    "AttachmentInput",
]


class NewVisitEvent(TypedDict):
    """An entry or exit for ``Diary.record_visits``: ``at`` an aware
    ``datetime`` (or Unix seconds); ``device`` 1–64 characters of
    ``A–Z a–z 0–9 . _ : -``."""

    student: int
    direction: Union[VisitDirection, str]
    at: Union[datetime.datetime, int]
    device: str


class _MenuItemRequired(TypedDict):
    name: str
    price: int


class MenuItemInput(_MenuItemRequired, total=False):
    """A dish of a ``NewMenu``: ``price`` in integer kopecks (0 … 10 000
    000); ``allergens`` codes such as "milk", "gluten" (the 14 of EU
    1169/2011)."""

    allergens: List[str]


class NewMenu(TypedDict):
    """A menu for ``Diary.publish_menu``: 1 to 30 dishes."""

    school: int
    day: datetime.date
    meal: Union[MealKind, str]
    items: List[MenuItemInput]


class _NewPersonRequired(TypedDict):
    surname: str
    first_name: str
    birth_date: datetime.date


class NewPersonInput(_NewPersonRequired, total=False):
    """A person's data: names in a name's alphabet, ``snils`` in any
    common layout (checked)."""

    patronymic: Optional[str]
    snils: Optional[str]


class NewDocument(TypedDict):
    """A document of an access application: where the host keeps it and
    its SHA-256 (64 hexadecimal digits); the library stores no scans."""

    kind: Union[DocumentKind, str]
    reference: str
    sha256: str


class _NewAccessApplicationRequired(TypedDict):
    school: int
    child_surname: str
    child_birth_date: datetime.date
    applicant: NewPersonInput
    relation: Union[Relation, str]
    legal_representative: bool
    channel: Union[ApplicationChannel, str]


class NewAccessApplication(_NewAccessApplicationRequired, total=False):
    """An application for ``Diary.submit_access_application``: the child
    as on the birth certificate; documents may follow later."""

    documents: List[NewDocument]


class NewYearInput(TypedDict):
    """An academic year: ``label`` and first and last day."""

    label: str
    start: datetime.date
    end: datetime.date


class _YearRolloverRequired(TypedDict):
    from_year: int
    new_year: NewYearInput


class YearRolloverInput(_YearRolloverRequired, total=False):
    """A plan for ``Diary.roll_over_year``: the year that ends, the new
    year, the grade that graduates (1–12, default 11), new letters for
    promoted classes as ``(class_id, letter)`` pairs, the students who
    repeat their grade or leave, and whether periods and the classes'
    assignments and groups are copied (default True)."""

    final_grade: int
    letters: List[tuple[int, str]]
    repeating: List[int]
    leaving: List[int]
    copy_periods: bool
    copy_assignments: bool


# What became of one class: its old id ("from") and name, its new name
# (None when it graduated) and id (None in a dry run), how many students
# moved with it, its class teacher. ("from" is a keyword, hence this form.)
ClassRolloverRow = TypedDict(
    "ClassRolloverRow",
    {
        "from": int,
        "from_name": str,
        "to_name": Optional[str],
        "to": Optional[int],
        "promoted": int,
        "class_teacher": Optional[int],
    },
)

# A student whose path differs from their class's: the old class ("from")
# and the new class's name (None for graduates and leavers).
StudentRolloverRow = TypedDict(
    "StudentRolloverRow",
    {"student": int, "from": int, "to_name": Optional[str]},
)


class RolloverReportDict(TypedDict):
    """The report of ``Diary.roll_over_year``: what became of every class
    and of the students whose path differs, the enrolments ended and
    created, the periods copied as ``[name, start, end]``, assignments,
    groups and bell schedules copied, and what the school keeps as
    ``[what, count]``."""

    dry_run: bool
    from_year: int
    new_year: Optional[int]
    classes: List[ClassRolloverRow]
    created_for_repeaters: List[str]
    graduated: List[StudentRolloverRow]
    repeating: List[StudentRolloverRow]
    leaving: List[StudentRolloverRow]
    enrolments_ended: int
    enrolments_created: int
    periods: List[List[str]]
    assignments: int
    groups: int
    bell_schedules_copied: int
    kept: List[List[Union[str, int]]]


class ReportPeriodDict(TypedDict):
    """A period of a report card (a column of a year's card)."""

    period: int
    name: str


class ReportSubjectDict(TypedDict):
    """One subject's line of a report card. Exact numbers (``average``,
    ``coefficient``) are strings ``"num/den"``: ``fractions.Fraction``
    reads them. ``period_marks`` holds the mark in force (or None) of each
    of the card's periods; the year, exam and final marks are None on a
    period's card."""

    subject: int
    name: str
    scale: str
    average: Optional[str]
    average_display: Optional[str]
    period_marks: List[Optional[str]]
    year_mark: Optional[str]
    exam_mark: Optional[str]
    final_mark: Optional[str]
    coefficient: str


class ReportAttendanceDict(TypedDict):
    """A report card's attendance summary (``rate`` an exact ``"num/den"``
    string, None when nothing was recorded)."""

    student: int
    lessons_held: int
    recorded: int
    present: int
    late: int
    late_minutes: int
    left_early: int
    absent_excused: int
    absent_unexcused: int
    rate: Optional[str]


class ReportRemarkDict(TypedDict):
    """A remark on a report card (``date`` "YYYY-MM-DD", ``created_at``
    RFC 3339)."""

    id: int
    student: int
    author: int
    date: str
    subject: Optional[int]
    kind: str
    text: str
    created_at: str


ReportCardDict = TypedDict(
    "ReportCardDict",
    {
        "student": int,
        "student_name": str,
        "school": int,
        "school_name": str,
        "class": int,
        "class_name": str,
        "year": int,
        "year_label": str,
        "period": Optional[int],
        "period_name": Optional[str],
        "from": str,
        "to": str,
        "class_teacher": Optional[str],
        "periods": List[ReportPeriodDict],
        "subjects": List[ReportSubjectDict],
        "overall_average": Optional[str],
        "attendance": ReportAttendanceDict,
        "remarks": List[ReportRemarkDict],
        "issued_on": str,
    },
)
"""A student's report card (``Diary.report_card``): dates "YYYY-MM-DD",
exact numbers ``"num/den"`` strings."""


#: A block a report-card template may show (``ReportBlock``'s values).
ReportBlockName = Union[
    Literal["averages"],
    Literal["period_marks"],
    Literal["exam_marks"],
    Literal["overall_average"],
    Literal["attendance"],
    Literal["remarks"],
    Literal["class_teacher"],
    Literal["signatures"],
]


class _ReportCardTemplateRequired(TypedDict):
    title: str
    blocks: List[Union[ReportBlockName, ReportBlock]]
    language: Union[Literal["ru", "en"], ReportLanguage]


class ReportCardTemplateInput(_ReportCardTemplateRequired, total=False):
    """A school's report-card template for
    ``Diary.set_report_card_template``: ``title`` 1–200 characters,
    ``header`` up to 6 lines of 1–200, ``footer`` up to 500 or None,
    ``blocks`` each at most once, ``language`` of the printed labels."""

    header: List[str]
    footer: Optional[str]


class ReportCardTemplateDict(TypedDict):
    """A school's report-card template as stored."""

    title: str
    header: List[str]
    footer: Optional[str]
    blocks: List[ReportBlockName]
    language: Literal["ru", "en"]


class OneRosterProblem(TypedDict):
    """A problem of a OneRoster file set (``schooldiary.oneroster.check``):
    the file, the line (1 the header, 0 the file as a whole), the column
    (None when no one column is at fault) and why."""

    file: str
    line: int
    column: Optional[str]
    reason: str


class OneRosterImportDict(TypedDict):
    """The report of ``Diary.import_oneroster``: nothing is stored when
    ``problems`` is not empty or for a dry run (``applied`` False); per
    OneRoster file, how many rows created an object, found one already
    there, or had nothing to import."""

    dry_run: bool
    applied: bool
    problems: List[OneRosterProblem]
    created: Dict[str, int]
    found: Dict[str, int]
    skipped: Dict[str, int]
