/**
 * Crypto momentum: every bar, hold the pair with the best return over the last `lookback` days
 * (or minutes, with `bar` 1m) when that return is positive, otherwise stay in USDT. Amounts are
 * rounded down to the exchange's `step` (0.00001 on Binance spot), fees are maker/taker (market
 * orders pay taker).
 *
 *   ziplime ingest --source demo-crypto
 *   ziplime backtest strategies/crypto-momentum.ts --bundle demo-crypto --start 2024-03-01 --end 2024-12-31 --benchmark none
 *   ziplime backtest strategies/crypto-momentum.ts --bundle demo-crypto --start 2024-12-26 --end 2024-12-26 --frequency minute \
 *     --param bar=1m --param lookback=30 --benchmark none
 */
import { commission, defineStrategy, z, type Asset, type Context, type Data } from 'ziplime';

const params = z.object({
  symbols: z.array(z.string()).default(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']),
  lookback: z.number().int().min(1).default(20),
  /** Bars of the lookback: days, or minutes (for minute runs: `--frequency minute --param bar=1m`). */
  bar: z.enum(['1d', '1m']).default('1d'),
  /** Fraction of the portfolio invested (the rest pays fees and rounding). */
  invest: z.number().gt(0).max(1).default(0.95),
  step: z.number().positive().default(0.00001),
  maker: z.number().min(0).default(0.001),
  taker: z.number().min(0).default(0.001),
});
type Params = z.infer<typeof params>;
type State = { universe: Asset[] };

/** The pair with the best positive `lookback`-day return, or null. */
async function leader(ctx: Context<Params, State>, data: Data): Promise<Asset | null> {
  let best: Asset | null = null;
  let bestReturn = 0;
  for (const asset of ctx.state.universe) {
    if (!data.canTrade(asset)) continue;
    const closes = await data.history(asset, 'price', ctx.params.lookback + 1, ctx.params.bar);
    const r = closes.at(-1)! / closes[0]! - 1;
    if (Number.isFinite(r) && r > bestReturn) [best, bestReturn] = [asset, r];
  }
  return best;
}

export default defineStrategy<Params, State>({
  params,
  state: () => ({ universe: [] }),
  async initialize(ctx) {
    ctx.state.universe = await ctx.symbols(...ctx.params.symbols);
    ctx.setCommission(commission.makerTaker({ maker: ctx.params.maker, taker: ctx.params.taker }));
  },
  async handleData(ctx, data) {
    if ((await ctx.getOpenOrders()).length > 0) return; // wait for the last switch to fill
    const best = await leader(ctx, data);
    const held = [...ctx.portfolio.positions.entries()].filter(([, p]) => p.amount !== 0);
    // Sell what is not the leader first; buy the leader once flat (its cash is then there).
    for (const [asset, p] of held) if (asset !== best) await ctx.order(asset, -p.amount);
    if (best === null || held.length > 0) return;
    const price = await data.current(best, 'price');
    const amount = Math.floor((ctx.portfolio.portfolioValue * ctx.params.invest) / price / ctx.params.step) * ctx.params.step;
    if (amount > 0) await ctx.order(best, Number(amount.toFixed(10)));
    ctx.record({ leader: ctx.state.universe.indexOf(best) });
  },
});
