#!/usr/bin/env bash
# scd2_merge() changes stored records in place by the TID it read them at.
# A record another transaction changes in between must not be overwritten
# with values decided on the old version: the merge fails with a
# serialization failure (40001) and leaves nothing. Run again, it derives
# the history from the rows that arrived (SPEC §2.3): a hand edit of the
# derived history is not a row, so it does not survive.
source "$(dirname "$0")/lib.sh"
db=hrlake_t_merge
fresh_db $db
stage() {  # stage EMP DESIGNATION START_DATE SALARY
  q $db "INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, salary)
         VALUES ('$1', '$2', extract(epoch FROM DATE '$3')::text, '$4')" >/dev/null
}
stage E1 A 2024-01-01 100
stage E2 A 2024-01-01 100
q $db "SELECT count(*) FROM hrlake.scd2_merge()" >/dev/null
stage E1 B 2024-06-01 200
stage E2 B 2024-06-01 200

# Another session changes E1's stored row and commits while the merge waits.
q $db "BEGIN; UPDATE hrlake.employee_timeframe SET salary = 150 WHERE emp_id = 'E1';
       SELECT pg_sleep(2); COMMIT;" >/dev/null &
sleep 0.5
err=$(psql -X -q -At -d $db -v VERBOSITY=verbose -c "SELECT count(*) FROM hrlake.scd2_merge()" 2>&1 >/dev/null || true)
wait
case "$err" in
  *40001*"could not serialize access due to concurrent update"*) echo "ok - $TEST_NAME: serialization failure" ;;
  *) fail "expected a serialization failure, got: $err" ;;
esac
expect_eq "the failed merge left nothing" \
  "$(q $db "SELECT count(*) FROM hrlake.employee_timeframe")/$(q $db "SELECT count(*) FROM hrlake_stage.timeframe")" "2/2"
expect_eq "run again, it merges" "$(q $db "SELECT count(*) FROM hrlake.scd2_merge()")" "4"
expect_eq "and the history is the one the rows give" \
  "$(q $db "SELECT string_agg(emp_id || ':' || salary || ':' || status, ' ' ORDER BY emp_id, start_date)
            FROM hrlake.employee_timeframe")" \
  "E1:100:INACTIVE E1:200:ACTIVE E2:100:INACTIVE E2:200:ACTIVE"
psql -X -q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
