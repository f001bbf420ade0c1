import type { DuckDBAppender } from '@duckdb/node-api';
import type { BarColumns, Frequency } from '../../model/bar.js';
import { duckdb, sqlString } from '../duckdb.js';
import type { Stage } from './stage.js';

/** One symbol's bars as columns (`ts` as `Bar.ts`: epoch ms, daily = midnight UTC of the session). */
export interface SymbolColumns {
  readonly symbol: string;
  readonly bars: BarColumns;
}

const CHUNK_ROWS = 2048;
const { DOUBLE, VARCHAR } = duckdb;
const COLUMN_TYPES = [VARCHAR, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE];

/** Appends bar columns to a `(symbol, ts, open, high, low, close, volume)` table in vector-sized data chunks. */
function appendColumns(appender: DuckDBAppender, series: readonly SymbolColumns[]): void {
  for (const { symbol, bars } of series) {
    const fields = [bars.ts, bars.open, bars.high, bars.low, bars.close, bars.volume];
    for (let start = 0; start < bars.ts.length; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, bars.ts.length - start);
      const chunk = duckdb.DuckDBDataChunk.create(COLUMN_TYPES, n);
      const sym = chunk.getColumnVector(0);
      for (let i = 0; i < n; i++) sym.setItem(i, symbol);
      sym.flush();
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

/**
 * Stages bars held in memory (generated or downloaded) as one file of `stage_rows` named
 * `path`: appended column-wise, then converted in SQL. A daily `ts` (midnight UTC of the
 * session) becomes the session date's midnight in the ingest zone; a minute `ts` is an instant.
 * Returns the number of rows staged.
 */
export async function stageBarColumns(stage: Stage, path: string, frequency: Frequency, series: readonly SymbolColumns[]): Promise<number> {
  const fileId = stage.addFile(path, frequency).id;
  await stage.conn.run('CREATE OR REPLACE TEMP TABLE memory_bars (symbol VARCHAR, ts DOUBLE, open DOUBLE, high DOUBLE, low DOUBLE, "close" DOUBLE, volume DOUBLE)');
  const appender = await stage.conn.createAppender('memory_bars', 'main', 'temp');
  try {
    appendColumns(appender, series);
  } finally {
    appender.closeSync();
  }
  const micros = 'make_timestamp((b.ts * 1000)::BIGINT)';
  const ts = frequency === 'daily' ? `timezone(${sqlString(stage.tz)}, ${micros})` : `timezone('UTC', ${micros})`;
  const rows = await stage.insertBars(`SELECT ${fileId} AS file_id, b.symbol, ${ts} AS ts, b.open, b.high, b.low, b."close", b.volume FROM memory_bars b`);
  await stage.conn.run('DROP TABLE memory_bars');
  return rows;
}
