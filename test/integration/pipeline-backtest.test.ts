/**
 * A backtest with an attached pipeline: `ctx.pipelineOutput` in beforeTradingStart gives each
 * session the previous close, adjusted for a split from its effective session on, and a 3-day
 * mean of such closes — worked out by hand from the bars below.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AllPresent, EquityPricing, Pipeline, SimpleMovingAverage } from '../../src/pipeline/index.js';
import { backtestReader } from '../../src/runtime/backtest-reader.js';
import { defineStrategy } from '../../src/strategy/define.js';
import { MemoryBundleReader, dailyBar, testAsset } from '../helpers/memory-bundle.js';

const DAYS = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10'];
const A_CLOSE = [10, 12, 14, 16, 9, 10, 11]; // 2-for-1 split effective 2024-01-08
const B_CLOSE = [50, 51, 52, 53, 54, 55, 56];

describe('ctx.attachPipeline / ctx.pipelineOutput in a backtest', () => {
  it('gives each session values from data up to the previous close, split-adjusted point in time', async () => {
    const A = testAsset(1, 'A', '2024-01-02', '2024-01-10');
    const B = testAsset(2, 'B', '2024-01-02', '2024-01-10');
    const reader = new MemoryBundleReader({
      assets: [A, B],
      daily: DAYS.flatMap((d, i) => [dailyBar(1, d, A_CLOSE[i]!, A_CLOSE[i]!), dailyBar(2, d, B_CLOSE[i]!, B_CLOSE[i]!)]),
      splits: [{ sid: 1, effectiveDate: '2024-01-08', ratio: 2 }],
    });
    const seen: Record<string, { symbols: string[]; last: number[]; mean: number[] }> = {};
    const definition = defineStrategy({
      async initialize(ctx) {
        const mean = new SimpleMovingAverage({ inputs: [EquityPricing.close], windowLength: 3 });
        ctx.attachPipeline(new Pipeline({ columns: { last: EquityPricing.close.latest, mean }, screen: new AllPresent({ inputs: [EquityPricing.close], windowLength: 3 }) }), 'p');
      },
      async beforeTradingStart(ctx) {
        const f = await ctx.pipelineOutput('p');
        seen[ctx.session] = { symbols: f.assets.map((a) => a.symbol), last: [...f.columns.last!], mean: [...f.columns.mean!] };
      },
    });
    await backtestReader({
      reader, strategy: { definition, params: {}, name: 't' }, capital: 1000, frequency: 'daily', fill: 'next-close', benchmark: 'none',
      logger: pino({ level: 'silent' }),
    });
    // 2024-01-05: closes of 01-02…01-04
    expect(seen['2024-01-05']).toEqual({ symbols: ['A', 'B'], last: [14, 52], mean: [12, 51] });
    // 2024-01-08 (split effective): A's earlier closes halved: 6, 7, 8
    expect(seen['2024-01-08']).toEqual({ symbols: ['A', 'B'], last: [8, 53], mean: [7, 52] });
    // 2024-01-10: 01-05 (8 adjusted), 9, 10
    expect(seen['2024-01-10']!.mean[0]).toBeCloseTo(9, 12);
    expect(seen['2024-01-10']!.last).toEqual([10, 55]);
    // the screen drops sessions whose window is not full yet (there are no bars before 2024-01-02)
    expect(seen['2024-01-04']!.symbols).toEqual([]);
  });
});
