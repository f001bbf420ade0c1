import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { ROOT } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { BenchRow } from './types.js';

const ROWS = 10_000_000;
const SYMBOLS = 50;

/** Writes a long-format minute CSV (symbol,datetime,open,high,low,close,volume) with DuckDB. */
async function writeCsv(file: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`COPY (
    SELECT 'S' || lpad((i % ${SYMBOLS})::VARCHAR, 2, '0') AS symbol,
      (TIMESTAMP '2020-01-01' + to_minutes((i // ${SYMBOLS})::BIGINT))::VARCHAR AS datetime,
      round(100 + (i % 997) * 0.01, 2) AS open, round(101 + (i % 997) * 0.01, 2) AS high,
      round(99 + (i % 997) * 0.01, 2) AS low, round(100.5 + (i % 997) * 0.01, 2) AS "close", (i % 5000) AS volume
    FROM range(${ROWS}) t(i)) TO '${file}' (HEADER)`);
  conn.closeSync();
  db.closeSync();
}

/** Wall and CPU seconds of one run. */
interface Timing {
  seconds: number;
  cpuSeconds: number;
}

/** Seconds DuckDB alone takes to parse the whole file (`count(*)` over every column). */
async function bareReadCsv(file: string): Promise<Timing> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const t = performance.now();
  const cpu = process.cpuUsage();
  await conn.run(`SELECT count(*), max(symbol), max(datetime), max(open + high + low + "close" + volume) FROM read_csv('${file}')`);
  const used = process.cpuUsage(cpu);
  const timing = { seconds: (performance.now() - t) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  conn.closeSync();
  db.closeSync();
  return timing;
}

const CSVDIR_FILES = 500;
const CSVDIR_ROWS = 5_000;

/** Writes zipline's csvdir layout: `CSVDIR_FILES` daily files of `CSVDIR_ROWS` rows each. */
async function writeCsvDir(dir: string): Promise<void> {
  mkdirSync(path.join(dir, 'daily'), { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  for (let s = 0; s < CSVDIR_FILES; s++) {
    await conn.run(`COPY (SELECT (DATE '2000-01-03' + i::INTEGER) AS date, round(100 + (i % 97) * 0.1, 2) AS open,
      round(101 + (i % 97) * 0.1, 2) AS high, round(99 + (i % 97) * 0.1, 2) AS low, round(100.5 + (i % 97) * 0.1, 2) AS "close",
      (i * 7 + ${s}) % 5000 + 1 AS volume FROM range(${CSVDIR_ROWS}) t(i))
      TO '${path.join(dir, 'daily', `S${String(s).padStart(3, '0')}.csv`)}' (HEADER)`);
  }
  conn.closeSync();
  db.closeSync();
}

/** Runs the real CLI ingest in a child process; returns its wall and CPU seconds and peak RSS. */
function ingestInChild(file: string, bundlesDir: string, source = 'csv'): Timing & { maxRssMb: number } {
  const main = pathToFileURL(path.join(ROOT, 'dist', 'cli', 'main.js')).href;
  const argv = ['node', 'ziplime', '--bundles-dir', bundlesDir, 'ingest', '-b', 'bench', '--source', source, '--path', file, '--calendar', 'ALWAYS_OPEN'];
  const script = `const { main } = await import(${JSON.stringify(main)});
    const t = performance.now(); const cpu = process.cpuUsage(); const code = await main(${JSON.stringify(argv)});
    const used = process.cpuUsage(cpu);
    process.stdout.write(JSON.stringify({ code, seconds: (performance.now() - t) / 1000, cpuSeconds: (used.user + used.system) / 1e6, maxRss: process.resourceUsage().maxRSS }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 600_000 });
  const out = JSON.parse(r.stdout.slice(r.stdout.lastIndexOf('{'))) as { code: number; seconds: number; cpuSeconds: number; maxRss: number };
  if (out.code !== 0) throw new Error(`ingest failed: ${r.stderr}`);
  return { seconds: out.seconds, cpuSeconds: out.cpuSeconds, maxRssMb: out.maxRss / 1024 };
}

/** The fastest of several runs (other load on the machine only ever slows a run down). */
const fastest = <T extends Timing>(runs: readonly T[]): T => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));

const RUNS = 2;

/** Ingest of a generated 10-million-row, 50-symbol minute CSV through `ziplime ingest`. */
export async function run(): Promise<BenchRow[]> {
  const tmp = tempDir('ziplime-bench-ingest-');
  try {
    const file = path.join(tmp.dir, 'minutes.csv');
    await writeCsv(file);
    const bares: Timing[] = [];
    const ingests: ReturnType<typeof ingestInChild>[] = [];
    for (let i = 0; i < RUNS; i++) {
      bares.push(await bareReadCsv(file));
      ingests.push(ingestInChild(file, path.join(tmp.dir, `bundles-${i}`)));
    }
    const bare = fastest(bares);
    const ingest = fastest(ingests);
    const mb = statSync(file).size / 1e6;
    const csvdir = path.join(tmp.dir, 'csvdir');
    await writeCsvDir(csvdir);
    const folder = fastest(Array.from({ length: RUNS }, (_, i) => ingestInChild(csvdir, path.join(tmp.dir, `csvdir-bundles-${i}`), 'csvdir')));
    return [
      { benchmark: `ingest csvdir of ${CSVDIR_FILES} files × ${CSVDIR_ROWS.toLocaleString('en-US')} daily rows, fastest of ${RUNS}`,
        value: Number(folder.seconds.toFixed(2)), unit: 's', target: '≤ 2 s' },
      { benchmark: `ingest ${ROWS / 1e6}M-row minute CSV (${SYMBOLS} symbols, ${mb.toFixed(0)} MB), fastest of ${RUNS}`,
        value: Math.round(ROWS / ingest.seconds), unit: 'rows/s', target: '≥ 2,500,000 rows/s',
        ratio: `${(bare.seconds / ingest.seconds).toFixed(2)}× DuckDB read_csv (${Math.round(ROWS / bare.seconds).toLocaleString('en-US')} rows/s)` },
      { benchmark: 'ingest CPU time', value: Number(ingest.cpuSeconds.toFixed(1)), unit: 's',
        ratio: `${(bare.cpuSeconds / ingest.cpuSeconds).toFixed(2)}× DuckDB read_csv (${bare.cpuSeconds.toFixed(1)} s)` },
      { benchmark: 'ingest peak memory (RSS)', value: Math.round(Math.max(...ingests.map((r) => r.maxRssMb))), unit: 'MB', target: '≤ 1,024 MB' },
    ];
  } finally {
    tmp.remove();
  }
}
