import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../src/model/session-summary.js';
import { formatSessionSummary } from '../../../src/report/session-summary.js';

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
});
