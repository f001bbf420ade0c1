/**
 * zipline's classic dual moving average example, with plain named exports instead of
 * defineStrategy: hold 100 shares while the 100-day average is above the 300-day average.
 *
 *   ziplime backtest strategies/dual-moving-average.ts -s 2010-01-04 -e 2015-12-31
 */
import type { Asset, Context, Data, RunResult } from 'ziplime';

type State = { asset?: Asset; invested?: boolean };

const mean = (xs: Float64Array) => {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return sum / xs.length;
};

export async function initialize(ctx: Context<Record<string, never>, State>) {
  ctx.state.asset = await ctx.symbol('AAPL');
  ctx.state.invested = false;
}

export async function handleData(ctx: Context<Record<string, never>, State>, data: Data) {
  const asset = ctx.state.asset!;
  const [short, long] = await Promise.all([data.history(asset, 'price', 100), data.history(asset, 'price', 300)]);
  const shortMavg = mean(short), longMavg = mean(long);
  if (Number.isNaN(longMavg)) return; // the first 300 days
  // Buy when the short average crosses above the long one, sell when it crosses back.
  if (shortMavg > longMavg && !ctx.state.invested) {
    await ctx.orderTarget(asset, 100);
    ctx.state.invested = true;
  } else if (shortMavg < longMavg && ctx.state.invested) {
    await ctx.orderTarget(asset, 0);
    ctx.state.invested = false;
  }
  ctx.record({ shortMavg, longMavg, price: await data.current(asset, 'price') });
}

/** Runs once at the end with the full results. */
export function analyze(ctx: Context<Record<string, never>, State>, results: RunResult) {
  ctx.log.info({ trades: results.transactions.length, endingValue: results.summary.endingValue }, 'dual moving average done');
}
