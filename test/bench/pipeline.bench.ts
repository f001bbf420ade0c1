/**
 * Pipeline over the bench universe (500 assets × 5,000 XNYS sessions, the smooth random walks of
 * engine.bench.ts, with volumes that differ by asset): RSI rank + 20/100-day SMA ratio +
 * AverageDollarVolume(20) top-100 screen. Timed (1) over arrays in memory, in chunks of 252
 * sessions, against the same pipeline recomputed one session at a time (chunks of 1); (2) over an
 * ingested DuckDB bundle, a new source per run so that every run reads the bars again. Figures are the median CPU time (user + system) of
 * their runs: on a shared, loaded machine wall time mostly measures waiting for a core.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { getCalendar } from '../../src/calendar/index.js';
import { bundleCalendar } from '../../src/data/bundle-calendar.js';
import { bundlePipelineSource } from '../../src/data/pipeline-source.js';
import { openBundle } from '../../src/data/registry.js';
import type { Asset } from '../../src/model/asset.js';
import {
  ArraySource, AverageDollarVolume, EquityPricing, Pipeline, RSI, SimpleMovingAverage, runPipeline, type PipelineSource,
} from '../../src/pipeline/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { BenchRow } from './types.js';

const ASSETS = 500;
const SESSIONS = 5_000;
const LOOKBACK = 100;

function walk(count: number, seed: number): Float64Array {
  const out = new Float64Array(count);
  let p = 50 + (seed % 50);
  for (let k = 0; k < count; k++) {
    p *= 1 + 0.01 * Math.sin((k + seed * 7) / 11) + 0.002 * Math.cos((k * (seed + 3)) / 5);
    out[k] = Math.round(p * 100) / 100;
  }
  return out;
}
const volumeOf = (a: number, k: number) => 100_000 * (1 + ((a * 37) % 100)) + 1000 * (k % 7);

function pipeline(): Pipeline {
  const adv = new AverageDollarVolume({ windowLength: 20 });
  const ratio = new SimpleMovingAverage({ inputs: [EquityPricing.close], windowLength: 20 })
    .div(new SimpleMovingAverage({ inputs: [EquityPricing.close], windowLength: 100 }));
  return new Pipeline({ columns: { rsiRank: new RSI().rank(), ratio, adv }, screen: adv.top(100) });
}

/** CPU milliseconds (user + system) since `t0`. */
const cpuMs = (t0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function time(source: PipelineSource, start: number, end: number, chunkSize: number, runs: number): Promise<{ ms: number; rows: number }> {
  const ms: number[] = [];
  let rows = 0;
  for (let r = 0; r < runs; r++) {
    rows = 0;
    const t0 = process.cpuUsage();
    for await (const f of runPipeline(pipeline(), source, start, end, { chunkSize })) rows += f.assets.length;
    ms.push(cpuMs(t0));
  }
  return { ms: median(ms), rows };
}

/**
 * The arithmetic floor: the same window sums (SMA 20 and 100, RSI's 14 moves, 20 days of
 * close × volume) per session over the same row-major arrays in plain loops, without ranks,
 * screens or any pipeline machinery.
 */
function floorMs(close: Float64Array, volume: Float64Array, first: number, last: number): number {
  const n = ASSETS;
  const s20 = new Float64Array(n);
  const s100 = new Float64Array(n);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  const adv = new Float64Array(n);
  let sink = 0;
  const ms: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t0 = process.cpuUsage();
    for (let t = first; t <= last; t++) {
      s20.fill(0); s100.fill(0); up.fill(0); down.fill(0); adv.fill(0);
      for (let r = t - 100; r < t; r++) for (let c = 0; c < n; c++) s100[c] += close[r * n + c]!;
      for (let r = t - 20; r < t; r++) for (let c = 0; c < n; c++) {
        s20[c] += close[r * n + c]!;
        adv[c] += close[r * n + c]! * volume[r * n + c]!;
      }
      for (let r = t - 14; r < t; r++) for (let c = 0; c < n; c++) {
        const d = close[r * n + c]! - close[(r - 1) * n + c]!;
        if (d > 0) up[c] += d; else down[c] -= d;
      }
      sink += s20[0]! + s100[0]! + up[1]! + down[1]! + adv[2]!;
    }
    ms.push(cpuMs(t0));
  }
  if (sink === -1) throw new Error('unreachable');
  return median(ms);
}

