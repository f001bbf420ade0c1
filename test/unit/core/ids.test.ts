import { describe, expect, it } from 'vitest';
import { IdSequence } from '../../../src/core/ids.js';

describe('IdSequence', () => {
  it('numbers ids <prefix>-1, -2, … and turns the ids it made back into their numbers', () => {
    const ids = new IdSequence('run-a1');
    expect([ids.take(), ids.take(), ids.take()]).toEqual(['run-a1-1', 'run-a1-2', 'run-a1-3']);
    expect(['run-a1-1', 'run-a1-3'].map((id) => ids.numberOf(id))).toEqual([1, 3]);
    expect(ids.idOf(2)).toBe('run-a1-2');
  });

  it('knows no other id: not yet made, another prefix, leading zeros, signs, no number', () => {
    const ids = new IdSequence('r');
    for (let i = 0; i < 12; i++) ids.take();
    for (const id of ['r-13', 'r-0', 'r-01', 'r-+1', 'r-1.0', 'r-', 'r', 's-1', 'xr-1', 'r-1-sl', 'r--1', '']) expect(ids.numberOf(id)).toBe(-1);
    expect(ids.numberOf('r-12')).toBe(12);
  });
});
