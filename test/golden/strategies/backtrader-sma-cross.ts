/**
 * backtrader's SMA crossover test strategy (DESIGN.md §9): buy `stake` shares when the close
 * crosses above SMA(period), close the position when it crosses below, one order pending at a
 * time. backtrader's CrossOver compares the sign of `close − SMA` with its last non-zero value.
 */
import { commission, defineStrategy, slippage, z, type Asset } from 'ziplime';

const mean = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / xs.length;

export default defineStrategy({
  params: z.object({ symbol: z.string(), period: z.number().int().default(15), stake: z.number().int().default(1) }),
  state: () => ({ asset: undefined as Asset | undefined, lastNonZero: NaN }),
  async initialize(ctx) {
    ctx.state.asset = await ctx.symbol(ctx.params.symbol);
    ctx.setCommission(commission.none());
    ctx.setSlippage(slippage.none());
  },
  async handleData(ctx, data) {
    const asset = ctx.state.asset!;
    const [closes, open] = await Promise.all([data.history(asset, 'close', ctx.params.period), ctx.getOpenOrders(asset)]);
    const diff = closes.at(-1)! - mean(closes);
    if (Number.isNaN(diff)) return;
    const before = ctx.state.lastNonZero;
    if (diff !== 0 || Number.isNaN(before)) ctx.state.lastNonZero = diff;
    const cross = before < 0 && diff > 0 ? 1 : before > 0 && diff < 0 ? -1 : 0;
    if (open.length > 0) return;
    const held = ctx.portfolio.positions.get(asset)?.amount ?? 0;
    if (held === 0 && cross > 0) await ctx.order(asset, ctx.params.stake);
    else if (held !== 0 && cross < 0) await ctx.orderTarget(asset, 0);
  },
});
