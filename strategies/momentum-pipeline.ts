/**
 * zipline's momentum pipeline example: every day, rank the universe by RSI with a Pipeline,
 * hold the 3 highest long and the 3 lowest short in equal weights (1/3 each side, 2× gross),
 * and close whatever dropped out.
 *
 *   ziplime backtest strategies/momentum-pipeline.ts
 */
import {
  Pipeline, RSI, commission, dateRules, defineStrategy, slippage, timeRules,
  type Asset, type Context, type Data, type PipelineFrame,
} from 'ziplime';

type State = { today: PipelineFrame | undefined };

/** The pipeline, also runnable alone: `ziplime pipeline strategies/momentum-pipeline.ts -o rsi.csv`. */
export function makePipeline(): Pipeline {
  const rsi = new RSI();
  return new Pipeline({ columns: { longs: rsi.top(3), shorts: rsi.bottom(3) } });
}

async function rebalance(ctx: Context<Record<string, never>, State>, data: Data) {
  const frame = ctx.state.today;
  if (!frame) return;
  // The index in the demo bundle is a benchmark, not something to trade.
  const tradable = (a: Asset) => a.assetClass !== 'index';
  const longs = frame.assets.filter((a, i) => frame.columns.longs![i] === 1 && tradable(a));
  const shorts = frame.assets.filter((a, i) => frame.columns.shorts![i] === 1 && tradable(a));
  ctx.record({ universeSize: frame.assets.length });
  for (const asset of longs) await ctx.orderTargetPercent(asset, 1 / 3);
  for (const asset of shorts) await ctx.orderTargetPercent(asset, -1 / 3);
  const keep = new Set([...longs, ...shorts]);
  for (const asset of ctx.portfolio.positions.keys()) {
    if (!keep.has(asset) && data.canTrade(asset)) await ctx.orderTargetPercent(asset, 0);
  }
}

export default defineStrategy<Record<string, never>, State>({
  state: () => ({ today: undefined }),
  async initialize(ctx) {
    ctx.attachPipeline(makePipeline(), 'my_pipeline');
    ctx.scheduleFunction(rebalance, dateRules.everyDay(), timeRules.marketOpen());
    ctx.setCommission(commission.perShare({ cost: 0.0075, minTradeCost: 1 }));
    ctx.setSlippage(slippage.volumeShare());
  },
  async beforeTradingStart(ctx) {
    ctx.state.today = await ctx.pipelineOutput('my_pipeline');
  },
});
