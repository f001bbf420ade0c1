/**
 * Buy and hold: put all the cash into one stock on the first day and keep it.
 *
 *   ziplime backtest strategies/buy-and-hold.ts --param symbol=MSFT
 */
import { defineStrategy, z, type Asset } from 'ziplime';

export default defineStrategy({
  // Parameters can be changed from the command line with --param name=value.
  params: z.object({ symbol: z.string().default('AAPL') }),
  // The strategy's own memory, kept between calls.
  state: () => ({ asset: undefined as Asset | undefined }),

  // Runs once, before the first trading day.
  async initialize(ctx) {
    ctx.state.asset = await ctx.symbol(ctx.params.symbol);
  },

  // Runs once per bar (here: once per day, at the close).
  async handleData(ctx, data) {
    const asset = ctx.state.asset!;
    // Buy only while we hold nothing and no buy order is still waiting to fill.
    if (ctx.portfolio.positions.has(asset) || (await ctx.getOpenOrders(asset)).length > 0) return;
    if (!data.canTrade(asset)) return;
    // Invest 100 % of the portfolio; the order fills at the next bar.
    await ctx.orderTargetPercent(asset, 1);
  },
});
