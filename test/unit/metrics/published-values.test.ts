import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dailyReturns, drawdownSeries, maxDrawdown, sharpe } from '../../../src/metrics/index.js';
import { sharedData } from '../../helpers/shared-data.js';
import { describeWith, needs } from '../../helpers/requires.js';

function csvColumn(file: string, column: string, rows?: number): number[] {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const col = lines[0]!.split(',').indexOf(column);
  return lines.slice(1, rows === undefined ? undefined : rows + 1).map((l) => Number(l.split(',')[col]));
}

const IGE = 'pyalgotrade/sharpe-ratio-test-ige.csv';
describeWith([needs.sharedData(IGE)], 'PyAlgoTrade Sharpe ratio (sharpe_analyzer_test, IGE buy and hold)', () => {
  it('reproduces 0.7889 with a 4 % annual risk-free rate', () => {
    // PyAlgoTrade buys one IGE share at the first adjusted close (42.09) with 42.09 cash and sells at the
    // last; its Sharpe is mean(r − 0.04/252) / std(r, ddof=1) · √252 over daily returns, the first day 0.
    const adjClose = csvColumn(sharedData(IGE), 'Adj Close');
    const returns = dailyReturns(adjClose, 42.09);
    expect(returns[0]).toBe(0);
    expect(Math.round(sharpe(returns, 0.04 / 252) * 1e4) / 1e4).toBe(0.7889);
  });
});

const FFN = 'ffn/test_data.csv';
describeWith([needs.sharedData(FFN)], 'ffn max drawdown (tests: first 10 rows of test_data.csv)', () => {
  it('matches AAPL −0.086, MSFT −0.048, C −0.033 and the AAPL drawdown series', () => {
    const mdd = (col: string) => {
      const px = csvColumn(sharedData(FFN), col, 10);
      return maxDrawdown(dailyReturns(px, px[0]!));
    };
    expect(mdd('AAPL')).toBeCloseTo(-0.086, 3);
    expect(mdd('MSFT')).toBeCloseTo(-0.048, 3);
    expect(mdd('C')).toBeCloseTo(-0.033, 3);
    const aapl = csvColumn(sharedData(FFN), 'AAPL', 10);
    const dd = drawdownSeries(dailyReturns(aapl, aapl[0]!));
    expect(dd[0]).toBe(0);
    expect(dd[1]).toBeCloseTo(-0.019, 3);
    expect(dd[9]).toBeCloseTo(-0.086, 3);
  });
});
