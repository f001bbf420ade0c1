import type { FillPolicy } from '../model/results.js';
import { alpacaConfigWithCredentials } from '../adapters/alpaca/credentials-file.js';
import { createAlpacaRest } from '../adapters/alpaca/client.js';
import { AlpacaFeed } from '../adapters/alpaca/alpaca-feed.js';
import { openBundle } from '../data/registry.js';
import { SimulatedBroker } from '../sim/simulated-broker.js';
import { loadStrategy } from './load-strategy.js';
import { venueRules, type VenueRulesName } from './venue-rules.js';
import { journalBooks } from '../live/books-policy.js';
import { runLiveSession, type LiveSessionOutcome } from '../live/live-session.js';
import { brokerTime, sessionSetup, stateDirOf, type LiveRunOptions } from './live-options.js';

/** What `ziplime paper` asks for. */
export interface PaperOptions extends LiveRunOptions {
  /** Where live bars come from. */
  readonly feed: 'alpaca';
  readonly capital: number;
  readonly fill: FillPolicy;
  /** `--venue-rules`: a venue whose order rules the simulated broker applies. */
  readonly venueRules?: VenueRulesName;
  /** Credentials file (`--credentials`); wins over the environment. */
  readonly credentials?: string;
}

/**
 * `ziplime paper`: the strategy on live bars (Alpaca's stream, history from the bundle and REST)
 * with the backtest's `SimulatedBroker` filling orders on those bars — the backtest composition
 * with a realtime clock and live market data instead of the bundle's.
 */
export async function runPaper(options: PaperOptions): Promise<LiveSessionOutcome> {
  const strategy = await loadStrategy(options.strategyFile, { params: options.params, config: options.config });
  const { logger } = options;
  const config = alpacaConfigWithCredentials({ file: options.credentials, env: options.env, logger });
  const reader = await openBundle(options.bundlesDir, options.bundle);
  const rest = createAlpacaRest(config, { logger, ...options.restOptions });
  const owned = options.time ? undefined : await brokerTime(config, rest, logger);
  try {
    const feed = new AlpacaFeed({ config, logger, now: () => (options.time ?? owned!).now(), stream: options.streamOptions, marketData: rest.marketData });
    const splits = await reader.splits();
    return await runLiveSession({
      ...sessionSetup(options),
      mode: 'paper', strategy, reader, fill: options.fill, feed, capital: options.capital,
      brokerLabel: `simulated (bars from ${config.dataUrl})`, account: 'paper',
      time: options.time ?? owned!, stateDir: stateDirOf(options, strategy.name, 'paper'),
      makeBroker: ({ market, bars, now, runId, capital }) => ({
        broker: new SimulatedBroker({ marketData: market, fill: options.fill, splits, bars, startingCash: capital, time: now, idPrefix: `${runId}.x`, venueRules: venueRules(options.venueRules) }),
        books: journalBooks,
      }),
    });
  } finally {
    owned?.close();
    await reader.close();
  }
}
