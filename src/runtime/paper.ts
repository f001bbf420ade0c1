import { UsageError } from '../core/errors.js';
import type { FillPolicy } from '../model/results.js';
import type { BrokerageModel } from '../ports/brokerage-model.js';
import { openBundle } from '../data/registry.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { LiveFeed } from '../ports/live-feed.js';
import type { VenueSettings } from '../ports/venue.js';
import { SimulatedBroker } from '../sim/simulated-broker.js';
import { loadStrategy } from './load-strategy.js';
import { venueRules } from './venue-rules.js';
import { journalBooks } from '../live/books-policy.js';
import { runLiveSession, type LiveSessionOutcome } from '../live/live-session.js';
import type { TimeSource } from '../live/time-source.js';
import { followClock, sessionSetup, stateDirOf, venueSettings, venueTime, type LiveRunOptions } from './live-options.js';
import { venueNamed, type VenueName } from './venues.js';

/** What `ziplime paper` asks for. */
export interface PaperOptions extends LiveRunOptions {
  /** The venue live bars come from: Alpaca's stream, or an exchange through ccxt (REST polling). */
  readonly feed: VenueName;
  readonly capital: number;
  readonly fill: FillPolicy;
  /** `--venue-rules`: a venue whose order rules the simulated broker applies (`ccxt`: the feed's exchange's markets). */
  readonly venueRules?: VenueName;
  /** Credentials file (`--credentials`); wins over the environment. */
  readonly credentials?: string;
  /** The exchange of `--feed ccxt` (`--exchange`, `--api-url`, `--sandbox`): the ccxt venue's settings. */
  readonly ccxt?: VenueSettings;
}

/** Live bars, the time they follow, where they come from (for the label), and what to close after. */
interface BarParts {
  readonly feed: LiveFeed;
  readonly time: TimeSource;
  readonly from: string;
  /** The venue's own order rules as its connection reads them (an exchange's markets), when it does. */
  rules?(): Promise<BrokerageModel>;
  close(): void;
}

/** Opens the bars of `options.feed` once the bundle is open; its config is checked first (before the bundle). */
async function barsOf(options: PaperOptions): Promise<(reader: BundleReader) => Promise<BarParts>> {
  const { logger } = options;
  const rulesFrom = options.venueRules === undefined ? undefined : (await venueNamed(options.venueRules)).rulesFromFeed;
  if (rulesFrom !== undefined && options.venueRules !== options.feed) throw new UsageError(`--venue-rules ${options.venueRules}: ${rulesFrom} come with --feed ${options.venueRules}`);
  const venue = await venueNamed(options.feed);
  const openBars = await venue.bars({ settings: venueSettings(options, options.ccxt), credentials: options.credentials, env: options.env, logger });
  return async (reader) => {
    const bars = await openBars(reader);
    const owned = options.time ? undefined : await followClock(bars.clock, logger);
    const time = options.time ?? owned!;
    return { feed: await bars.feed(venueTime(time)), time, from: bars.label, rules: bars.rules, close: () => owned?.close() };
  };
}

/**
 * `ziplime paper`: the strategy on live bars (Alpaca's stream, or an exchange's through ccxt;
 * history from the bundle) with the backtest's `SimulatedBroker` filling orders on those bars —
 * the backtest composition with a realtime clock and live market data instead of the bundle's.
 */
export async function runPaper(options: PaperOptions): Promise<LiveSessionOutcome> {
  const strategy = await loadStrategy(options.strategyFile, { params: options.params, config: options.config });
  const openBars = await barsOf(options);
  const reader = await openBundle(options.bundlesDir, options.bundle);
  let bars: BarParts | undefined;
  try {
    bars = await openBars(reader);
    const splits = await reader.splits();
    const rules = options.venueRules !== undefined && options.venueRules === options.feed && bars.rules ? await bars.rules() : await venueRules(options.venueRules);
    return await runLiveSession({
      ...sessionSetup(options),
      mode: 'paper', strategy, reader, fill: options.fill, feed: bars.feed, capital: options.capital,
      brokerLabel: `simulated (bars from ${bars.from})`, account: 'paper',
      time: bars.time, stateDir: stateDirOf(options, strategy.name, 'paper'),
      makeBroker: ({ market, bars: b, now, runId, capital }) => ({
        broker: new SimulatedBroker({ marketData: market, fill: options.fill, splits, bars: b, startingCash: capital, time: now, idPrefix: `${runId}.x`, venueRules: rules }),
        books: journalBooks,
      }),
    });
  } finally {
    bars?.close();
    await reader.close();
  }
}
