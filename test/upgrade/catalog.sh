# The catalog of a database's hrlake, as text two databases can be compared
# by: pg_dump --schema-only in binary-upgrade mode (the only mode that dumps
# an extension's member objects one by one: tables, columns, constraints,
# indexes, functions, views, triggers, comments, privileges), without what
# differs between any two databases (OIDs, frozen xids, sequence positions,
# the stored value a column added with a default gives old rows, dump
# tokens) and without the month partitions of the messages, which come
# with the data (a database holds those of the months it has messages of
# and those made ahead from its jobs' dates), not with the extension.
# Sourced; needs scripts/env.sh.
catalog() {  # catalog DB
  pg_dump --schema-only --binary-upgrade -T 'hrlake.(message|flagged_message)_p[0-9]*' -d "$1" |
    perl -0pe 's/-- For binary upgrade, set (heap|toast).s relfrozenxid and relminmxid\nUPDATE pg_catalog\.pg_class\nSET relfrozenxid = \S+, relminmxid = \S+\nWHERE oid = [^\n]*\n//g;
               s/\n-- set missing value\.\nSELECT pg_catalog\.binary_upgrade_set_missing_value\([^\n]*\n\n//g' |
    grep -vE '^(\\restrict|\\unrestrict|SELECT pg_catalog\.(binary_upgrade_|setval\())'
}
