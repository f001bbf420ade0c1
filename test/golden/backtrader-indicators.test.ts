/**
 * Every case of `../shared/data/oracles/backtrader-indicators.json` (backtrader's own indicator
 * tests on `backtrader/2006-day-001.txt`): the minimum period and the expected values, as
 * backtrader prints them (6 decimals), at the three bars each case names.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ta } from '../../src/indicators/index.js';
import { hasSharedData, sharedData } from '../helpers/shared-data.js';
import { describeWith, needs } from '../helpers/requires.js';

interface Case {
  indicator: string;
  chkargs: string;
  minperiod: number;
  weekly: boolean;
  checkpoints: { ago: number; bar_index0: number; date: string }[];
  expected_lines: (string | string[])[][];
}

interface Bars {
  date: string[];
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

const ORACLE = 'oracles/backtrader-indicators.json';
const DATA = 'backtrader/2006-day-001.txt';
const present = hasSharedData(ORACLE) && hasSharedData(DATA);

function loadBars(): Bars {
  const rows = readFileSync(sharedData(DATA), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
  const col = (i: number) => Float64Array.from(rows, (r) => Number(r[i]));
  return { date: rows.map((r) => r[0]!), open: col(1), high: col(2), low: col(3), close: col(4) };
}

/** Weekly bars as backtrader's replay builds them: one bar per ISO week, last close of the week. */
function weekly(b: Bars): Bars {
  const week = (d: string) => {
    const t = new Date(`${d}T00:00:00Z`);
    const monday = new Date(t.getTime() - ((t.getUTCDay() + 6) % 7) * 86_400_000);
    return monday.toISOString().slice(0, 10);
  };
  const groups: number[][] = [];
  let last = '';
  b.date.forEach((d, i) => {
    const w = week(d);
    if (w !== last) groups.push([]);
    last = w;
    groups[groups.length - 1]!.push(i);
  });
  const pick = (f: (g: number[]) => number) => Float64Array.from(groups, f);
  return {
    date: groups.map((g) => b.date[g[g.length - 1]!]!),
    open: pick((g) => b.open[g[0]!]!),
    high: pick((g) => Math.max(...g.map((i) => b.high[i]!))),
    low: pick((g) => Math.min(...g.map((i) => b.low[i]!))),
    close: pick((g) => b.close[g[g.length - 1]!]!),
  };
}

const env = (l: { mid: Float64Array; top: Float64Array; bot: Float64Array }) => [l.mid, l.top, l.bot];

