#!/usr/bin/env bash
# The inbox (issue 19): files dropped into <inbox>/<source>/ are loaded by
# CALL hrlake.load_inbox() and by the jobs, in name order, then moved to
# processed/<source>/<date>/ or, refused, to failed/<source>/ with a
# .reason; a file still being written waits; the same content twice is
# loaded once; a folder no source owns is reported; a backend killed
# between the load's commit and the move (or before the commit) loses
# nothing and loads nothing twice.
source "$(dirname "$0")/lib.sh"
db=hrlake_t_inbox
inbox="$HRLAKE_RUN_DIR/inbox/t_inbox"
today=$(date -u +%F)
rm -rf "$inbox"
as_pg_user mkdir -p "$inbox"/{employee,timeframe,leave,leave_quota,message}
fresh_db $db >/dev/null
q $db "ALTER DATABASE $db SET hrlake.inbox_directory = '$inbox'" >/dev/null
sample="$HRLAKE_REPO/data/sample"

# drop FILE TARGET [AGE]: a complete file, last written AGE ago (10 minutes).
drop() {
  cp "$1" "$inbox/$2"
  touch -d "${3:-10 minutes} ago" "$inbox/$2"
}
load_inbox() {  # the pass's result (jsonb); its messages go to $work/messages
  psql -X -q -At -v ON_ERROR_STOP=1 -d $db -c "CALL hrlake.load_inbox(${1:-})" 2>"$work/messages"
}
batches_of() { q $db "SELECT count(*) FROM hrlake.batch WHERE path LIKE '%/$1'"; }
present() { [ -e "$inbox/$1" ] || [ -L "$inbox/$1" ] && echo yes || echo no; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Name order, whatever the order they arrived in; moved once loaded.
drop "$sample/employee_2.csv" employee/b.csv "20 minutes"
drop "$sample/employee_1.csv" employee/a.csv "5 minutes"
result=$(load_inbox)
expect_eq "the files are loaded in name order" \
  "$(q $db "SELECT string_agg(regexp_replace(path, '^.*/', ''), ',' ORDER BY batch_id) FROM hrlake.batch")" "a.csv,b.csv"
expect_eq "loaded files are moved to processed/<source>/<date>/" \
  "$(present processed/employee/$today/a.csv) $(present processed/employee/$today/b.csv) $(present employee/a.csv)" "yes yes no"
expect_eq "the pass counts them" "$(q $db "SELECT \$r\$$result\$r\$::jsonb ->> 'loaded'")" "2"
expect_eq "the rows are stored, as hrlake.load() stores them" \
  "$(q $db "SELECT count(*) FROM hrlake.employee")" "2050"

# 2. A file still being written waits (its last write is within the
#    settle time); one named .* (an upload in progress) is left alone.
printf 'emp_id,age,name\n91000001,30,Half Written\n91000002,3' > "$inbox/employee/c.csv"
drop "$sample/employee_1.csv" employee/.d.csv.part
result=$(load_inbox "ARRAY['employee']")
expect_eq "a file written within the settle time is not loaded" \
  "$(batches_of c.csv) $(present employee/c.csv) $(q $db "SELECT \$r\$$result\$r\$::jsonb ->> 'waiting'")" "0 yes 1"
grep -q "inbox: employee/c.csv waits: still being written" "$work/messages" || fail "no notice of the wait: $(cat "$work/messages")"
expect_eq "a hidden file is neither loaded nor moved" "$(batches_of .d.csv.part) $(present employee/.d.csv.part)" "0 yes"
printf '0,Whole\n' >> "$inbox/employee/c.csv"
touch -d '1 minute ago' "$inbox/employee/c.csv"
load_inbox >/dev/null
expect_eq "once settled, it is loaded whole" \
  "$(batches_of c.csv) $(q $db "SELECT name FROM hrlake.employee WHERE emp_id = '91000002'")" "1 Whole"

# 3. The same content twice: loaded once, both files moved, nothing replaced.
drop "$sample/employee_1.csv" employee/a_again.csv
drop "$sample/employee_1.csv" employee/a.csv
batches=$(q $db "SELECT count(*) FROM hrlake.batch")
result=$(load_inbox)
expect_eq "a file whose content was loaded is not loaded again" \
  "$(q $db "SELECT count(*) FROM hrlake.batch") $(q $db "SELECT \$r\$$result\$r\$::jsonb ->> 'duplicate'")" "$batches 2"
expect_eq "it is moved beside the first, under a name of its own" \
  "$(present processed/employee/$today/a_again.csv) $(present processed/employee/$today/a.csv.1) $(present employee/a.csv)" \
  "yes yes no"

# 4. Refused files: not readable as their source's, a symbolic link (never
#    followed), unreadable: moved to failed/ with a reason; nothing loaded.
printf 'day,state\n2026-01-05,ACTIVE\n' > "$inbox/leave/bad_header.csv"
ln -s /etc/passwd "$inbox/employee/passwd.csv"
drop "$sample/leave_2.csv" leave/locked.csv
chmod 000 "$inbox/leave/locked.csv"
touch -h -d '10 minutes ago' "$inbox/leave/bad_header.csv"
result=$(load_inbox)
expect_eq "refused files are moved to failed/<source>/" \
  "$(present failed/leave/bad_header.csv) $(present failed/employee/passwd.csv) $(present failed/leave/locked.csv)" "yes yes yes"
expect_eq "and none was loaded" \
  "$(batches_of bad_header.csv) $(batches_of passwd.csv) $(batches_of locked.csv) $(q $db "SELECT count(*) FROM hrlake.employee WHERE emp_id = 'root:x:0:0:root:/root:/bin/bash'")" "0 0 0 0"
grep -q 'lacks required column(s) emp_id, date, status' "$inbox/failed/leave/bad_header.csv.reason" ||
  fail "the reason does not say why: $(cat "$inbox/failed/leave/bad_header.csv.reason")"
grep -q 'symbolic link (not followed)' "$inbox/failed/employee/passwd.csv.reason" || fail "link reason: $(cat "$inbox/failed/employee/passwd.csv.reason")"
grep -q 'Permission denied' "$inbox/failed/leave/locked.csv.reason" || fail "unreadable reason: $(cat "$inbox/failed/leave/locked.csv.reason")"
echo "ok - $TEST_NAME: each refused file has a .reason beside it"
expect_eq "the pass reports them" "$(q $db "SELECT \$r\$$result\$r\$::jsonb ->> 'failed'")" "3"

# 5. A file in a folder no source owns, or outside the folders, is
#    reported (and alerted by the daily job), and left where it is.
as_pg_user mkdir -p "$inbox/employees"
drop "$sample/employee_1.csv" employees/x.csv
drop "$sample/employee_1.csv" stray.csv
drop "$sample/timeframe_1.csv" timeframe/timeframe_1.csv
out=$(psql -X -d $db -c "LISTEN hrlake_alert" -c "CALL hrlake.run_daily('2026-11-24')" 2>&1)
echo "$out" | grep -q 'WARNING:  inbox: employees/ is not loaded: a folder that is not a source' || fail "no warning: $out"
expect_eq "unknown entries are in the run's counts" \
  "$(q $db "SELECT step_counts -> 'inbox' ->> 'unknown' FROM hrlake.job_run WHERE job = 'daily'")" "2"
payload=$(echo "$out" | sed -n 's/.*with payload "\(.*\)" received.*/\1/p')
expect_eq "and alerted" "$(q $db "SELECT string_agg(f ->> 'file', ',' ORDER BY f ->> 'file') FROM jsonb_array_elements(\$p\$$payload\$p\$::jsonb -> 'files') f")" \
  "employees/,stray.csv"
expect_eq "and left in place" "$(present employees/x.csv) $(present stray.csv)" "yes yes"

# 6. The jobs load their folders before their steps: the daily job the
#    timeframe above (merged by its step), the stream job messages, the
#    monthly job quotas.
expect_eq "the daily job loaded and merged the timeframe file" \
  "$(batches_of timeframe_1.csv) $(q $db "SELECT count(*) > 0 FROM hrlake.employee_timeframe")" "1 t"
drop "$sample/messages.json" message/messages.json
q $db "CALL hrlake.run_stream()" >/dev/null 2>"$work/messages"
expect_eq "the stream job loaded the messages" "$(q $db "SELECT count(*) FROM hrlake.message")" "3000"
drop "$sample/leave_quota.csv" leave_quota/leave_quota.csv
q $db "CALL hrlake.run_monthly('2026-12-01')" >/dev/null 2>"$work/messages"
expect_eq "the monthly job loaded the quotas" \
  "$(q $db "SELECT count(*) > 0 FROM hrlake.leave_quota") $(present processed/leave_quota/$today/leave_quota.csv)" "t yes"

# 7. Crashes. A lock held by another session pauses the pass at a known
#    point; the backend running it is killed with SIGKILL (the server
#    restarts, as after any crash); a second pass then finishes the work.
hold() {  # hold KEY1 KEY2: an advisory lock in a session of its own
  rm -f "$work/hold"
  mkfifo "$work/hold"
  PGAPPNAME=inbox_holder psql -X -q -d $db <"$work/hold" >/dev/null 2>&1 &
  exec 7>"$work/hold"
  echo "SELECT pg_advisory_lock(hashtext('$1'), hashtext('$2'));" >&7
  wait_for "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
            WHERE a.application_name = 'inbox_holder' AND l.locktype = 'advisory' AND l.granted" 1
}
wait_for() {  # wait_for SQL VALUE: until the query returns VALUE
  for _ in $(seq 1 200); do
    [ "$(q $db "$1" 2>/dev/null)" = "$2" ] && return
    sleep 0.05
  done
  fail "timed out waiting for: $1 = $2"
}
crash_pass() {  # starts a pass, waits until it waits for the lock, kills it
  psql -X -q -d $db -c "CALL hrlake.load_inbox(ARRAY['employee'])" >/dev/null 2>&1 7>&- &
  wait_for "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' AND wait_event = 'advisory'" 1
  pid=$(q $db "SELECT pid FROM pg_stat_activity WHERE datname = '$db' AND wait_event = 'advisory'")
  "$1" "$pid"
  kill -9 "$pid"
  exec 7>&-
  wait || true
  for _ in $(seq 1 200); do
    psql -X -q -d $db -c "SELECT 1" >/dev/null 2>&1 && return
    sleep 0.1
  done
  fail "the server did not come back after the crash"
}

# 7a. Killed after the load committed, before the move (the move takes
#     hrlake.inbox's lock for its source first).
drop "$sample/employee_2.csv" employee/e.csv
printf '91000003,Crash Tested,33\n' >> "$inbox/employee/e.csv"
touch -d '10 minutes ago' "$inbox/employee/e.csv"
hold hrlake.inbox employee
before_kill() {
  expect_eq "crash after commit: the pass waits to move a file whose load committed" \
    "$(batches_of e.csv) $(present employee/e.csv)" "1 yes"
}
crash_pass before_kill
expect_eq "crash after commit: after the crash the file is loaded and still in the inbox" \
  "$(batches_of e.csv) $(present employee/e.csv)" "1 yes"
result=$(load_inbox)
expect_eq "crash after commit: the next pass moves it without loading it again" \
  "$(batches_of e.csv) $(present employee/e.csv) $(present processed/employee/$today/e.csv) $(q $db "SELECT \$r\$$result\$r\$::jsonb ->> 'duplicate'")" \
  "1 no yes 1"

# 7b. Killed before the load committed (the load waits for the source's
#     ingest lock, after reading the file).
drop "$sample/employee_2.csv" employee/f.csv
printf '91000004,Crash Tested Too,44\n' >> "$inbox/employee/f.csv"
touch -d '10 minutes ago' "$inbox/employee/f.csv"
hold hrlake.ingest employee
crash_pass true
expect_eq "crash before commit: nothing loaded, the file still in the inbox" \
  "$(batches_of f.csv) $(present employee/f.csv)" "0 yes"
load_inbox >/dev/null
expect_eq "crash before commit: the next pass loads it once and moves it" \
  "$(batches_of f.csv) $(present employee/f.csv) $(present processed/employee/$today/f.csv) $(q $db "SELECT count(*) FROM hrlake.employee WHERE emp_id = '91000004'")" \
  "1 no yes 1"

# 7c. Two passes at once over the same file (the daily and the monthly job
#     both take leave_quota/): loaded once, moved once.
drop "$sample/employee_2.csv" employee/g.csv
printf '91000005,Seen Twice,55\n' >> "$inbox/employee/g.csv"
touch -d '10 minutes ago' "$inbox/employee/g.csv"
hold hrlake.ingest employee
# (7>&-: only this shell may hold the holder's input open.)
psql -X -q -d $db -c "CALL hrlake.load_inbox(ARRAY['employee'])" >/dev/null 2>&1 7>&- &
first=$!
psql -X -q -d $db -c "CALL hrlake.load_inbox(ARRAY['employee'])" >/dev/null 2>&1 7>&- &
second=$!
wait_for "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' AND wait_event = 'advisory'" 2
exec 7>&-  # the holder's session ends, and its lock with it
wait $first $second
expect_eq "two passes at once: the file is loaded once and moved once" \
  "$(batches_of g.csv) $(present employee/g.csv) $(present processed/employee/$today/g.csv) $(present processed/employee/$today/g.csv.1)" \
  "1 no yes no"
wait

# 8. Who may do what: loaders may run a pass; nobody but a superuser
#    chooses the inbox; load_inbox commits, so not inside a transaction.
q postgres "DO \$\$ BEGIN CREATE ROLE t_inbox_loader LOGIN IN ROLE hrlake_loader; EXCEPTION WHEN duplicate_object THEN END \$\$" >/dev/null
drop "$sample/leave_1.csv" leave/leave_1.csv
psql -X -q -d $db -U t_inbox_loader -c "CALL hrlake.load_inbox(ARRAY['leave'])" >/dev/null 2>&1 || fail "a loader could not run a pass"
expect_eq "a loader runs a pass" "$(batches_of leave_1.csv) $(present processed/leave/$today/leave_1.csv)" "1 yes"
# (Set before the library is loaded, a placeholder, it is dropped when it loads.)
out=$(psql -X -At -d $db -U t_inbox_loader -c "SET hrlake.inbox_directory = '/'" \
        -c "SELECT hrlake._setting('inbox_directory')" -c "SET hrlake.inbox_directory = '/'" 2>&1 || true)
[ "$(echo "$out" | grep -c 'permission denied to set parameter "hrlake.inbox_directory"')" = 2 ] ||
  fail "a loader set the inbox: $out"
echo "$out" | grep -qx "$inbox" || fail "the inbox changed: $out"
out=$(psql -X -d $db -U t_inbox_loader -c "ALTER ROLE t_inbox_loader SET hrlake.inbox_directory = '/'" 2>&1 || true)
echo "$out" | grep -q 'permission denied' || fail "a loader set the inbox for itself: $out"
echo "ok - $TEST_NAME: only a superuser sets hrlake.inbox_directory"
out=$(psql -X -d $db -c "BEGIN" -c "CALL hrlake.load_inbox()" 2>&1 || true)
echo "$out" | grep -q 'hrlake.load_inbox cannot run inside a transaction block' || fail "inside BEGIN: $out"
echo "ok - $TEST_NAME: load_inbox refuses to run inside a transaction block"
q postgres "DROP ROLE t_inbox_loader" >/dev/null

# 9. A missing inbox fails the job's run (recorded, alerted), not silently.
q $db "ALTER DATABASE $db SET hrlake.inbox_directory = '$inbox/missing'" >/dev/null
out=$(psql -X -d $db -c "CALL hrlake.run_daily('2026-11-25')" 2>&1 || true)
echo "$out" | grep -q "ERROR:  the daily job failed for 2026-11-25 in step inbox: inbox directory \"$inbox/missing\" does not exist" ||
  fail "a missing inbox did not fail the run: $out"
expect_eq "the failed run is recorded" \
  "$(q $db "SELECT status FROM hrlake.job_run WHERE period = '2026-11-25'")" "failed"

expect_eq "every batch adds up" \
  "$(q $db "SELECT count(*) FROM hrlake.batch WHERE rows_total <> rows_loaded + rows_duplicate + rows_rejected")" "0"
psql -X -q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
rm -rf "$inbox"
