/** High/low/close indicators and crosses on small bars, worked out by hand. */
import { describe, expect, it } from 'vitest';
import { ta } from '../../../src/indicators/index.js';

const N = NaN;
const close = (a: ArrayLike<number>, b: number[]) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => (Number.isNaN(v) ? expect(a[i], `index ${i}`).toBeNaN() : expect(a[i], `index ${i}`).toBeCloseTo(v, 10)));
};
// four bars: high, low, close
const H = [10, 12, 11, 14];
const L = [8, 9, 7, 10];
const C = [9, 11, 8, 13];

describe('ranges', () => {
  it('TrueRange: max(high, prev close) − min(low, prev close)', () => close(ta.trueRange(H, L, C), [N, 12 - 9, 11 - 7, 14 - 8]));
  it('ATR(2): Wilder smoothing of the true range', () => close(ta.atr(H, L, C, 2), [N, N, 3.5, 4.75]));
  it('Williams %R(2)', () => close(ta.williamsR(H, L, C, 2), [N, (-100 * (12 - 11)) / (12 - 8), (-100 * (12 - 8)) / (12 - 7), (-100 * (14 - 13)) / (14 - 7)]));
  it('Williams A/D: close − TrueLow on up days, close − TrueHigh on down days, accumulated', () =>
    // bar 1 up: 11 − min(9, 9) = 2; bar 2 down: 8 − max(11, 11) = −3; bar 3 up: 13 − min(10, 8) = 5
    close(ta.williamsAd(H, L, C), [N, 2, -1, 4]));
  it('CCI(2): (tp − SMA(tp)) / (0.015 · SMA of |tp − SMA(tp)|)', () => {
    const tp = [9, 32 / 3, 26 / 3, 37 / 3];
    const m = [N, (tp[0]! + tp[1]!) / 2, (tp[1]! + tp[2]!) / 2, (tp[2]! + tp[3]!) / 2];
    const d = tp.map((t, i) => t - m[i]!);
    const md3 = (Math.abs(d[2]!) + Math.abs(d[3]!)) / 2;
    const md2 = (Math.abs(d[1]!) + Math.abs(d[2]!)) / 2;
    close(ta.cci(H, L, C, 2), [N, N, d[2]! / (0.015 * md2), d[3]! / (0.015 * md3)]);
  });
  it('PGO(2): (close − SMA) / ATR', () => close(ta.prettyGoodOscillator(H, L, C, 2), [N, N, (8 - 9.5) / 3.5, (13 - 10.5) / 4.75]));
  it('Ultimate oscillator(1, 1, 1) is 100 · (close − TrueLow) / TrueRange', () =>
    close(ta.ultimateOscillator(H, L, C, 1, 1, 1), [N, (100 * 2) / 3, (100 * 1) / 4, (100 * 5) / 6]));
  it('Awesome oscillator(1, 2): SMA(median, 1) − SMA(median, 2)', () => close(ta.ao(H, L, 1, 2), [N, 10.5 - 9.75, 9 - 9.75, 12 - 10.5]));
  it('AC(2): AO(5, 34) − SMA(AO, 2)', () => {
    const h = Float64Array.from({ length: 40 }, (_, i) => 10 + (i % 7));
    const l = Float64Array.from(h, (v, i) => v - 1 - (i % 3));
    const ao = ta.ao(h, l);
    const ac = ta.accDecOscillator(h, l, 2);
    expect(ac[33]).toBeNaN();
    for (let i = 34; i < 40; i++) expect(ac[i]).toBeCloseTo(ao[i]! - (ao[i]! + ao[i - 1]!) / 2, 10);
  });
  it('DV2(2, 1): percent rank of close / ((high + low)/2)', () => {
    // ratios: 1, 11/10.5, 8/9, 13/12 → ranks over 2 bars: bar1 1 below → 50, bar2 0 → 0, bar3 1 → 50
    close(ta.dv2(H, L, C, 2, 1), [N, 50, 0, 50]);
  });
});

describe('stochastics', () => {
  it('fast, slow and full stochastic(2, 2, 2)', () => {
    // raw %K(2): bar1 (11−8)/(12−8) = 75, bar2 (8−7)/(12−7) = 20, bar3 (13−7)/(14−7) = 600/7
    const k = [N, 75, 20, 600 / 7];
    const d = [N, N, 47.5, (20 + 600 / 7) / 2];
    const fast = ta.stochasticFast(H, L, C, 2, 2);
    close(fast.k, k);
    close(fast.d, d);
    const slow = ta.stochastic(H, L, C, 2, 2, 2);
    close(slow.k, d);
    close(slow.d, [N, N, N, (47.5 + d[3]!) / 2]);
    const full = ta.stochasticFull(H, L, C, 2, 2, 2);
    close(full.k, k);
    close(full.dSlow, [N, N, N, (47.5 + d[3]!) / 2]);
  });
});

