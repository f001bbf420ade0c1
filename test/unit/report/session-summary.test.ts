import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../src/model/session-summary.js';
import { formatSessionSummary, quantity } from '../../../src/report/session-summary.js';

const summary = (staleBars: number, lateBars: number): SessionSummary => ({
  mode: 'live', strategy: 'sma', broker: 'alpaca 127.0.0.1', account: 'PA1', runId: 'sma-1.1', journal: '/tmp/j.jsonl', stoppedBy: 'clock ended',
  from: Date.parse('2024-10-01T13:31:00Z'), to: Date.parse('2024-10-01T20:00:00Z'), sessions: 1,
  orders: { placed: 2, filled: 2, cancelled: 0, rejected: 0, open: 0 }, onExit: 'cancel', fills: 2,
  positions: [{ symbol: 'AAA', amount: 10, price: 101.5 }], startingCash: 100_000, cash: 98_985, equity: 100_000,
  reconnects: 0, differences: 0, staleBars, lateBars,
});

describe('the session summary table', () => {
  it('counts minutes handed out stale and bars that came after their minute', () => {
    const text = formatSessionSummary(summary(3, 2));
    expect(text).toMatch(/minutes with late bars\s*│\s*3 \(bars arrived after the grace; raise --bar-grace\)/);
    expect(text).toMatch(/bars after their minute\s*│\s*2 \(stored; traded on at the next minute\)/);
    const quiet = formatSessionSummary(summary(0, 0));
    expect(quiet).toMatch(/bars after their minute\s*│\s*0\s/);
  });

  it('shows position quantities without the float noise of summed partial fills', () => {
    // 0.1 + 0.2 = 0.30000000000000004 and 949.24864 built from partial fills as 949.2486400000001
    const noisy = { ...summary(0, 0), positions: [{ symbol: 'AAA', amount: 949.2486400000001, price: 101.5 }, { symbol: 'BTC/USDT', amount: 0.1 + 0.2, price: 60_000 }] };
    const text = formatSessionSummary(noisy);
    expect(text).toMatch(/AAA 949\.24864 @ 101\.50/);
    expect(text).toMatch(/BTC\/USDT 0\.3 @ 60,000\.00/);
    expect(text).not.toMatch(/0000000/);
    expect(noisy.positions[0]!.amount).toBe(949.2486400000001);
    // real quantities keep every digit: 8-decimal coin amounts, whole and negative share counts
    expect([quantity(0.00012345), quantity(1234.12345678), quantity(-150), quantity(21_000_000)]).toEqual(['0.00012345', '1234.12345678', '-150', '21000000']);
  });
});
