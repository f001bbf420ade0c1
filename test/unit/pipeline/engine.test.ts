/** The engine: no look-ahead, adjustments point in time, asset lifetimes, chunking, term masks, statistical factors. */
import { describe, expect, it } from 'vitest';
import { BollingerBands, EquityPricing, Pipeline, Returns, RollingLinearRegressionOfReturns, RollingPearsonOfReturns, SimpleBeta, SimpleMovingAverage } from '../../../src/pipeline/index.js';
import { SESSIONS, asset, bySymbol, run, source } from './fixture.js';

const A = asset(1, 'A');
const B = asset(2, 'B');
const CA = [10, 11, 12, 11, 13, 14, 12, 15];
const CB = [20, 19, 18, 19, 21, 20, 22, 24];
const sma3 = () => new SimpleMovingAverage({ inputs: [EquityPricing.close], windowLength: 3 });

describe('pipeline engine', () => {
  it("a session's output never depends on that session's (or later) bars", async () => {
    const pipe = new Pipeline({ columns: { m: sma3(), r: sma3().rank(), l: EquityPricing.close.latest } });
    const base = await run(pipe, source([A, B], { 'EquityPricing.close': [CA, CB] }));
    for (let s = 3; s < SESSIONS.length; s++) {
      const changed = CA.map((v, i) => (i >= s ? v * 100 + 7 : v));
      const frames = await run(pipe, source([A, B], { 'EquityPricing.close': [changed, CB] }));
      for (let t = 0; t <= s; t++) expect(frames[t]!.columns, `session ${SESSIONS[t]} after changing ${SESSIONS[s]}`).toEqual(base[t]!.columns);
      expect(frames[s + 1]?.columns.l[0] ?? NaN).not.toBe(base[s + 1]?.columns.l[0] ?? 0);
    }
  });

  it('a split adjusts the windows of its effective session and later ones, never earlier ones', async () => {
    // A splits 2:1 effective session 4: raw closes halve from session 4
    const raw = [10, 11, 12, 11, 6.5, 7, 6, 7.5];
    const adj = { 'EquityPricing.close': [{ session: 4, col: 0, ratio: 0.5 }] };
    const frames = await run(new Pipeline({ columns: { m: sma3() } }), source([A], { 'EquityPricing.close': [raw] }, adj));
    // session 3 sees sessions 0–2, before the split is known
    expect(bySymbol(frames, SESSIONS[3]!, 'm').A).toBeCloseTo(11, 12);
    // session 4 (the effective session) sees sessions 1–3 adjusted: 5.5 + 6 + 5.5
    expect(bySymbol(frames, SESSIONS[4]!, 'm').A).toBeCloseTo(17 / 3, 12);
    // session 5 sees 2–4: 6 + 5.5 and the raw post-split 6.5
    expect(bySymbol(frames, SESSIONS[5]!, 'm').A).toBeCloseTo(18 / 3, 12);
    expect(bySymbol(frames, SESSIONS[6]!, 'm').A).toBeCloseTo((5.5 + 6.5 + 7) / 3, 12);
  });

  it('chunking does not change results', async () => {
    const pipe = new Pipeline({ columns: { m: sma3(), z: new Returns({ windowLength: 2 }).zscore() } });
    const src = source([A, B], { 'EquityPricing.close': [CA, CB] }, { 'EquityPricing.close': [{ session: 5, col: 1, ratio: 0.9 }] });
    expect(await run(pipe, src, 0, 7, 2)).toEqual(await run(pipe, src, 0, 7, 100));
  });

  it('an asset appears from the session after its start date to its end date', async () => {
    const late = asset(3, 'L', '2024-01-04', '2024-01-09');
    const frames = await run(new Pipeline({ columns: { l: EquityPricing.close.latest } }), source([A, late], { 'EquityPricing.close': [CA, CB] }));
    const has = (s: string) => frames.find((f) => f.session === s)!.assets.some((a) => a.symbol === 'L');
    expect([2, 3, 5, 6].map((i) => has(SESSIONS[i]!))).toEqual([false, true, true, false]);
  });

  it('a term computed under a mask is NaN outside it', async () => {
    const m = new SimpleMovingAverage({ inputs: [EquityPricing.close], windowLength: 2, mask: EquityPricing.close.latest.gt(15) });
    expect(bySymbol(await run(new Pipeline({ columns: { m } }), source([A, B], { 'EquityPricing.close': [CA, CB] })), SESSIONS[3]!, 'm'))
      .toEqual({ A: NaN, B: 18.5 });
  });

  it('Pearson, regression and beta against a target asset', async () => {
    const T = asset(3, 'T');
    const t = [100, 101, 99, 102, 103, 101, 104, 105];
    const y = t.map((v, i) => 50 + 2 * (v - 100) + (i % 2)); // related, not exactly linear
    const src = source([A, T], { 'EquityPricing.close': [y, t] });
    const pipe = new Pipeline({
      columns: {
        p: new RollingPearsonOfReturns({ target: T, returnsLength: 2, correlationLength: 4 }),
        b: new RollingLinearRegressionOfReturns({ target: T, returnsLength: 2, regressionLength: 4 }).beta,
        sb: new SimpleBeta({ target: T, regressionLength: 4 }),
      },
    });
    const f = bySymbol(await run(pipe, src), SESSIONS[7]!, 'p');
    // daily returns of sessions 3–6 (visible on session 7)
    const ret = (s: number[], i: number) => s[i]! / s[i - 1]! - 1;
    const xs = [3, 4, 5, 6].map((i) => ret(t, i));
    const ys = [3, 4, 5, 6].map((i) => ret(y, i));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const mx = mean(xs);
    const my = mean(ys);
    const sxy = xs.reduce((s, v, i) => s + (v - mx) * (ys[i]! - my), 0);
    const sxx = xs.reduce((s, v) => s + (v - mx) ** 2, 0);
    const syy = ys.reduce((s, v) => s + (v - my) ** 2, 0);
    expect(f.A).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
    expect(f.T).toBeCloseTo(1, 12);
    const frames = await run(pipe, src);
    expect(bySymbol(frames, SESSIONS[7]!, 'b').A).toBeCloseTo(sxy / sxx, 12);
    expect(bySymbol(frames, SESSIONS[7]!, 'sb').A).toBeCloseTo(sxy / sxx, 12);
    const reg = new RollingLinearRegressionOfReturns({ target: T, returnsLength: 2, regressionLength: 4 });
    const rf = await run(new Pipeline({ columns: { a: reg.alpha, r: reg.rValue, se: reg.stderr, p: reg.pValue } }), src);
    const beta = sxy / sxx;
    const r = sxy / Math.sqrt(sxx * syy);
    expect(bySymbol(rf, SESSIONS[7]!, 'a').A).toBeCloseTo(my - beta * mx, 12);
    expect(bySymbol(rf, SESSIONS[7]!, 'r').A).toBeCloseTo(r, 12);
    // scipy's linregress: stderr = √((1 − r²)·Σ(y − ȳ)² / (n − 2) / Σ(x − x̄)²)
    expect(bySymbol(rf, SESSIONS[7]!, 'se').A).toBeCloseTo(Math.sqrt(((1 - r * r) * syy) / 2 / sxx), 12);
    // p-value: t = r·√(df / (1 − r²)) with df = n − 2 = 2, whose two-sided tail is 1 − |t| / √(2 + t²)
    const tStat = r * Math.sqrt(2 / ((1 - r) * (1 + r)));
    expect(bySymbol(rf, SESSIONS[7]!, 'p').A).toBeCloseTo(1 - Math.abs(tStat) / Math.sqrt(2 + tStat * tStat), 10);
    expect(bySymbol(rf, SESSIONS[7]!, 'p').T).toBeCloseTo(0, 10); // the target on itself: r = 1
  });

  it('BollingerBands: nanmean ± k · population std over the window', async () => {
    const bb = new BollingerBands({ windowLength: 3, k: 2 });
    const f = await run(new Pipeline({ columns: { lo: bb.lower, mid: bb.middle, up: bb.upper } }), source([A], { 'EquityPricing.close': [CA] }));
    // sessions 2–4 of A: 12, 11, 13 → mean 12, std √(2/3)
    const sd = Math.sqrt(2 / 3);
    expect(bySymbol(f, SESSIONS[5]!, 'mid').A).toBeCloseTo(12, 12);
    expect(bySymbol(f, SESSIONS[5]!, 'up').A).toBeCloseTo(12 + 2 * sd, 12);
    expect(bySymbol(f, SESSIONS[5]!, 'lo').A).toBeCloseTo(12 - 2 * sd, 12);
  });
});
