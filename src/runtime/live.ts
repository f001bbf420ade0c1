import { UsageError } from '../core/errors.js';
import { isLiveHost, LIVE_TRADING_URL } from '../adapters/alpaca/config.js';
import { alpacaConfigWithCredentials } from '../adapters/alpaca/credentials-file.js';
import { createAlpacaRest } from '../adapters/alpaca/client.js';
import { AlpacaBroker } from '../adapters/alpaca/alpaca-broker.js';
import { AlpacaFeed } from '../adapters/alpaca/alpaca-feed.js';
import { openBundle } from '../data/registry.js';
import { loadStrategy } from './load-strategy.js';
import { venueBooks } from '../live/books-policy.js';
import { runLiveSession, type LiveSessionOutcome } from '../live/live-session.js';
import { brokerTime, sessionSetup, stateDirOf, type LiveRunOptions } from './live-options.js';

/** What `ziplime live` asks for. */
export interface LiveOptions extends LiveRunOptions {
  readonly broker: 'alpaca';
  /** Where live bars come from (default: the broker's). */
  readonly feed?: 'alpaca';
  /** Confirms trading on the real-money host. */
  readonly yes?: boolean;
  /** Credentials file (`--credentials`); wins over the environment. */
  readonly credentials?: string;
}

/**
 * `ziplime live`: the strategy on live bars sending real orders to Alpaca (or any host speaking
 * its protocol, such as `ziplime sim`). Refuses to start without credentials, and on Alpaca's
 * real-money host without `yes`; logs the host and account it trades.
 */
export async function runLive(options: LiveOptions): Promise<LiveSessionOutcome> {
  const config = alpacaConfigWithCredentials({ file: options.credentials, env: options.env, logger: options.logger });
  if (isLiveHost(config) && !options.yes) {
    throw new UsageError(`refusing to trade real money on ${LIVE_TRADING_URL} without --yes; use the paper host (APCA_API_BASE_URL=https://paper-api.alpaca.markets) or pass --yes`);
  }
  const { logger } = options;
  const strategy = await loadStrategy(options.strategyFile, { params: options.params, config: options.config });
  const rest = createAlpacaRest(config, { logger, ...options.restOptions });
  const wire = await rest.trading.getAccount();
  const account = wire.account_number ?? wire.id ?? 'account';
  logger.info({ host: config.baseUrl, account, realMoney: isLiveHost(config) }, `trading on ${config.baseUrl}, account ${account}`);
  const reader = await openBundle(options.bundlesDir, options.bundle);
  const owned = options.time ? undefined : await brokerTime(config, rest, logger);
  const time = options.time ?? owned!;
  try {
    const feed = new AlpacaFeed({ config, logger, now: () => time.now(), stream: options.streamOptions, marketData: rest.marketData });
    return await runLiveSession({
      ...sessionSetup(options),
      mode: 'live', strategy, reader, fill: 'next-close', feed, time,
      brokerLabel: `alpaca ${new URL(config.baseUrl).host}`, account, stateDir: stateDirOf(options, strategy.name, account),
      makeBroker: ({ assetOf }) => {
        const broker = new AlpacaBroker({ config, logger, resolveAsset: assetOf, stream: options.streamOptions, trading: rest.trading, time });
        return { broker, books: venueBooks(broker) };
      },
    });
  } finally {
    owned?.close();
    await reader.close();
  }
}
