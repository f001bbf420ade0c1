/**
 * Moving-average crossover on one stock: hold it while the fast average of closing prices is
 * above the slow one, hold cash otherwise. Once a month it also logs the portfolio value.
 *
 *   ziplime backtest strategies/sma-cross.ts --param fast=20 --param slow=50
 */
import { commission, dateRules, defineStrategy, timeRules, z, type Asset, type Context, type Data } from 'ziplime';

const params = z.object({
  symbol: z.string().default('AAPL'),
  fast: z.number().int().positive().default(10),
  slow: z.number().int().positive().default(30),
});
type Params = z.infer<typeof params>;
type State = { asset: Asset | undefined };

/** Average of an array of prices. */
const mean = (xs: Float64Array) => {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return sum / xs.length;
};

/** A scheduled function gets the same `ctx` and `data` as handleData (shown with --log-level debug). */
async function monthlyReport(ctx: Context<Params, State>, _data: Data) {
  ctx.log.debug({ value: Math.round(ctx.portfolio.portfolioValue) }, 'portfolio value at the start of the month');
}

export default defineStrategy<Params, State>({
  params,
  state: () => ({ asset: undefined }),

  async initialize(ctx) {
    ctx.state.asset = await ctx.symbol(ctx.params.symbol);
    // Interactive Brokers-like costs: $0.0075 per share, at least $1 per order.
    ctx.setCommission(commission.perShare({ cost: 0.0075, minTradeCost: 1 }));
    // Run `monthlyReport` on the first trading day of each month, 30 minutes after the open.
    ctx.scheduleFunction(monthlyReport, dateRules.monthStart(), timeRules.marketOpen({ minutes: 30 }));
  },

  async handleData(ctx, data) {
    const asset = ctx.state.asset!;
    // Both history requests run at the same time; each returns the last N closes, today included.
    const [fast, slow] = await Promise.all([
      data.history(asset, 'close', ctx.params.fast),
      data.history(asset, 'close', ctx.params.slow),
    ]);
    const fastMean = mean(fast), slowMean = mean(slow);
    if (Number.isNaN(slowMean)) return; // not enough history yet
    // orderTargetPercent buys or sells whatever it takes to reach the target weight.
    if (fastMean > slowMean) await ctx.orderTargetPercent(asset, 1);
    else await ctx.orderTargetPercent(asset, 0);
    // Recorded values become columns of the daily results.
    ctx.record({ fast: fastMean, slow: slowMean });
  },
});
