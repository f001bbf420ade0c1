import { UsageError } from '../core/errors.js';
import { openBundle } from '../data/registry.js';
import type { Asset } from '../model/asset.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { LiveBroker } from '../ports/live-broker.js';
import type { LiveFeed } from '../ports/live-feed.js';
import type { VenueSettings } from '../ports/venue.js';
import { loadStrategy } from './load-strategy.js';
import { venueBooks } from '../live/books-policy.js';
import { runLiveSession, type LiveSessionOutcome } from '../live/live-session.js';
import type { TimeSource } from '../live/time-source.js';
import { followClock, sessionSetup, stateDirOf, venueSettings, venueTime, type LiveRunOptions } from './live-options.js';
import { venueNamed, type VenueName } from './venues.js';

/** What `ziplime live` asks for. */
export interface LiveOptions extends LiveRunOptions {
  /** The venue: Alpaca (or a host speaking its protocol), or an exchange through ccxt. */
  readonly broker: VenueName;
  /** Where live bars come from (default, and the only choice: the broker's). */
  readonly feed?: VenueName;
  /** Confirms trading on a real-money host. */
  readonly yes?: boolean;
  /** Credentials file (`--credentials`); wins over the environment. */
  readonly credentials?: string;
  /** The exchange of `--broker ccxt` (`--exchange`, `--api-url`, `--sandbox`): the ccxt venue's settings. */
  readonly ccxt?: VenueSettings;
}

/** What a session trades on: the venue's broker, its bars and time, and its labels. */
interface VenueParts {
  readonly label: string;
  /** The result's warnings, added to while the session runs (what the venue's broker could not book faithfully). */
  readonly warnings: string[];
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
async function venueOf(options: LiveOptions): Promise<(reader: BundleReader) => Promise<VenueParts>> {
  const { logger } = options;
  if (options.feed !== undefined && options.feed !== options.broker) {
    throw new UsageError(`--feed ${options.feed} with --broker ${options.broker}: a live session takes its bars from its broker's venue; drop --feed`);
  }
  const venue = await venueNamed(options.broker);
  const connect = await venue.trading({ settings: venueSettings(options, options.ccxt), credentials: options.credentials, env: options.env, logger, yes: options.yes });
  return async (reader) => {
    const trading = await connect(reader);
    const owned = options.time ? undefined : await followClock(trading.clock, logger);
    const time = options.time ?? owned!;
    const partsTime = venueTime(time);
    const warnings: string[] = [];
    const warn = (message: string) => {
      logger.warn(message);
      warnings.push(message);
    };
    return {
      label: trading.label, account: trading.account, time, warnings,
      feed: await trading.feed(partsTime),
      broker: (assetOf) => trading.broker(partsTime, assetOf, warn),
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
  const openVenue = await venueOf(options);
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
