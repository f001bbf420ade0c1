/**
 * Ordinal ranks over rows longer than the hand-made session of cross-section.test.ts (many merge
 * passes, lengths that are not powers of two, many ties, −0 and 0), against the definition:
 * rank = values strictly below (above when descending) + equal values of earlier assets + 1.
 */
import { describe, expect, it } from 'vitest';
import { rankRows } from '../../../src/pipeline/term-ops.js';

function byDefinition(values: number[], members: number[], ascending: boolean): Map<number, number> {
  const ranks = new Map<number, number>();
  for (const c of members) {
    const x = values[c]!;
    let r = 1;
    for (const d of members) {
      const y = values[d]!;
      if ((ascending ? y < x : y > x) || (y === x && d < c)) r++;
    }
    ranks.set(c, r);
  }
  return ranks;
}

describe('rankRows (ordinal, ties in asset order)', () => {
  for (const n of [1, 2, 3, 17, 64, 501]) {
    for (const ascending of [true, false]) {
      it(`${n} values, ${ascending ? 'ascending' : 'descending'}`, () => {
        const values = Array.from({ length: n + 5 }, (_, i) => (i % 9 === 4 ? (i % 2 ? -0 : 0) : ((i * 37) % 23) - 11));
        const members = Array.from({ length: n + 5 }, (_, i) => i).filter((i) => i % 7 !== 3).slice(0, n);
        const out = new Float64Array(values.length).fill(NaN);
        rankRows(ascending)(Float64Array.from(values), Int32Array.from(members), members.length, out);
        const want = byDefinition(values, members, ascending);
        values.forEach((_, c) => (want.has(c) ? expect(out[c], `asset ${c}`).toBe(want.get(c)) : expect(out[c]).toBeNaN()));
      });
    }
  }

  it('values that differ only in their lowest bits, large and small magnitudes, infinities', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + Math.floor(rnd() * 700);
      const base = [1, 1 + 2 ** -52, 1 + 2 ** -51, 1 - 2 ** -53, -1, -1 - 2 ** -52, 0, -0, 1e300, -1e-300, 5e-324, -5e-324, Infinity, -Infinity];
      const values = Array.from({ length: n }, () => (rnd() < 0.6 ? base[Math.floor(rnd() * base.length)]! : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 10)));
      const members = Array.from({ length: n }, (_, i) => i).filter(() => rnd() < 0.9);
      for (const ascending of [true, false]) {
        const out = new Float64Array(n).fill(NaN);
        rankRows(ascending)(Float64Array.from(values), Int32Array.from(members), members.length, out);
        const want = byDefinition(values, members, ascending);
        values.forEach((_, c) => (want.has(c) ? expect(out[c], `trial ${trial} asset ${c}`).toBe(want.get(c)) : expect(out[c]).toBeNaN()));
      }
    }
  });
});
