"""Judges what one BI driver showed of schema hrlake against the catalog and
SPEC §2.10; prints one `ok - ...` / `not ok - ...` line per check and exits 1
when a check fails.

    check.py DRIVER FACTS CATALOG RAW_VALUES [--no-remarks WHY]

FACTS is what the driver's program printed, one tab-separated fact a line:
    driver     <name and version>
    connected  <inet_client_addr()> <current_user>
    listed     <view>                 a view of schema hrlake in the driver's metadata
    column     <view> <column> <kind> <scale> <driver's type> <remarks>   the driver's column metadata
    rows       <view> <count>         SELECT * succeeded
    error      <view> <message>       SELECT * failed
    result     <view> <label> <kind> <driver's class>   a result column, the kind of its values
    cell       <view> <label> <text>  every text value read
Kinds are date, timestamp, numeric, integer, float, text, boolean, array,
other, and datetime64 (pandas' date-time columns); "-" stands for none (NULL,
no scale, no remarks). CATALOG (from run.sh) holds every column of the views
of schema hrlake: view, column, format_type, whether hrlake_analyst may read
the view (any column). RAW_VALUES holds the values of rejected rows that the
reasons quote, one a line.
"""
import collections
import os
import re
import sys

# SPEC §2.10: no salary, strike level, message text or raw rejected value in an analyst's view.
MONEY = re.compile(r"salary|strike_")
FORBIDDEN = re.compile(r"salary|strike_|^message$|^raw$|^raw_")
DATE_KINDS = {"date", "datetime64"}
TIMESTAMP_KINDS = {"timestamp", "datetime64"}

failures = 0


def report(driver, passed, what, detail=""):
    """Prints one check's line; counts the failures."""
    global failures
    failures += not passed
    print(f"{'ok' if passed else 'not ok'} - {driver}: {what}{' (' + detail + ')' if detail else ''}")


def read_tsv(path):
    """The lines of a tab-separated file as lists of fields."""
    with open(path, encoding="utf-8", errors="replace") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def shorten(items, limit=8):
    """A list for a message, cut after `limit` items."""
    items = list(items)
    more = f", … {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def by_view(pairs):
    """"view: a, b; view2: c" from (view, text) pairs."""
    grouped = collections.defaultdict(list)
    for view, text in pairs:
        grouped[view].append(text)
    return "; ".join(f"{view}: {shorten(texts)}" for view, texts in sorted(grouped.items()))


