/**
 * The vectorized SMA, EMA, SMMA and sumN run their own loop over the stream's state: they must
 * give exactly the bits of the stream fed one value at a time (NaN gaps, warm-up and the
 * rolling sum's periodic exact re-summation included), and the averages must match a direct
 * sum over each window.
 */
import { describe, expect, it } from 'vitest';
import { ta } from '../../../src/indicators/index.js';

// 3,000 values (past the rolling sum's re-summation every 1,024 pushes) with NaN gaps.
const values = Array.from({ length: 3000 }, (_, i) => (i % 397 === 5 || i === 1 ? NaN : 100 + 10 * Math.sin(i / 7) + (i % 13) * 0.01));

function streamed(make: () => { update(x: number): number }): Float64Array {
  const s = make();
  return Float64Array.from(values, (x) => s.update(x));
}

const sameBits = (a: Float64Array, b: Float64Array) => {
  expect(a.length).toBe(b.length);
  expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
};

describe('vectorized = streaming, bit for bit', () => {
  for (const period of [1, 15, 30]) {
    it(`sma(${period})`, () => sameBits(ta.sma(values, period), streamed(() => ta.stream.sma(period))));
    it(`ema(${period}), both seeds`, () => {
      sameBits(ta.ema(values, period), streamed(() => ta.stream.ema(period)));
      sameBits(ta.ema(values, period, { seed: 'first' }), streamed(() => ta.stream.ema(period, { seed: 'first' })));
    });
    it(`smma(${period})`, () => sameBits(ta.smma(values, period), streamed(() => ta.stream.smma(period))));
    it(`sumN(${period})`, () => sameBits(ta.sumN(values, period), streamed(() => ta.stream.sumN(period))));
  }
  it('works on a Float64Array input as on a plain array', () => sameBits(ta.sma(Float64Array.from(values), 15), ta.sma(values, 15)));
});

describe('vectorized SMA against a direct sum over each window', () => {
  it('sma(15) skips NaNs and averages the last 15 valid values', () => {
    const got = ta.sma(values, 15);
    const valid: number[] = [];
    values.forEach((x, i) => {
      if (Number.isNaN(x)) return expect(got[i]).toBeNaN();
      valid.push(x);
      if (valid.length < 15) return expect(got[i]).toBeNaN();
      const w = valid.slice(-15);
      expect(got[i]).toBeCloseTo(w.reduce((a, b) => a + b, 0) / 15, 9);
    });
  });
});
