import { describe, expect, it } from 'vitest';
import { defineLazy } from '../../../src/engine/result-tables.js';

describe('defineLazy', () => {
  it('builds a table once, on first read, and keeps the property order for JSON', () => {
    let builds = 0;
    const result = { a: 1 } as { a: number; rows: number[]; z: number };
    defineLazy(result, 'rows', () => { builds++; return [1, 2]; });
    result.z = 3;
    expect(builds).toBe(0);
    expect(JSON.stringify(result)).toBe('{"a":1,"rows":[1,2],"z":3}');
    result.rows.push(4);
    expect(result.rows).toEqual([1, 2, 4]);
    expect(builds).toBe(1);
    expect({ ...result }).toEqual({ a: 1, rows: [1, 2, 4], z: 3 });
  });

  it('an assignment replaces the table without building it', () => {
    let builds = 0;
    const result = {} as { rows: number[] };
    defineLazy(result, 'rows', () => { builds++; return [1]; });
    result.rows = [9];
    expect(result.rows).toEqual([9]);
    expect(builds).toBe(0);
  });
});
