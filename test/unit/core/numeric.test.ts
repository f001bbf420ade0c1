import { describe, expect, it } from 'vitest';
import { roundTo } from '../../../src/core/numeric.js';

/** The definition: scale, drop the noise beyond 15 significant digits, round half away from zero. */
const byDecimalText = (x: number, decimals: number): number => {
  const f = 10 ** decimals;
  return (Math.sign(x) * Math.round(Number((Math.abs(x) * f).toPrecision(15)))) / f;
};

describe('roundTo', () => {
  it('rounds half away from zero once float noise is removed', () => {
    expect(roundTo(2.675, 2)).toBe(2.68); // 2.675 is stored as 2.67499999999999982…; Math.round(267.49999999999997) would give 2.67
    expect(roundTo(1.005, 2)).toBe(1.01); // stored as 1.00499999999999989…
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(roundTo(0.1 + 0.2, 1)).toBe(0.3);
    expect(roundTo(0.29 * 100, 0)).toBe(29); // 28.999999999999996
    expect(roundTo(1234.56789, 2)).toBe(1234.57);
    expect(roundTo(-0.000123456789, 9)).toBe(-0.000123457);
  });

  it('agrees with the decimal-text definition, near half-way points and for large values too', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5_000; i++) {
      const decimals = i % 10;
      const scale = 10 ** ((i % 19) - 6);
      const near = (Math.floor(random() * 1e6) + 0.5) / 10 ** decimals; // a half-way point, as typed
      for (const x of [random() * scale, -random() * scale, near, near * (1 + 1e-15), -near, 1e14 + random() * 1e6]) {
        expect(roundTo(x, decimals)).toBe(byDecimalText(x, decimals));
      }
    }
    expect(roundTo(NaN, 2)).toBeNaN();
    expect(Object.is(roundTo(-0, 2), -0)).toBe(true);
  });
});
