import { describe, expect, it } from 'vitest';
import { StrategyError } from '../../../src/core/errors.js';
import { dateRules, timeRules } from '../../../src/strategy/rules.js';
import { commission, slippage } from '../../../src/strategy/models.js';
import { defineStrategy } from '../../../src/strategy/define.js';
import { barsOf, runDaily, sessions, testAsset } from './harness.js';

const A = testAsset(1, 'AAA', '2024-01-02', '2024-12-31');
const days = sessions('2024-01-02', 6); // Jan 2, 3, 4, 5, 8, 9
const bars = barsOf(A, days, [10, 11, 12, 13, 14, 15]);

describe('engine lifecycle', () => {
  it('calls initialize once, then per session beforeTradingStart, handleData, scheduled functions; analyze last', async () => {
    const calls: string[] = [];
    const { result, error } = await runDaily(defineStrategy({
      initialize(ctx) {
        calls.push('initialize');
        ctx.scheduleFunction((c) => { calls.push(`scheduled ${c.session}`); }, dateRules.weekStart(), timeRules.marketOpen());
      },
      async beforeTradingStart(ctx) { calls.push(`bts ${ctx.session} ${ctx.now.toISOString()}`); },
      async handleData(ctx) { calls.push(`handleData ${ctx.now.toISOString()}`); },
      async analyze(_ctx, r) { calls.push(`analyze ${r.daily.length}`); },
    }), { assets: [A], bars }, { end: '2024-01-08' });
    expect(error).toBeNull();
    expect(result.daily).toHaveLength(5);
    expect(calls).toEqual([
      'initialize',
      'bts 2024-01-02 2024-01-02T13:45:00.000Z', 'handleData 2024-01-02T21:00:00.000Z', 'scheduled 2024-01-02',
      'bts 2024-01-03 2024-01-03T13:45:00.000Z', 'handleData 2024-01-03T21:00:00.000Z',
      'bts 2024-01-04 2024-01-04T13:45:00.000Z', 'handleData 2024-01-04T21:00:00.000Z',
      'bts 2024-01-05 2024-01-05T13:45:00.000Z', 'handleData 2024-01-05T21:00:00.000Z',
      'bts 2024-01-08 2024-01-08T13:45:00.000Z', 'handleData 2024-01-08T21:00:00.000Z', 'scheduled 2024-01-08',
      'analyze 5',
    ]);
  });

  it('setters work only in initialize', async () => {
    const { error } = await runDaily(defineStrategy({
      handleData(ctx) { ctx.setCommission(commission.none()); },
    }), { assets: [A], bars });
    expect(error).toBeInstanceOf(StrategyError);
    expect(error!.message).toMatch(/setCommission\(\) can only be called in initialize/);
  });

  it('records values into the daily rows; they persist until recorded again', async () => {
    const { result } = await runDaily(defineStrategy({
      async handleData(ctx, data) { if (ctx.session <= '2024-01-03') ctx.record({ close: await data.current(A, 'close') }); },
    }), { assets: [A], bars }, { end: '2024-01-04' });
    expect(result.daily.map((d) => d.close)).toEqual([10, 11, 11]);
  });

  it('a throwing strategy stops the run with file:line and time, keeping the rows so far', async () => {
    const { result, error } = await runDaily(defineStrategy({
      initialize(ctx) { ctx.setCommission(commission.none()); ctx.setSlippage(slippage.none()); },
      async handleData(ctx) {
        if (ctx.session === '2024-01-02') await ctx.order(A, 10);
        if (ctx.session === '2024-01-04') throw new Error('boom');
      },
    }), { assets: [A], bars });
    expect(error).toBeInstanceOf(StrategyError);
    expect(error!.message).toMatch(/handleData at .*lifecycle\.test\.ts:\d+ \(simulation time 2024-01-04T21:00:00\.000Z\): Error: boom/);
    expect(result.daily.map((d) => d.date)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
    // bought 10 at 11 on Jan 3; Jan 4 marked at 12: 10000 − 110 + 120
    expect(result.daily[2]!.portfolioValue).toBe(10_010);
    expect(result.transactions).toHaveLength(1);
  });
});
