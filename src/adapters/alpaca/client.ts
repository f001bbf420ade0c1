import type { Logger } from 'pino';
import type { AlpacaConfig } from './config.js';
import { MarketDataApi } from './http/market-data-api.js';
import { RateLimiter } from './http/rate-limiter.js';
import { RestClient, type RestClientOptions } from './http/rest-client.js';
import { TradingApi } from './http/trading-api.js';
import type { Timing } from './timing.js';

/** How the REST clients behave (all optional). */
export interface AlpacaRestOptions {
  /** Client-side token bucket (default 200/min); `false` disables it. */
  rateLimit?: { perMinute?: number; burst?: number } | false;
  /** A limiter to share with other clients of the same key (overrides `rateLimit`). */
  limiter?: RateLimiter | null;
  timeoutMs?: number;
  attempts?: number;
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
  readonly limiter: RateLimiter | null;
}

/** Builds the trading and market-data REST clients of `config`. */
export function createAlpacaRest(config: AlpacaConfig, options: AlpacaRestOptions = {}): AlpacaRest {
  const { rateLimit, limiter: shared, ...rest } = options;
  const limiter = shared !== undefined ? shared
    : rateLimit === false ? null
    : new RateLimiter({ ...rateLimit, timing: options.timing });
  const common = { keyId: config.keyId, secretKey: config.secretKey, limiter, ...rest };
  return {
    trading: new TradingApi(new RestClient({ ...common, baseUrl: config.baseUrl }), options.logger),
    marketData: new MarketDataApi(new RestClient({ ...common, baseUrl: config.dataUrl }), config.feed),
    limiter,
  };
}