async function writeCsv(file: string, days: readonly string[], closes: Float64Array[]): Promise<void> {
  const out = createWriteStream(file);
  const write = async (s: string) => { if (!out.write(s)) await once(out, 'drain'); };
  await write('symbol,date,open,high,low,close,volume\n');
  for (let a = 0; a < ASSETS; a++) {
    for (let k = 0; k < days.length; k++) {
      const p = closes[a]![k]!;
      await write(`S${a},${days[k]},${p},${p},${p},${p},${volumeOf(a, k)}\n`);
    }
  }
  out.end();
  await once(out, 'finish');
}

/** Pipeline throughput in memory and over a bundle, and the ratio to one session at a time. */
export async function run(): Promise<BenchRow[]> {
  const cal = getCalendar('XNYS');
  const s0 = cal.sessionOnOrAfter('2004-01-02');
  const days = cal.sessions.slice(s0, s0 + SESSIONS);
  const closes = Array.from({ length: ASSETS }, (_, a) => walk(SESSIONS, a + 2));
  const close = new Float64Array(SESSIONS * ASSETS);
  const volume = new Float64Array(SESSIONS * ASSETS);
  for (let k = 0; k < SESSIONS; k++) for (let a = 0; a < ASSETS; a++) {
    close[k * ASSETS + a] = closes[a]![k]!;
    volume[k * ASSETS + a] = volumeOf(a, k);
  }
  const assets: Asset[] = Array.from({ length: ASSETS }, (_, a) => ({
    sid: a, symbol: `S${a}`, name: `S${a}`, exchange: 'BENCH', assetClass: 'equity', currency: 'USD',
    startDate: days[0]!, endDate: days.at(-1)!, autoCloseDate: null, tickSize: 0.01, multiplier: 1, fractionable: false,
  }));
  const memory = new ArraySource(days, assets, { 'EquityPricing.close': close, 'EquityPricing.volume': volume });
  const outputs = SESSIONS - LOOKBACK - 1;
  const chunked = await time(memory, LOOKBACK + 1, SESSIONS - 1, 252, 3);
  const daily = await time(memory, LOOKBACK + 1, SESSIONS - 1, 1, 1);
  const floor = floorMs(close, volume, LOOKBACK + 1, SESSIONS - 1);
  const tmp = tempDir('ziplime-bench-pipeline-');
  let bundleMs = NaN;
  let bundleWall = NaN;
  try {
    const csv = path.join(tmp.dir, 'many.csv');
    await writeCsv(csv, days, closes);
    const r = runCli(['--bundles-dir', tmp.dir, 'ingest', '-b', 'many', '--source', 'csv', '--path', csv, '--calendar', 'XNYS'], { timeoutMs: 600_000 });
    if (r.code !== 0) throw new Error(`ingest failed: ${r.stderr}`);
    const reader = await openBundle(tmp.dir, 'many');
    try {
      const calendar = await bundleCalendar(reader);
      const first = calendar.sessionIndex(days[LOOKBACK + 1]!);
      // Each run opens a new source, so every run reads the bars from the bundle again.
      const ms: number[] = [];
      const wall: number[] = [];
      for (let run = 0; run < 3; run++) {
        const t0 = process.cpuUsage();
        const w0 = performance.now();
        const source = await bundlePipelineSource(reader, calendar);
        for await (const f of runPipeline(pipeline(), source, first, first + outputs - 1, { chunkSize: 252 })) void f;
        ms.push(cpuMs(t0));
        wall.push(performance.now() - w0);
      }
      bundleMs = median(ms);
      bundleWall = median(wall);
    } finally {
      await reader.close();
    }
  } finally {
    tmp.remove();
  }
  const label = `pipeline RSI rank + SMA(20)/SMA(100) + AverageDollarVolume top-100, ${ASSETS} assets × ${outputs.toLocaleString('en-US')} sessions`;
  return [
    { benchmark: `${label}, in memory (chunks of 252 sessions), median CPU time of 3 runs`, value: chunked.ms, unit: 'ms CPU', ratio: `${(daily.ms / chunked.ms).toFixed(1)}× faster than one session at a time (${Math.round(daily.ms).toLocaleString('en-US')} ms)`, target: '< 2,000 ms' },
    { benchmark: 'the same pipeline against its arithmetic in plain loops (same run)', value: floor, unit: 'ms CPU', ratio: `pipeline = ${(chunked.ms / floor).toFixed(1)}× the plain loops` },
    { benchmark: `${label}, from a DuckDB bundle (reads included)`, value: bundleMs, unit: 'ms CPU', ratio: `median wall time ${Math.round(bundleWall).toLocaleString('en-US')} ms`, target: '< 2,000 ms' },
  ];
}