def main():
    driver, facts_path, catalog_path, raw_path = sys.argv[1:5]
    no_remarks = sys.argv[6] if len(sys.argv) > 6 and sys.argv[5] == "--no-remarks" else None

    catalog = collections.defaultdict(dict)  # view -> column -> format_type
    readable = set()
    for view, column, sql_type, may_read in read_tsv(catalog_path):
        catalog[view][column] = sql_type
        if may_read == "t":
            readable.add(view)
    raw_values = [line[0] for line in read_tsv(raw_path)]

    connected, listed, rows, errors = None, set(), {}, {}
    columns = collections.defaultdict(dict)   # view -> column -> (kind, scale, type, remarks)
    results = collections.defaultdict(dict)   # view -> label -> (kind, class)
    cells = []
    for fact in read_tsv(facts_path):
        kind, args = fact[0], fact[1:]
        if kind == "driver":
            print(f"# {driver}: {args[0]}")
        elif kind == "connected":
            connected = args
        elif kind == "listed":
            listed.add(args[0])
        elif kind == "column":
            columns[args[0]][args[1]] = tuple(args[2:6])
        elif kind == "rows":
            rows[args[0]] = int(args[1])
        elif kind == "error":
            errors[args[0]] = args[1]
        elif kind == "result":
            results[args[0]][args[1]] = tuple(args[2:4])
        elif kind == "cell":
            cells.append(args)

    user = os.environ["HRLAKE_BI_USER"]
    report(driver, connected is not None and connected[0].split("/")[0] == "127.0.0.1" and connected[1] == user,
           f"connects over TCP to 127.0.0.1 with a password as {user}",
           "" if connected is None or connected[0].startswith("127.0.0.1") else f"client address {connected[0]}")

    missing = sorted(set(catalog) - listed)
    report(driver, not missing, f"its metadata lists the {len(catalog)} views of schema hrlake",
           f"missing: {shorten(missing)}" if missing else "")

    for view in sorted(readable):
        if view in rows:
            report(driver, True, f"SELECT * FROM hrlake.{view} as the analyst", f"{rows[view]} rows")
        else:
            report(driver, False, f"SELECT * FROM hrlake.{view} as the analyst", errors.get(view, "not run"))

    unnamed = [(view, repr(label)) for view in sorted(results) for label in results[view]
               if not label or label.startswith("?")]
    report(driver, not unnamed, "every result column has a name", by_view(unnamed))

    # Dates and timestamps: the driver's metadata and the values it returns.
    for what, test, meta_kind, value_kinds in (
            ("date columns come back as dates", lambda t: t == "date", "date", DATE_KINDS),
            ("timestamp columns come back as timestamps", lambda t: t.startswith("timestamp"),
             "timestamp", TIMESTAMP_KINDS)):
        wrong, checked = [], 0
        for view in sorted(readable):
            for column, sql_type in catalog[view].items():
                if not test(sql_type):
                    continue
                checked += 1
                meta = columns[view].get(column)
                if meta is None or meta[0] != meta_kind:
                    wrong.append((view, f"{column} metadata {meta[2] if meta else 'missing'}"))
                value = results[view].get(column)
                if value is not None and value[0] != "-" and value[0] not in value_kinds:
                    wrong.append((view, f"{column} value {value[1]}"))
        report(driver, not wrong, what, by_view(wrong) or f"{checked} columns")

    money = [(view, column, meta) for view in sorted(columns) for column, meta in columns[view].items()
             if MONEY.search(column)]
    wrong = collections.defaultdict(list)  # (view, type, scale) -> columns
    for view, column, meta in money:
        if meta[0] != "numeric" or meta[1] != "2":
            wrong[(view, meta[2], "no scale" if meta[1] == "-" else f"scale {meta[1]}")].append(column)
    report(driver, not wrong, "money columns (salary, strike_*) are numeric with scale 2 in its metadata",
           "; ".join(f"{view}: {len(cols)} columns {sql_type}, {scale}: {shorten(cols, 3)}"
                     for (view, sql_type, scale), cols in sorted(wrong.items()))
           or f"{len(money)} columns")

    all_columns = [(view, column, meta) for view in sorted(columns) for column, meta in columns[view].items()]
    if no_remarks:
        print(f"ok - {driver}: every view column has a comment in its metadata # SKIP {no_remarks}")
    else:
        bare = [(view, column) for view, column, meta in all_columns if meta[3] == "-"]
        counts = collections.Counter(view for view, _ in bare)
        report(driver, not bare, "every view column has a comment in its metadata",
               f"{len(all_columns) - len(bare)} of {len(all_columns)} columns have one; without: "
               + ", ".join(f"{view} {n}" for view, n in sorted(counts.items())) if bare else
               f"{len(all_columns)} columns")

    forbidden = [(view, column) for view in sorted(readable) for column in columns[view] if FORBIDDEN.search(column)]
    report(driver, not forbidden,
           "the analyst's views have no salary, strike level, message text or raw value column", by_view(forbidden))

    # A raw value counts as quoted when it stands as a whole word in a value read.
    quoted = collections.defaultdict(set)
    if raw_values:
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, raw_values)) + r")(?![\w-])")
        for view, label, text in cells:
            for match in pattern.finditer(text):
                quoted[(view, label)].add(match.group(1))
    report(driver, not quoted, "the analyst's views show no value of a rejected row",
           "; ".join(f"{view}.{label} quotes {shorten(sorted(values))}" for (view, label), values in sorted(quoted.items()))
           or f"{len(raw_values)} quoted raw values looked for in {len(cells)} text values")

    sys.exit(1 if failures else 0)


main()
