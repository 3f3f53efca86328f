-- Every object of hrlake says what it is (sql/api/95_comments.sql): the
-- schemas, every table and view and each of their columns, every public
-- function and procedure. The comments name who may read a table or view
-- ("Read by: ...") and run a function ("Run by: ..."), and those lists are
-- the privileges sql/api/99_privileges.sql grants: a new object without a
-- comment, or a grant the comment does not tell, fails here.
BEGIN;
SELECT plan(7);

SELECT is(ARRAY(SELECT n.nspname::text FROM pg_namespace n
                WHERE n.nspname IN ('hrlake', 'hrlake_stage')
                  AND coalesce(obj_description(n.oid, 'pg_namespace'), '') = '' ORDER BY 1),
          '{}'::text[], 'both schemas have a comment');

SELECT is(ARRAY(SELECT c.oid::regclass::text FROM pg_class c
                WHERE c.relnamespace IN ('hrlake'::regnamespace, 'hrlake_stage'::regnamespace)
                  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                  AND coalesce(obj_description(c.oid, 'pg_class'), '') = '' ORDER BY 1),
          '{}'::text[], 'every table and view has a comment');

SELECT is(ARRAY(SELECT c.oid::regclass::text || '.' || a.attname FROM pg_class c
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE c.relnamespace IN ('hrlake'::regnamespace, 'hrlake_stage'::regnamespace)
                  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                  AND coalesce(col_description(c.oid, a.attnum), '') = '' ORDER BY 1),
          '{}'::text[], 'every column of every table and view has a comment');

SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                WHERE p.pronamespace = 'hrlake'::regnamespace AND NOT starts_with(p.proname, '_')
                  AND coalesce(obj_description(p.oid, 'pg_proc'), '') = '' ORDER BY 1),
          '{}'::text[], 'every public function and procedure has a comment');

-- Who may read: the roles of hrlake with SELECT on the relation (on any
-- column), in this order.
SELECT is(ARRAY(SELECT c.oid::regclass::text || ': says "' ||
                       coalesce(substring(obj_description(c.oid, 'pg_class') FROM 'Read by: ([a-z_, ]*)\.'), '(nothing)') ||
                       '", granted "' || r.readers || '"'
                FROM pg_class c
                CROSS JOIN LATERAL (
                  SELECT coalesce(string_agg(role, ', ' ORDER BY n), '') AS readers
                  FROM unnest(ARRAY['hrlake_loader', 'hrlake_analyst', 'hrlake_admin']) WITH ORDINALITY AS x(role, n)
                  WHERE has_any_column_privilege(role, c.oid, 'SELECT')) r
                WHERE c.relnamespace IN ('hrlake'::regnamespace, 'hrlake_stage'::regnamespace)
                  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                  AND substring(obj_description(c.oid, 'pg_class') FROM 'Read by: ([a-z_, ]*)\.') IS DISTINCT FROM r.readers
                ORDER BY 1),
          '{}'::text[], 'each table and view comment says "Read by:" the roles that may read it');
SELECT is(ARRAY(SELECT n.nspname || ': says "' ||
                       coalesce(substring(obj_description(n.oid, 'pg_namespace') FROM 'Read by: ([a-z_, ]*)\.'), '(nothing)') ||
                       '", usage granted to "' || r.readers || '"'
                FROM pg_namespace n
                CROSS JOIN LATERAL (
                  SELECT coalesce(string_agg(role, ', ' ORDER BY x.n), '') AS readers
                  FROM unnest(ARRAY['hrlake_loader', 'hrlake_analyst', 'hrlake_admin']) WITH ORDINALITY AS x(role, n)
                  WHERE has_schema_privilege(role, n.oid, 'USAGE')) r
                WHERE n.nspname = 'hrlake_stage'
                  AND substring(obj_description(n.oid, 'pg_namespace') FROM 'Read by: ([a-z_, ]*)\.') IS DISTINCT FROM r.readers),
          '{}'::text[], 'the staging schema''s comment says "Read by:" the roles that may use it');

-- Who may run: the roles of hrlake with EXECUTE, in this order.
SELECT is(ARRAY(SELECT p.oid::regprocedure::text || ': says "' ||
                       coalesce(substring(obj_description(p.oid, 'pg_proc') FROM 'Run by: ([a-z_, ]*)\.'), '(nothing)') ||
                       '", granted "' || r.runners || '"'
                FROM pg_proc p
                CROSS JOIN LATERAL (
                  SELECT coalesce(string_agg(role, ', ' ORDER BY n), '') AS runners
                  FROM unnest(ARRAY['hrlake_loader', 'hrlake_analyst', 'hrlake_admin']) WITH ORDINALITY AS x(role, n)
                  WHERE has_function_privilege(role, p.oid, 'EXECUTE')) r
                WHERE p.pronamespace = 'hrlake'::regnamespace AND NOT starts_with(p.proname, '_')
                  AND substring(obj_description(p.oid, 'pg_proc') FROM 'Run by: ([a-z_, ]*)\.') IS DISTINCT FROM r.runners
                ORDER BY 1),
          '{}'::text[], 'each public function comment says "Run by:" the roles that may run it');

SELECT * FROM finish();
ROLLBACK;
