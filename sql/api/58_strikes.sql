-- Strikes, salary levels and the monthly cooldown (SPEC §2.8).

-- Every change of an employee's strikes: each strike with its message, each
-- cooldown with its month.
CREATE OR REPLACE VIEW hrlake.v_strike_history AS
SELECT f.sender AS emp_id, 'strike'::text AS kind, f.msg_id, NULL::date AS period,
       f.strikes - 1 AS strikes_before, f.strikes AS strikes_after, f.flagged_at AS at
FROM hrlake.flagged_message f WHERE f.strikes IS NOT NULL
UNION ALL
SELECT c.emp_id, 'cooldown', NULL, c.period, c.strikes_before, c.strikes_after, c.at
FROM hrlake.cooldown_event c;

-- At a month start every employee with 1..9 strikes loses one (the rule is
-- core::strikes_after_cooldown); once per month however often it is called.
-- Returns what it changed.
CREATE OR REPLACE FUNCTION hrlake.cooldown(as_of date DEFAULT hrlake.utc_today())
RETURNS TABLE (emp_id text, strikes_before integer, strikes_after integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_period date := date_trunc('month', as_of)::date;
BEGIN
  IF as_of IS NULL THEN
    RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  -- Serialises concurrent calls (the second finds the month done) and
  -- flag_messages, which holds strike counts in memory while it scans.
  PERFORM pg_advisory_xact_lock(hashtext('hrlake.strikes'));
  IF EXISTS (SELECT FROM hrlake.cooldown_run c WHERE c.period = v_period) THEN
    RAISE NOTICE 'the cooldown for % was already applied', to_char(v_period, 'YYYY-MM');
    RETURN;
  END IF;
  RETURN QUERY
  WITH changed AS (
    UPDATE hrlake.employee_strike s SET no_of_strikes = n.strikes_after, updated_at = now()
    FROM (SELECT e.emp_id, e.no_of_strikes AS strikes_before,
                 hrlake._strikes_after_cooldown(e.no_of_strikes) AS strikes_after
          FROM hrlake.employee_strike e) n
    WHERE s.emp_id = n.emp_id AND n.strikes_after <> n.strikes_before
    RETURNING s.emp_id, n.strikes_before, n.strikes_after
  ), logged AS (
    INSERT INTO hrlake.cooldown_event (emp_id, period, strikes_before, strikes_after)
    SELECT c.emp_id, v_period, c.strikes_before, c.strikes_after FROM changed c
  )
  SELECT c.emp_id, c.strikes_before, c.strikes_after FROM changed c ORDER BY c.emp_id;
  INSERT INTO hrlake.cooldown_run (period, employees)
  SELECT v_period, count(*) FROM hrlake.cooldown_event e WHERE e.period = v_period;
END
$$;

-- A strike count after a month's cooldown (SPEC §2.8), by the strike rules
-- of src/core.
CREATE OR REPLACE FUNCTION hrlake._strikes_after_cooldown(strikes integer) RETURNS integer
LANGUAGE c IMMUTABLE PARALLEL SAFE STRICT AS 'MODULE_PATHNAME', 'hrlake_strikes_after_cooldown';

-- Salary after k strikes: base x 0.9^k rounded to 2 decimals (SPEC §2.8),
-- computed by the strike rules of src/core.
CREATE OR REPLACE FUNCTION hrlake._salary_at_strikes(base numeric, strikes integer) RETURNS numeric
LANGUAGE c IMMUTABLE PARALLEL SAFE STRICT AS 'MODULE_PATHNAME', 'hrlake_salary_at_strikes';

-- Strikes per employee as BI reads them (no salaries: those are in
-- v_salary_levels, for admins).
CREATE OR REPLACE VIEW hrlake.v_employee_strikes AS
SELECT s.emp_id, s.no_of_strikes, s.deactivated_on, s.updated_at
FROM hrlake.employee_strike s;

-- Salary levels: base is the salary of the employee's ACTIVE record (for a
-- deactivated employee, of the record the 10th strike closed: of those
-- ending last, the one that started last, as a record that started before
-- the strike may arrive after its close, SPEC §2.3). Money is shown as
-- numeric(18,2), so BI drivers see a scale of 2: a salary has up to 15
-- integer digits (src/core/limits.h), and rounding can carry into a 16th
-- (999999999999999.995 -> 1000000000000000.00).
CREATE OR REPLACE VIEW hrlake.v_salary_levels AS
WITH base AS (
  SELECT DISTINCT ON (s.emp_id) s.emp_id, s.no_of_strikes, t.salary AS base_salary
  FROM hrlake.employee_strike s
  LEFT JOIN hrlake.employee_timeframe t ON t.emp_id = s.emp_id
   AND (t.end_date IS NULL OR (s.deactivated_on IS NOT NULL AND t.end_date_given))
  ORDER BY s.emp_id, (t.end_date IS NULL) DESC, t.end_date DESC, t.start_date DESC
)
SELECT b.emp_id, hrlake._salary_at_strikes(b.base_salary, 0)::numeric(18,2) AS base_salary, b.no_of_strikes,
       hrlake._salary_at_strikes(b.base_salary, 1)::numeric(18,2) AS strike_1,
       hrlake._salary_at_strikes(b.base_salary, 2)::numeric(18,2) AS strike_2,
       hrlake._salary_at_strikes(b.base_salary, 3)::numeric(18,2) AS strike_3,
       hrlake._salary_at_strikes(b.base_salary, 4)::numeric(18,2) AS strike_4,
       hrlake._salary_at_strikes(b.base_salary, 5)::numeric(18,2) AS strike_5,
       hrlake._salary_at_strikes(b.base_salary, 6)::numeric(18,2) AS strike_6,
       hrlake._salary_at_strikes(b.base_salary, 7)::numeric(18,2) AS strike_7,
       hrlake._salary_at_strikes(b.base_salary, 8)::numeric(18,2) AS strike_8,
       hrlake._salary_at_strikes(b.base_salary, 9)::numeric(18,2) AS strike_9,
       hrlake._salary_at_strikes(b.base_salary, 10)::numeric(18,2) AS strike_10,
       hrlake._salary_at_strikes(b.base_salary, b.no_of_strikes)::numeric(18,2) AS current_salary
FROM base b;
