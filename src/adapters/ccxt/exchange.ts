import ccxt, { type Exchange } from 'ccxt';
import type { CcxtConfig } from './config.js';

/** Options of the ccxt instance beyond the config. */
export interface CcxtExchangeOptions {
  /** ccxt's own throttle (its `rateLimit` ms between requests); default on. */
  readonly enableRateLimit?: boolean;
  /** Request timeout in ms (ccxt's default 10 000). */
  readonly timeoutMs?: number;
}

/**
 * A ccxt exchange instance for `config`: spot markets only, ccxt's rate limiter on, keys when
 * given, the sandbox hosts with `sandbox`, and every REST endpoint pointed at `apiUrl` when set.
 */
export function createCcxtExchange(config: CcxtConfig, options: CcxtExchangeOptions = {}): Exchange {
  const Class = (ccxt as unknown as Record<string, new (o: object) => Exchange>)[config.exchange]!;
  const ex = new Class({
    apiKey: config.apiKey, secret: config.secret,
    enableRateLimit: options.enableRateLimit ?? true,
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false, fetchOpenOrders: { warnWithoutSymbol: false } },
  });
  if (config.sandbox) ex.setSandboxMode(true);
  if (config.apiUrl !== undefined) {
    const urls = ex.urls as Record<string, unknown>;
    const api = urls['api'] as Record<string, string> | string;
    if (typeof api === 'string') urls['api'] = config.apiUrl;
    else for (const k of Object.keys(api)) api[k] = config.apiUrl;
  }
  return ex;
}
