import { beforeAll, describe, expect, it } from 'vitest';
import { getCalendar } from '../../../src/calendar/index.js';
import { ZiplimeError } from '../../../src/core/errors.js';
import { DAY_MS, dayString } from '../../../src/core/time.js';
import { generateDemoMarket, type DemoColumns, type DemoMarket } from '../../../src/data/sources/demo-market.js';

const cal = getCalendar('XNYS');
let market: DemoMarket;

beforeAll(() => {
  market = generateDemoMarket(cal);
});

const bySymbol = (symbol: string) => {
  const asset = market.assets.find((a) => a.symbol === symbol)!;
  return { asset, daily: market.daily[asset.sid]!, minute: market.minute.find((m) => m.sid === asset.sid) };
};
const dayOf = (ts: number) => dayString(ts / DAY_MS);
const barIndex = (cols: DemoColumns, day: string) => cols.ts.indexOf(Date.parse(`${day}T00:00:00Z`));
const sameBytes = (a: Float64Array, b: Float64Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function expectValidBars(cols: DemoColumns): void {
  for (let i = 0; i < cols.ts.length; i++) {
    const o = cols.open[i]!, h = cols.high[i]!, l = cols.low[i]!, c = cols.close[i]!, v = cols.volume[i]!;
    const ok = l > 0 && l <= o && l <= c && o <= h && c <= h && Number.isInteger(v) && v >= 0
      && Number.isInteger(Math.round(o * 100)) && Math.abs(o * 100 - Math.round(o * 100)) < 1e-6;
    if (!ok) throw new Error(`sid ${cols.sid} bar ${i} (${new Date(cols.ts[i]!).toISOString()}): o=${o} h=${h} l=${l} c=${c} v=${v}`);
    if (i > 0 && cols.ts[i]! <= cols.ts[i - 1]!) throw new Error(`sid ${cols.sid} bar ${i}: timestamps not ascending`);
  }
}

describe('generateDemoMarket', () => {
  it('is deterministic for a seed and different for another seed', () => {
    const again = generateDemoMarket(cal);
    expect(again.assets).toEqual(market.assets);
    expect(again.splits).toEqual(market.splits);
    expect(again.dividends).toEqual(market.dividends);
    for (const [i, cols] of market.daily.entries()) {
      for (const f of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) expect(sameBytes(cols[f], again.daily[i]![f])).toBe(true);
    }
    for (const [i, cols] of market.minute.entries()) {
      for (const f of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) expect(sameBytes(cols[f], again.minute[i]![f])).toBe(true);
    }
    const other = generateDemoMarket(cal, { seed: 7 });
    expect(other.splits).toEqual(market.splits);
    expect(sameBytes(other.daily[0]!.ts, market.daily[0]!.ts)).toBe(true);
    expect(sameBytes(other.daily[0]!.close, market.daily[0]!.close)).toBe(false);
    expect(sameBytes(other.minute[0]!.close, market.minute[0]!.close)).toBe(false);
  });

  it('has the familiar tickers, stable sids, synthetic names and the SPX benchmark', () => {
    const symbols = market.assets.map((a) => a.symbol);
    for (const s of ['AAPL', 'MSFT', 'AMZN', 'GOOG', 'JPM', 'XOM', 'JNJ', 'KO', 'PG', 'WMT', 'INTC', 'ENRX', 'SPX']) {
      expect(symbols).toContain(s);
    }
    expect(market.assets.map((a) => a.sid)).toEqual(market.assets.map((_, i) => i));
    expect(market.daily.map((d) => d.sid)).toEqual(market.assets.map((a) => a.sid));
    for (const a of market.assets) expect(a.name).toMatch(/synthetic/);
    expect(market.benchmark).toBe('SPX');
    expect(market.calendar).toBe('XNYS');
    expect(bySymbol('SPX').asset.assetClass).toBe('index');
    expect(market.assets.filter((a) => a.assetClass === 'index')).toHaveLength(1);
  });

  it('keeps every daily and minute bar consistent (low ≤ open, close ≤ high; cents; whole shares)', () => {
    for (const cols of [...market.daily, ...market.minute]) expectValidBars(cols);
    expect(bySymbol('SPX').daily.volume.every((v) => v === 0)).toBe(true);
    for (const a of market.assets.filter((x) => x.assetClass === 'equity')) {
      expect(market.daily[a.sid]!.volume.every((v) => v > 0)).toBe(true);
    }
  });

  it('puts daily bars only on XNYS sessions, at midnight UTC, within each asset life', () => {
    for (const cols of market.daily) {
      const asset = market.assets[cols.sid]!;
      for (const ts of cols.ts) {
        if (ts % DAY_MS !== 0 || !cal.isSession(dayOf(ts))) throw new Error(`sid ${cols.sid}: ${ts} is not a session's midnight UTC`);
      }
      expect(dayOf(cols.ts[0]!)).toBe(asset.startDate);
      expect(dayOf(cols.ts[cols.ts.length - 1]!)).toBe(asset.endDate);
    }
    // 2000-01-03 .. 2024-12-31: every session for an asset without gaps.
    const sessions = cal.sessionOnOrBefore('2024-12-31') - cal.sessionOnOrAfter('2000-01-03') + 1;
    expect(bySymbol('AAPL').daily.ts.length).toBe(sessions);
    expect(bySymbol('SPX').asset.startDate).toBe('2000-01-03');
    expect(bySymbol('SPX').asset.endDate).toBe('2024-12-31');
  });

  it('lists GOOG from its 2004-08-19 listing and ENRX until its 2008-09-12 delisting', () => {
    expect(bySymbol('GOOG').asset.startDate).toBe('2004-08-19');
    const enrx = bySymbol('ENRX');
    expect(enrx.asset.endDate).toBe('2008-09-12');
    expect(dayOf(enrx.daily.ts[enrx.daily.ts.length - 1]!)).toBe('2008-09-12');
    expect(enrx.minute).toBeUndefined();
    expect(enrx.asset.fractionable).toBe(false);
  });

  it('leaves the documented sessions out for INTC and KO, with bars around them', () => {
    const intc = bySymbol('INTC').daily;
    for (const day of ['2011-03-15', '2011-03-16', '2017-05-10']) expect(barIndex(intc, day)).toBe(-1);
    for (const day of ['2011-03-14', '2011-03-17', '2017-05-09', '2017-05-11']) expect(barIndex(intc, day)).toBeGreaterThan(0);
    expect(barIndex(bySymbol('KO').daily, '2015-06-03')).toBe(-1);
    expect(barIndex(bySymbol('KO').daily, '2015-06-02')).toBeGreaterThan(0);
    expect(intc.ts.length).toBe(bySymbol('AAPL').daily.ts.length - 3);
  });

  it('draws minute bars at the session minutes that aggregate exactly to the daily bars', () => {
    const withMinutes = market.minute.map((m) => market.assets[m.sid]!.symbol);
    for (const s of ['AAPL', 'MSFT', 'AMZN', 'GOOG', 'SPX']) expect(withMinutes).toContain(s);
    // Q4 2024 on XNYS: 64 sessions, two of them early closes (11-29, 12-24): 62 × 390 + 2 × 210.
    for (const m of market.minute) expect(m.ts.length).toBe(62 * 390 + 2 * 210);
    for (const m of market.minute) {
      const daily = market.daily[m.sid]!;
      let at = 0;
      for (let d = barIndex(daily, '2024-10-01'); d < daily.ts.length; d++) {
        const minutes = cal.sessionMinutes(cal.sessionIndex(dayOf(daily.ts[d]!)));
        const n = minutes.length;
        expect(sameBytes(m.ts.subarray(at, at + n), minutes)).toBe(true);
        let hi = -Infinity, lo = Infinity, vol = 0, continuous = true;
        for (let k = at; k < at + n; k++) {
          hi = Math.max(hi, m.high[k]!);
          lo = Math.min(lo, m.low[k]!);
          vol += m.volume[k]!;
          if (k > at && m.open[k] !== m.close[k - 1]) continuous = false;
        }
        expect(continuous).toBe(true);
        expect([m.open[at], hi, lo, m.close[at + n - 1], vol])
          .toEqual([daily.open[d], daily.high[d], daily.low[d], daily.close[d], daily.volume[d]]);
        at += n;
      }
      expect(at).toBe(m.ts.length);
    }
    const aapl = bySymbol('AAPL');
    const early = cal.sessionIndex('2024-11-29');
    expect(aapl.minute!.ts.filter((t) => cal.sessionOfMinute(t) === early)).toHaveLength(210);
  });

  it('writes splits into the raw series: the price drops by the ratio on the effective date', () => {
    const aapl = market.splits.filter((s) => s.sid === bySymbol('AAPL').asset.sid);
    expect(aapl.map((s) => [s.effectiveDate, s.ratio])).toEqual([
      ['2000-06-21', 2], ['2005-02-28', 2], ['2014-06-09', 7], ['2020-08-31', 4],
    ]);
    expect(market.splits.some((s) => s.ratio === 1.5)).toBe(true);
    expect(market.splits.find((s) => s.sid === bySymbol('MSFT').asset.sid)?.effectiveDate).toBe('2003-02-18');
    for (const s of market.splits) {
      const cols = market.daily[s.sid]!;
      const i = barIndex(cols, s.effectiveDate);
      expect(i).toBeGreaterThan(0);
      const jump = cols.close[i - 1]! / cols.open[i]!;
      expect(jump / s.ratio).toBeGreaterThan(0.9);
      expect(jump / s.ratio).toBeLessThan(1.1);
    }
  });

  it('has no other overnight jumps than splits (realistic gaps elsewhere)', () => {
    for (const cols of market.daily) {
      const splitDays = new Set(market.splits.filter((s) => s.sid === cols.sid).map((s) => s.effectiveDate));
      for (let i = 1; i < cols.ts.length; i++) {
        if (splitDays.has(dayOf(cols.ts[i]!))) continue;
        const gap = Math.abs(Math.log(cols.open[i]! / cols.close[i - 1]!));
        if (gap > 0.25) throw new Error(`sid ${cols.sid} ${dayOf(cols.ts[i]!)}: overnight gap ${gap}`);
      }
    }
  });

  it('pays quarterly dividends with ordered dates and a raw-price drop on the ex-date', () => {
    const payers = new Set(market.dividends.map((d) => market.assets[d.sid]!.symbol));
    for (const s of ['KO', 'PG', 'JNJ', 'XOM', 'JPM', 'MSFT']) expect(payers.has(s)).toBe(true);
    // KO: four a year, 2000 through 2024.
    expect(market.dividends.filter((d) => d.sid === bySymbol('KO').asset.sid)).toHaveLength(100);
    let dropSum = 0, amountSum = 0;
    for (const d of market.dividends) {
      const cols = market.daily[d.sid]!;
      const i = barIndex(cols, d.exDate);
      expect(i).toBeGreaterThan(0);
      expect(d.amount).toBeGreaterThan(0);
      expect(d.declaredDate! < d.exDate && d.exDate < d.recordDate! && d.recordDate! <= d.payDate!).toBe(true);
      const days = (Date.parse(d.payDate!) - Date.parse(d.exDate)) / DAY_MS;
      if (d.payDate !== '2024-12-31') expect(days >= 14 && days <= 28).toBe(true);
      expect(market.splits.some((s) => s.sid === d.sid && s.effectiveDate === d.exDate)).toBe(false);
      dropSum += (cols.close[i - 1]! - cols.open[i]!) / cols.close[i - 1]!;
      amountSum += d.amount / cols.close[i - 1]!;
    }
    // The overnight move on ex-dates averages the dividend yield: noise (~1 % a day) averages out
    // over hundreds of ex-dates, while the dividend (~0.6 % of the price) does not.
    const n = market.dividends.length;
    expect(n).toBeGreaterThan(500);
    expect(dropSum / n).toBeGreaterThan(0.5 * (amountSum / n));
    expect(dropSum / n).toBeLessThan(1.5 * (amountSum / n));
  });

  it('moves equities with the index, clusters volatility and trades more on big moves', () => {
    const spx = bySymbol('SPX').daily;
    const returns = (cols: DemoColumns, from: string) => {
      const out: number[] = [];
      for (let i = Math.max(1, barIndex(cols, from)); i < cols.ts.length; i++) out.push(Math.log(cols.close[i]! / cols.close[i - 1]!));
      return out;
    };
    const corr = (x: number[], y: number[]) => {
      const mx = x.reduce((a, b) => a + b) / x.length, my = y.reduce((a, b) => a + b) / y.length;
      let sxy = 0, sxx = 0, syy = 0;
      x.forEach((xi, i) => { sxy += (xi - mx) * (y[i]! - my); sxx += (xi - mx) ** 2; syy += (y[i]! - my) ** 2; });
      return sxy / Math.sqrt(sxx * syy);
    };
    // After the last splits (WMT 2024-02-26), returns line up day by day with the index.
    const index = returns(spx, '2024-03-01');
    for (const s of ['AAPL', 'MSFT', 'JPM', 'XOM', 'KO', 'WMT']) expect(corr(returns(bySymbol(s).daily, '2024-03-01'), index)).toBeGreaterThan(0.2);
    const all = returns(spx, '2000-01-04');
    const sq = all.map((r) => r * r);
    expect(corr(sq.slice(1), sq.slice(0, -1))).toBeGreaterThan(0.05);
    const aapl = bySymbol('AAPL').daily;
    const from = barIndex(aapl, '2020-09-01');
    const days = [...Array(aapl.ts.length - from).keys()].map((k) => k + from);
    days.sort((p, q) => Math.abs(Math.log(aapl.close[p]! / aapl.close[p - 1]!)) - Math.abs(Math.log(aapl.close[q]! / aapl.close[q - 1]!)));
    const meanVol = (idx: number[]) => idx.reduce((a, i) => a + aapl.volume[i]!, 0) / idx.length;
    const tenth = Math.floor(days.length / 10);
    expect(meanVol(days.slice(-tenth))).toBeGreaterThan(1.3 * meanVol(days.slice(0, tenth)));
  });

  it('keeps price levels realistic and follows the index path through 2008 and 2020', () => {
    for (const cols of market.daily) {
      expect(cols.close.every((c) => c > 0.5 && c < 10_000)).toBe(true);
    }
    const spx = bySymbol('SPX').daily;
    const close = (day: string) => spx.close[barIndex(spx, day)]!;
    // Levels the index path is pinned to (demo-universe MARKET_KNOTS); daily rounding to cents
    // moves them by a few hundredths of a percent at most.
    for (const [day, level] of [['2007-10-09', 1565], ['2009-03-09', 677], ['2020-03-23', 2237], ['2024-12-31', 5880]] as const) {
      expect(Math.abs(close(day) / level - 1)).toBeLessThan(0.002);
    }
    const last = (s: string) => bySymbol(s).daily.close.at(-1)!;
    expect(last('AAPL')).toBeGreaterThan(200);
    expect(last('AAPL')).toBeLessThan(300);
    expect(last('MSFT')).toBeGreaterThan(350);
    expect(last('MSFT')).toBeLessThan(500);
  });

  it('refuses a calendar that does not cover 2000–2024', () => {
    const short = getCalendar('data', { sessions: ['2020-01-02', '2020-01-03', '2020-01-06'] });
    expect(() => generateDemoMarket(short)).toThrow(ZiplimeError);
  });
});
