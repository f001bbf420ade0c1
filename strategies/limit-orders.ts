/**
 * Limit orders: each Monday, bid for shares 2 % below the last close; sell them with a limit
 * order 5 % above what they cost. Unfilled orders are cancelled at the end of each day.
 *
 *   ziplime backtest strategies/limit-orders.ts --param discount=0.03
 */
import { cancelPolicy, dateRules, defineStrategy, limit, timeRules, z, type Asset, type Context, type Data } from 'ziplime';

const params = z.object({
  symbol: z.string().default('MSFT'),
  discount: z.number().min(0).max(0.5).default(0.02),
  profit: z.number().positive().default(0.05),
  shares: z.number().int().positive().default(50),
});
type Params = z.infer<typeof params>;
type State = { asset: Asset | undefined };

/** Prices are rounded to the cent, as an exchange would require. */
const cents = (x: number) => Math.round(x * 100) / 100;

async function placeBid(ctx: Context<Params, State>, data: Data) {
  const asset = ctx.state.asset!;
  if (ctx.portfolio.positions.has(asset) || !data.canTrade(asset)) return;
  const last = await data.current(asset, 'price');
  // A limit buy fills only at this price or lower (checked against each bar's low).
  await ctx.order(asset, ctx.params.shares, limit(cents(last * (1 - ctx.params.discount))));
}

export default defineStrategy<Params, State>({
  params,
  state: () => ({ asset: undefined }),
  async initialize(ctx) {
    ctx.state.asset = await ctx.symbol(ctx.params.symbol);
    ctx.setCancelPolicy(cancelPolicy.eod());
    ctx.scheduleFunction(placeBid, dateRules.weekStart(), timeRules.marketOpen());
  },
  async handleData(ctx) {
    const asset = ctx.state.asset!;
    const position = ctx.portfolio.positions.get(asset);
    if (!position || (await ctx.getOpenOrders(asset)).length > 0) return;
    // A limit sell fills only at this price or higher (checked against each bar's high).
    await ctx.order(asset, -position.amount, limit(cents(position.costBasis * (1 + ctx.params.profit))));
  },
});
