-- After the story: no hook of hooks.sql ran.
SELECT pg_temp.none(:'who' || ': no temporary table, function or operator planted in the session was used by hrlake''s code',
                    ARRAY(SELECT DISTINCT hook FROM pg_temp.hook_log ORDER BY 1));
