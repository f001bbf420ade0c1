/**
 * Moving averages on small arrays, against values worked out by hand (and, for longer inputs,
 * against direct window formulas written out here, not the library's running sums).
 */
import { describe, expect, it } from 'vitest';
import { ta } from '../../../src/indicators/index.js';

const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
const close = (a: ArrayLike<number>, b: number[]) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => (Number.isNaN(v) ? expect(a[i], `index ${i}`).toBeNaN() : expect(a[i], `index ${i}`).toBeCloseTo(v, 10)));
};
const N = NaN;
/** A deterministic wiggly series. */
const wiggle = Float64Array.from({ length: 200 }, (_, i) => 100 + 10 * Math.sin(i / 7) + (i % 5) - 0.03 * i);
const windowMean = (a: ArrayLike<number>, end: number, n: number) => {
  let s = 0;
  for (let i = end - n + 1; i <= end; i++) s += a[i]!;
  return s / n;
};

describe('SMA', () => {
  it('averages the last period values, NaN before', () => close(ta.sma(x, 3), [N, N, 2, 3, 4, 5, 6, 7, 8, 9]));
  it('matches the direct window mean on a long series', () => {
    const out = ta.sma(wiggle, 15);
    for (let i = 14; i < wiggle.length; i++) expect(out[i]).toBeCloseTo(windowMean(wiggle, i, 15), 11);
  });
  it('skips leading NaN inputs (warm-up of a chained input)', () => close(ta.sma([N, N, 1, 2, 3], 2), [N, N, N, 1.5, 2.5]));
  it('rejects a non-integer period', () => expect(() => ta.sma(x, 2.5)).toThrow(/period/));
});

describe('EMA and SMMA', () => {
  it('EMA(3): alpha 0.5, seeded with the SMA of the first 3', () =>
    // seed (1+2+3)/3 = 2; then 2·0.5 + 4·0.5 = 3, 3·0.5 + 5·0.5 = 4
    close(ta.ema([1, 2, 3, 4, 5], 3), [N, N, 2, 3, 4]));
  it("EMA(3) with seed 'first' starts from the first value", () =>
    // 1; 1·0.5+2·0.5 = 1.5; 1.5·0.5+3·0.5 = 2.25
    close(ta.ema([1, 2, 3], 3, { seed: 'first' }), [1, 1.5, 2.25]));
  it('SMMA(2): alpha 1/2 after an SMA seed', () => close(ta.smma([2, 4, 10, 0], 2), [N, 3, 6.5, 3.25]));
  it('SMMA(4): alpha 1/4', () => close(ta.smma([4, 4, 4, 4, 8], 4), [N, N, N, 4, 5]));
});

describe('WMA, DEMA, TEMA, HMA', () => {
  it('WMA(3): weights 1, 2, 3 over 6', () => close(ta.wma([1, 2, 3, 4, 10], 3), [N, N, 14 / 6, 20 / 6, 41 / 6]));
  it('WMA matches the direct weighted sum on a long series', () => {
    const out = ta.wma(wiggle, 10);
    for (let i = 9; i < wiggle.length; i++) {
      let s = 0;
      for (let k = 0; k < 10; k++) s += (k + 1) * wiggle[i - 9 + k]!;
      expect(out[i]).toBeCloseTo(s / 55, 10);
    }
  });
  it('DEMA(2): 2·EMA − EMA(EMA)', () => {
    // EMA(2), alpha 2/3: [N, 1.5, 2.5, 3.5]; EMA of that: [N, N, 2, 3]; DEMA = [N, N, 3, 4]
    close(ta.dema([1, 2, 3, 4], 2), [N, N, 3, 4]);
  });
  it('TEMA on a straight line is the line itself after the warm-up', () => {
    const line = Float64Array.from({ length: 20 }, (_, i) => 3 + 2 * i);
    const out = ta.tema(line, 3);
    for (let i = 0; i < 6; i++) expect(out[i]).toBeNaN();
    for (let i = 6; i < 20; i++) expect(out[i]).toBeCloseTo(line[i]!, 9);
  });
  it('HMA(4): WMA(2·WMA(2) − WMA(4), 2)', () => {
    const v = [1, 3, 2, 6, 4, 8];
    const w2 = (i: number) => (v[i - 1]! + 2 * v[i]!) / 3;
    const w4 = (i: number) => (v[i - 3]! + 2 * v[i - 2]! + 3 * v[i - 1]! + 4 * v[i]!) / 10;
    const d = (i: number) => 2 * w2(i) - w4(i);
    close(ta.hma(v, 4), [N, N, N, N, (d(3) + 2 * d(4)) / 3, (d(4) + 2 * d(5)) / 3]);
  });
});

describe('KAMA, ZLEMA, ZeroLag, DMA', () => {
  it('KAMA(2, fast 2, slow 30) seeds on bar 2 with the SMA of bars 1–2, then smooths by the efficiency ratio', () => {
    // bar 2: seed (11+13)/2 = 12. bar 3: direction 14−11 = 3, volatility |13−11|+|14−13| = 3 → ratio 1,
    // constant (2/3)² = 4/9 → 12·5/9 + 14·4/9
    close(ta.kama([10, 11, 13, 14], 2, 2, 30), [N, N, 12, 12 + 8 / 9]);
  });
  it('ZLEMA(3): EMA(3) of 2·x − x[1]', () => {
    // lag (3−1)/2 = 1: inputs [N, 3, 4, 5, 6] (x = 1..5) → EMA seed (3+4+5)/3 = 4 at bar 3; bar 4: 4·0.5 + 6·0.5 = 5
    close(ta.zlema([1, 2, 3, 4, 5], 3), [N, N, N, 4, 5]);
  });
  it('ZeroLag on a constant series equals the constant', () => close(ta.zeroLag([5, 5, 5, 5, 5], 2), [N, 5, 5, 5, 5]));
  it('DMA is the mean of ZeroLag and HMA(hperiod)', () => {
    const a = ta.dma(wiggle, 10, 50, 4);
    const z = ta.zeroLag(wiggle, 10, 50);
    const h = ta.hma(wiggle, 4);
    for (let i = 0; i < wiggle.length; i++) {
      if (Number.isNaN(z[i]!) || Number.isNaN(h[i]!)) expect(a[i]).toBeNaN();
      else expect(a[i]).toBeCloseTo((z[i]! + h[i]!) / 2, 12);
    }
  });
});

describe('streaming form', () => {
  it('gives the vectorized values bar by bar', () => {
    const s = ta.stream.ema(10);
    const v = ta.ema(wiggle, 10);
    wiggle.forEach((w, i) => (Number.isNaN(v[i]!) ? expect(s.update(w)).toBeNaN() : expect(s.update(w)).toBe(v[i])));
  });
  it('multi-output streams reuse one output object', () => {
    const m = ta.stream.macd(3, 5, 2);
    const first = m.update(1);
    expect(m.update(2)).toBe(first);
  });
});
