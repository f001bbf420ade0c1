import { UsageError } from '../../core/errors.js';
import type { ReconnectingSocketOptions } from '../../net/reconnecting-socket.js';
import type { BundleReader } from '../../ports/bundle-reader.js';
import type { VenueBars, VenueClock, VenueRequest, VenueSettings, VenueTrading } from '../../ports/venue.js';
import { AlpacaBroker } from './alpaca-broker.js';
import { AlpacaFeed } from './alpaca-feed.js';
import { createAlpacaRest, type AlpacaRest, type AlpacaRestOptions } from './client.js';
import { hostOf, isLiveHost, LIVE_TRADING_URL, type AlpacaConfig } from './config.js';
import { alpacaConfigWithCredentials } from './credentials-file.js';
import { clockFromWire } from './parse.js';

/** The settings of an Alpaca session: its clients' tunings (tests give them). */
interface AlpacaSettings {
  /** Socket timings (ping, pong deadline, watchdog, reconnect backoff) of both streams. */
  readonly streamOptions?: Partial<Omit<ReconnectingSocketOptions, 'url' | 'name'>>;
  /** REST behaviour (rate limit, timeouts, retries) of the broker and feed clients. */
  readonly restOptions?: AlpacaRestOptions;
}

const settingsOf = (settings: VenueSettings): AlpacaSettings => settings as AlpacaSettings;

/**
 * The broker's `/v2/clock`: Alpaca's own hosts run at wall speed (only the clock skew is taken);
 * any other host (the local simulator replaying a past day) also gives its speed. Not sampled
 * while the key's 429s are answered.
 */
function brokerClock(config: AlpacaConfig, rest: AlpacaRest): VenueClock {
  const { trading, limiter } = rest;
  return {
    read: async () => clockFromWire(await trading.getClock()).timestamp,
    fixedSpeed: isLiveHost(config) || hostOf(config.baseUrl).endsWith('.alpaca.markets'),
    paused: () => limiter?.isPaused() ?? false,
    messages: { failed: 'reading the broker clock failed; keeping the last estimate', following: 'following the broker clock', nowField: 'brokerNow' },
  };
}

/** Paper bars from Alpaca's stream: the config (credentials file, then `APCA_API_*`) is checked now. */
export function alpacaBars(request: VenueRequest): (reader: BundleReader) => Promise<VenueBars> {
  const { logger } = request;
  const { restOptions, streamOptions } = settingsOf(request.settings);
  const config = alpacaConfigWithCredentials({ file: request.credentials, env: request.env, logger });
  return async () => {
    const rest = createAlpacaRest(config, { logger, ...restOptions });
    return {
      label: config.dataUrl, clock: brokerClock(config, rest),
      feed: async (time) => new AlpacaFeed({ config, logger, now: () => time.now(), stream: streamOptions, marketData: rest.marketData }),
    };
  };
}

/** Trading on Alpaca: the config and the real-money guard are checked now; connecting reads the account. */
export function alpacaTrading(request: VenueRequest & { readonly yes?: boolean }): (reader: BundleReader) => Promise<VenueTrading> {
  const { logger } = request;
  const { restOptions, streamOptions } = settingsOf(request.settings);
  const config = alpacaConfigWithCredentials({ file: request.credentials, env: request.env, logger });
  if (isLiveHost(config) && !request.yes) {
    throw new UsageError(`refusing to trade real money on ${LIVE_TRADING_URL} without --yes; use the paper host (APCA_API_BASE_URL=https://paper-api.alpaca.markets) or pass --yes`);
  }
  return async () => {
    const rest = createAlpacaRest(config, { logger, ...restOptions });
    const wire = await rest.trading.getAccount();
    const account = wire.account_number ?? wire.id ?? 'account';
    logger.info({ host: config.baseUrl, account, realMoney: isLiveHost(config) }, `trading on ${config.baseUrl}, account ${account}`);
    return {
      label: `alpaca ${new URL(config.baseUrl).host}`, account, clock: brokerClock(config, rest),
      feed: async (time) => new AlpacaFeed({ config, logger, now: () => time.now(), stream: streamOptions, marketData: rest.marketData }),
      broker: (time, assetOf) => new AlpacaBroker({ config, logger, resolveAsset: assetOf, stream: streamOptions, trading: rest.trading, time }),
    };
  };
}
