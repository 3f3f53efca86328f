#!/usr/bin/env bash
# Two sessions calling flag_messages() at once, while a third inserts
# messages, never double-flag nor skip: in the end every message with a
# marked word is flagged exactly once, and each call returned distinct
# messages.
source "$(dirname "$0")/lib.sh"
fresh_db hrlake_t_flag
q hrlake_t_flag "INSERT INTO hrlake.marked_word (word, batch_id) VALUES ('BADWORD', 0)" >/dev/null
q hrlake_t_flag "INSERT INTO hrlake.message (sender, receiver, message)
  SELECT (g % 50)::text, '0', CASE WHEN g % 3 = 0 THEN 'a BADWORD here' ELSE 'clean text' END
  FROM generate_series(1, 20000) g" >/dev/null
out=$(mktemp -d)
for s in 1 2; do
  (for _ in $(seq 1 15); do
     psql -X -At -d hrlake_t_flag -c "SELECT msg_id FROM hrlake.flag_messages(1500)"
   done > "$out/session$s") &
done
(for i in $(seq 1 10); do
   q hrlake_t_flag "INSERT INTO hrlake.message (sender, receiver, message)
     SELECT 'w$i', '0', 'late BADWORD $i.' || g FROM generate_series(1, 100) g" >/dev/null
 done) &
wait
# Whatever is left after the writers stopped.
psql -X -At -d hrlake_t_flag -c "SELECT msg_id FROM hrlake.flag_messages()" > "$out/final"
returned=$(cat "$out"/session1 "$out"/session2 "$out"/final | grep -c . || true)
distinct=$(cat "$out"/session1 "$out"/session2 "$out"/final | sort -u | grep -c . || true)
expected=$(q hrlake_t_flag "SELECT count(*) FROM hrlake.message WHERE message LIKE '%BADWORD%'")
expect_eq "no message returned twice" "$distinct" "$returned"
expect_eq "every message with a marked word flagged" "$(q hrlake_t_flag "SELECT count(*) FROM hrlake.flagged_message")" "$expected"
expect_eq "the calls returned exactly those" "$returned" "$expected"
expect_eq "one strike per flagged message (up to 10 per sender)" \
  "$(q hrlake_t_flag "SELECT count(*) FROM hrlake.flagged_message WHERE strikes IS NOT NULL")" \
  "$(q hrlake_t_flag "SELECT sum(least(n, 10)) FROM (SELECT count(*) AS n FROM hrlake.flagged_message GROUP BY sender) s")"
rm -rf "$out"
psql -X -q -d postgres -c "DROP DATABASE hrlake_t_flag WITH (FORCE)"
