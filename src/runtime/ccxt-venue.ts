import type { Exchange } from 'ccxt';
import type { Logger } from 'pino';
import { UsageError } from '../core/errors.js';
import { CcxtBroker } from '../adapters/ccxt/ccxt-broker.js';
import { CcxtFeed } from '../adapters/ccxt/ccxt-feed.js';
import { requireKeys, type CcxtConfig } from '../adapters/ccxt/config.js';
import { ccxtConfigWithCredentials } from '../adapters/ccxt/credentials-file.js';
import { createCcxtExchange, tradingHost, type CcxtExchangeOptions, type TradingHost } from '../adapters/ccxt/exchange.js';
import type { Asset } from '../model/asset.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import { RemoteClockTimeSource, type TimeSource } from '../live/time-source.js';

/** The ccxt options of `paper --feed ccxt` and `live --broker ccxt`. */
export interface CcxtVenueOptions {
  /** `--exchange`: a ccxt id (default `ZIPLIME_CCXT_EXCHANGE`). */
  readonly exchange?: string;
  /** `--api-url`: every REST request to this base URL (e.g. `ziplime sim --protocol binance`'s `…/api/v3`). */
  readonly apiUrl?: string;
  /** `--sandbox`: the exchange's testnet hosts (default `ZIPLIME_CCXT_SANDBOX`). */
  readonly sandbox?: boolean;
  /** Wall ms between feed polls (default: 5 s, shorter when the exchange's clock runs faster than the wall's). */
  readonly pollMs?: number;
  /** The ccxt instance's rate limiter and timeout (default: ccxt's limiter on, its timeout). */
  readonly exchangeOptions?: CcxtExchangeOptions;
}

/** One exchange account reached through ccxt: config, the ccxt instance, and where it trades. */
export interface CcxtVenue {
  readonly config: CcxtConfig;
  readonly exchange: Exchange;
  readonly host: TradingHost;
  /** The account's label (state folder, journal, summary): the exchange id, `-sandbox` or the local host. */
  readonly account: string;
}

/**
 * The ccxt exchange of a session: config from the options, `--credentials`, the `ZIPLIME_CCXT_*`
 * variables and `ZIPLIME_CCXT_CREDENTIALS` (keys required with `keys`), one ccxt instance with its
 * rate limiter on (the feed and the broker share its budget), and its trading host.
 */
export function openCcxtVenue(options: CcxtVenueOptions & { credentials?: string; env?: NodeJS.ProcessEnv; logger: Logger }, keys: boolean): CcxtVenue {
  const resolved = ccxtConfigWithCredentials(
    { exchange: options.exchange, apiUrl: options.apiUrl, sandbox: options.sandbox },
    { file: options.credentials, env: options.env, logger: options.logger },
  );
  const config = keys ? requireKeys(resolved) : resolved;
  const exchange = createCcxtExchange(config, options.exchangeOptions);
  const host = tradingHost(exchange, config);
  const where = host.realMoney ? '' : config.sandbox ? '-sandbox' : `-${host.host.replace(/:\d+$/, '')}`;
  return { config, exchange, host, account: `${config.exchange}${where}` };
}

/**
 * Time from the exchange's clock (`fetchTime`): the exchange's own hosts run at wall speed (only
 * the skew is taken); an overridden URL (the local simulator replaying a past day) also gives its speed.
 */
export async function exchangeTime(venue: CcxtVenue, logger: Logger): Promise<RemoteClockTimeSource> {
  const time = await RemoteClockTimeSource.start({
    read: async () => {
      const t = await venue.exchange.fetchTime();
      if (typeof t !== 'number') throw new Error(`${venue.config.exchange} gave no server time`);
      return t;
    },
    fixedSpeed: venue.config.apiUrl === undefined,
    onError: (err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'reading the exchange clock failed; keeping the last estimate'),
  });
  logger.info({ exchangeNow: new Date(time.now()).toISOString(), speed: Math.round(time.speed * 100) / 100 }, `following ${venue.config.exchange}'s clock`);
  return time;
}

/** Wall ms between polls: 5 s at wall speed, a quarter of a minute of the source's time when it runs faster (at least 20 ms). */
function pollEvery(time: TimeSource, fixed: number | undefined): number | (() => number) {
  if (fixed !== undefined) return fixed;
  const speed = () => (time instanceof RemoteClockTimeSource ? time.speed : 1);
  return () => Math.max(20, Math.min(5_000, 15_000 / Math.max(1, speed())));
}

/** The exchange's minute bars of the bundle's assets by REST polling. */
export async function ccxtFeed(venue: CcxtVenue, reader: BundleReader, time: TimeSource, pollMs?: number): Promise<CcxtFeed> {
  const sids = new Map((await reader.assets()).map((a) => [a.symbol, a.sid] as const));
  return new CcxtFeed({ exchange: venue.exchange, sidOf: (s) => sids.get(s), now: () => time.now(), pollMs: pollEvery(time, pollMs) });
}

/**
 * The quote currency the bundle's pairs share (`BTC/USDT`, `ETH/USDT` → USDT): the currency cash
 * is held in. Pairs in several quote currencies, or a symbol that is not a pair, is a usage error.
 */
export function quoteCurrency(assets: readonly Asset[], bundle: string): string {
  const quotes = new Set<string>();
  for (const a of assets) {
    const m = /^[^/]+\/([^/:]+)$/.exec(a.symbol);
    if (!m) throw new UsageError(`bundle '${bundle}' holds ${a.symbol}, which is not an exchange pair like BTC/USDT; trade ccxt with a bundle of pairs (ziplime ingest --source ccxt)`);
    quotes.add(m[1]!);
  }
  if (quotes.size !== 1) throw new UsageError(`bundle '${bundle}' has pairs quoted in ${[...quotes].sort().join(', ') || 'nothing'}; a session holds its cash in one quote currency, so use a bundle of pairs with one quote`);
  return [...quotes][0]!;
}

/**
 * The live broker of a ccxt session (positions and cash in `quote`), following the session's
 * time; what it could not book faithfully (fees outside the quote currency) is logged and added
 * to `warnings` (the result's).
 */
export function ccxtBroker(venue: CcxtVenue, quote: string, time: TimeSource, assetOf: (symbol: string) => Asset | undefined, warn: { logger: Logger; warnings: string[] }): CcxtBroker {
  return new CcxtBroker({
    exchange: venue.exchange, resolveAsset: assetOf, quote, now: () => time.now(),
    onWarning: (message) => {
      warn.logger.warn(message);
      warn.warnings.push(message);
    },
  });
}
