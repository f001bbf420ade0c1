import { getCalendar } from '../../calendar/index.js';
import { sqlString } from '../duckdb.js';
import { stageBarColumns } from '../ingest/stage-columns.js';
import type { Stage } from '../ingest/stage.js';
import { generateDemoMarket, type DemoColumns, type DemoMarket } from './demo-market.js';
import type { IngestSource } from './source.js';

async function stageAssets(stage: Stage, market: DemoMarket): Promise<void> {
  await stage.insertAssets(market.assets);
  const symbolOf = (sid: number) => sqlString(market.assets[sid]!.symbol);
  const date = (d: string | null) => (d ? `DATE ${sqlString(d)}` : 'NULL');
  if (market.splits.length > 0) {
    await stage.conn.run(`INSERT INTO stage_splits VALUES ${market.splits.map((s) => `(${symbolOf(s.sid)}, ${date(s.effectiveDate)}, ${s.ratio})`).join(', ')}`);
  }
  if (market.dividends.length > 0) {
    await stage.conn.run(`INSERT INTO stage_dividends VALUES ${market.dividends.map((d) =>
      `(${symbolOf(d.sid)}, ${date(d.exDate)}, ${date(d.declaredDate)}, ${date(d.recordDate)}, ${date(d.payDate)}, ${d.amount})`).join(', ')}`);
  }
}

/** The `demo` source: the deterministic synthetic market, clearly labelled as such. */
export class DemoSource implements IngestSource {
  readonly description = 'demo (synthetic data)';
  /** The demo's benchmark index (known once loaded). */
  benchmark: string | undefined;

  constructor(private readonly options: { seed?: number } = {}) {}

  async load(stage: Stage): Promise<void> {
    stage.progress.file?.('demo market (synthetic)', 0, 1);
    const market = generateDemoMarket(getCalendar('XNYS'), this.options);
    this.benchmark = market.benchmark;
    await stageAssets(stage, market);
    const bySymbol = (series: readonly DemoColumns[]) => series.map((bars) => ({ symbol: market.assets[bars.sid]!.symbol, bars }));
    await stageBarColumns(stage, 'demo:daily', 'daily', bySymbol(market.daily));
    if (market.minute.length > 0) await stageBarColumns(stage, 'demo:minute', 'minute', bySymbol(market.minute));
  }
}
