#!/usr/bin/env python3
"""Writes a large tracker CSV (invented figures, real unit codes) to measure `reconcile`'s memory.

Usage: Tests/Fixtures/tracker/make-large-tracker.py OUT.csv [MEGABYTES]   (default 50)

Every unit of Gazetteer/units/units.tsv valid in 2020 gets a series (cells' congresses, and for
districts and provinces also upper-grassroots ones) with a snapshot every few days from January on,
done never decreasing; about 1 row in 50 names a unit without a code (linked by name, or a
non-territorial committee), 1 in 10 has a note, some quoted with a comma. Deterministic (seeded).
"""
import csv
import datetime
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "out/tracker-50mb.csv"
target = int(float(sys.argv[2] if len(sys.argv) > 2 else 50) * 1_000_000)
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
units_tsv = os.path.join(root, "Gazetteer", "units", "units.tsv")

rng = random.Random(12)
units = []
with open(units_tsv, encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        if row["valid_from"] <= "2020-01-01" and (row["valid_to"] == "" or row["valid_to"] > "2020-12-31"):
            prefix = {"province": "Tỉnh ủy", "district": "Huyện ủy", "commune": "Đảng ủy"}.get(row["level"], "Đảng ủy")
            units.append((row["code"], row["level"], f"{prefix} {row['type']} {row['name']}".replace("Tỉnh ủy Tỉnh", "Tỉnh ủy")))
committees = [f"Đảng bộ Khối Doanh nghiệp số {k}" for k in range(300)]
notes = ["", "", "", "", "", "", "", "", "", "báo cáo tuần", "\"số liệu, đã rà soát\"", "chậm tiến độ"]

series = []
for code, level, name in units:
    series.append([code, name, "cell", "congress", rng.randrange(50, 400), 0])
    if level != "commune":
        series.append([code, name, "upper-grassroots", "congress", rng.randrange(10, 60), 0])
for name in committees:
    series.append(["", name, "grassroots", "congress", rng.randrange(10, 80), 0])

written = 0
start = datetime.date(2020, 1, 2)
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
with open(out, "w", encoding="utf-8", newline="") as f:
    line = "unit_code,unit_name,level,activity,as_of,done,total,note\n"
    f.write(line)
    written += len(line.encode())
    step = 0
    while written < target:
        day = start + datetime.timedelta(days=3 * step)
        step += 1
        for s in series:
            code, name, level, activity, total, done = s
            s[5] = min(total, done + rng.randrange(0, max(2, total // 20)))
            if code and rng.random() < 0.02:
                code = ""   # linked by name
            date = day.isoformat() if rng.random() < 0.8 else day.strftime("%d/%m/%Y")
            line = f"{code},{name},{level},{activity},{date},{s[5]},{total},{rng.choice(notes)}\n"
            f.write(line)
            written += len(line.encode())
            if written >= target:
                break
print(f"{out}: {written / 1e6:.1f} MB, {len(series)} series", file=sys.stderr)
