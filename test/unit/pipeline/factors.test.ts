/** Built-in factors on a hand-computed universe, as zipline defines them (data up to the previous session). */
import { describe, expect, it } from 'vitest';
import {
  AnnualizedVolatility, AverageDollarVolume, CustomFactor, DailyReturns, EquityPricing, ExponentialWeightedMovingAverage, MaxDrawdown,
  PercentChange, Pipeline, RSI, Returns, SimpleMovingAverage, VWAP, type Window, customFactor,
} from '../../../src/pipeline/index.js';
import { SESSIONS, asset, bySymbol, run, source } from './fixture.js';

const A = asset(1, 'A');
const B = asset(2, 'B');
const close = 'EquityPricing.close';
const volume = 'EquityPricing.volume';
// closes of sessions 0…7
const CA = [10, 11, 12, 11, 13, 14, 12, 15];
const CB = [20, NaN, 18, 19, 21, 20, 22, 24];
const VA = [100, 200, 100, 300, 100, 100, 200, 100];
const VB = [50, 0, 50, 50, 100, 50, 50, 50];
const src = () => source([A, B], { [close]: [CA, CB], [volume]: [VA, VB] });
const day = SESSIONS[5]!; // window ending at session 4

describe('built-in factors', () => {
  it('latest is the previous session\'s close; the first session has none', async () => {
    const f = await run(new Pipeline({ columns: { c: EquityPricing.close.latest } }), src());
    expect(bySymbol(f, day, 'c')).toEqual({ A: 13, B: 21 });
    expect(bySymbol(f, SESSIONS[0]!, 'c').A).toBeNaN();
  });
  it('Returns(3): (c[-1] − c[0]) / c[0] over sessions 2…4; DailyReturns over 3…4', async () => {
    const f = await run(new Pipeline({ columns: { r: new Returns({ windowLength: 3 }), d: new DailyReturns() } }), src());
    expect(bySymbol(f, day, 'r').A).toBeCloseTo((13 - 12) / 12, 14);
    expect(bySymbol(f, day, 'r').B).toBeCloseTo((21 - 18) / 18, 14);
    expect(bySymbol(f, day, 'd').A).toBeCloseTo((13 - 11) / 11, 14);
  });
  it('SimpleMovingAverage ignores NaN (nanmean)', async () => {
    const f = await run(new Pipeline({ columns: { m: new SimpleMovingAverage({ inputs: [EquityPricing.close], windowLength: 3 }) } }), src());
    expect(bySymbol(f, SESSIONS[3]!, 'm')).toEqual({ A: 11, B: 19 }); // B: (20 + 18) / 2
  });
  it('AverageDollarVolume = nansum(close · volume) / window length; VWAP = Σ c·v / Σ v', async () => {
    const f = await run(new Pipeline({ columns: { adv: new AverageDollarVolume({ windowLength: 3 }), vwap: new VWAP({ windowLength: 3 }) } }), src());
    // sessions 0–2 for B: 20·50 + NaN + 18·50 → 1900 / 3
    expect(bySymbol(f, SESSIONS[3]!, 'adv').B).toBeCloseTo(1900 / 3, 12);
    expect(bySymbol(f, SESSIONS[3]!, 'adv').A).toBeCloseTo((1000 + 2200 + 1200) / 3, 12);
    expect(bySymbol(f, SESSIONS[3]!, 'vwap').A).toBeCloseTo(4400 / 400, 12);
    expect(bySymbol(f, SESSIONS[3]!, 'vwap').B).toBeCloseTo(1900 / 100, 12);
  });
  it('RSI: simple means of up and down moves over the window', async () => {
    const f = await run(new Pipeline({ columns: { rsi: new RSI({ windowLength: 5 }) } }), src());
    // A sessions 1–5: 11 12 11 13 14 → moves +1 −1 +2 +1: ups 4/4, downs 1/4 → RS 4 → 80
    expect(bySymbol(f, SESSIONS[6]!, 'rsi').A).toBeCloseTo(80, 12);
    // B sessions 1–5: NaN 18 19 21 20 → moves NaN +1 +2 −1 → ups 3/3, downs 1/3 → 75
    expect(bySymbol(f, SESSIONS[6]!, 'rsi').B).toBeCloseTo(75, 12);
  });
  it('ExponentialWeightedMovingAverage from a span normalises decay^(W+1) … decay^2', async () => {
    const ewma = new ExponentialWeightedMovingAverage({ inputs: [EquityPricing.close], windowLength: 3, span: 3 });
    const f = await run(new Pipeline({ columns: { e: ewma } }), src());
    // decay 1 − 2/4 = 0.5; weights 1/16, 1/8, 1/4 over 12, 11, 13
    expect(bySymbol(f, day, 'e').A).toBeCloseTo((12 / 16 + 11 / 8 + 13 / 4) / (7 / 16), 12);
  });
  it('EWMA from a half-life and a center of mass give the same decay as the span they match', async () => {
    const inputs = [EquityPricing.close];
    // span 3 ⇔ decay 0.5 ⇔ halflife 1 ⇔ center of mass 1
    const f = await run(new Pipeline({
      columns: {
        h: ExponentialWeightedMovingAverage.fromHalflife({ inputs, windowLength: 3, halflife: 1 }),
        c: ExponentialWeightedMovingAverage.fromCenterOfMass({ inputs, windowLength: 3, centerOfMass: 1 }),
        s: ExponentialWeightedMovingAverage.fromSpan({ inputs, windowLength: 3, span: 3 }),
      },
    }), src());
    const want = (12 / 16 + 11 / 8 + 13 / 4) / (7 / 16);
    expect(bySymbol(f, day, 'h').A).toBeCloseTo(want, 12);
    expect(bySymbol(f, day, 'c').A).toBeCloseTo(want, 12);
    expect(bySymbol(f, day, 's').A).toBeCloseTo(want, 12);
  });
  it('AnnualizedVolatility: population std of daily returns × √factor', async () => {
    const vol = new AnnualizedVolatility({ windowLength: 3, annualizationFactor: 4 });
    const f = await run(new Pipeline({ columns: { v: vol } }), src());
    const r = [12 / 11 - 1, 11 / 12 - 1, 13 / 11 - 1];
    const m = (r[0]! + r[1]! + r[2]!) / 3;
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - m) ** 2, 0) / 3);
    expect(bySymbol(f, day, 'v').A).toBeCloseTo(sd * 2, 12);
  });
  it('MaxDrawdown: (peak − trough) / trough', async () => {
    const f = await run(new Pipeline({ columns: { dd: new MaxDrawdown({ inputs: [EquityPricing.close], windowLength: 7 }) } }), src());
    // A sessions 0–6: 10 11 12 11 13 14 12 → deepest 14 → 12
    expect(bySymbol(f, SESSIONS[7]!, 'dd').A).toBeCloseTo(2 / 12, 12);
  });
  it('PercentChange divides by |x[0]|', async () => {
    const s = source([A], { 'EquityPricing.close': [[-2, -1, 0, 1, 2, 3, 4, 5]] });
    const f = await run(new Pipeline({ columns: { p: new PercentChange({ inputs: [EquityPricing.close], windowLength: 2 }) } }), s);
    expect(bySymbol(f, SESSIONS[2]!, 'p').A).toBeCloseTo((-1 - -2) / 2, 14);
  });
  it('CustomFactor: class fields or options, windows sessions × assets', async () => {
    class Spread extends CustomFactor {
      override inputs = [EquityPricing.close, EquityPricing.volume];
      override windowLength = 2;
      compute(_today: string, _assets: Int32Array, out: Float64Array, c: Window, v: Window): void {
        for (let i = 0; i < out.length; i++) out[i] = c.at(1, i) - c.at(0, i) + v.at(0, i) / 1000;
      }
    }
    const fn = customFactor({ inputs: [EquityPricing.close], windowLength: 4 }, (_t, _a, out, c) => out.set(c.row(0)));
    const f = await run(new Pipeline({ columns: { s: new Spread(), s3: new Spread({ windowLength: 3 }), first: fn } }), src());
    expect(bySymbol(f, day, 's').A).toBeCloseTo(13 - 11 + 0.3, 12);
    expect(bySymbol(f, day, 's3').A).toBeCloseTo(11 - 12 + 0.1, 12);
    expect(bySymbol(f, day, 'first').A).toBe(11);
  });
});
