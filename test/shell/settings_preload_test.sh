#!/usr/bin/env bash
# hrlake's settings are there from the start of a session: the cluster
# preloads the library (session_preload_libraries, scripts/cluster.sh), so a
# fresh session lists every hrlake.* setting of src/pg/module.cpp in
# pg_settings, with its description, before it calls anything of hrlake,
# in a database without the extension too, and as a role without rights.
source "$(dirname "$0")/lib.sh"

expected=$(grep -o '"hrlake\.[a-z_]*"' "$HRLAKE_REPO/src/pg/module.cpp" | tr -d '"' | sort | paste -sd' ')
[ -n "$expected" ] || fail "no setting found in src/pg/module.cpp"
listed() {  # listed DB [ROLE]: the hrlake.* settings a new session sees, with a description
  psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" ${2:+-U "$2"} -c "
    SELECT string_agg(name, ' ' ORDER BY name) FROM pg_settings
    WHERE name LIKE 'hrlake.%' AND short_desc <> ''"
}

expect_eq "the cluster preloads the library" "$(q postgres "SHOW session_preload_libraries")" "hrlake"
fresh_db hrlake_t_settings
expect_eq "a new session of a database with hrlake lists the settings in pg_settings" \
  "$(listed hrlake_t_settings)" "$expected"
expect_eq "so does one of a database without it" "$(listed postgres)" "$expected"
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS hrlake_t_settings_user" \
  -c "CREATE ROLE hrlake_t_settings_user LOGIN"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS hrlake_t_settings WITH (FORCE)" -c "DROP ROLE IF EXISTS hrlake_t_settings_user"' EXIT
expect_eq "and one of a role without rights" "$(listed hrlake_t_settings hrlake_t_settings_user)" "$expected"
expect_eq "SHOW gives the default with its unit" \
  "$(psql -X -q -At -d hrlake_t_settings -U hrlake_t_settings_user -c "SHOW hrlake.max_field_size")" "4MB"
