import { z } from 'zod';
import { createAlpacaRest, type AlpacaRestOptions } from './client.js';
import type { AlpacaConfig } from './config.js';
import { alpacaConfigWithCredentials } from './credentials-file.js';
import { fetchBars, type HistoricalBarsRequest } from './historical.js';
import type { Adjustment } from './wire/market-data.js';
import { UsageError } from '../../core/errors.js';
import { stageBarColumns } from '../../data/ingest/stage-columns.js';
import type { Stage } from '../../data/ingest/stage.js';
import { registerSource, type IngestSource, type SourceOptions } from '../../data/sources/index.js';
import { dayFlag, parseSourceFlags, startNotAfterEnd, symbolsFlag } from '../../data/sources/source-flags.js';

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
  /** Credentials file (`--credentials`); wins over the environment. */
  readonly credentials?: string;
  /** Default: from `credentials`, then `APCA_API_*` and `ZIPLIME_CREDENTIALS` in the environment. */
  readonly config?: AlpacaConfig;
  readonly rest?: AlpacaRestOptions;
}

const SYMBOLS_NEEDED = '--source alpaca needs --symbols, e.g. --symbols AAPL,MSFT';


/** The command-line flags of `--source alpaca`, as strings in; typed options out. */
const AlpacaFlags = z.object({
  symbols: symbolsFlag(SYMBOLS_NEEDED, /^[A-Z0-9][A-Z0-9./-]*$/, 'a symbol'),
  start: dayFlag('alpaca', 'start'),
  end: dayFlag('alpaca', 'end'),
  timeframe: z.enum(['1Day', '1Min'], { error: (iss) => `--timeframe ${String(iss.input)}: use 1Day or 1Min` }).default('1Day'),
  adjustment: z.enum(['raw', 'split', 'dividend', 'all'] satisfies Adjustment[], {
    error: (iss) => `--adjustment ${String(iss.input)}: use raw, split, dividend or all`,
  }).default('raw'),
  credentials: z.string().optional(),
}).refine(...startNotAfterEnd);

/** Names of the flags `--source alpaca` reads from `SourceOptions.extra`. */
export const ALPACA_FLAGS = ['symbols', 'start', 'end', 'timeframe', 'adjustment', 'credentials'] as const;

/**
 * `--source alpaca` options from `ziplime ingest` (`--symbols A,B --start D --end D
 * [--timeframe 1Day|1Min] [--adjustment raw|split|dividend|all]`, passed as the source's extra
 * options). Throws `UsageError` naming every bad or missing flag.
 */
export function alpacaIngestOptions(extra: SourceOptions['extra'] = {}): AlpacaIngestOptions {
  return parseSourceFlags(AlpacaFlags, extra);
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
    const config = this.options.config ?? alpacaConfigWithCredentials({ file: this.options.credentials });
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
    await stage.insertAssets(found.map((symbol, sid) => {
      const a = wire.get(symbol);
      return { sid, symbol, name: a?.name ?? symbol, exchange: a?.exchange ?? 'ALPACA', assetClass: 'equity', fractionable: Boolean(a?.fractionable) };
    }));
    const frequency = this.options.timeframe === '1Day' ? 'daily' : 'minute';
    await stageBarColumns(stage, `alpaca:${this.options.timeframe}`, frequency, found.map((symbol) => ({ symbol, bars: bars.get(symbol)! })));
  }
}

/** Registers `--source alpaca` with the ingest sources. */
export function registerAlpacaSource(): void {
  registerSource('alpaca', (o) => new AlpacaIngestSource(alpacaIngestOptions(o.extra)), ALPACA_FLAGS);
}
