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
});
