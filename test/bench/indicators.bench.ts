/**
 * Vectorized SMA(15) and EMA(15) over 1,000,000 values (an array that fits in cache, as a
 * strategy's or a pipeline's columns do), against a plain loop computing the same average over the
 * same array. The two are run alternately and each figure is the median CPU time of its runs, so a
 * shared, loaded machine slows both alike and the ratio stays meaningful.
 */
import { ta } from '../../src/indicators/index.js';
import type { BenchRow } from './types.js';

const N = 1_000_000;
const RUNS = 41;
const PERIOD = 15;

function plainSma(v: Float64Array, p: number): Float64Array {
  const out = new Float64Array(v.length);
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    s += v[i]!;
    if (i >= p) s -= v[i - p]!;
    out[i] = i >= p - 1 ? s / p : NaN;
  }
  return out;
}

function plainEma(v: Float64Array, p: number): Float64Array {
  const out = new Float64Array(v.length);
  const a = 2 / (p + 1);
  let prev = 0;
  for (let i = 0; i < v.length; i++) {
    if (i < p - 1) {
      prev += v[i]!;
      out[i] = NaN;
    } else if (i === p - 1) {
      prev = (prev + v[i]!) / p;
      out[i] = prev;
    } else {
      prev = prev * (1 - a) + v[i]! * a;
      out[i] = prev;
    }
  }
  return out;
}

/** CPU milliseconds of one call (the process's user + system time: on a loaded machine wall time mostly measures waiting). */
function once(f: () => Float64Array): number {
  const t0 = process.cpuUsage();
  const last = f()[N - 1]!;
  const d = process.cpuUsage(t0);
  const ms = (d.user + d.system) / 1000;
  if (last === Infinity) throw new Error('unreachable');
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Median milliseconds of `lib` and of `plain`, run alternately `RUNS` times each. */
function medians(lib: () => Float64Array, plain: () => Float64Array): { libMs: number; plainMs: number } {
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    a.push(once(lib));
    b.push(once(plain));
  }
  return { libMs: median(a), plainMs: median(b) };
}

/** Values per second of `ta.sma` / `ta.ema` and the ratio to the plain loop. */
export async function run(): Promise<BenchRow[]> {
  const v = new Float64Array(N);
  let x = 100;
  for (let i = 0; i < N; i++) v[i] = x += Math.sin(i);
  const rows: BenchRow[] = [];
  for (const [name, lib, plain] of [
    ['SMA', () => ta.sma(v, PERIOD), () => plainSma(v, PERIOD)],
    ['EMA', () => ta.ema(v, PERIOD), () => plainEma(v, PERIOD)],
  ] as const) {
    const { libMs, plainMs } = medians(lib, plain);
    rows.push({
      benchmark: `ta.${name.toLowerCase()}(values, ${PERIOD}) vectorized, 1M values, median CPU time of ${RUNS} runs`,
      value: (N / libMs) * 1000,
      unit: 'values/s',
      ratio: `${(plainMs / libMs).toFixed(2)}× a plain loop (${Math.round((N / plainMs) * 1000).toLocaleString('en-US')} values/s)`,
      target: '≥ 100,000,000 values/s',
    });
  }
  return rows;
}