/** Our computation of each case, lines in backtrader's order. */
const COMPUTE: Record<string, (b: Bars) => Float64Array[]> = {
  '[btind.SMA]': (b) => [ta.sma(b.close, 30)],
  'bt.ind.AccelerationDecelerationOscillator': (b) => [ta.accDecOscillator(b.high, b.low)],
  'btind.AroonUpDown': (b) => { const a = ta.aroon(b.high, b.low); return [a.up, a.down]; },
  'bt.ind.AO': (b) => [ta.ao(b.high, b.low)],
  'btind.CCI': (b) => [ta.cci(b.high, b.low, b.close)],
  'btind.DEMAEnvelope': (b) => env(ta.demaEnvelope(b.close)),
  'btind.DM': (b) => { const d = ta.directionalMovement(b.high, b.low, b.close); return [d.adx, d.adxr, d.plusDI, d.minusDI]; },
  'btind.DownMove': (b) => [ta.downMove(b.close)],
  'btind.DV2': (b) => [ta.dv2(b.high, b.low, b.close)],
  'btind.EMAEnvelope': (b) => env(ta.emaEnvelope(b.close)),
  'btind.Envelope': (b) => env(ta.envelope(ta.sma(b.close, 30))),
  'btind.Highest': (b) => [ta.highest(b.close, 14)],
  'bt.ind.Ichimoku': (b) => { const i = ta.ichimoku(b.high, b.low, b.close); return [i.tenkan, i.kijun, i.senkouA, i.senkouB, i.chikou]; },
  'btind.SMAEnvelope': (b) => env(ta.smaEnvelope(b.close)),
  'bt.ind.KST': (b) => { const k = ta.kst(b.close); return [k.kst, k.signal]; },
  'btind.LRSI': (b) => [ta.lrsi(b.close)],
  '[btind.SMA, btind.Stochastic, btind.MACD, btind.Highest]': (b) => {
    const s = ta.stochastic(b.high, b.low, b.close);
    const m = ta.macd(b.close);
    return [ta.sma(b.close, 30), s.k, s.d, m.macd, m.signal, m.histo, ta.highest(b.close, 30)];
  },
  'btind.MomentumOscillator': (b) => [ta.momentumOscillator(b.close)],
  'btind.PctChange': (b) => [ta.pctChange(b.close)],
  'btind.PGO': (b) => [ta.prettyGoodOscillator(b.high, b.low, b.close)],
  'btind.PPOShort': (b) => { const p = ta.ppoShort(b.close); return [p.ppo, p.signal, p.histo]; },
  'bt.ind.RMI': (b) => [ta.rmi(b.close)],
  'btind.RSI': (b) => [ta.rsi(b.close)],
  'btind.SMA': (b) => [ta.sma(b.close)],
  'btind.SMAOsc': (b) => [ta.smaOsc(b.close)],
  'btind.SMMAEnvelope': (b) => env(ta.smmaEnvelope(b.close)),
  'btind.Stochastic': (b) => { const s = ta.stochastic(b.high, b.low, b.close); return [s.k, s.d]; },
  'btind.SumN': (b) => [ta.sumN(b.close, 14)],
  'btind.TEMAEnvelope': (b) => env(ta.temaEnvelope(b.close)),
  'btind.Trix': (b) => [ta.trix(b.close)],
  'bt.indicators.UltimateOscillator': (b) => [ta.ultimateOscillator(b.high, b.low, b.close)],
  'btind.Vortex': (b) => { const v = ta.vortex(b.high, b.low, b.close); return [v.viPlus, v.viMinus]; },
  'btind.WilliamsR': (b) => [ta.williamsR(b.high, b.low, b.close)],
  'btind.WMAEnvelope': (b) => env(ta.wmaEnvelope(b.close)),
  'btind.ZLEMA': (b) => [ta.zlema(b.close)],
  'bt.studies.Fractal': (b) => { const f = ta.fractal(b.high, b.low); return [f.bearish, f.bullish]; },
};

/** backtrader's `'%f' % value`. */
const fmt = (v: number) => (Number.isNaN(v) ? 'nan' : v.toFixed(6));

const firstValid = (a: Float64Array) => a.findIndex((v) => !Number.isNaN(v));

describeWith([needs.sharedData(ORACLE), needs.sharedData(DATA)], 'backtrader indicator values (backtrader-indicators.json)', () => {
  const cases: Case[] = present ? (JSON.parse(readFileSync(sharedData(ORACLE), 'utf8')) as { cases: Case[] }).cases : [];
  const daily = present ? loadBars() : undefined;
  it('covers every case of the oracle file', () => {
    expect(cases.length).toBeGreaterThan(30);
    expect(cases.filter((c) => !COMPUTE[c.indicator]).map((c) => c.indicator)).toEqual([]);
  });
  for (const c of present ? cases : []) {
    it(`${c.indicator} ${c.chkargs}${c.weekly ? ' (weekly)' : ''}`, () => {
      const bars = c.weekly ? weekly(daily!) : daily!;
      const lines = COMPUTE[c.indicator]!(bars);
      if (!c.indicator.includes('Fractal')) {
        expect(Math.max(...lines.map(firstValid)) + 1).toBe(c.minperiod);
      }
      c.expected_lines.forEach((expected, li) => {
        c.checkpoints.forEach((p, k) => {
          expect(bars.date[p.bar_index0]).toBe(p.date);
          const want = expected[k]!;
          const got = fmt(lines[li]![p.bar_index0]!);
          if (Array.isArray(want)) expect(want, `line ${li} at ${p.date}`).toContain(got);
          else expect(got, `line ${li} at ${p.date}`).toBe(want);
        });
      });
    });
  }
});
