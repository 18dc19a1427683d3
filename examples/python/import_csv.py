"""Bulk import of marks from a CSV file, as school IT staff do at the start
of a term: one transaction, all or nothing, the failing row named.

Usage: python examples/python/import_csv.py [school.diary]
(The script builds a small school and writes a sample CSV next to it.)
"""

import csv
import datetime as dt
import os
import sys

import schooldiary as diary

path = sys.argv[1] if len(sys.argv) > 1 else "import.diary"
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix):
        os.remove(path + suffix)

with diary.Diary.create(path) as d:
    op = diary.Actor.operator()
    school = d.create_school(op, "School No. 12", "Kazan", "Europe/Moscow").id
    admin_id = d.register_person(op, school, "Admin", "Alsu", dt.date(1980, 1, 1), snils="112-233-445 95").id
    d.appoint_staff(op, school, admin_id, diary.StaffRole.ADMIN)
    admin = diary.Actor.vouched(admin_id)
    year = d.create_year(admin, school, "2024/25", dt.date(2024, 9, 1), dt.date(2025, 5, 31)).id
    d.add_period(admin, year, diary.PeriodKind.QUARTER, "Quarter 1", dt.date(2024, 9, 2), dt.date(2024, 10, 25))
    cls = d.create_class(admin, year, 7, "A").id
    subjects = {name: d.create_subject(admin, school, name).id for name in ("Mathematics", "Physics")}
    kinds = {name: d.create_work_kind(admin, school, name, w, min_weight=1, max_weight=5).id
             for name, w in (("homework", 1), ("test", 3))}
    students = {}
    for i, (surname, first, snils) in enumerate([("Khabibullin", "Rustam", "087-654-321 02"),
                                                  ("Galiev", "Timur", "111-111-111 45"),
                                                  ("Sadykova", "Aigul", "222-333-444 16")]):
        sid = d.register_person(admin, school, surname, first, dt.date(2011, 3, 1 + i), snils=snils).id
        d.enrol(admin, sid, cls, dt.date(2024, 9, 2))
        students[surname] = sid

    csv_path = path + ".marks.csv"
    with open(csv_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["surname", "subject", "date", "value", "kind"])
        for day in range(2, 26, 3):
            for j, surname in enumerate(students):
                w.writerow([surname, "Mathematics", f"2024-09-{day:02d}", str(3 + (day + j) % 3), "homework"])
                w.writerow([surname, "Physics", f"2024-09-{day:02d}", str(5 - (day + j) % 2), "test" if day % 9 == 0 else "homework"])

    with open(csv_path, newline="") as f:
        batch = [
            {"student": students[r["surname"]], "subject": subjects[r["subject"]], "date": dt.date.fromisoformat(r["date"]),
             "value": r["value"], "work_kind": kinds[r["kind"]]}
            for r in csv.DictReader(f)
        ]
    try:
        ids = d.record_marks(admin, batch)
    except diary.InvalidInput as e:  # e.g. "marks[17].value": the row to fix
        sys.exit(f"import refused at {e.field}: {e}")
    print(f"imported {len(ids)} marks from {csv_path} in one transaction")

    # The timetable and two weeks of registers, so that reports can show
    # attendance: Mathematics and Physics on Monday, Wednesday and Friday.
    d.add_bell_schedule(admin, school, "Regular",
                        [(1, dt.time(8, 30), dt.time(9, 15)), (2, dt.time(9, 25), dt.time(10, 10))],
                        valid_from=dt.date(2024, 9, 1))
    teacher = d.register_person(admin, school, "Zakirova", "Dina", dt.date(1979, 5, 5), snils="123-456-789 64").id
    d.appoint_staff(admin, school, teacher, diary.StaffRole.TEACHER)
    d.set_timetable(admin, cls, dt.date(2024, 9, 2), [
        {"weekday": wd, "number": n, "subject": subjects[s], "teacher": teacher, "room": "21"}
        for wd in (1, 3, 5) for n, s in ((1, "Mathematics"), (2, "Physics"))
    ])
    registers = 0
    for offset in range(14):
        day = dt.date(2024, 9, 2) + dt.timedelta(days=offset)
        for lesson in d.class_day(admin, cls, day):
            entries = [{"student": sid, "status": "present"} for sid in students.values()]
            if (day.day + lesson.key.number) % 5 == 0:  # someone is ill now and then
                entries[1] = {"student": students["Galiev"], "status": "absent", "reason": "illness"}
            if day.day % 4 == 0:
                entries[2] = {"student": students["Sadykova"], "status": "late", "late_minutes": 5}
            d.record_attendance(admin, lesson.key, entries)
            registers += 1
    print(f"recorded {registers} registers")
