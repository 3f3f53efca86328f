#!/usr/bin/env python3
"""Generates hrlake's bundled sample data (data/sample/), deterministically.

A company of 2,000 employees around the demo date 2026-11-24, with the dirt
real files have: duplicates, redeliveries, and a few bad rows of every kind
(each listed in data/sample/README.md). Run it again to get the same files.
"""
import calendar
import csv
import datetime as dt
import io
import json
import os
import random

OUT = os.path.join(os.path.dirname(__file__), "..", "data", "sample")
rng = random.Random(20261124)
N = 2000
IDS = [str(20000000 + 37 * i) for i in range(N)]
FIRST = ["Anna", "Bo", "Chen", "Dara", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea",
         "Mo", "Nia", "Oli", "Pia", "Quin", "Rae", "Sam", "Tove", "Uma", "Vik", "Wen", "Xia", "Yan", "Zoë"]
LAST = ["Berg", "Costa", "Diaz", "Eriksen", "Fischer", "García", "Hansen", "Ito", "Jensen", "Kowalski",
        "Larsen", "Müller", "Nowak", "Okafor", "Petrov", "Quist", "Rossi", "Silva", "Tanaka", "Usman"]


def write_csv(name, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        if isinstance(r, str):  # a raw (malformed) line
            buf.write(r + "\n")
        else:
            w.writerow(r)
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def epoch(d, fraction=False):
    s = calendar.timegm(d.timetuple())
    return f"{s}.0" if fraction else str(s)


def name_of(i):
    return f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"


# --- employees -------------------------------------------------------------
ages = {e: rng.randint(21, 64) for e in IDS}
rows = [[name_of(i), ages[e], e] for i, e in enumerate(IDS[:1900])]
rows += [rows[5], rows[17], rows[123]]                      # exact duplicates in the file
rows += [["Nameless Age", "abc", "29999991"], ["Zero Age", "0", "29999992"],
         ["Too Old", "151", "29999993"], ["Half Age", "42.5", "29999994"],
         ["No Id", "30", ""], ["", "33", "29999995"], "Ragged Row,40"]
write_csv("employee_1.csv", ["name", "age", "emp_id"], rows)
rows = [[e, name_of(i), ages[e]] for i, e in enumerate(IDS[1900:], start=1900)]   # new hires
rows += [[e, name_of(i), ages[e]] for i, e in enumerate(IDS[:100])]               # already loaded
rows += [[e, name_of(i) + "-Lund", ages[e] + 1] for i, e in enumerate(IDS[100:150], start=100)]  # changed
rows += [["29999996", "Minus", "-4"], "29999997,\"Broken \"quote\",30"]
write_csv("employee_2.csv", ["emp_id", "name", "age"], rows)

# --- timeframe (SCD2) ------------------------------------------------------
DES = "ABCDEF"
tf1, tf2 = [], []
last_start = {}
for i, e in enumerate(IDS):
    n = rng.randint(1, 4)
    start = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 400))
    salary = rng.randint(30, 120) * 1000
    for k in range(n):
        nxt = start + dt.timedelta(days=rng.randint(200, 500))
        end = "" if k == n - 1 or rng.random() < 0.8 else epoch(nxt)  # most ends implicit
        tf1.append([e, DES[(i + k) % 6], epoch(start, fraction=rng.random() < 0.3), end,
                    min(400000, salary)])
        last_start[e] = start
        start, salary = nxt, int(salary * rng.uniform(1.05, 1.3))
tf1 += [["", "A", epoch(dt.date(2022, 1, 1)), "", 1000],
        [IDS[0], "A", "not-a-date", "", 1000],
        [IDS[1], "B", epoch(dt.date(2023, 5, 1)), epoch(dt.date(2023, 1, 1)), 2000],
        [IDS[2], "C", epoch(dt.date(2023, 5, 1)), "", -500],
        [IDS[3], "D", epoch(dt.date(2023, 5, 1)), "", "lots"]]
