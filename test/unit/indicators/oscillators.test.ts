/** Single-series oscillators and momentum indicators on small arrays, worked out by hand. */
import { describe, expect, it } from 'vitest';
import { ta } from '../../../src/indicators/index.js';

const N = NaN;
const close = (a: ArrayLike<number>, b: number[]) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => (Number.isNaN(v) ? expect(a[i], `index ${i}`).toBeNaN() : expect(a[i], `index ${i}`).toBeCloseTo(v, 10)));
};
const wiggle = Float64Array.from({ length: 120 }, (_, i) => 50 + 5 * Math.sin(i / 5) + (i % 3));

describe('momentum family', () => {
  const v = [10, 11, 12, 9, 15];
  it('momentum, ROC, ROC100, PctChange, MomentumOscillator over 2 bars', () => {
    close(ta.momentum(v, 2), [N, N, 2, -2, 3]);
    close(ta.roc(v, 2), [N, N, 0.2, -2 / 11, 0.25]);
    close(ta.roc100(v, 2), [N, N, 20, -200 / 11, 25]);
    close(ta.pctChange(v, 2), [N, N, 0.2, -2 / 11, 0.25]);
    close(ta.momentumOscillator(v, 2), [N, N, 120, 900 / 11, 125]);
  });
  it('UpMove and DownMove are signed one-bar differences', () => {
    close(ta.upMove(v), [N, 1, 1, -3, 6]);
    close(ta.downMove(v), [N, -1, -1, 3, -6]);
  });
  it('Highest, Lowest, SumN over 3', () => {
    close(ta.highest(v, 3), [N, N, 12, 12, 15]);
    close(ta.lowest(v, 3), [N, N, 10, 9, 9]);
    close(ta.sumN(v, 3), [N, N, 33, 32, 36]);
  });
  it('Highest keeps the maximum when it leaves and re-enters the window', () => {
    const a = [5, 1, 1, 1, 5, 1];
    close(ta.highest(a, 3), [N, N, 5, 1, 5, 5]);
  });
  it('PercentRank(4): share of the window strictly below the current value', () =>
    close(ta.percentRank([3, 1, 2, 4, 0, 4], 4), [N, N, N, 0.75, 0, 0.5]));
});

describe('RSI family', () => {
  it('RSI(2): SMMA of up and down moves', () => {
    // moves +1, −2, +3: seed up (1+0)/2 = 0.5, down (0+2)/2 = 1 → RSI 100 − 100/(1+0.5) = 33.33…
    // next: up 0.5/2 + 3/2 = 1.75, down 1/2 + 0 = 0.5 → RS 3.5 → 77.77…
    close(ta.rsi([10, 11, 9, 12], 2), [N, N, 100 - 100 / 1.5, 100 - 100 / 4.5]);
  });
  it('RSI gives 100 with only up moves; RSI_Safe gives 50 for a flat series where RSI has none', () => {
    close(ta.rsi([1, 2, 3, 4], 2), [N, N, 100, 100]);
    close(ta.rsi([5, 5, 5], 2), [N, N, N]);
    close(ta.rsiSafe([5, 5, 5], 2), [N, N, 50]);
    close(ta.rsiSafe([1, 2, 3], 2), [N, N, 100]);
  });
  it('RMI is RSI over lookback-bar moves', () => {
    // lookback 2: moves 12−10 = +2, 9−11 = −2; seed up 1, down 1 → 50
    close(ta.rmi([10, 11, 12, 9], 2, 2), [N, N, N, 50]);
  });
  it('LRSI: Laguerre filter started on bar period−1', () => {
    // gamma 0.5, period 2: bar 1 (x=2): l0 = 1, l1 = −0.5, l2 = 0.25, l3 = −0.125;
    // l0 ≥ l1: cu = 1.5; l1 < l2: cd = 0.75; l2 ≥ l3: cu += 0.375 → 1.875 / 2.625
    close(ta.lrsi([1, 2], 0.5, 2), [N, 1.875 / 2.625]);
  });
  it('TSI of a steadily rising series is 100', () => {
    const line = Float64Array.from({ length: 12 }, (_, i) => i * 2);
    const out = ta.tsi(line, 3, 2);
    expect(out[3]).toBeNaN();
    for (let i = 4; i < 12; i++) expect(out[i]).toBeCloseTo(100, 10);
  });
});

