import { UsageError } from '../core/errors.js';
import { isLiveHost, LIVE_TRADING_URL } from '../adapters/alpaca/config.js';
import { alpacaConfigWithCredentials } from '../adapters/alpaca/credentials-file.js';
import { createAlpacaRest } from '../adapters/alpaca/client.js';
import { AlpacaBroker } from '../adapters/alpaca/alpaca-broker.js';
import { AlpacaFeed } from '../adapters/alpaca/alpaca-feed.js';
import { openBundle } from '../data/registry.js';
import type { Asset } from '../model/asset.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { LiveBroker } from '../ports/live-broker.js';
import type { LiveFeed } from '../ports/live-feed.js';
import { loadStrategy } from './load-strategy.js';
import { venueBooks } from '../live/books-policy.js';
import { runLiveSession, type LiveSessionOutcome } from '../live/live-session.js';
import type { TimeSource } from '../live/time-source.js';
import { brokerTime, sessionSetup, stateDirOf, type LiveRunOptions } from './live-options.js';
import { ccxtBroker, ccxtFeed, exchangeTime, openCcxtVenue, quoteCurrency, type CcxtVenueOptions } from './ccxt-venue.js';

/** What `ziplime live` asks for. */
export interface LiveOptions extends LiveRunOptions {
  /** Alpaca (or a host speaking its protocol), or an exchange through ccxt. */
  readonly broker: 'alpaca' | 'ccxt';
  /** Where live bars come from (default, and the only choice: the broker's). */
  readonly feed?: 'alpaca' | 'ccxt';
  /** Confirms trading on a real-money host. */
  readonly yes?: boolean;
  /** Credentials file (`--credentials`); wins over the environment. */
  readonly credentials?: string;
  /** The exchange of `--broker ccxt` (`--exchange`, `--api-url`, `--sandbox`). */
  readonly ccxt?: CcxtVenueOptions;
}

/** What a session trades on: the venue's broker, its bars and time, and its labels. */
interface VenueParts {
  readonly label: string;
  /** The result's warnings, added to while the session runs. */
  readonly warnings?: string[];
  readonly account: string;
  readonly feed: LiveFeed;
  readonly time: TimeSource;
  broker(assetOf: (symbol: string) => Asset | undefined): LiveBroker;
  close(): void;
}

/**
 * The venue of `options.broker`, its config and the real-money guard checked first (before the
 * strategy is loaded); the returned function opens it once the strategy and bundle are there.
 */
function venueOf(options: LiveOptions): (reader: BundleReader) => Promise<VenueParts> {
  const { logger } = options;
  if (options.feed !== undefined && options.feed !== options.broker) {
    throw new UsageError(`--feed ${options.feed} with --broker ${options.broker}: a live session takes its bars from its broker's venue; drop --feed`);
  }
  if (options.broker === 'ccxt') {
    const venue = openCcxtVenue({ ...options.ccxt, credentials: options.credentials, env: options.env, logger }, true);
    if (venue.host.realMoney && !options.yes) {
      throw new UsageError(`refusing to trade real money on ${venue.host.host} (${venue.config.exchange}) without --yes; use --sandbox (the exchange's testnet), --api-url of a local simulator, or pass --yes`);
    }
    return async (reader) => {
      const quote = quoteCurrency(await reader.assets(), reader.meta.name);
      logger.info({ host: venue.host.host, exchange: venue.config.exchange, account: venue.account, quote, realMoney: venue.host.realMoney }, `trading on ${venue.host.host} (${venue.config.exchange}), cash in ${quote}`);
      const owned = options.time ? undefined : await exchangeTime(venue, logger);
      const time = options.time ?? owned!;
      const warnings: string[] = [];
      return {
        label: `${venue.config.exchange} ${venue.host.host}`, account: venue.account, time, warnings,
        feed: await ccxtFeed(venue, reader, time, options.ccxt?.pollMs),
        broker: (assetOf) => ccxtBroker(venue, quote, time, assetOf, { logger, warnings }),
        close: () => owned?.close(),
      };
    };
  }
  const config = alpacaConfigWithCredentials({ file: options.credentials, env: options.env, logger });
  if (isLiveHost(config) && !options.yes) {
    throw new UsageError(`refusing to trade real money on ${LIVE_TRADING_URL} without --yes; use the paper host (APCA_API_BASE_URL=https://paper-api.alpaca.markets) or pass --yes`);
  }
  return async () => {
    const rest = createAlpacaRest(config, { logger, ...options.restOptions });
    const wire = await rest.trading.getAccount();
    const account = wire.account_number ?? wire.id ?? 'account';
    logger.info({ host: config.baseUrl, account, realMoney: isLiveHost(config) }, `trading on ${config.baseUrl}, account ${account}`);
    const owned = options.time ? undefined : await brokerTime(config, rest, logger);
    const time = options.time ?? owned!;
    return {
      label: `alpaca ${new URL(config.baseUrl).host}`, account, time,
      feed: new AlpacaFeed({ config, logger, now: () => time.now(), stream: options.streamOptions, marketData: rest.marketData }),
      broker: (assetOf) => new AlpacaBroker({ config, logger, resolveAsset: assetOf, stream: options.streamOptions, trading: rest.trading, time }),
      close: () => owned?.close(),
    };
  };
}

/**
 * `ziplime live`: the strategy on live bars sending real orders to Alpaca (or any host speaking
 * its protocol, such as `ziplime sim`) or to an exchange through ccxt (such as `ziplime sim
 * --protocol binance`). Refuses to start without credentials, and on a real-money host without
 * `yes`; logs the host and account it trades.
 */
export async function runLive(options: LiveOptions): Promise<LiveSessionOutcome> {
  const openVenue = venueOf(options);
  const strategy = await loadStrategy(options.strategyFile, { params: options.params, config: options.config });
  const reader = await openBundle(options.bundlesDir, options.bundle);
  let venue: VenueParts | undefined;
  try {
    venue = await openVenue(reader);
    const { time, feed, account } = venue;
    return await runLiveSession({
      ...sessionSetup(options),
      mode: 'live', strategy, reader, fill: 'next-close', feed, time, warnings: venue.warnings,
      brokerLabel: venue.label, account, stateDir: stateDirOf(options, strategy.name, account),
      makeBroker: ({ assetOf }) => {
        const broker = venue!.broker(assetOf);
        return { broker, books: venueBooks(broker) };
      },
    });
  } finally {
    venue?.close();
    await reader.close();
  }
}
