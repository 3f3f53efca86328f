-- Strikes, salary levels, the 10-strike deactivation and the monthly
-- cooldown (SPEC §2.8).

CREATE TABLE hrlake.employee_strike (
  emp_id          text COLLATE "C" PRIMARY KEY,
  no_of_strikes   integer NOT NULL DEFAULT 0 CHECK (no_of_strikes BETWEEN 0 AND 10),
  deactivated_on  date,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((no_of_strikes = 10) = (deactivated_on IS NOT NULL))
);

-- Cooldowns per employee and month. A strike is a flagged message with
-- its strike count (flagged_message.strikes), so it is not stored twice.
CREATE TABLE hrlake.cooldown_event (
  emp_id          text COLLATE "C" NOT NULL,
  period          date NOT NULL CHECK (extract(day FROM period) = 1),
  strikes_before  integer NOT NULL CHECK (strikes_before BETWEEN 1 AND 9),
  strikes_after   integer NOT NULL CHECK (strikes_after = strikes_before - 1),
  at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (emp_id, period)
);

-- Months whose cooldown ran (a month's cooldown applies once).
CREATE TABLE hrlake.cooldown_run (
  period      date PRIMARY KEY CHECK (extract(day FROM period) = 1),
  applied_at  timestamptz NOT NULL DEFAULT now(),
  employees   integer NOT NULL
);