write_csv("timeframe_1.csv", ["emp_id", "designation", "start_date", "end_date", "salary"], tf1)
for i, e in enumerate(IDS[:300]):                                        # promotions in 2026
    tf2.append([e, DES[(i + 3) % 6], epoch(dt.date(2026, rng.randint(1, 10), rng.randint(1, 28))), "",
                rng.randint(60, 400) * 1000])
for e in IDS[300:320]:                                                   # late: before the open record
    tf2.append([e, "F", epoch(last_start[e] - dt.timedelta(days=30)), "", 50000])
for e in IDS[320:350]:                                                   # duplicates, higher and lower salary
    tf2.append([e, "E", epoch(last_start[e]), "", 390000])
    tf2.append([e, "A", epoch(last_start[e]), "", 1000])
tf2 += [[IDS[351], "B", "1.7e9", "", 1000], [IDS[352], "B", epoch(dt.date(2026, 3, 1)), "", ""]]
write_csv("timeframe_2.csv", ["salary", "emp_id", "start_date", "end_date", "designation"],
          [[r[4], r[0], r[2], r[3], r[1]] for r in tf2])

# --- leave quota and calendar --------------------------------------------
quota = {}
rows = []
for e in IDS[:1950]:                                                     # 50 have no quota
    for y in (2025, 2026):
        q = rng.choice([15, 18, 20, 22, 25, 30])
        quota[(e, y)] = q
        rows.append([e, q, y])
rows += [[IDS[10], 12, 2026], [IDS[1950], -3, 2026], [IDS[1951], 20, 1800], [IDS[1952], "ten", 2026]]
quota[(IDS[10], 2026)] = max(quota[(IDS[10], 2026)], 12)
write_csv("leave_quota.csv", ["emp_id", "leave_quota", "year"], rows)

HOLIDAYS = {2025: [(1, 1), (1, 20), (2, 17), (4, 18), (5, 26), (7, 4), (9, 1), (10, 13), (11, 11), (11, 27),
                   (12, 25), (12, 26)],
            2026: [(1, 1), (1, 19), (2, 16), (4, 3), (5, 25), (7, 3), (7, 4), (9, 7), (10, 12), (11, 11),
                   (11, 26), (12, 24), (12, 25), (12, 31)]}
rows = []
for y, days in HOLIDAYS.items():
    for m, d in days:
        date = f"{y}-{m}-{d}" if rng.random() < 0.7 else f"{y}-{m:02d}-{d:02d}"
        rows.append([f"Holiday {y}-{m:02d}-{d:02d}", date])
rows.append(["Typo day", "2026-2-30"])
write_csv("leave_calendar.csv", ["reason", "date"], rows)
holidays = {dt.date(y, m, d) for y, days in HOLIDAYS.items() for m, d in days}


def working(d):
    return d.weekday() < 5 and d not in holidays


