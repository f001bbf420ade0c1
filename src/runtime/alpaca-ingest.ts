import { DOUBLE, DuckDBDataChunk, VARCHAR } from '@duckdb/node-api';
import { createAlpacaRest, type AlpacaRestOptions } from '../adapters/alpaca/client.js';
import { resolveAlpacaConfig, type AlpacaConfig } from '../adapters/alpaca/config.js';
import { fetchBars, type HistoricalBarsRequest } from '../adapters/alpaca/historical.js';
import type { Adjustment } from '../adapters/alpaca/wire/market-data.js';
import { UsageError } from '../core/errors.js';
import { isDayString } from '../core/time.js';
import type { BarColumns } from '../model/bar.js';
import { sqlString } from '../data/duckdb.js';
import type { Stage } from '../data/ingest/stage.js';
import { registerSource, type IngestSource, type SourceOptions } from '../data/sources/index.js';

/** What `--source alpaca` ingests. */
export interface AlpacaIngestOptions {
  readonly symbols: readonly string[];
  readonly timeframe: '1Day' | '1Min';
  /** `YYYY-MM-DD`, inclusive. */
  readonly start: string;
  readonly end: string;
  readonly adjustment: Adjustment;
  /** Bars per page (default: Alpaca's maximum, 10 000). */
  readonly pageSize?: number;
  /** Default: from `APCA_API_*` in the environment. */
  readonly config?: AlpacaConfig;
  readonly rest?: AlpacaRestOptions;
}

const ADJUSTMENTS: readonly Adjustment[] = ['raw', 'split', 'dividend', 'all'];

/**
 * `--source alpaca` options from `ziplime ingest` (`--symbols A,B --start D --end D
 * --timeframe 1Day|1Min [--adjustment raw]`, passed as the source's extra options).
 */
export function alpacaIngestOptions(extra: SourceOptions['extra'] = {}): AlpacaIngestOptions {
  const symbols = (extra.symbols ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (symbols.length === 0) throw new UsageError('--source alpaca needs --symbols, e.g. --symbols AAPL,MSFT');
  for (const flag of ['start', 'end'] as const) {
    if (!extra[flag] || !isDayString(extra[flag]!)) throw new UsageError(`--source alpaca needs --${flag} YYYY-MM-DD`);
  }
  if (extra.start! > extra.end!) throw new UsageError(`--start ${extra.start} is after --end ${extra.end}`);
  const timeframe = extra.timeframe ?? '1Day';
  if (timeframe !== '1Day' && timeframe !== '1Min') throw new UsageError(`--timeframe ${timeframe}: use 1Day or 1Min`);
  const adjustment = (extra.adjustment ?? 'raw') as Adjustment;
  if (!ADJUSTMENTS.includes(adjustment)) throw new UsageError(`--adjustment ${adjustment}: use ${ADJUSTMENTS.join(', ')}`);
  return { symbols, timeframe, start: extra.start!, end: extra.end!, adjustment };
}

const CHUNK_ROWS = 2048;

/** Stages one symbol's bars (ts as epoch ms) in the temp table `alpaca_bars`. */
async function appendSymbol(stage: Stage, symbol: string, cols: BarColumns): Promise<void> {
  const appender = await stage.conn.createAppender('alpaca_bars', 'main', 'temp');
  const fields = [cols.ts, cols.open, cols.high, cols.low, cols.close, cols.volume];
  for (let start = 0; start < cols.ts.length; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, cols.ts.length - start);
    const chunk = DuckDBDataChunk.create([VARCHAR, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE], n);
    const sym = chunk.getColumnVector(0);
    for (let i = 0; i < n; i++) sym.setItem(i, symbol);
    sym.flush();
    fields.forEach((values, c) => {
      const v = chunk.getColumnVector(c + 1);
      for (let i = 0; i < n; i++) v.setItem(i, values[start + i]!);
      v.flush();
    });
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
}

/**
 * Historical bars from Alpaca's market-data REST API (paged, rate-limited; any Alpaca-compatible
 * host such as `ziplime sim`), with asset names and fractionability from the trading API.
 */
export class AlpacaIngestSource implements IngestSource {
  readonly description: string;

  constructor(private readonly options: AlpacaIngestOptions) {
    const o = options;
    this.description = `alpaca ${o.symbols.join(',')} ${o.timeframe} ${o.start}…${o.end} (${o.adjustment})`;
  }

  async load(stage: Stage): Promise<void> {
    const config = this.options.config ?? resolveAlpacaConfig();
    const rest = createAlpacaRest(config, this.options.rest);
    const request: HistoricalBarsRequest = { ...this.options, symbols: [...this.options.symbols] };
    stage.progress.file?.(`${config.dataUrl} ${this.options.symbols.join(',')}`, 0, 1);
    const [bars, assets] = await Promise.all([
      fetchBars(request, { marketData: rest.marketData }),
      Promise.all(this.options.symbols.map((s) => rest.trading.getAsset(s).catch(() => undefined))),
    ]);
    const found = this.options.symbols.filter((s) => bars.has(s));
    if (found.length === 0) throw new UsageError(`Alpaca returned no bars for ${this.options.symbols.join(',')} between ${this.options.start} and ${this.options.end}; check the symbols and dates`);
    const wire = new Map(assets.flatMap((a) => (a ? [[a.symbol.toUpperCase(), a] as const] : [])));
    const rows = found.map((symbol, sid) => {
      const a = wire.get(symbol);
      return `(${sid}, ${sqlString(symbol)}, ${sqlString(a?.name ?? symbol)}, ${sqlString(a?.exchange ?? 'ALPACA')}, 'equity', ${a?.fractionable ? 'true' : 'false'})`;
    });
    await stage.conn.run(`INSERT INTO stage_assets (sid, symbol, name, exchange, asset_class, fractionable) VALUES ${rows.join(', ')}`);
    const daily = this.options.timeframe === '1Day';
    const fileId = stage.addFile(`alpaca:${this.options.timeframe}`, daily ? 'daily' : 'minute').id;
    await stage.conn.run('CREATE OR REPLACE TEMP TABLE alpaca_bars (symbol VARCHAR, ts DOUBLE, open DOUBLE, high DOUBLE, low DOUBLE, "close" DOUBLE, volume DOUBLE)');
    for (const symbol of found) await appendSymbol(stage, symbol, bars.get(symbol)!);
    // Daily ts is midnight UTC of the session: read it as the session date in the ingest zone.
    const micros = 'make_timestamp((b.ts * 1000)::BIGINT)';
    const ts = daily ? `timezone(${sqlString(stage.tz)}, ${micros})` : `timezone('UTC', ${micros})`;
    await stage.insertBars(`SELECT ${fileId} AS file_id, b.symbol, ${ts} AS ts, b.open, b.high, b.low, b."close", b.volume FROM alpaca_bars b`);
    await stage.conn.run('DROP TABLE alpaca_bars');
  }
}

/** Registers `--source alpaca` with the ingest sources. */
export function registerAlpacaSource(): void {
  registerSource('alpaca', (o) => new AlpacaIngestSource(alpacaIngestOptions(o.extra)));
}

registerAlpacaSource();
