/**
 * Cross-sectional momentum: once a month, rank a basket of stocks by their return over the last
 * `lookback` days and hold the `top` best ones in equal weights.
 *
 *   ziplime backtest strategies/momentum-rebalance.ts --param top=2 --param lookback=63
 */
import { dateRules, defineStrategy, timeRules, z, type Asset, type Context, type Data } from 'ziplime';

const params = z.object({
  symbols: z.array(z.string()).default(['AAPL', 'MSFT', 'AMZN', 'GOOG', 'JPM', 'XOM', 'JNJ', 'KO', 'PG', 'WMT', 'INTC']),
  lookback: z.number().int().min(2).default(126),
  top: z.number().int().positive().default(3),
});
type Params = z.infer<typeof params>;
type State = { universe: Asset[] };

async function rebalance(ctx: Context<Params, State>, data: Data) {
  const universe = ctx.state.universe.filter((a) => data.canTrade(a));
  // One history request per stock, all in flight at once (in live trading: parallel requests).
  const histories = await Promise.all(universe.map((a) => data.history(a, 'price', ctx.params.lookback)));
  const scored = universe
    .map((asset, i) => ({ asset, momentum: histories[i]!.at(-1)! / histories[i]![0]! - 1 }))
    .filter((s) => Number.isFinite(s.momentum))
    .sort((a, b) => b.momentum - a.momentum);
  const winners = new Set(scored.slice(0, ctx.params.top).map((s) => s.asset));
  // Sell the losers first so their cash is there for the winners, then buy in equal weights.
  for (const asset of ctx.portfolio.positions.keys()) if (!winners.has(asset)) await ctx.orderTargetPercent(asset, 0);
  for (const asset of winners) await ctx.orderTargetPercent(asset, 0.98 / winners.size);
  ctx.record({ holdings: winners.size });
}

export default defineStrategy<Params, State>({
  params,
  state: () => ({ universe: [] }),
  async initialize(ctx) {
    ctx.state.universe = await ctx.symbols(...ctx.params.symbols);
    // The first trading day of each month, one hour after the open.
    ctx.scheduleFunction(rebalance, dateRules.monthStart(), timeRules.marketOpen({ hours: 1 }));
  },
});
