/**
 * Runs every `test/bench/*.bench.ts` module in turn (or those whose name contains the first CLI
 * argument), prints one table, and on a full run rewrites the README's Performance section
 * between `<!-- bench:start -->` and `<!-- bench:end -->`. A failing module is reported and the
 * others still run; the exit code is 1 when any failed.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Table from 'cli-table3';
import type { BenchModule, BenchRow } from './types.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const README = resolve(BENCH_DIR, '..', '..', 'README.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** A figure for people: thousands separators from 100 up, three significant digits below. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

/** The line naming the machine and date a run was measured on. */
export function machineLine(date = new Date()): string {
  const cpus = os.cpus();
  const memGb = (os.totalmem() / 2 ** 30).toFixed(1);
  return `Measured on ${cpus[0]?.model.trim() ?? 'unknown CPU'} (${cpus.length} cores, ${memGb} GB RAM), `
    + `Node ${process.version}, ${os.platform()} ${os.arch()}, on ${date.toISOString().slice(0, 10)}.`;
}

/** The Markdown Performance section: a table of `rows` and the machine line. */
export function markdownSection(rows: readonly BenchRow[], machine: string): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    '| benchmark | value | ratio | target |',
    '|---|---:|---|---|',
    ...rows.map((r) => `| ${cell(r.benchmark)} | ${formatValue(r.value)} ${cell(r.unit)} | ${cell(r.ratio ?? '—')} | ${cell(r.target ?? '—')} |`),
  ];
  return `${lines.join('\n')}\n\n${machine}`;
}

/** `text` with the part between the bench markers replaced by `section`, or null without markers. */
export function replaceSection(text: string, section: string): string | null {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return null;
  return `${text.slice(0, start + START.length)}\n${section}\n${text.slice(end)}`;
}

async function runModule(file: string): Promise<BenchRow[]> {
  const mod = (await import(pathToFileURL(join(BENCH_DIR, file)).href)) as Partial<BenchModule>;
  if (typeof mod.run !== 'function') throw new Error(`${file} does not export run(): Promise<BenchRow[]>`);
  return mod.run();
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
    .sort();
  if (files.length === 0) {
    console.error(`no benchmark in ${BENCH_DIR}${filter ? ` matches '${filter}'` : ''}`);
    process.exitCode = 2;
    return;
  }
  const rows: BenchRow[] = [];
  const failed: string[] = [];
  for (const file of files) {
    process.stderr.write(`running ${file} …\n`);
    try {
      rows.push(...(await runModule(file)));
    } catch (err) {
      failed.push(file);
      console.error(`${file} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  const table = new Table({ head: ['benchmark', 'value', 'ratio', 'target'] });
  for (const r of rows) table.push([r.benchmark, `${formatValue(r.value)} ${r.unit}`, r.ratio ?? '—', r.target ?? '—']);
  console.log(table.toString());
  const machine = machineLine();
  console.log(machine);
  if (failed.length > 0) process.exitCode = 1;

  if (filter || failed.length > 0 || rows.length === 0) {
    console.log(`README not updated (${filter ? 'filtered run' : 'a benchmark failed'}); a full, clean run rewrites it.`);
    return;
  }
  const text = existsSync(README) ? readFileSync(README, 'utf8') : '';
  const updated = replaceSection(text, markdownSection(rows, machine));
  if (updated === null) console.warn(`warning: ${README} has no ${START} … ${END} markers; README not updated`);
  else if (updated !== text) writeFileSync(README, updated);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
