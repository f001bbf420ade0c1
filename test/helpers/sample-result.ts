import type { DailyRow, FillPolicy, OrderRow, PositionRow, RunResult, SplitRow, TransactionRow } from '../../src/model/results.js';

/** What a crafted result is made of; everything else gets a plausible default. */
export interface SampleResultOptions {
  /** Portfolio value at the close of each session. */
  values?: number[];
  /** Benchmark daily returns, one per session (defaults to 0). */
  benchmarkReturns?: number[];
  /** Starting cash (defaults to 10 000). */
  capital?: number;
  /** First session `YYYY-MM-DD`; later sessions are the following weekdays. */
  start?: string;
  /** Explicit session dates (overrides `start`). */
  dates?: string[];
  /** Gross leverage per session (defaults to 1 while a position is held, i.e. always). */
  grossLeverage?: number[];
  /** Recorded variables, one array per name, aligned with the sessions. */
  recorded?: Record<string, (number | string | undefined)[]>;
  transactions?: TransactionRow[];
  orders?: OrderRow[];
  positions?: PositionRow[];
  splits?: SplitRow[];
  fill?: FillPolicy;
  strategy?: string;
}

/** Weekdays from `start`, `count` of them. */
export function weekdays(start: string, count: number): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  while (out.length < count) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/**
 * A RunResult from a crafted value series. Daily returns are `PV_t / PV_{t-1} − 1` (the first
 * against the capital); the summary is filled with simple, independently computed numbers that
 * are only as precise as the tests reading them need.
 */
export function sampleResult(o: SampleResultOptions = {}): RunResult {
  const capital = o.capital ?? 10_000;
  const values = o.values ?? [10_100, 10_050, 10_200, 10_150, 10_300];
  const dates = o.dates ?? weekdays(o.start ?? '2024-01-02', values.length);
  const bench = o.benchmarkReturns ?? values.map(() => 0);
  const returns = values.map((v, i) => v / (i === 0 ? capital : values[i - 1]!) - 1);
  const daily: DailyRow[] = values.map((v, i) => {
    const row: DailyRow = {
      date: dates[i]!,
      portfolioValue: v,
      cash: capital * 0.1,
      positionsValue: v - capital * 0.1,
      returns: returns[i]!,
      benchmarkReturns: bench[i]!,
      grossLeverage: o.grossLeverage?.[i] ?? 1,
    };
    for (const [name, series] of Object.entries(o.recorded ?? {})) {
      const x = series[i];
      if (x !== undefined) row[name] = x;
    }
    return row;
  });
  const n = returns.length;
  const m = returns.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(returns.reduce((a, r) => a + (r - m) ** 2, 0) / (n - 1));
  let peak = capital, mdd = 0;
  for (const v of values) {
    peak = Math.max(peak, v);
    mdd = Math.min(mdd, v / peak - 1);
  }
  const last = values[n - 1]!;
  const transactions = o.transactions ?? [];
  const orders = o.orders ?? [];
  return {
    strategy: o.strategy ?? 'strategies/sample.ts',
    bundle: 'demo',
    mode: 'backtest',
    frequency: 'daily',
    fill: o.fill ?? 'next-close',
    start: dates[0]!,
    end: dates[n - 1]!,
    capital,
    summary: {
      startingCash: capital,
      endingCash: capital * 0.1,
      endingValue: last,
      totalReturn: last / capital - 1,
      annualReturn: (last / capital) ** (252 / n) - 1,
      annualVolatility: sd * Math.sqrt(252),
      sharpe: (m / sd) * Math.sqrt(252),
      sortino: NaN,
      maxDrawdown: mdd,
      alpha: 0,
      beta: 0,
      benchmarkReturn: bench.reduce((a, b) => a * (1 + b), 1) - 1,
      tradingDays: n,
      orders: orders.length,
      transactions: transactions.length,
      status: 'complete',
      stoppedAt: null,
      message: null,
    },
    daily,
    transactions,
    orders,
    positions: o.positions ?? [],
    splits: o.splits ?? [],
  };
}

/** A transaction row with defaults (`price` 100, no commission). */
export function txn(p: Partial<TransactionRow> & { dt: string; amount: number }): TransactionRow {
  return { symbol: 'AAA', sid: 1, price: 100, commission: 0, orderId: `o-${p.dt}-${p.amount}`, ...p };
}

/** A result with the awkward cases: NaN and infinities, sparse and text recorded values, quotes. */
export function awkwardResult(): RunResult {
  const r = sampleResult({
    values: [10_000.5, 10_050.25, 0.1 + 0.2 + 10_000, 9_999.999999999, 10_300],
    recorded: {
      fast: [1.5, NaN, 3.25, 1e-300, -2.5],
      note: ['a,b', 'say "hi"', undefined, '', 'x'],
      sparse: [undefined, 7, undefined, 8, undefined],
    },
    transactions: [
      txn({ dt: '2024-01-02T21:00:00.000Z', amount: 10.5, price: 100.123456789, commission: 1.05, orderId: 'run-1' }),
      txn({ dt: '2024-01-04T21:00:00.000Z', amount: -10.5, price: 101, commission: 0, symbol: 'BRK.B', sid: 42, orderId: 'run-2' }),
    ],
    orders: [
      { id: 'run-1', createdAt: '2024-01-02T21:00:00.000Z', symbol: 'AAA', amount: 10.5, filled: 10.5, status: 'filled', style: 'market', limitPrice: null, stopPrice: null },
      { id: 'run-2', createdAt: '2024-01-03T21:00:00.000Z', symbol: 'BRK.B', amount: -20, filled: -10.5, status: 'cancelled', style: 'stop_limit', limitPrice: 99.5, stopPrice: 100 },
    ],
    positions: [{ symbol: 'AAA', sid: 1, amount: 3, costBasis: 100.5, lastPrice: 101.25 }],
    splits: [{ date: '2024-01-03', symbol: 'AAA', sid: 1, ratio: 1.5 }, { date: '2024-01-04', symbol: 'BRK.B', sid: 42, ratio: 1 / 3 }],
    strategy: "strategies/o'brien, \"x\".ts",
  });
  r.summary.sortino = Infinity;
  r.summary.alpha = -Infinity;
  r.summary.beta = NaN;
  return r;
}

/**
 * A five-session run on 10 000 with values 11 000, 9 900, 10 450, 12 100, 11 000 (a −10 %
 * drawdown from day 1 to day 2, recovered on day 4, a second one from day 5), two closed round
 * trips (+98 Tuesday to Friday, −30 Friday to Monday) and the `same-close` fill policy.
 */
export function craftedRun(): RunResult {
  return sampleResult({
    values: [11_000, 9_900, 10_450, 12_100, 11_000],
    benchmarkReturns: [0.01, -0.02, 0.01, 0.03, -0.01],
    grossLeverage: [0.5, 0.5, 0, 1, 1],
    fill: 'same-close',
    strategy: 'strategies/crafted.ts',
    transactions: [
      txn({ dt: '2024-01-02T21:00:00.000Z', amount: 10, price: 100, commission: 1 }),
      txn({ dt: '2024-01-05T21:00:00.000Z', amount: -10, price: 110, commission: 1 }),
      txn({ dt: '2024-01-05T21:00:00.000Z', amount: 6, price: 50, symbol: 'BBB', sid: 2 }),
      txn({ dt: '2024-01-08T21:00:00.000Z', amount: -6, price: 45, symbol: 'BBB', sid: 2 }),
    ],
  });
}