describe('directional indicators', () => {
  it('Directional movement(1): +DI, −DI, ADX, ADXR', () => {
    // bar1: up 2, down −1 → +DM 2, −DM 0, TR 3 → +DI 66.67, −DI 0, DX 1
    // bar2: up −1, down 2 → +DM 0, −DM 2, TR 4 → +DI 0, −DI 50, DX 1
    // bar3: up 3, down −3 → +DM 3, TR 6 → +DI 50, −DI 0
    const dm = ta.directionalMovement(H, L, C, 1);
    close(dm.plusDI, [N, 200 / 3, 0, 50]);
    close(dm.minusDI, [N, 0, 50, 0]);
    close(dm.adx, [N, 100, 100, 100]);
    close(dm.adxr, [N, N, 100, 100]);
  });
  it('Vortex(1)', () => {
    const v = ta.vortex(H, L, C, 1);
    close(v.viPlus, [N, 4 / 3, 2 / 4, 7 / 6]);
    close(v.viMinus, [N, 1 / 3, 5 / 4, 1 / 6]);
  });
  it('Aroon(2): bars since the highest high / lowest low over 3 bars, latest occurrence for ties', () => {
    const a = ta.aroon([1, 3, 2, 3, 1], [5, 4, 6, 4, 7], 2);
    close(a.up, [N, N, 50, 100, 50]);
    close(a.down, [N, N, 50, 100, 50]);
    close(ta.aroonOscillator([1, 3, 2, 3, 1], [5, 4, 6, 4, 7], 2), [N, N, 0, 0, 0]);
  });
});

describe('charting', () => {
  it('Ichimoku(1, 2, 3, lead 1, chikou 1)', () => {
    const i = ta.ichimoku(H, L, C, { tenkan: 1, kijun: 2, senkou: 3, senkouLead: 1, chikou: 1 });
    close(i.tenkan, [9, 10.5, 9, 12]);
    close(i.kijun, [N, 10, 9.5, 10.5]);
    close(i.senkouA, [N, N, 10.25, 9.25]);
    close(i.senkouB, [N, N, N, 9.5]);
    close(i.chikou, [11, 8, 13, N]);
  });
  it('Fractal marks the middle bar of five when it holds the extreme', () => {
    const f = ta.fractal([1, 2, 5, 2, 1, 1], [5, 4, 1, 4, 5, 5]);
    close(f.bearish, [N, N, 5 * 1.015, N, N, N]);
    close(f.bullish, [N, N, 1 * 0.985, N, N, N]);
  });
  it('Heikin-Ashi from the second bar', () => {
    const ha = ta.heikinAshi([9, 10], H.slice(0, 2), L.slice(0, 2), C.slice(0, 2));
    // bar0: HA close 9, seeded open (9+9)/2 = 9; bar1: close (10+12+9+11)/4 = 10.5, open (9+9)/2 = 9
    close(ha.close, [N, 10.5]);
    close(ha.open, [N, 9]);
    close(ha.high, [N, 12]);
    close(ha.low, [N, 9]);
  });
  it('CrossOver compares with the last non-zero difference', () => {
    const a = [1, 2, 3, 3, 4, 2, 2, 1];
    const b = [2, 2, 2, 3, 3, 3, 2, 2];
    // diffs −1, 0, 1, 0, 1, −1, 0, −1 → up at 2; down at 5; at 7 the last non-zero diff before is −1: none
    close(ta.crossOver(a, b), [N, 0, 1, 0, 0, -1, 0, 0]);
    close(ta.crossUp(a, b), [N, 0, 1, 0, 0, 0, 0, 0]);
    close(ta.crossDown(a, b), [N, 0, 0, 0, 0, 1, 0, 0]);
  });
  it('streams accept bars one at a time with the same results', () => {
    const s = ta.stream.atr(2);
    expect([0, 1, 2, 3].map((i) => s.update(H[i]!, L[i]!, C[i]!))).toEqual([N, N, 3.5, 4.75]);
  });
});
