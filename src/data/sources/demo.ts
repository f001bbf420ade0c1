import { DOUBLE, DuckDBDataChunk, INTEGER, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { getCalendar } from '../../calendar/index.js';
import type { Frequency } from '../../model/bar.js';
import { sqlString } from '../duckdb.js';
import type { Stage } from '../ingest/stage.js';
import { generateDemoMarket, type DemoColumns, type DemoMarket } from './demo-market.js';
import type { IngestSource } from './source.js';

const CHUNK_ROWS = 2048;
const COLUMN_TYPES = [INTEGER, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE];

/** Appends bar columns to a `(sid, ts, open, high, low, close, volume)` table in vector-sized data chunks. */
function appendColumns(appender: DuckDBAppender, series: readonly DemoColumns[]): void {
  for (const s of series) {
    const fields = [s.ts, s.open, s.high, s.low, s.close, s.volume];
    for (let start = 0; start < s.ts.length; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, s.ts.length - start);
      const chunk = DuckDBDataChunk.create(COLUMN_TYPES, n);
      const sid = chunk.getColumnVector(0);
      for (let i = 0; i < n; i++) sid.setItem(i, s.sid);
      sid.flush();
      fields.forEach((values, c) => {
        const vector = chunk.getColumnVector(c + 1);
        for (let i = 0; i < n; i++) vector.setItem(i, values[start + i]!);
        vector.flush();
      });
      appender.appendDataChunk(chunk);
    }
  }
  appender.flushSync();
}

async function stageSeries(stage: Stage, frequency: Frequency, series: readonly DemoColumns[]): Promise<void> {
  const conn: DuckDBConnection = stage.conn;
  const fileId = stage.addFile(`demo:${frequency}`, frequency).id;
  await conn.run('CREATE OR REPLACE TEMP TABLE demo_bars (sid INTEGER, ts DOUBLE, open DOUBLE, high DOUBLE, low DOUBLE, "close" DOUBLE, volume DOUBLE)');
  const appender = await conn.createAppender('demo_bars', 'main', 'temp');
  appendColumns(appender, series);
  appender.closeSync();
  // Daily ts is midnight UTC of the session: read it as the session date in the ingest zone.
  const micros = 'make_timestamp((b.ts * 1000)::BIGINT)';
  const ts = frequency === 'daily' ? `timezone(${sqlString(stage.tz)}, ${micros})` : `timezone('UTC', ${micros})`;
  await stage.insertBars(`SELECT ${fileId} AS file_id, a.symbol, ${ts} AS ts,
    b.open, b.high, b.low, b."close", b.volume FROM demo_bars b JOIN stage_assets a USING (sid)`);
  await conn.run('DROP TABLE demo_bars');
}

async function stageAssets(stage: Stage, market: DemoMarket): Promise<void> {
  const values = market.assets.map((a) => `(${a.sid}, ${sqlString(a.symbol)}, ${sqlString(a.name)}, ${sqlString(a.exchange)}, ${sqlString(a.assetClass)}, ${a.fractionable})`);
  await stage.conn.run(`INSERT INTO stage_assets (sid, symbol, name, exchange, asset_class, fractionable) VALUES ${values.join(', ')}`);
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
    await stageSeries(stage, 'daily', market.daily);
    if (market.minute.length > 0) await stageSeries(stage, 'minute', market.minute);
  }
}
