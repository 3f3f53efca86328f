#!/usr/bin/env bash
# The 80% notices as files (SPEC §2.6): <hrlake.notice_directory>/<YYYY-MM>/
# <emp_id>.txt, written by hrlake.export_notices() and the monthly job. Ids
# that are no safe file name get a safe encoded one (or are skipped with a
# reason) and never stop the export or lead out of the directory; links
# are not followed; a period never touches another; exporting again
# rewrites nothing that is unchanged; without a directory the monthly step
# is skipped (recorded), with one the server cannot write to it fails
# clearly (recorded).
source "$(dirname "$0")/lib.sh"
db=hrlake_t_notice
fresh_db $db
dir=$HRLAKE_RUN_DIR/notice_test
elsewhere=$HRLAKE_RUN_DIR/notice_test_elsewhere
rm -rf "$dir" "$elsewhere"
as_pg_user mkdir -p "$dir" "$elsewhere"
as_pg_user sh -c "echo untouched > '$elsewhere/victim.txt'"
trap 'chmod -R u+w "$dir" 2>/dev/null; rm -rf "$dir" "$elsewhere"' EXIT

# The admin runs the export; only a superuser chooses the directory.
psql -X -q -d $db -c "DROP ROLE IF EXISTS hrlake_t_notice_admin" \
  -c "CREATE ROLE hrlake_t_notice_admin LOGIN IN ROLE hrlake_admin" 2>/dev/null
admin() { psql -X -q -At -v ON_ERROR_STOP=1 -U hrlake_t_notice_admin -d $db -c "SET client_min_messages = warning" -c "$1"; }
q $db "ALTER DATABASE $db SET hrlake.notice_directory = '$dir'"
out=$(psql -X -q -U hrlake_t_notice_admin -d $db -c "SELECT hrlake._setting('notice_directory')" \
        -c "SET hrlake.notice_directory = '/tmp'" 2>&1 || true)
echo "$out" | grep -q 'permission denied to set parameter "hrlake.notice_directory"' || fail "admin set it: $out"
# Set before the library is loaded, the value is dropped when it is.
expect_eq "the admin cannot choose the directory" \
  "$(psql -X -q -At -U hrlake_t_notice_admin -d $db -c "SET hrlake.notice_directory = '/tmp'" \
       -c "SELECT hrlake._setting('notice_directory')" 2>/dev/null)" "$dir"

# Notices, stored as the monthly job stores them, for ids good and bad.
wide=$(printf 'é%.0s' $(seq 1 64))
q $db "INSERT INTO hrlake.leave_80pct_notice (emp_id, period, year, availed, quota, usage_pct, report)
       SELECT id, p, 2026, 9, 10, 90, format('Notice for %s, %s', id, p)
       FROM unnest(ARRAY['1001', '1002', 'a/b', '../escape', '..', '.hidden', 'CON', '$wide', E'tab\there', '']) id,
            unnest(ARRAY[DATE '2026-10-01', DATE '2026-11-01']) p" >/dev/null
expect_eq "export of November" \
  "$(admin "SELECT string_agg(status || ' ' || coalesce(file, '-') || ' ' || coalesce(reason, ''), ' | ' ORDER BY emp_id)
            FROM hrlake.export_notices('2026-11-15')" | sed -E 's/~[0-9a-f]{16}/~HASH/')" \
  "skipped - the emp_id is empty | written 2026-11/%2E%2E.txt  | written 2026-11/%2E%2E%2Fescape.txt  | written 2026-11/%2Ehidden.txt  | written 2026-11/1001.txt  | written 2026-11/1002.txt  | written 2026-11/%43ON.txt  | written 2026-11/a%2Fb.txt  | written 2026-11/tab%09here.txt  | written 2026-11/$(printf '%%C3%%A9%.0s' $(seq 1 30))%C3~HASH.txt "
expect_eq "every file is in the period's directory, none elsewhere" \
  "$(cd "$dir" && find . -mindepth 1 | sort | sed -E 's/~[0-9a-f]{16}/~HASH/' | tr '\n' ' ')" \
  "./2026-11 ./2026-11/%2E%2E%2Fescape.txt ./2026-11/%2E%2E.txt ./2026-11/%2Ehidden.txt ./2026-11/%43ON.txt ./2026-11/$(printf '%%C3%%A9%.0s' $(seq 1 30))%C3~HASH.txt ./2026-11/1001.txt ./2026-11/1002.txt ./2026-11/a%2Fb.txt ./2026-11/tab%09here.txt "
expect_eq "nothing escaped the directory" "$(ls "$HRLAKE_RUN_DIR" | grep -c escape || true)" "0"
expect_eq "a file holds its notice" "$(cat "$dir/2026-11/a%2Fb.txt")" "Notice for a/b, 2026-11-01"
expect_eq "and ends with a newline" "$(tail -c 1 "$dir/2026-11/1001.txt" | od -An -c | tr -d ' ')" '\n'

# Exporting again rewrites nothing: every file keeps its time of change.
stamps() { (cd "$dir" && find . -type f -printf '%p %T@ %i\n' | sort); }
before=$(stamps)
expect_eq "export again: all unchanged" \
  "$(admin "SELECT string_agg(DISTINCT status, ',') FROM hrlake.export_notices('2026-11-01') WHERE emp_id <> ''")" \
  "unchanged"
expect_eq "no file was touched" "$(stamps)" "$before"

# A changed notice is rewritten, alone, in one piece.
q $db "UPDATE hrlake.leave_80pct_notice SET report = 'Corrected' WHERE emp_id = '1002' AND period = '2026-11-01'" >/dev/null
expect_eq "a changed notice is written again" \
  "$(admin "SELECT string_agg(emp_id, ',') FROM hrlake.export_notices('2026-11-01') WHERE status = 'written'")" "1002"
