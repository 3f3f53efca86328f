-- The story, part 1 (issue 16): every sample file loaded from the server
-- (hrlake.load) and every source ingested; run by the loader and, in the
-- reference database, by the superuser. psql variable inbox: the files.
\o /dev/null
SELECT hrlake.load(f.source, :'inbox' || '/' || f.file)
FROM (VALUES ('employee', 'employee_1.csv'), ('employee', 'employee_2.csv'),
             ('timeframe', 'timeframe_1.csv'), ('timeframe', 'timeframe_2.csv'),
             ('leave_quota', 'leave_quota.csv'), ('leave_calendar', 'leave_calendar.csv'),
             ('leave', 'leave_1.csv'), ('leave', 'leave_2.csv'),
             ('vocabulary', 'vocabulary.json'), ('marked_word', 'marked_word.json'),
             ('message', 'messages.json'), ('message', 'messages_stream.jsonl')) AS f(source, file);
SELECT s.source, i.* FROM unnest(ARRAY['employee', 'timeframe', 'leave_quota', 'leave_calendar', 'leave',
                                       'vocabulary', 'marked_word', 'message']) s(source),
                          LATERAL hrlake.ingest(s.source) i;
\o
SELECT pg_temp.expect(:'who' || ': loads every sample file and ingests every source',
                      (SELECT count(*) || ' batches, ' || count(*) FILTER (WHERE status = 'ingested') || ' ingested'
                       FROM hrlake.batch),
                      '12 batches, 12 ingested');
