// The DuckDB peer of the scd2_merge benchmark (bench/scd2.sh): the same
// batches merged into the same history by DuckDB, in memory, as a speed
// reference. Its rules are the core of SPEC §2.3 only: open records close
// at the nearest strictly later start, one row per (emp_id, start, end)
// survives (highest salary, then the newest row); none of the refinements
// (same-start given ends, losers remembered).
//
// Usage: node scd2_peer.mjs HISTORY.csv BATCH.csv...
//   HISTORY.csv: emp_id, designation, start_date, end_date, salary,
//                end_date_given, batch_id, line_no (dates as dates)
//   BATCH.csv:   emp_id, designation, start_date, end_date, salary,
//                batch_id, line_no (the staged rows: text, epoch seconds)
// Loading the files is not timed. Prints one line: the seconds the merges
// took, the process's peak RSS during them (MB; it includes the history
// DuckDB holds in memory), the history's rows after them, the RSS before
// them (MB), DuckDB's thread count and the checksum of the history after
// them (bench.checksum() in bench/scd2_plain_sql.sql: the same sums).
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

// A field of /proc/self/status (given in kB), in MB.
function statusMB(field) {
  const kb = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`))[1];
  return Math.round(Number(kb) / 1024);
}

// A string as an SQL literal.
function literal(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

// Merges staged table BATCH into history (steps a-d), in one transaction.
async function merge(db, batch) {
  await db.run('BEGIN');
  await db.run(`CREATE TEMP TABLE touched AS SELECT DISTINCT emp_id FROM ${batch}`);
  await db.run(`CREATE TEMP TABLE new_history AS
    WITH chain AS (
      -- a. the touched employees' stored rows, implicit ends reset, and the
      -- batch: epoch seconds truncated to their day, salary as a number
      SELECT h.emp_id, h.designation, h.start_date,
             CASE WHEN h.end_date_given THEN h.end_date END AS given_end,
             h.salary, h.batch_id, h.line_no
      FROM history h SEMI JOIN touched USING (emp_id)
      UNION ALL
      SELECT emp_id, designation,
             DATE '1970-01-01' + CAST(floor(CAST(start_date AS DOUBLE) / 86400) AS INTEGER),
             DATE '1970-01-01' + CAST(floor(CAST(end_date AS DOUBLE) / 86400) AS INTEGER),
             CAST(salary AS DOUBLE), batch_id, line_no
      FROM ${batch}
    ), closed AS (
      -- b. open records closed at the nearest strictly later start (the
      -- first one at least a day later)
      SELECT chain.*, coalesce(given_end, first_value(start_date) OVER (
               PARTITION BY emp_id ORDER BY start_date
               RANGE BETWEEN INTERVAL 1 DAY FOLLOWING AND UNBOUNDED FOLLOWING)) AS end_date
      FROM chain
    )
    -- c. one row per (emp_id, start, end): highest salary, then the newest
    SELECT emp_id, designation, start_date, end_date, salary,
           bool_or(given_end IS NOT NULL) OVER (PARTITION BY emp_id, start_date, end_date) AS end_date_given,
           batch_id, line_no
    FROM closed
    QUALIFY row_number() OVER (PARTITION BY emp_id, start_date, end_date
                               ORDER BY salary DESC NULLS LAST, batch_id DESC, line_no DESC) = 1`);
  // d. their history replaced
  await db.run('DELETE FROM history WHERE emp_id IN (SELECT emp_id FROM touched)');
  await db.run('INSERT INTO history SELECT * FROM new_history');
  await db.run('DROP TABLE touched');
  await db.run('DROP TABLE new_history');
  await db.run('COMMIT');
}

const [historyCsv, ...batchCsvs] = process.argv.slice(2);
if (!historyCsv || batchCsvs.length === 0) {
  console.error('usage: node scd2_peer.mjs HISTORY.csv BATCH.csv...');
  process.exit(2);
}
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();

// Loading, not timed.
await db.run(`CREATE TABLE history AS SELECT * FROM read_csv(${literal(historyCsv)}, header = true,
  columns = {emp_id: 'VARCHAR', designation: 'VARCHAR', start_date: 'DATE', end_date: 'DATE',
             salary: 'DOUBLE', end_date_given: 'BOOLEAN', batch_id: 'BIGINT', line_no: 'BIGINT'})`);
const batches = [];
for (const [i, csv] of batchCsvs.entries()) {
  batches.push(`batch_${i}`);
  await db.run(`CREATE TABLE batch_${i} AS SELECT * FROM read_csv(${literal(csv)}, header = true,
    columns = {emp_id: 'VARCHAR', designation: 'VARCHAR', start_date: 'VARCHAR', end_date: 'VARCHAR',
               salary: 'VARCHAR', batch_id: 'BIGINT', line_no: 'BIGINT'})`);
}
const threads = (await db.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];

const rssBefore = statusMB('VmRSS');
writeFileSync('/proc/self/clear_refs', '5'); // peak RSS starts again from the current RSS
const t0 = performance.now();
for (const batch of batches) {
  await merge(db, batch);
}
const seconds = (performance.now() - t0) / 1000;
const peak = statusMB('VmHWM');

const rows = (await db.runAndReadAll('SELECT count(*) FROM history')).getRows()[0][0];
const days = (column) => `datediff('day', DATE '2000-01-01', ${column})`;
const [current, currentKeys, currentValues, all, allKeys, allValues] = (await db.runAndReadAll(`
  SELECT count(*) FILTER (WHERE end_date IS NULL),
         coalesce(sum(CAST(emp_id AS HUGEINT) * ${days('start_date')}) FILTER (WHERE end_date IS NULL), 0),
         coalesce(CAST(sum(salary * ascii(designation)) FILTER (WHERE end_date IS NULL) AS HUGEINT), 0),
         count(*),
         coalesce(sum(CAST(emp_id AS HUGEINT) * ${days('start_date')}
                      + coalesce(${days('end_date')}, -1) * (CAST(emp_id AS BIGINT) % 1009)), 0),
         coalesce(CAST(sum(salary * ascii(designation)) AS HUGEINT), 0)
  FROM history`)).getRows()[0];
console.log(`${seconds.toFixed(2)} ${peak} ${rows} ${rssBefore} ${threads} ` +
            `current ${current}/${currentKeys}/${currentValues}, history ${all}/${allKeys}/${allValues}`);
