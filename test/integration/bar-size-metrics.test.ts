import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { openBundle } from '../../src/data/registry.js';
import { backtestReader } from '../../src/runtime/backtest-reader.js';
import { defineStrategy } from '../../src/strategy/define.js';
import { commission, slippage } from '../../src/strategy/models.js';
import { ingestWorkspace } from '../unit/data/ingest-fixtures.js';

const workspace = ingestWorkspace();

/** Holds 100 shares of ABC from the first bar (fills at the next close, no costs) over `closes` on `dates`. */
async function hold(dates: string[], closes: number[]) {
  const w = workspace();
  const lines = ['date,open,high,low,close,volume', ...dates.map((d, i) => `${d},${closes[i]},${closes[i]},${closes[i]},${closes[i]},1000`)];
  await w.ingest({ source: 'csv', path: w.write('ABC.csv', lines), bundle: 'b', calendar: 'data' });
  const reader = await openBundle(w.bundlesDir, 'b');
  try {
    let done = false;
    const definition = defineStrategy({
      initialize(ctx) { ctx.setCommission(commission.none()); ctx.setSlippage(slippage.none()); },
      async handleData(ctx) {
        if (!done) { done = true; await ctx.order((await ctx.symbol('ABC'))!, 100); }
      },
    });
    return (await backtestReader({
      reader, strategy: { definition, params: {}, name: 't' }, capital: 10_000, frequency: 'daily', fill: 'next-close', benchmark: 'none',
      logger: pino({ level: 'silent' }),
    })).result;
  } finally {
    await reader.close();
  }
}

/** Sample standard deviation. */
function std(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

describe('metrics annualised with the bar size', () => {
  it('monthly bars: volatility × √12, not √252', async () => {
    const dates = ['2024-01-31', '2024-02-29', '2024-03-28', '2024-04-30', '2024-05-31', '2024-06-28'];
    const closes = [10, 10, 11, 9.9, 10.89, 10.89];
    const result = await hold(dates, closes);
    // bought 100 at the 2024-02-29 close (10): portfolio 10 000 → 10 100 → 9 990 → 10 089 → 10 089
    const value = [10_000, 10_000, 10_100, 9_990, 10_089, 10_089];
    const returns = value.map((v, i) => (i === 0 ? 0 : v / value[i - 1]! - 1));
    expect(result.daily.map((d) => d.portfolioValue)).toEqual(value.map((v) => expect.closeTo(v, 9)));
    expect(result.summary.annualVolatility).toBeCloseTo(std(returns) * Math.sqrt(12), 12);
    expect(result.warnings).toContain('bars are 1mo: metrics annualised with 12 periods a year');
  });

  it('weekly bars: × √52', async () => {
    const dates = ['2024-01-05', '2024-01-12', '2024-01-19', '2024-01-26'];
    const result = await hold(dates, [10, 10, 12, 9]);
    const value = [10_000, 10_000, 10_200, 9_900];
    const returns = value.map((v, i) => (i === 0 ? 0 : v / value[i - 1]! - 1));
    expect(result.summary.annualVolatility).toBeCloseTo(std(returns) * Math.sqrt(52), 12);
  });

  it('irregular bars: not annualised, with the reason', async () => {
    const result = await hold(['2024-01-02', '2024-02-20', '2024-05-01', '2024-05-02', '2024-09-03'], [10, 11, 12, 13, 14]);
    expect(result.summary.annualVolatility).toBeNaN();
    expect(result.summary.sharpe).toBeNaN();
    expect(result.warnings?.join('\n')).toMatch(/not annualised: the bars are irregular/);
  });
});
