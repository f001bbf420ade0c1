import type { Logger } from 'pino';
import { RestClient, type RestClientOptions } from '../../net/rest-client.js';
import type { Timing } from '../../net/timing.js';
import { TokenBucket } from '../../net/token-bucket.js';
import { authHeaders, type AlpacaConfig } from './config.js';
import { alpacaRestErrors } from './errors.js';
import { MarketDataApi } from './http/market-data-api.js';
import { TradingApi } from './http/trading-api.js';
import { adapterLogger } from './logger.js';

/** How the REST clients behave (all optional). */
export interface AlpacaRestOptions {
  /** Client-side token bucket (default 200/min); `false` disables it. */
  rateLimit?: { perMinute?: number; burst?: number } | false;
  /** A limiter to share with other clients of the same key (overrides `rateLimit`). */
  limiter?: TokenBucket | null;
  timeoutMs?: number;
  attempts?: number;
  rateLimitAttempts?: number;
  backoff?: RestClientOptions['backoff'];
  maxRateLimitWaitMs?: number;
  timing?: Timing;
  random?: () => number;
  logger?: Logger;
}

/** The REST side of one Alpaca account: trading and market data sharing one rate limiter. */
export interface AlpacaRest {
  readonly trading: TradingApi;
  readonly marketData: MarketDataApi;
  readonly limiter: TokenBucket | null;
}

/** Builds the trading and market-data REST clients of `config`. */
export function createAlpacaRest(config: AlpacaConfig, options: AlpacaRestOptions = {}): AlpacaRest {
  const { rateLimit, limiter: shared, ...rest } = options;
  const limiter = shared !== undefined ? shared
    : rateLimit === false ? null
    : new TokenBucket({ ...rateLimit, timing: options.timing });
  const common = { headers: authHeaders(config), errors: alpacaRestErrors, limiter, ...rest, logger: adapterLogger(options.logger, 'alpaca-rest') };
  return {
    trading: new TradingApi(new RestClient({ ...common, baseUrl: config.baseUrl }), options.logger),
    marketData: new MarketDataApi(new RestClient({ ...common, baseUrl: config.dataUrl }), config.feed),
    limiter,
  };
}
