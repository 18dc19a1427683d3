"""Checked by mypy --strict in the test command (not run): the stubs give
an analyst's code precise types — rows as TypedDicts, inputs checked."""

import datetime
import fractions

import schooldiary as diary


def analyst(d: diary.Diary, admin: diary.Actor) -> list[str]:
    rows: list[diary.ClassMarkRow] = d.class_marks(admin, 1, 1)
    columns: dict[str, list[object]] = d.class_marks(admin, 1, 1, columns=True)
    averages = d.class_averages(admin, 1, 1)
    first_exact = averages[0]["exact"] if averages else None
    mark: diary.MarkInput = {
        "student": 1,
        "subject": 1,
        "date": datetime.date(2024, 9, 2),
        "work_kind": 1,
        "value": "5",
    }
    d.record_marks(admin, [mark])
    rule: diary.GradingRule = {"method": "median", "thresholds": [{"min": "4.50", "mark": "5"}]}
    d.set_grading_rule(admin, 1, rule)
    present = [r["present"] for r in d.class_attendance(admin, 1, datetime.date(2024, 9, 2), datetime.date(2024, 9, 6))]
    maybe = d.what_if(admin, 1, 1, 1, [{"value": "5", "work_kind": 1}, {"value": 4, "work_kind": 1, "weight": "2"}])
    entry: diary.AttendanceEntryInput = {"student": 1, "status": diary.AttendanceStatus.ABSENT, "excused": True}
    d.record_attendance(admin, diary.LessonKey(1, datetime.date(2024, 9, 2), 1), [entry, {"student": 2, "status": "present"}])
    lesson: diary.TimetableLessonInput = {"weekday": 1, "number": 1, "subject": 1, "teacher": 1, "room": "101"}
    d.set_timetable(admin, 1, datetime.date(2024, 9, 2), [lesson])
    sheet: diary.AttachmentInput = {"name": "sheet.pdf", "media_type": "application/pdf", "size": 1024}
    key = diary.LessonKey(1, datetime.date(2024, 9, 2), 1)
    d.set_homework(admin, key, datetime.date(2024, 9, 3), "p. 12", attachments=[sheet])
    return [r["student_name"] for r in rows] + [str(len(columns)), str(first_exact), str(sum(present)), str(maybe.mark)]


def pure(rule: diary.GradingRule) -> str:
    marks: list[diary.PureMark] = [{"value": "5"}, {"value": 4, "weight": "2", "work_kind": 2}]
    avg = diary.grading.average(marks, rule)
    return str(avg.exact)


def services_and_applications(d: diary.Diary, admin: diary.Actor) -> list[str]:
    event: diary.NewVisitEvent = {
        "student": 1,
        "direction": diary.VisitDirection.ENTRY,
        "at": datetime.datetime(2024, 9, 16, 7, 52, tzinfo=datetime.timezone.utc),
        "device": "gate-1",
    }
    done = d.record_visits(admin, 1, [event])
    days = d.presence(admin, 1, datetime.date(2024, 9, 16), datetime.date(2024, 9, 16))
    menu: diary.NewMenu = {
        "school": 1,
        "day": datetime.date(2024, 9, 23),
        "meal": diary.MealKind.LUNCH,
        "items": [{"name": "Soup", "price": 8550, "allergens": ["celery"]}],
    }
    m = d.publish_menu(admin, menu)
    order = d.order_meal(admin, 1, m.id, items=[0])
    balance: int = d.record_meal_payment(admin, 1, 30000, "sbp:1")
    new: diary.NewAccessApplication = {
        "school": 1,
        "child_surname": "Ivanov",
        "child_birth_date": datetime.date(2013, 3, 3),
        "applicant": {"surname": "Ivanov", "first_name": "Pyotr", "birth_date": datetime.date(1984, 4, 4)},
        "relation": diary.Relation.FATHER,
        "legal_representative": True,
        "channel": diary.ApplicationChannel.ONLINE,
        "documents": [{"kind": diary.DocumentKind.CONSENT, "reference": "s3://x", "sha256": "ab" * 32}],
    }
    app = d.submit_access_application(admin, new)
    d.reject_access_application(admin, app.id, [diary.RejectionReason.FORM_FILLED_WRONGLY], "typo")
    ok = d.approve_access_application(admin, app.id)
    grant = d.invite_trusted_person(admin, 1, "Nanny", "112-233-445 95", services=["homework", "meals"])
    return [str(done.recorded), str(days[0].entered), str(order.price), str(balance), ok.login, str(grant.services)]


def feed_and_rollover(d: diary.Diary, admin: diary.Actor) -> list[str]:
    """The change feed, its listener and the year rollover, as a host
    would call them: the types line up under --strict."""
    page: diary.FeedPage = d.changes_since(admin, d.change_feed_head(admin), limit=100)
    first: diary.FeedChange | None = page.changes[0] if page.changes else None
    kinds = [c.entity is diary.FeedEntity.MARK for c in page.changes]
    d.set_change_listener(lambda c: print(c.seq, c.operation.value, c.new_value))
    delivered: bool = d.wait_for_change_listener(5.0)
    plan: diary.YearRolloverInput = {
        "from_year": 1,
        "new_year": {"label": "2025/26", "start": datetime.date(2025, 9, 1), "end": datetime.date(2026, 5, 31)},
        "letters": [(1, "B")],
        "repeating": [7],
    }
    report: diary.RolloverReportDict = d.roll_over_year(admin, plan, dry_run=True)
    names = [str(k["to_name"]) for k in report["classes"]]
    return [str(page.next_cursor), str(first), str(kinds), str(delivered), *names]


def report_cards(d: diary.Diary, admin: diary.Actor) -> list[str]:
    """A report card as data and as documents, and a school's template:
    the types line up under --strict."""
    card: diary.ReportCardDict = d.report_card(admin, 1, 1, 2)
    averages = [fractions.Fraction(s["average"]) for s in card["subjects"] if s["average"] is not None]
    html: str = d.report_card_html(admin, 1, 1)
    pdf: bytes = d.class_report_cards_pdf(admin, 1)
    template: diary.ReportCardTemplateInput = {
        "title": "Табель",
        "header": ["School No. 1"],
        "blocks": [diary.ReportBlock.AVERAGES, "attendance"],
        "language": "ru",
    }
    stored: diary.ReportCardTemplateDict = d.set_report_card_template(admin, 1, template)
    return [card["student_name"], card["from"], str(averages), html[:10], str(len(pdf)), stored["title"]]


def oneroster_files(d: diary.Diary, admin: diary.Actor) -> list[str]:
    """A OneRoster export and the checker: the types line up under --strict."""
    files: dict[str, str] = d.export_oneroster(admin, 1)
    problems: list[diary.OneRosterProblem] = diary.oneroster.check(files)
    written: list[str] = d.export_oneroster_to_dir(admin, "out", school=1)
    return [*files, *written, *(f'{p["file"]}:{p["line"]} {p["reason"]}' for p in problems)]


def oneroster_import(d: diary.Diary, op: diary.Actor) -> bool:
    """An import's report is typed."""
    report: diary.OneRosterImportDict = d.import_oneroster(op, "sample", dry_run=True)
    return report["applied"] and not report["problems"] and report["created"].get("users.csv", 0) > 0
