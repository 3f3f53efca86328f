-- Session settings a role may change, and hrlake's code (its SECURITY
-- DEFINER functions included) reads or is parsed under: whatever they are,
-- the results equal the superuser's run with the defaults.
SET TimeZone = 'Pacific/Kiritimati';
SET DateStyle = 'SQL, DMY';
SET IntervalStyle = 'sql_standard';
SET extra_float_digits = 3;
SET transform_null_equals = on;
SET array_nulls = off;
SET standard_conforming_strings = off;
SET default_transaction_isolation = 'repeatable read';
-- hrlake's own settings that any role may change: how many employees a
-- merge takes per chunk, and the longest field a load accepts.
SET hrlake.merge_chunk_employees = 1;
SET hrlake.max_field_size = 1;
