import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../src/calendar/index.js';
import { isoUtc } from '../../../src/core/time.js';
import type { Bar } from '../../../src/model/bar.js';
import { backtestReader } from '../../../src/runtime/backtest-reader.js';
import { defineStrategy } from '../../../src/strategy/define.js';
import { commission, slippage } from '../../../src/strategy/models.js';
import { dateRules, timeRules } from '../../../src/strategy/rules.js';
import { MemoryBundleReader, testAsset } from '../../helpers/memory-bundle.js';

const cal = getCalendar('XNYS');
const day = '2024-01-03';
const i = cal.sessionIndex(day);
const A = testAsset(1, 'AAA', day, day);
// minute k (0-based) of the session: every price is 100 + k
const minutes: Bar[] = Array.from(cal.sessionMinutes(i), (ts, k) => ({ sid: 1, ts, open: 100 + k, high: 100 + k, low: 100 + k, close: 100 + k, volume: 1e6 }));

describe('minute mode', () => {
  it('runs handleData every minute, time rules to the minute, fills on the next minute', async () => {
    const calls: string[] = [];
    let bars = 0;
    const reader = new MemoryBundleReader({ assets: [A], minute: minutes });
    const { result, error } = await backtestReader({
      reader, capital: 10_000, frequency: 'minute', fill: 'next-close', benchmark: 'none', logger: pino({ level: 'silent' }),
      strategy: {
        name: 'minute', params: {},
        definition: defineStrategy({
          initialize(ctx) {
            ctx.setCommission(commission.none());
            ctx.setSlippage(slippage.none());
            ctx.scheduleFunction(async (c, data) => {
              calls.push(`open+30 ${c.now.toISOString()} ${await data.current(A, 'close')}`);
              await c.order(A, 10);
            }, dateRules.everyDay(), timeRules.marketOpen({ minutes: 30 }));
            ctx.scheduleFunction((c) => { calls.push(`close-15 ${c.now.toISOString()}`); }, dateRules.everyDay(), timeRules.marketClose({ minutes: 15 }));
          },
          handleData() { bars++; },
        }),
      },
    });
    expect(error).toBeNull();
    expect(bars).toBe(390);
    // 9:30 + 30 min = 10:00 ET = 15:00Z; that bar is minute 29 (9:59–10:00), close 129
    expect(calls).toEqual(['open+30 2024-01-03T15:00:00.000Z 129', 'close-15 2024-01-03T20:45:00.000Z']);
    expect(result.transactions).toEqual([{ dt: isoUtc(Date.parse('2024-01-03T15:01:00Z')), symbol: 'AAA', sid: 1, amount: 10, price: 130, commission: 0, orderId: 'minute-1' }]);
    // marked at the last close 489: 10000 − 1300 + 4890
    expect(result.daily).toHaveLength(1);
    expect(result.daily[0]!.portfolioValue).toBe(13_590);
  });

  it('on ALWAYS_OPEN the last minute of the day is seen and traded on its own date (23:59:59.999), next-open at its start', async () => {
    const always = getCalendar('ALWAYS_OPEN');
    const d = always.sessionIndex('2006-01-09');
    const B = testAsset(2, 'BTC', '2006-01-09', '2006-01-10');
    // the last 3 minutes of 2006-01-09 and the first of 2006-01-10; price = 10 × minute number
    const at = ['2006-01-09T23:57:00Z', '2006-01-09T23:58:00Z', '2006-01-09T23:59:00Z', '2006-01-10T00:00:00Z'];
    const bars: Bar[] = at.map((iso, k) => ({ sid: 2, ts: Date.parse(iso), open: 10 * (k + 1), high: 10 * (k + 1), low: 10 * (k + 1), close: 10 * (k + 1), volume: 1e6 }));
    const seen: string[] = [];
    const { result, error } = await backtestReader({
      reader: new MemoryBundleReader({ assets: [B], minute: bars, calendar: 'ALWAYS_OPEN' }),
      capital: 10_000, frequency: 'minute', fill: 'next-open', benchmark: 'none', logger: pino({ level: 'silent' }),
      start: '2006-01-09', end: '2006-01-10',
      strategy: {
        name: 'm', params: {},
        definition: defineStrategy({
          initialize(ctx) { ctx.setCommission(commission.none()); ctx.setSlippage(slippage.none()); },
          async handleData(ctx, data) {
            if (!(await data.canTrade(B))) return;
            const close = await data.current(B, 'close');
            seen.push(`${ctx.session} ${ctx.now.toISOString()} ${close}`);
            if (close === 20) await ctx.order(B, 1);
          },
        }),
      },
    });
    expect(error).toBeNull();
    expect(d).toBeGreaterThan(0);
    expect(seen).toEqual([
      '2006-01-09 2006-01-09T23:58:00.000Z 10',
      '2006-01-09 2006-01-09T23:59:00.000Z 20',
      '2006-01-09 2006-01-09T23:59:59.999Z 30', // the 23:59 bar, complete at the session's last instant
      '2006-01-10 2006-01-10T00:01:00.000Z 40',
    ]);
    // ordered on the 23:58 bar; fills on the next bar (23:59) at its open 30, stamped with its start
    expect(result.transactions.map((t) => [t.dt, t.price])).toEqual([['2006-01-09T23:59:00.000Z', 30]]);
    expect(result.daily.map((r) => r.date)).toEqual(['2006-01-09', '2006-01-10']);
  });
});