expect_eq "with its new text" "$(cat "$dir/2026-11/1002.txt")" "Corrected"
expect_eq "the others untouched" "$(stamps | grep -v '/1002.txt')" "$(echo "$before" | grep -v '/1002.txt')"
expect_eq "no temporary file is left" "$(find "$dir" -name '.*' | wc -l)" "0"

# Another period goes to its own directory; November stays as it is.
before=$(stamps)
expect_eq "export of October" \
  "$(admin "SELECT count(*) FILTER (WHERE status = 'written') || ' ' || count(*) FILTER (WHERE status = 'skipped')
            FROM hrlake.export_notices('2026-10-01')")" "9 1"
expect_eq "October has its own directory" "$(ls "$dir/2026-10" | wc -l)/$(ls "$dir/2026-11" | wc -l)" "9/9"
expect_eq "November untouched" "$(stamps | grep '^./2026-11')" "$before"

# Links are not followed: a link in place of a file is replaced, not
# written through; a link in place of a period's directory stops the export.
as_pg_user ln -sf "$elsewhere/victim.txt" "$dir/2026-11/1001.txt"
admin "SELECT status FROM hrlake.export_notices('2026-11-01') WHERE emp_id = '1001'" >/dev/null
expect_eq "the link's target is untouched" "$(cat "$elsewhere/victim.txt")" "untouched"
expect_eq "the link became the notice" "$([ -L "$dir/2026-11/1001.txt" ] && echo link || cat "$dir/2026-11/1001.txt")" \
  "Notice for 1001, 2026-11-01"
as_pg_user ln -s "$elsewhere" "$dir/2026-09"
q $db "INSERT INTO hrlake.leave_80pct_notice (emp_id, period, year, availed, quota, usage_pct, report)
       VALUES ('1001', '2026-09-01', 2026, 9, 10, 90, 'September')" >/dev/null
out=$(admin "SELECT * FROM hrlake.export_notices('2026-09-01')" 2>&1 || true)
echo "$out" | grep -q "ERROR:  \"$dir/2026-09\" is not a directory" || fail "a linked period directory was used: $out"
expect_eq "nothing was written through the link" "$(ls "$elsewhere")" "victim.txt"

# A file's own trouble skips that file, with the reason; the rest goes on.
as_pg_user rm "$dir/2026-10/1001.txt"
as_pg_user mkdir "$dir/2026-10/1001.txt"
q $db "UPDATE hrlake.leave_80pct_notice SET report = 'New' WHERE period = '2026-10-01'" >/dev/null
expect_eq "a directory in a file's place skips it" \
  "$(admin "SELECT string_agg(emp_id || ' ' || status || coalesce(': ' || reason, ''), ' | ' ORDER BY emp_id)
            FROM hrlake.export_notices('2026-10-01') WHERE emp_id IN ('1001', '1002')")" \
  "1001 skipped: could not put the file in place: Is a directory | 1002 written"

# The monthly job exports the month before its date: counts recorded.
q $db "INSERT INTO hrlake.leave_80pct_notice (emp_id, period, year, availed, quota, usage_pct, report)
       VALUES ('1001', '2026-12-01', 2026, 9, 10, 90, 'December'), ('', '2026-12-01', 2026, 9, 10, 90, 'x')" >/dev/null
admin "CALL hrlake.run_monthly('2027-01-05')"
expect_eq "the monthly job records its export" \
  "$(q $db "SELECT status || ' ' || ((step_counts -> 'export notices') - 'skipped_files')::text || ' '
                   || (step_counts -> 'export notices' -> 'skipped_files')::text
            FROM hrlake.job_run WHERE job = 'monthly'")" \
  'succeeded {"skipped": 1, "written": 1, "unchanged": 0} [{"emp_id": "", "reason": "the emp_id is empty"}]'
expect_eq "December's file" "$(cat "$dir/2026-12/1001.txt")" "December"

# No directory: the step is skipped, and says so; the job succeeds.
q $db "ALTER DATABASE $db RESET hrlake.notice_directory"
admin "CALL hrlake.run_monthly('2027-01-05', force => true)"
expect_eq "without a directory the export is skipped" \
  "$(q $db "SELECT status || ' ' || (step_counts -> 'export notices')::text FROM hrlake.job_run
            WHERE job = 'monthly' ORDER BY run_id DESC LIMIT 1")" \
  'succeeded "skipped: hrlake.notice_directory is not set"'

# A directory the server cannot write to fails the job, clearly, recorded.
q $db "ALTER DATABASE $db SET hrlake.notice_directory = '$dir'"
as_pg_user chmod 555 "$dir"
out=$(admin "CALL hrlake.run_monthly('2027-02-05')" 2>&1 || true)
echo "$out" | grep -q "ERROR:  the monthly job failed for 2027-02-01 in step export notices: could not create the directory \"$dir/2027-01\": Permission denied" ||
  fail "no clear failure: $out"
echo "ok - $TEST_NAME: an unwritable directory fails the job, saying why"
expect_eq "the failure is recorded" \
  "$(q $db "SELECT status || ': ' || error FROM hrlake.job_run WHERE job = 'monthly' AND period = '2027-02-01'")" \
  "failed: step export notices: could not create the directory \"$dir/2027-01\": Permission denied (SQLSTATE 42501)"
as_pg_user chmod 755 "$dir"

psql -X -q -d postgres -c "DROP DATABASE $db WITH (FORCE)" -c "DROP ROLE hrlake_t_notice_admin"