# --- leaves ---------------------------------------------------------------
DEMO = dt.date(2026, 11, 24)
past_days = [dt.date(2026, 1, 2) + dt.timedelta(days=k) for k in range((DEMO - dt.date(2026, 1, 2)).days)]
future_days = [DEMO + dt.timedelta(days=k) for k in range(1, 38)]
leave1, leave2 = [], []
for i, e in enumerate(IDS):
    taken = rng.sample(past_days, rng.randint(2, 8 if 100 <= i < 118 else 10))
    for d in taken:
        leave1.append([e, f"{d.year}-{d.month}-{d.day}", rng.choice(["ACTIVE", "Active", "active"])])
    if i < 25:          # heavy upcoming leave: over 8% of the working days left
        for d in [x for x in future_days if working(x)][:4 + i % 3]:
            leave1.append([e, d.isoformat(), "ACTIVE"])
    elif i < 60:        # light upcoming leave: under 8%
        d = [x for x in future_days if working(x)][i % 10]
        leave1.append([e, d.isoformat(), "ACTIVE"])
    if 100 <= i < 118:  # heavy users: 85-95% of their 2026 quota before December
        q = quota.get((e, 2026), 20)
        used = sum(1 for x in taken if working(x))
        target = -(-q * (85 + 5 * (i % 3)) // 100)
        extra = [x for x in past_days if working(x) and x not in taken][: max(0, target - used)]
        for d in extra:
            leave1.append([e, d.isoformat(), "ACTIVE"])
for i, e in enumerate(IDS[:25]):                # cancellations, and one re-application
    d = [x for x in future_days if working(x)][0]
    leave2.append([e, d.isoformat(), "CANCELLED"])
    if i % 5 == 0:
        leave2.append([e, d.isoformat(), "ACTIVE"])
for e in IDS[1960:1970]:                        # leaves without a quota row
    d = rng.choice(past_days)
    leave2.append([e, d.isoformat(), "ACTIVE"])
leave2 += [[IDS[5], "2026-2-30", "ACTIVE"], [IDS[6], "2026-12-2", "PENDING"], ["", "2026-12-3", "ACTIVE"]]
write_csv("leave_1.csv", ["emp_id", "date", "status"], leave1)
write_csv("leave_2.csv", ["emp_id", "date", "status"], leave2)

# --- words and messages ------------------------------------------------------
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
vocab = sorted({"".join(rng.choice(ALNUM) for _ in range(10)) for _ in range(500)})
marked = sorted(rng.sample(vocab, 40))
plain = [w for w in vocab if w not in marked]
with open(os.path.join(OUT, "vocabulary.json"), "w") as f:
    json.dump(vocab + ["not one word"], f, indent=0)
with open(os.path.join(OUT, "marked_word.json"), "w") as f:
    json.dump(marked, f, indent=0)


def message(flag):
    words = rng.sample(plain, 10)
    if flag:
        words[rng.randrange(10)] = rng.choice(marked).lower() if rng.random() < 0.2 else rng.choice(marked)
    return " ".join(words)


def stamp(t):
    kind = rng.random()
    if kind < 0.5:
        return int(t.timestamp())
    if kind < 0.8:
        return int(t.timestamp() * 1000)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def person(e):
    return int(e) if rng.random() < 0.5 else e


msgs = []
t0 = dt.datetime(2026, 10, 1, 8, 0, tzinfo=dt.timezone.utc)
for k in range(3000):
    t = t0 + dt.timedelta(minutes=13 * k)
    sender = IDS[7] if k % 250 == 0 else (IDS[8 + k % 5] if k % 97 == 0 else rng.choice(IDS))
    flag = sender in IDS[7:13] or rng.random() < 0.15
    msgs.append({"sender": person(sender), "receiver": person(rng.choice(IDS)), "message": message(flag),
                 "timestamp": stamp(t)})
msgs.append({"receiver": IDS[1], "message": message(True), "timestamp": stamp(t0)})     # no sender
with open(os.path.join(OUT, "messages.json"), "w") as f:
    json.dump(msgs, f, ensure_ascii=False)

lines = []
t1 = dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.timezone.utc)
for k in range(500):
    t = t1 + dt.timedelta(seconds=40 * k)
    sender = IDS[7] if k % 50 == 0 else rng.choice(IDS)
    m = {"key": f"broker-0-{k}", "sender": person(sender), "receiver": person(rng.choice(IDS)),
         "message": message(sender == IDS[7] or rng.random() < 0.1), "timestamp": stamp(t)}
    lines.append(json.dumps(m, ensure_ascii=False))
    if k % 60 == 0:
        lines.append(json.dumps(m, ensure_ascii=False))                 # redelivery, same key
lines.insert(100, '{"key": "broker-0-bad", "sender": 1, "message": "cut off')
lines.insert(200, json.dumps({"key": "broker-0-nosender", "receiver": IDS[2], "message": "hi", "timestamp": 1}))
lines.insert(300, json.dumps({"key": "broker-0-badtime", "sender": IDS[3], "receiver": IDS[2],
                              "message": "hi", "timestamp": "soon"}))
with open(os.path.join(OUT, "messages_stream.jsonl"), "w") as f:
    f.write("\n".join(lines) + "\n")
