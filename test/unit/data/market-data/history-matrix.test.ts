import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../../src/calendar/index.js';
import { UsageError } from '../../../../src/core/errors.js';
import { createBundleMarketData, type BundleMarketDataOptions } from '../../../../src/data/market-data/index.js';
import type { BundleMarketData } from '../../../../src/data/market-data/index.js';
import { BarData } from '../../../../src/engine/bar-data.js';
import type { Bar } from '../../../../src/model/bar.js';
import { HistoryMatrix } from '../../../../src/model/history-matrix.js';
import type { MarketData } from '../../../../src/ports/market-data.js';
import { MemoryBundleReader, dailyBar, testAsset } from '../../../helpers/memory-bundle.js';

const xnys = getCalendar('XNYS');
const DAYS = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11', '2024-01-12'];
const A = testAsset(1, 'AAA', '2024-01-02', '2024-01-12');
const B = testAsset(2, 'BBB', '2024-01-03', '2024-01-12');
const C = testAsset(3, 'CCC', '2024-01-02', '2024-01-12');
// AAA: 2-for-1 split effective 2024-01-08 (closes halve from 13 to 7).
const A_CLOSE = [10, 11, 12, 13, 7, 7.5, 8, 8.5, 9];
// BBB: starts 2024-01-03, no bar on 2024-01-04, $0.44 dividend ex 2024-01-10 (previous close 22).
const B_CLOSE: Record<string, number> = { '2024-01-03': 20, '2024-01-05': 21, '2024-01-08': 22, '2024-01-09': 22, '2024-01-10': 21, '2024-01-11': 21.5, '2024-01-12': 21.8 };

function reader(): MemoryBundleReader {
  const bars: Bar[] = DAYS.map((d, k) => dailyBar(1, d, A_CLOSE[k]! - 0.5, A_CLOSE[k]!, 100 * (k + 1)));
  for (const [d, c] of Object.entries(B_CLOSE)) bars.push(dailyBar(2, d, c, c, 50));
  return new MemoryBundleReader({
    assets: [A, B], daily: bars,
    splits: [{ sid: 1, effectiveDate: '2024-01-08', ratio: 2 }],
    dividends: [{ sid: 2, exDate: '2024-01-10', declaredDate: null, recordDate: null, payDate: '2024-01-20', amount: 0.44 }],
  });
}

const idx = (d: string) => xnys.sessionIndex(d);
const close = (d: string) => xnys.closes[idx(d)]!;

async function open(extra: Partial<BundleMarketDataOptions> = {}): Promise<BundleMarketData> {
  return createBundleMarketData({ reader: reader(), calendar: xnys, frequency: 'daily', startIndex: idx(DAYS[0]!), endIndex: idx(DAYS.at(-1)!), ...extra });
}

const round = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? x : Math.round(x * 1e9) / 1e9);
const list = (xs: Float64Array) => Array.from(xs, (x) => round(x));

describe('HistoryMatrix', () => {
  // Columns: x = [1, 2, 3], y = [10, 20, 30] (oldest → newest).
  const x = testAsset(10, 'X', '2024-01-02', '2024-12-31');
  const y = testAsset(11, 'Y', '2024-01-02', '2024-12-31');
  const m = HistoryMatrix.fromColumns([x, y], 3, [Float64Array.of(1, 2, 3), Float64Array.of(10, 20, 30)]);

  it('reads bars × assets: at, column, row (negative from the end), toArray row-major', () => {
    expect([m.rows, m.columns]).toEqual([3, 2]);
    expect(m.at(0, 0)).toBe(1);
    expect(m.at(2, 1)).toBe(30);
    expect(m.at(3, 0)).toBeUndefined();
    expect(m.at(0, 2)).toBeUndefined();
    expect(Array.from(m.column(1))).toEqual([10, 20, 30]);
    expect(Array.from(m.row(0))).toEqual([1, 10]);
    expect(Array.from(m.row(-1))).toEqual([3, 30]);
    expect(Array.from(m.toArray())).toEqual([1, 10, 2, 20, 3, 30]);
    expect(() => m.row(3)).toThrow(RangeError);
    expect(() => m.column(-1)).toThrow(RangeError);
  });

  it('is a read-only Map from asset to window, as the list form of history was', () => {
    expect(m.size).toBe(2);
    expect(m.has(x)).toBe(true);
    expect(Array.from(m.get(y)!)).toEqual([10, 20, 30]);
    expect(m.get(testAsset(12, 'Z', '2024-01-02', '2024-12-31'))).toBeUndefined();
    expect([...m.keys()]).toEqual([x, y]);
    expect([...m.values()].map((v) => v[2])).toEqual([3, 30]);
    expect([...m].map(([a, v]) => [a.symbol, v[0]])).toEqual([['X', 1], ['Y', 10]]);
    const seen: string[] = [];
    m.forEach((v, a) => seen.push(`${a.symbol}:${v[1]}`));
    expect(seen).toEqual(['X:2', 'Y:20']);
    expect(Object.prototype.toString.call(m)).toBe('[object HistoryMatrix]');
  });

  it('keeps an asset listed twice as two columns and one Map entry', () => {
    const twice = HistoryMatrix.fromColumns([x, y, x], 1, [Float64Array.of(1), Float64Array.of(2), Float64Array.of(1)]);
    expect(twice.columns).toBe(3);
    expect(twice.size).toBe(2);
    expect(twice.columnOf(x)).toBe(2);
    expect(Array.from(twice.row(0))).toEqual([1, 2, 1]);
  });

  it('refuses a window of the wrong length', () => {
    expect(() => HistoryMatrix.fromColumns([x], 3, [Float64Array.of(1, 2)])).toThrow(/window 0 has 2 values, expected 3/);
  });
});

