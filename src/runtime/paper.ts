import type { FillPolicy } from '../model/results.js';
import { alpacaConfigWithCredentials } from '../adapters/alpaca/credentials-file.js';
import { createAlpacaRest } from '../adapters/alpaca/client.js';
import { AlpacaFeed } from '../adapters/alpaca/alpaca-feed.js';
import { openBundle } from '../data/registry.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { LiveFeed } from '../ports/live-feed.js';
import { SimulatedBroker } from '../sim/simulated-broker.js';
import { loadStrategy } from './load-strategy.js';
import { venueRules, type VenueRulesName } from './venue-rules.js';
import { journalBooks } from '../live/books-policy.js';
import { runLiveSession, type LiveSessionOutcome } from '../live/live-session.js';
import type { TimeSource } from '../live/time-source.js';
import { brokerTime, sessionSetup, stateDirOf, type LiveRunOptions } from './live-options.js';
import { ccxtFeed, exchangeTime, openCcxtVenue, type CcxtVenueOptions } from './ccxt-venue.js';
import { exchangeBrokerageModel } from '../adapters/ccxt/exchange-rules.js';
import { UsageError } from '../core/errors.js';
import type { BrokerageModel } from '../ports/brokerage-model.js';

/** What `ziplime paper` asks for. */
export interface PaperOptions extends LiveRunOptions {
  /** Where live bars come from: Alpaca's stream, or an exchange through ccxt (REST polling). */
  readonly feed: 'alpaca' | 'ccxt';
  readonly capital: number;
  readonly fill: FillPolicy;
  /** `--venue-rules`: a venue whose order rules the simulated broker applies (`ccxt`: the feed's exchange's markets). */
  readonly venueRules?: VenueRulesName | 'ccxt';
  /** Credentials file (`--credentials`); wins over the environment. */
  readonly credentials?: string;
  /** The exchange of `--feed ccxt` (`--exchange`, `--api-url`, `--sandbox`). */
  readonly ccxt?: CcxtVenueOptions;
}

/** Live bars, the time they follow, where they come from (for the label), and what to close after. */
interface BarParts {
  readonly feed: LiveFeed;
  readonly time: TimeSource;
  readonly from: string;
  /** The venue's own order rules (an exchange's markets), when it has them. */
  rules?(): Promise<BrokerageModel>;
  close(): void;
}

/** Opens the bars of `options.feed` once the bundle is open; its config is checked first (before the bundle). */
function barsOf(options: PaperOptions): (reader: BundleReader) => Promise<BarParts> {
  const { logger } = options;
  if (options.venueRules === 'ccxt' && options.feed !== 'ccxt') throw new UsageError("--venue-rules ccxt: the exchange's markets come with --feed ccxt");
  if (options.feed === 'ccxt') {
    const venue = openCcxtVenue({ ...options.ccxt, credentials: options.credentials, env: options.env, logger }, false);
    return async (reader) => {
      const owned = options.time ? undefined : await exchangeTime(venue, logger);
      const time = options.time ?? owned!;
      return {
        feed: await ccxtFeed(venue, reader, time, options.ccxt?.pollMs), time, from: `${venue.config.exchange} ${venue.host.host}`,
        rules: () => exchangeBrokerageModel(venue.exchange), close: () => owned?.close(),
      };
    };
  }
  const config = alpacaConfigWithCredentials({ file: options.credentials, env: options.env, logger });
  return async () => {
    const rest = createAlpacaRest(config, { logger, ...options.restOptions });
    const owned = options.time ? undefined : await brokerTime(config, rest, logger);
    const time = options.time ?? owned!;
    const feed = new AlpacaFeed({ config, logger, now: () => time.now(), stream: options.streamOptions, marketData: rest.marketData });
    return { feed, time, from: config.dataUrl, close: () => owned?.close() };
  };
}

/**
 * `ziplime paper`: the strategy on live bars (Alpaca's stream, or an exchange's through ccxt;
 * history from the bundle) with the backtest's `SimulatedBroker` filling orders on those bars —
 * the backtest composition with a realtime clock and live market data instead of the bundle's.
 */
export async function runPaper(options: PaperOptions): Promise<LiveSessionOutcome> {
  const strategy = await loadStrategy(options.strategyFile, { params: options.params, config: options.config });
  const openBars = barsOf(options);
  const reader = await openBundle(options.bundlesDir, options.bundle);
  let bars: BarParts | undefined;
  try {
    bars = await openBars(reader);
    const splits = await reader.splits();
    const rules = options.venueRules === 'ccxt' ? await bars.rules!() : await venueRules(options.venueRules);
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