describe('MACD family', () => {
  it('MACD = EMA(fast) − EMA(slow), signal = EMA(macd), histo = macd − signal', () => {
    const m = ta.macd(wiggle, 3, 6, 4);
    const f = ta.ema(wiggle, 3);
    const s = ta.ema(wiggle, 6);
    const line = Float64Array.from(wiggle, (_, i) => f[i]! - s[i]!);
    const sig = ta.ema(line.subarray(5), 4);
    expect(m.macd[4]).toBeNaN();
    expect(m.signal[7]).toBeNaN();
    for (let i = 5; i < wiggle.length; i++) expect(m.macd[i]).toBeCloseTo(line[i]!, 12);
    for (let i = 8; i < wiggle.length; i++) {
      expect(m.signal[i]).toBeCloseTo(sig[i - 5]!, 12);
      expect(m.histo[i]).toBeCloseTo(m.macd[i]! - m.signal[i]!, 12);
    }
  });
  it("TA-Lib's convention seeds the fast EMA on the bars ending where the slow seed ends", () => {
    const v = [1, 2, 3, 4, 5, 6];
    // slow EMA(4) seed at bar 3 = 2.5; fast EMA(2) seeded on bars 2–3 = 3.5 → 1 (backtrader: fast seeded on 0–1)
    expect(ta.macd(v, 2, 4, 2, { convention: 'talib' }).macd[3]).toBeCloseTo(1, 12);
    // on a kinked series they differ: backtrader seeds EMA(2) on bars 0–1 (5), then 5/3 + 2·3/3 and
    // (that)/3 + 2·4/3; TA-Lib seeds it on bars 2–3: (3 + 4)/2
    const k = [1, 9, 3, 4, 5];
    const bt = ta.macd(k, 2, 4, 2).macd[3]!;
    const tl = ta.macd(k, 2, 4, 2, { convention: 'talib' }).macd[3]!;
    const slow = (1 + 9 + 3 + 4) / 4;
    const fastBt3 = (5 / 3 + 2) / 3 + (2 / 3) * 4;
    expect(bt).toBeCloseTo(fastBt3 - slow, 12);
    expect(tl).toBeCloseTo((3 + 4) / 2 - slow, 12);
  });
  it('PPO divides by the slow EMA, PPOShort by the fast one; APO is the plain difference', () => {
    const f = ta.ema(wiggle, 3);
    const s = ta.ema(wiggle, 6);
    const p = ta.ppo(wiggle, 3, 6, 4).ppo;
    const ps = ta.ppoShort(wiggle, 3, 6, 4).ppo;
    const apo = ta.priceOscillator(wiggle, 3, 6);
    for (let i = 5; i < wiggle.length; i++) {
      expect(p[i]).toBeCloseTo((100 * (f[i]! - s[i]!)) / s[i]!, 10);
      expect(ps[i]).toBeCloseTo((100 * (f[i]! - s[i]!)) / f[i]!, 10);
      expect(apo[i]).toBeCloseTo(f[i]! - s[i]!, 10);
    }
  });
});

describe('osc, envelope, bands', () => {
  it('SMA oscillator and envelope', () => {
    close(ta.smaOsc([1, 2, 3, 7], 2), [N, 0.5, 0.5, 2]);
    const e = ta.smaEnvelope([1, 3, 5], 2, 10);
    close(e.mid, [N, 2, 4]);
    close(e.top, [N, 2.2, 4.4]);
    close(e.bot, [N, 1.8, 3.6]);
  });
  it('Bollinger(3, 2) uses the population standard deviation', () => {
    const b = ta.bollinger([1, 2, 3, 5], 3, 2);
    close(b.mid, [N, N, 2, 10 / 3]);
    close(b.top, [N, N, 2 + 2 * Math.sqrt(2 / 3), 10 / 3 + 2 * Math.sqrt(14 / 9)]);
    close(b.bot, [N, N, 2 - 2 * Math.sqrt(2 / 3), 10 / 3 - 2 * Math.sqrt(14 / 9)]);
    close(ta.stdDev([1, 2, 3, 5], 3), [N, N, Math.sqrt(2 / 3), Math.sqrt(14 / 9)]);
  });
  it('TRIX(1) is the percent change of the series', () => close(ta.trix([100, 110, 99], 1), [N, 10, -10]));
  it('KST is the weighted sum of smoothed ROC100s, with an SMA signal', () => {
    const k = ta.kst(wiggle, [2, 3, 4, 5], [2, 2, 2, 3], 3);
    const parts = [[2, 2], [3, 2], [4, 2], [5, 3]].map(([r, m]) => ta.sma(ta.roc100(wiggle, r!), m!));
    for (let i = 7; i < wiggle.length; i++) {
      expect(k.kst[i]).toBeCloseTo(parts[0]![i]! + 2 * parts[1]![i]! + 3 * parts[2]![i]! + 4 * parts[3]![i]!, 9);
    }
    expect(k.kst[6]).toBeNaN();
    expect(k.signal[8]).toBeNaN();
    expect(k.signal[9]).toBeCloseTo((k.kst[7]! + k.kst[8]! + k.kst[9]!) / 3, 9);
  });
  it('DPO(4): x minus the SMA(4) of 3 bars before', () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 9];
    // SMA(4) at bar 3 = 2.5, bar 4 = 3.5; DPO at bar 6 = 7 − 2.5, bar 7 = 9 − 3.5
    close(ta.dpo(v, 4), [N, N, N, N, N, N, 4.5, 5.5]);
  });
});
