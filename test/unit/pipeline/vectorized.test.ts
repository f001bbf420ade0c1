/**
 * The vectorized (whole-chunk) forms of the built-in factors against straightforward per-session
 * loops written here from zipline's definitions, adding window rows in order as numpy does: the
 * values must be equal to the last bit, with NaNs, ±∞, long windows (more than eight rows per
 * pass) and chunks of every size; and with an adjustment in range (the per-session path).
 */
import { describe, expect, it } from 'vitest';
import {
  ArraySource, AverageDollarVolume, EquityPricing, ExponentialWeightedMovingAverage, Pipeline, RSI, Returns, SimpleMovingAverage, VWAP,
} from '../../../src/pipeline/index.js';
import { asset, run } from './fixture.js';

const A = 13;
const S = 160;
let seed = 99;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const close = new Float64Array(S * A);
const volume = new Float64Array(S * A);
for (let a = 0; a < A; a++) {
  let p = 10 + a;
  for (let s = 0; s < S; s++) {
    p *= 1 + (rnd() - 0.5) * 0.06;
    const u = rnd();
    close[s * A + a] = u < 0.04 ? NaN : a === 4 && s === 70 ? Infinity : Math.round(p * 1000) / 1000;
    volume[s * A + a] = u > 0.96 ? NaN : Math.floor(rnd() * 10_000);
  }
  if (a === 6) for (let s = 30; s < 75; s++) close[s * A + a] = NaN; // a whole window missing
}
const sessions = Array.from({ length: S }, (_, s) => new Date(Date.UTC(2020, 0, 1) + s * 86_400_000).toISOString().slice(0, 10));
const assets = Array.from({ length: A }, (_, a) => asset(a, `S${a}`, '2000-01-01', '2100-01-01'));
/** Value of column `a` at data row `r` (session r). */
const c = (r: number, a: number) => close[r * A + a]!;
const v = (r: number, a: number) => volume[r * A + a]!;

/** Output session t reads data rows t − w … t − 1. */
function reference(name: string, w: number, t: number, a: number): number {
  const rows = Array.from({ length: w }, (_, k) => t - w + k);
  if (name === 'sma') {
    let s = 0;
    let n = 0;
    for (const r of rows) if (!Number.isNaN(c(r, a))) { s += c(r, a); n++; }
    return n ? s / n : NaN;
  }
  if (name === 'adv' || name === 'vwap') {
    let num = 0;
    let den = 0;
    for (const r of rows) {
      if (!Number.isNaN(c(r, a) * v(r, a))) num += c(r, a) * v(r, a);
      if (!Number.isNaN(v(r, a))) den += v(r, a);
    }
    return name === 'adv' ? num / w : num / den;
  }
  if (name === 'rsi') {
    let up = 0;
    let down = 0;
    let n = 0;
    for (let k = 1; k < w; k++) {
      const d = c(rows[k]!, a) - c(rows[k - 1]!, a);
      if (Number.isNaN(d)) continue;
      n++;
      if (d > 0) up += d;
      else down -= d;
    }
    return 100 - 100 / (1 + up / n / (down / n));
  }
  if (name === 'returns') return (c(t - 1, a) - c(t - w, a)) / c(t - w, a);
  // ewma, span 6: weights decay^(w+1) … decay^2, normalised
  const decay = 1 - 2 / 7;
  let s = 0;
  let total = 0;
  for (let k = 0; k < w; k++) total += decay ** (w + 1 - k);
  for (let k = 0; k < w; k++) s += c(rows[k]!, a) * decay ** (w + 1 - k);
  return s / total;
}

function pipeline(w: number): Pipeline {
  const x = EquityPricing.close;
  return new Pipeline({
    columns: {
      sma: new SimpleMovingAverage({ inputs: [x], windowLength: w }), adv: new AverageDollarVolume({ windowLength: w }),
      vwap: new VWAP({ windowLength: w }), rsi: new RSI({ windowLength: w }), returns: new Returns({ windowLength: w }),
      ewma: new ExponentialWeightedMovingAverage({ inputs: [x], windowLength: w, span: 6 }),
    },
  });
}

describe('vectorized built-in factors equal per-session loops to the last bit', () => {
  for (const w of [2, 3, 9, 17, 40]) {
    for (const chunkSize of [1, 7, 252]) {
      it(`window ${w}, chunks of ${chunkSize}`, async () => {
        const src = new ArraySource(sessions, assets, { 'EquityPricing.close': close, 'EquityPricing.volume': volume });
        const frames = await run(pipeline(w), src, w + 1, S - 1, chunkSize);
        let checked = 0;
        const wrong: string[] = [];
        for (const f of frames) {
          const t = sessions.indexOf(f.session);
          f.assets.forEach((x, i) => {
            for (const name of Object.keys(f.columns)) {
              const want = reference(name, w, t, x.sid);
              if (!Object.is(f.columns[name]![i], want)) wrong.push(`${name} ${f.session} ${x.symbol}: ${f.columns[name]![i]} ≠ ${want}`);
              checked++;
            }
          });
        }
        expect(wrong.slice(0, 5)).toEqual([]);
        expect(checked).toBe((S - 1 - w) * A * 6);
      });
    }
  }

  it('an adjustment in the chunk: values before it are scaled in windows computed from its session on', async () => {
    const w = 10;
    const split = 80;
    const src = new ArraySource(sessions, assets, { 'EquityPricing.close': close, 'EquityPricing.volume': volume },
      { 'EquityPricing.close': [{ session: split, col: 2, ratio: 0.5 }] });
    const sma = new SimpleMovingAverage({ inputs: [EquityPricing.close], windowLength: w });
    const frames = await run(new Pipeline({ columns: { sma } }), src, w + 1, S - 1, 252);
    for (const f of frames) {
      const t = sessions.indexOf(f.session);
      let s = 0;
      let n = 0;
      for (let r = t - w; r < t; r++) {
        const x = c(r, 2) * (t >= split && r < split ? 0.5 : 1);
        if (!Number.isNaN(x)) { s += x; n++; }
      }
      expect(f.columns.sma![2], f.session).toBe(n ? s / n : NaN);
    }
  });
});