describe('BundleMarketData.historyMatrix (daily)', () => {
  it('reads the loaded columns in place when nothing is adjusted', async () => {
    const md = await open();
    await md.advanceTo(close('2024-01-05'));
    const m = await md.historyMatrix([A, B], 'close', 3, '1d');
    // Sessions 01-03, 01-04, 01-05: AAA 11, 12, 13; BBB 20, no bar, 21.
    expect(Array.from(m.toArray())).toEqual([11, 20, 12, NaN, 13, 21]);
    expect(list(m.row(-1))).toEqual([13, 21]);
    expect(list((await md.historyMatrix([B], 'price', 3, '1d')).column(0))).toEqual([20, 20, 21]);
    expect(list((await md.historyMatrix([A], 'volume', 2, '1d')).column(0))).toEqual([300, 400]);
  });

  it('adjusts a window holding a split (AAA) and one holding a dividend (BBB)', async () => {
    const md = await open();
    // A split doubles AAA's volume before it (01-05: 400 → 800); BBB's volume is 50.
    await md.advanceTo(close('2024-01-08'));
    expect(list((await md.historyMatrix([A, B], 'volume', 2, '1d')).toArray())).toEqual([800, 50, 500, 50]);
    await md.advanceTo(close('2024-01-09'));
    // 01-05 … 01-09: AAA's 13 before the 2:1 split on 01-08 becomes 6.5.
    let m = await md.historyMatrix([A, B], 'close', 3, '1d');
    expect(list(m.column(0))).toEqual([6.5, 7, 7.5]);
    expect(list(m.column(1))).toEqual([21, 22, 22]);
    await md.advanceTo(close('2024-01-11'));
    // 01-09 … 01-11: BBB's 22 before the ex-date × (1 − 0.44 / 22) = 21.56; AAA's split is before the window.
    m = await md.historyMatrix([A, B], 'close', 3, '1d');
    expect(list(m.toArray())).toEqual([7.5, 21.56, 8, 21, 8.5, 21.5]);
  });

  it('gives an asset not loaded NaN prices and zero volume', async () => {
    const md = await open();
    await md.advanceTo(close('2024-01-04'));
    const m = await md.historyMatrix([C, A], 'close', 2, '1d');
    expect(list(m.column(0))).toEqual([NaN, NaN]);
    expect(list(m.column(1))).toEqual([11, 12]);
    expect(list((await md.historyMatrix([C], 'volume', 2, '1d')).column(0))).toEqual([0, 0]);
  });

  it('widens a chunk for a long window, with the same numbers as per-asset history', async () => {
    const md = await open({ chunkSessions: 2, lookbackSessions: 1 });
    await md.advanceTo(close('2024-01-12'));
    const m = await md.historyMatrix([A, B], 'close', 8, '1d');
    // By hand: AAA's closes from 2024-01-03, halved before the split.
    expect(list(m.column(0))).toEqual([5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9]);
    expect(list(m.column(1))).toEqual(list(await md.history(B, 'close', 8, '1d')));
  });

  it('rejects a bad bar count, an unknown field and minute history in a daily run', async () => {
    const md = await open();
    await md.advanceTo(close('2024-01-03'));
    expect(() => md.historyMatrix([A], 'close', 0, '1d')).toThrow(UsageError);
    expect(() => md.historyMatrix([A], 'nope' as 'close', 2, '1d')).toThrow(/unknown field/);
    expect(() => md.historyMatrix([A], 'close', 2, '1m')).toThrow(/minute history needs a minute run/);
  });
});

describe('data.history(assets[], …)', () => {
  it('returns a HistoryMatrix from a market with historyMatrix and from one without it', async () => {
    const md = await open();
    await md.advanceTo(close('2024-01-05'));
    const plain: MarketData = {
      advanceTo: (dt) => md.advanceTo(dt),
      current: (a, f) => md.current(a, f),
      history: (a, f, n, freq) => md.history(a, f, n, freq),
      canTrade: (a) => md.canTrade(a),
      isStale: (a) => md.isStale(a),
    };
    for (const market of [md, plain]) {
      const m = await new BarData(market).history([A, B], 'close', 3);
      expect(m).toBeInstanceOf(HistoryMatrix);
      expect(Array.from(m.toArray())).toEqual([11, 20, 12, NaN, 13, 21]);
      expect(Array.from(m.get(A)!)).toEqual([11, 12, 13]);
    }
  });
});
