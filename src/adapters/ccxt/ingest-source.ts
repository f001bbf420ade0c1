import { z } from 'zod';
import { resolveCcxtConfig, type CcxtConfig } from './config.js';
import { createCcxtExchange, type CcxtExchangeOptions } from './exchange.js';
import { fetchOhlcvRange } from './historical.js';
import { retryTransient } from './retry.js';
import { UsageError } from '../../core/errors.js';
import { DAY_MS } from '../../core/time.js';
import { stageBarColumns, type SymbolColumns } from '../../data/ingest/stage-columns.js';
import type { Stage } from '../../data/ingest/stage.js';
import { registerSource, type IngestSource, type SourceOptions } from '../../data/sources/index.js';
import { dayFlag, parseSourceFlags, startNotAfterEnd, symbolsFlag } from '../../data/sources/source-flags.js';

/** Timeframes `--source ccxt` ingests: daily bars, or hourly / minute bars as the bundle's minute table. */
export const CCXT_TIMEFRAMES = ['1d', '1h', '1m'] as const;

/** What `--source ccxt` ingests. */
export interface CcxtIngestOptions {
  readonly exchange: string;
  /** Unified symbols, e.g. `BTC/USDT`. */
  readonly symbols: readonly string[];
  readonly timeframe: (typeof CCXT_TIMEFRAMES)[number];
  /** `YYYY-MM-DD` (UTC), inclusive. */
  readonly start: string;
  readonly end: string;
  /** Base URL every REST endpoint is sent to (`--api-url`; default from the environment). */
  readonly apiUrl?: string | undefined;
  /** Bars per request (default 1000). */
  readonly pageSize?: number;
  /** Default: resolved from `exchange`, `apiUrl` and the environment. */
  readonly config?: CcxtConfig;
  readonly exchangeOptions?: CcxtExchangeOptions;
}

const SYMBOLS_NEEDED = '--source ccxt needs --symbols, e.g. --symbols BTC/USDT,ETH/USDT';


/** The command-line flags of `--source ccxt`, as strings in; typed options out. */
const CcxtFlags = z.object({
  exchange: z.string({ error: '--source ccxt needs --exchange, e.g. --exchange binance' }),
  symbols: symbolsFlag(SYMBOLS_NEEDED, /^[A-Z0-9]+\/[A-Z0-9]+(:[A-Z0-9]+)?$/, 'a ccxt symbol like BTC/USDT'),
  start: dayFlag('ccxt', 'start'),
  end: dayFlag('ccxt', 'end'),
  timeframe: z.enum(CCXT_TIMEFRAMES, { error: (iss) => `--timeframe ${String(iss.input)}: use ${CCXT_TIMEFRAMES.join(', ')} with --source ccxt` }).default('1d'),
  apiUrl: z.string().optional(),
}).refine(...startNotAfterEnd);

/** Names of the flags `--source ccxt` reads from `SourceOptions.extra`. */
export const CCXT_FLAGS = ['exchange', 'symbols', 'start', 'end', 'timeframe', 'apiUrl'] as const;

/**
 * `--source ccxt` options from `ziplime ingest` (`--exchange ID --symbols A/B,C/D --start D
 * --end D [--timeframe 1d|1h|1m] [--api-url URL]`). Throws `UsageError` naming every bad flag.
 */
export function ccxtIngestOptions(extra: SourceOptions['extra'] = {}): CcxtIngestOptions {
  return parseSourceFlags(CcxtFlags, extra);
}

/**
 * Historical OHLCV of any exchange ccxt supports (`fetchOHLCV`, paged within ccxt's rate
 * limit), on the `ALWAYS_OPEN` calendar: `1d` as daily bars, `1h` / `1m` as the minute table
 * (the ingest records the bar size it finds). Markets unknown to the exchange are a usage error.
 */
export class CcxtIngestSource implements IngestSource {
  readonly description: string;
  readonly calendar = 'ALWAYS_OPEN';

  constructor(private readonly options: CcxtIngestOptions) {
    const o = options;
    this.description = `ccxt ${o.exchange} ${o.symbols.join(',')} ${o.timeframe} ${o.start}…${o.end}`;
  }

  async load(stage: Stage): Promise<void> {
    const o = this.options;
    const config = o.config ?? resolveCcxtConfig({ exchange: o.exchange, apiUrl: o.apiUrl });
    const ex = createCcxtExchange(config, o.exchangeOptions);
    stage.progress.file?.(`${config.exchange}${config.apiUrl ? ` at ${config.apiUrl}` : ''} ${o.symbols.join(',')}`, 0, 1);
    const markets = await retryTransient(() => ex.loadMarkets(true), `loading ${config.exchange}'s markets`);
    const unknown = o.symbols.filter((s) => !markets[s]);
    if (unknown.length > 0) throw new UsageError(`${config.exchange} has no market ${unknown.join(', ')}; check --symbols (unified symbols like BTC/USDT)`);
    const startMs = Date.parse(`${o.start}T00:00:00Z`);
    const endMs = Date.parse(`${o.end}T00:00:00Z`) + DAY_MS - 1;
    const series: SymbolColumns[] = [];
    for (const symbol of o.symbols) {
      const bars = await fetchOhlcvRange(ex, { symbol, timeframe: o.timeframe, startMs, endMs, pageSize: o.pageSize });
      if (bars.ts.length > 0) series.push({ symbol, bars });
    }
    if (series.length === 0) throw new UsageError(`${config.exchange} returned no ${o.timeframe} bars for ${o.symbols.join(',')} between ${o.start} and ${o.end}; check the symbols and dates`);
    const missing = o.symbols.filter((s) => !series.some((x) => x.symbol === s));
    if (missing.length > 0) stage.warn(`${config.exchange} returned no bars for ${missing.join(', ')} between ${o.start} and ${o.end}; not in the bundle`);
    await stage.insertAssets(series.map(({ symbol }, sid) => {
      const m = markets[symbol]!;
      return { sid, symbol, name: `${m.base} / ${m.quote}`, exchange: config.exchange.toUpperCase(), assetClass: 'crypto', fractionable: true };
    }));
    await stageBarColumns(stage, `ccxt:${config.exchange}:${o.timeframe}`, o.timeframe === '1d' ? 'daily' : 'minute', series);
  }
}

/** Registers `--source ccxt` with the ingest sources. */
export function registerCcxtSource(): void {
  registerSource('ccxt', (o) => new CcxtIngestSource(ccxtIngestOptions(o.extra)), CCXT_FLAGS);
}
