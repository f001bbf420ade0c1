import { ZiplimeError } from '../../../core/errors.js';
import type { DataFeed } from '../config.js';
import { MultiBarsResponseWire, type Adjustment, type BarWire } from '../wire/market-data.js';
import type { RestClient } from '../../../net/rest-client.js';

/** A historical-bars query (one page or all of them). */
export interface BarsQuery {
  symbols: readonly string[];
  /** Alpaca timeframe: `1Min`, `5Min`, `1Hour`, `1Day`, … */
  timeframe: string;
  /** RFC 3339 or YYYY-MM-DD, inclusive. */
  start: string;
  end?: string;
  /** Bars per page, across symbols (1–10000; default 1000 — Alpaca's default). */
  limit?: number;
  adjustment?: Adjustment;
  /** Stock feed (ignored for crypto). */
  feed?: DataFeed;
}

/** Most pages one query may take before it is considered a loop. */
export const MAX_BAR_PAGES = 100_000;

/** True for crypto pairs (`BTC/USD`), which use the crypto endpoint. */
export const isCryptoSymbol = (symbol: string): boolean => symbol.includes('/');

/** Market-data REST (reference §3): historical bars, paged with `next_page_token`. */
export class MarketDataApi {
  constructor(private readonly rest: RestClient, private readonly defaultFeed: DataFeed = 'iex') {}

  /** One page of bars for symbols of one kind (all stocks or all crypto). */
  barsPage(q: BarsQuery, pageToken?: string): Promise<MultiBarsResponseWire> {
    const crypto = q.symbols.length > 0 && q.symbols.every(isCryptoSymbol);
    return this.rest.request({
      method: 'GET',
      path: crypto ? '/v1beta3/crypto/us/bars' : '/v2/stocks/bars',
      query: {
        symbols: q.symbols.join(','),
        timeframe: q.timeframe,
        start: q.start,
        end: q.end,
        limit: q.limit ?? 1000,
        page_token: pageToken,
        sort: 'asc',
        ...(crypto ? {} : { adjustment: q.adjustment ?? 'raw', feed: q.feed ?? this.defaultFeed }),
      },
      schema: MultiBarsResponseWire,
      retry: 'idempotent',
    });
  }

  /** Every page of a query, in order; stocks and crypto symbols are queried separately. */
  async *pages(q: BarsQuery): AsyncGenerator<MultiBarsResponseWire> {
    const crypto = q.symbols.filter(isCryptoSymbol);
    const stocks = q.symbols.filter((s) => !isCryptoSymbol(s));
    for (const symbols of [stocks, crypto]) {
      if (symbols.length === 0) continue;
      const seen = new Set<string>();
      let token: string | undefined;
      for (let page = 0; page < MAX_BAR_PAGES; page++) {
        const res = await this.barsPage({ ...q, symbols }, token);
        yield res;
        token = res.next_page_token ?? undefined;
        if (!token) break;
        if (seen.has(token)) throw new ZiplimeError(`Alpaca bars: page token repeated for ${symbols.join(',')}; the server is looping`);
        seen.add(token);
      }
    }
  }

  /** All bars of a query, per symbol, oldest first. */
  async bars(q: BarsQuery): Promise<Map<string, BarWire[]>> {
    const out = new Map<string, BarWire[]>();
    for await (const page of this.pages(q)) {
      for (const [symbol, bars] of Object.entries(page.bars ?? {})) {
        let list = out.get(symbol);
        if (!list) out.set(symbol, (list = []));
        for (const b of bars) list.push(b);
      }
    }
    return out;
  }
}
