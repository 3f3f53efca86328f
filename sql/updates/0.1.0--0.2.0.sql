-- hrlake 0.1.0 -> 0.2.0: changes to tables and their data. The functions,
-- views and privileges of 0.2.0 follow (sql/api/, appended by the build).

\echo Use "ALTER EXTENSION hrlake UPDATE" to load this file. \quit
