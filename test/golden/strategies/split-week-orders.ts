/**
 * Orders around the 2006-01-10 CERN 2:1 split of zipline's example data: on 2006-01-06 a market
 * order for 10 and a limit buy for 10 at 95; on 2006-01-09 a market order for 10. No commission
 * or slippage, so the fills are the bars' prices.
 */
import { commission, defineStrategy, limit, slippage, z } from 'ziplime';

export default defineStrategy({
  params: z.object({ symbol: z.string().default('CERN') }),
  async initialize(ctx) {
    ctx.setCommission(commission.none());
    ctx.setSlippage(slippage.none());
  },
  async handleData(ctx) {
    const asset = await ctx.symbol(ctx.params.symbol);
    if (ctx.session === '2006-01-06') {
      await ctx.order(asset, 10);
      await ctx.order(asset, 10, limit(95));
    }
    if (ctx.session === '2006-01-09') await ctx.order(asset, 10);
  },
});
