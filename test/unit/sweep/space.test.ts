import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { axisValues, parseGridFlags, readSpaceFile, spacePoints } from '../../../src/sweep/space.js';
import { tempDir } from '../../helpers/temp-dir.js';

const tmp = tempDir('ziplime-space-');
afterAll(() => tmp.remove());

describe('sweep space', () => {
  it('ranges include the end, lists keep their order and types', () => {
    expect(axisValues('5..50:5', 'x')).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    expect(axisValues('1..3', 'x')).toEqual([1, 2, 3]);
    expect(axisValues('0.1..0.5:0.1', 'x')).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(axisValues('20..55:20', 'x')).toEqual([20, 40]);
    expect(axisValues('AAPL,MSFT,3,true', 'x')).toEqual(['AAPL', 'MSFT', 3, true]);
    expect(() => axisValues('5..1:1', 'x')).toThrow(/ends/);
    expect(() => axisValues('1..5:0', 'x')).toThrow(/STEP > 0/);
  });
  it('the issue grid with fast < slow has 90 points', () => {
    // slow = 20: fast 5, 10, 15 (3); slow = 40: fast 5 … 35 (7); slow = 60 … 200 (8 values): all 10 → 3 + 7 + 80.
    const axes = parseGridFlags(['fast=5..50:5', 'slow=20..200:20']);
    const points = spacePoints({ axes, where: 'fast < slow' });
    expect(points).toHaveLength(90);
    expect(points[0]).toEqual({ fast: 5, slow: 20 });
    expect(points.every((p) => (p.fast as number) < (p.slow as number))).toBe(true);
  });
  it('--random draws distinct points, the same for the same seed', () => {
    const axes = parseGridFlags(['fast=1..20', 'slow=1..20']);
    const a = spacePoints({ axes, random: 25, seed: 7 });
    const b = spacePoints({ axes, random: 25, seed: 7 });
    const c = spacePoints({ axes, random: 25, seed: 8 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a.map((p) => JSON.stringify(p))).size).toBe(25);
    expect(spacePoints({ axes, random: 1000 })).toHaveLength(400);
  });
  it('the constraint may use fixed params', () => {
    const points = spacePoints({ axes: parseGridFlags(['fast=1..10']), where: 'fast < slow' }, { slow: 4 });
    expect(points.map((p) => p.fast)).toEqual([1, 2, 3]);
  });
  it('reads a space file', () => {
    const file = path.join(tmp.dir, 'space.json');
    writeFileSync(file, JSON.stringify({ grid: { fast: '5..15:5', symbol: ['AAPL', 'MSFT'] }, where: 'fast > 5', random: 3, seed: 2 }));
    const spec = readSpaceFile(file);
    expect(spec.axes).toEqual([{ name: 'fast', values: [5, 10, 15] }, { name: 'symbol', values: ['AAPL', 'MSFT'] }]);
    expect(spacePoints(spec)).toHaveLength(3);
  });
  it('rejects bad flags', () => {
    expect(() => parseGridFlags(['fast'])).toThrow(/name=FROM..TO:STEP/);
    expect(() => parseGridFlags(['fast=1..2', 'fast=3'])).toThrow(/already swept/);
    expect(() => spacePoints({ axes: parseGridFlags(['fast=1..2']), where: 'fast > 5' })).toThrow(/no point/);
  });
});
