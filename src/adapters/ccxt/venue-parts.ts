import type { Exchange } from 'ccxt';
import { UsageError } from '../../core/errors.js';
import { CcxtBroker } from './ccxt-broker.js';
import { CcxtFeed } from './ccxt-feed.js';
import { requireKeys, type CcxtConfig } from './config.js';
import { ccxtConfigWithCredentials } from './credentials-file.js';
import { createCcxtExchange, tradingHost, type CcxtExchangeOptions, type TradingHost } from './exchange.js';
import { exchangeBrokerageModel } from './exchange-rules.js';
import type { Asset } from '../../model/asset.js';
import type { BundleReader } from '../../ports/bundle-reader.js';
import type { VenueBars, VenueClock, VenueRequest, VenueTime, VenueTrading } from '../../ports/venue.js';

/** The ccxt settings of `paper --feed ccxt` and `live --broker ccxt`. */
export interface CcxtVenueOptions {
  /** `--exchange`: a ccxt id (default `ZIPLIME_CCXT_EXCHANGE`). */
  readonly exchange?: string;
  /** `--api-url`: every REST request to this base URL (e.g. `ziplime sim --protocol binance`'s `…/api/v3`). */
  readonly apiUrl?: string;
  /**
   * `--stream-url`: stream bars over WebSocket (ccxt pro's `watchOHLCVForSymbols`, every stream
   * endpoint at this URL, e.g. the simulator's `BINANCE_STREAM_URL`) with REST polling as the
   * fallback; without it the feed polls REST.
   */
  readonly streamUrl?: string;
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

/** What configuring a ccxt venue takes: the request, its settings being `CcxtVenueOptions`. */
type CcxtRequest = VenueRequest & { readonly yes?: boolean };

const settingsOf = (request: VenueRequest): CcxtVenueOptions => request.settings as CcxtVenueOptions;

/**
 * The ccxt exchange of a session: config from the settings, `--credentials`, the `ZIPLIME_CCXT_*`
 * variables and `ZIPLIME_CCXT_CREDENTIALS` (keys required with `keys`), one ccxt instance with its
 * rate limiter on (the feed and the broker share its budget), and its trading host.
 */
export function openCcxtVenue(request: VenueRequest, keys: boolean): CcxtVenue {
  const options = settingsOf(request);
  const resolved = ccxtConfigWithCredentials(
    { exchange: options.exchange, apiUrl: options.apiUrl, sandbox: options.sandbox },
    { file: request.credentials, env: request.env, logger: request.logger },
  );
  const config = keys ? requireKeys(resolved) : resolved;
  const stream = options.streamUrl !== undefined ? { stream: true, streamUrl: options.streamUrl } : {};
  const exchange = createCcxtExchange(config, { ...options.exchangeOptions, ...stream });
  const host = tradingHost(exchange, config);
  const where = host.realMoney ? '' : config.sandbox ? '-sandbox' : `-${host.host.replace(/:\d+$/, '')}`;
  return { config, exchange, host, account: `${config.exchange}${where}` };
}

/**
 * The exchange's clock (`fetchTime`): the exchange's own hosts run at wall speed (only the skew
 * is taken); an overridden URL (the local simulator replaying a past day) also gives its speed.
 */
function exchangeClock(venue: CcxtVenue): VenueClock {
  return {
    read: async () => {
      const t = await venue.exchange.fetchTime();
      if (typeof t !== 'number') throw new Error(`${venue.config.exchange} gave no server time`);
      return t;
    },
    fixedSpeed: venue.config.apiUrl === undefined,
    messages: { failed: 'reading the exchange clock failed; keeping the last estimate', following: `following ${venue.config.exchange}'s clock`, nowField: 'exchangeNow' },
  };
}

/** Wall ms between polls: 5 s at wall speed, a quarter of a minute of the source's time when it runs faster (at least 20 ms). */
function pollEvery(time: VenueTime, fixed: number | undefined): number | (() => number) {
  if (fixed !== undefined) return fixed;
  return () => Math.max(20, Math.min(5_000, 15_000 / Math.max(1, time.speed())));
}

/** The exchange's minute bars of the bundle's assets: streamed when the instance can (`--stream-url`), else polled. */
async function ccxtFeed(venue: CcxtVenue, reader: BundleReader, time: VenueTime, pollMs?: number): Promise<CcxtFeed> {
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

/** Paper bars from an exchange (public market data, no keys): the config is checked now. */
export function ccxtBars(request: VenueRequest): (reader: BundleReader) => Promise<VenueBars> {
  const venue = openCcxtVenue(request, false);
  const { pollMs } = settingsOf(request);
  return async (reader) => ({
    label: `${venue.config.exchange} ${venue.host.host}`, clock: exchangeClock(venue),
    feed: (time) => ccxtFeed(venue, reader, time, pollMs),
    rules: () => exchangeBrokerageModel(venue.exchange),
  });
}

/**
 * Trading on an exchange: the config with keys and the real-money guard are checked now;
 * connecting takes the cash's quote currency from the bundle's pairs. The broker keeps
 * positions and cash in that currency and follows the session's time; what it could not book
 * faithfully (fees outside the quote currency) goes to `warn`.
 */
export function ccxtTrading(request: CcxtRequest): (reader: BundleReader) => Promise<VenueTrading> {
  const { logger } = request;
  const venue = openCcxtVenue(request, true);
  const { pollMs } = settingsOf(request);
  if (venue.host.realMoney && !request.yes) {
    throw new UsageError(`refusing to trade real money on ${venue.host.host} (${venue.config.exchange}) without --yes; use --sandbox (the exchange's testnet), --api-url of a local simulator, or pass --yes`);
  }
  return async (reader) => {
    const quote = quoteCurrency(await reader.assets(), reader.meta.name);
    logger.info({ host: venue.host.host, exchange: venue.config.exchange, account: venue.account, quote, realMoney: venue.host.realMoney }, `trading on ${venue.host.host} (${venue.config.exchange}), cash in ${quote}`);
    return {
      label: `${venue.config.exchange} ${venue.host.host}`, account: venue.account, clock: exchangeClock(venue),
      feed: (time) => ccxtFeed(venue, reader, time, pollMs),
      broker: (time, assetOf, warn) => new CcxtBroker({ exchange: venue.exchange, resolveAsset: assetOf, quote, now: () => time.now(), onWarning: warn }),
    };
  };
}
