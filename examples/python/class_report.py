"""A class report for the head of studies: averages per subject, the
distribution of marks, the weakest subjects, attendance. Uses the analysis export, so
pandas users can do the same with pandas.DataFrame(d.class_averages(..., columns=True)).

Usage: python examples/python/class_report.py [school.diary]
(Runs import_csv.py's school if the file does not exist yet.)
"""

import os
import runpy
import sys
from collections import defaultdict

import schooldiary as diary

path = sys.argv[1] if len(sys.argv) > 1 else "import.diary"
if not os.path.exists(path):
    sys.argv = [sys.argv[0], path]
    runpy.run_path(os.path.join(os.path.dirname(__file__), "import_csv.py"))

with diary.Diary.open(path) as d:
    admin = diary.Actor.vouched(1)
    school = d.schools(admin)[0]
    year = d.years(admin, school.id)[-1]
    period = d.periods(admin, year.id)[0]
    for cls in d.classes(admin, year.id):
        print(f"Class {cls.name}, {period.name} — {school.name}")
        rows = d.class_averages(admin, cls.id, period.id)
        by_subject = defaultdict(list)
        for r in rows:
            by_subject[r["subject_name"]].append(r)
        weakest = []
        for subject, rs in sorted(by_subject.items()):
            stats = d.class_statistics(admin, cls.id, rs[0]["subject"], period.id)
            mean = stats.mean
            weakest.append((mean, subject))
            dist = ", ".join(f"{label}: {n}" for label, n in stats.distribution)
            print(f"  {subject:<12} class mean {float(mean):.2f}  marks {stats.marks}  ({dist})")
            for r in rs:
                print(f"      {r['student_name']:<22} {r['average']}  → {r['mark'] or 'not certified'}")
        weakest.sort()
        print(f"  weakest subject: {weakest[0][1]}")
        names = {r["student"]: r["student_name"] for r in rows}
        print("  attendance (registers taken so far):")
        for a in d.class_attendance(admin, cls.id, period.start, period.end):
            rate = "—" if a["rate"] is None else f"{float(a['rate']) * 100:.1f}%"
            print(f"      {names.get(a['student'], a['student']):<22} {a['recorded']:>3} registers  absent"
                  f" {a['absent_excused']} excused, {a['absent_unexcused']} unexcused  late {a['late']}  attended {rate}")
