/** Factor algebra, ranks, normalisations, filters and classifiers on one hand-made session. */
import { describe, expect, it } from 'vitest';
import { AllPresent, CustomClassifier, EquityPricing, Pipeline, StaticAssets, type Window } from '../../../src/pipeline/index.js';
import { asset, bySymbol, run, source } from './fixture.js';

const names = ['A', 'B', 'C', 'D', 'E', 'F'];
const assets = names.map((n, i) => asset(i + 1, n));
// the values every pipeline below sees on session 1 (data of session 0)
const X = [3, 1, NaN, 3, 5, 2];
const G = [0, 1, 0, 1, 0, 1];
const series = (v: number) => [v, 0, 0, 0, 0, 0, 0, 0];
const src = () => source(assets, { 'EquityPricing.close': X.map(series), 'EquityPricing.volume': G.map(series) });
const x = EquityPricing.close.latest;
class Group extends CustomClassifier {
  override inputs = [EquityPricing.volume];
  override windowLength = 1;
  compute(_t: string, _a: Int32Array, out: Float64Array, v: Window): void {
    out.set(v.row(0));
  }
}
const day = '2024-01-03';
const col = async (pipe: Pipeline, name: string) => bySymbol(await run(pipe, src(), 1, 1), day, name);
const one = (term: Pipeline['columns'][string]) => col(new Pipeline({ columns: { v: term } }), 'v');

describe('algebra and comparisons', () => {
  it('combines factors and numbers; NaN propagates; comparisons with NaN are false', async () => {
    expect((await one(x.mul(2).add(x).sub(1).div(2))).A).toBe(4);
    expect((await one(x.add(1))).C).toBeNaN();
    expect(await one(x.gt(2))).toEqual({ A: 1, B: 0, C: 0, D: 1, E: 1, F: 0 });
    expect(await one(x.eq(x))).toEqual({ A: 1, B: 1, C: 0, D: 1, E: 1, F: 1 });
    expect((await one(x.isNaN())).C).toBe(1);
    expect((await one(x.notNaN())).C).toBe(0);
  });
});

describe('rank, zscore, demean, winsorize', () => {
  it('rank: ordinal, ties in asset order, NaN unranked; descending', async () => {
    expect(await one(x.rank())).toEqual({ A: 3, B: 1, C: NaN, D: 4, E: 5, F: 2 });
    expect(await one(x.rank({ ascending: false }))).toEqual({ A: 2, B: 5, C: NaN, D: 3, E: 1, F: 4 });
  });
  it('rank with a mask and by group', async () => {
    expect(await one(x.rank({ mask: x.lt(5) }))).toEqual({ A: 3, B: 1, C: NaN, D: 4, E: NaN, F: 2 });
    // group 0: A 3, C NaN, E 5; group 1: B 1, D 3, F 2
    expect(await one(x.rank({ groupby: new Group() }))).toEqual({ A: 1, B: 1, C: NaN, D: 3, E: 2, F: 2 });
  });
  it('demean and zscore (population std), per group', async () => {
    // values 3 1 3 5 2: mean 14/5
    const d = await one(x.demean());
    expect(d.A).toBeCloseTo(3 - 2.8, 14);
    const sd = Math.sqrt([3, 1, 3, 5, 2].reduce((s, v) => s + (v - 2.8) ** 2, 0) / 5);
    expect((await one(x.zscore())).E).toBeCloseTo((5 - 2.8) / sd, 14);
    const g = await one(x.demean({ groupby: new Group() }));
    expect(g).toEqual({ A: -1, B: -1, C: NaN, D: 1, E: 1, F: 0 });
  });
  it("winsorize as zipline's: lowest ⌊p·n⌋ raised, from ⌈q·n⌉ on lowered", async () => {
    // sorted 1(B) 2(F) 3(A) 3(D) 5(E), n 5: min 0.2 → 1 value raised to 2; max 0.6 → ⌈3⌉: from index 3 on = value at index 2 (3)
    expect(await one(x.winsorize(0.2, 0.6))).toEqual({ A: 3, B: 2, C: NaN, D: 3, E: 3, F: 2 });
  });
});

describe('filters', () => {
  it('top, bottom, percentileBetween', async () => {
    expect(await one(x.top(2))).toEqual({ A: 1, B: 0, C: 0, D: 0, E: 1, F: 0 });
    expect(await one(x.bottom(2))).toEqual({ A: 0, B: 1, C: 0, D: 0, E: 0, F: 1 });
    // numpy percentiles of 1 2 3 3 5: 25th → 2, 75th → 3
    expect(await one(x.percentileBetween(25, 75))).toEqual({ A: 1, B: 0, C: 0, D: 1, E: 0, F: 1 });
  });
  it('and, or, not, StaticAssets, AllPresent', async () => {
    expect(await one(x.gt(1).and(x.lt(5)))).toEqual({ A: 1, B: 0, C: 0, D: 1, E: 0, F: 1 });
    expect(await one(x.lt(2).or(x.gt(4)))).toEqual({ A: 0, B: 1, C: 0, D: 0, E: 1, F: 0 });
    expect((await one(x.gt(2).not())).C).toBe(1);
    expect(await one(new StaticAssets([assets[1]!, assets[4]!]))).toEqual({ A: 0, B: 1, C: 0, D: 0, E: 1, F: 0 });
    expect((await one(new AllPresent({ inputs: [EquityPricing.close], windowLength: 1 }))).C).toBe(0);
  });
  it('the screen keeps the rows that pass', async () => {
    const frames = await run(new Pipeline({ columns: { v: x }, screen: x.top(3) }), src(), 1, 1);
    expect(frames[0]!.assets.map((a) => a.symbol)).toEqual(['A', 'D', 'E']);
  });
});

describe('classifiers', () => {
  it('quantiles as pandas.qcut: right-closed bins at the percentiles; NaN → −1', async () => {
    // edges of 1 2 3 3 5 in 2 bins: median 3 → 1,2,3,3 → 0; 5 → 1
    expect(await one(x.quantiles(2))).toEqual({ A: 0, B: 0, C: -1, D: 0, E: 1, F: 0 });
    // quartile edges 2, 3, 3: 1,2 → 0; 3 → 1; 5 → 3
    expect(await one(x.quartiles())).toEqual({ A: 1, B: 0, C: -1, D: 1, E: 3, F: 0 });
    expect(await one(x.quantiles(2, { mask: x.lt(5) }))).toEqual({ A: 1, B: 0, C: -1, D: 1, E: -1, F: 0 });
    expect(await one(new Group().eq(1))).toEqual({ A: 0, B: 1, C: 0, D: 1, E: 0, F: 1 });
  });
});
