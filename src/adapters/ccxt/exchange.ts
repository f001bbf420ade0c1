import ccxt, { type Exchange } from 'ccxt';
import { UsageError } from '../../core/errors.js';
import { hostOf, isLoopbackHost } from '../../net/hosts.js';
import type { CcxtConfig } from './config.js';

/** Options of the ccxt instance beyond the config. */
export interface CcxtExchangeOptions {
  /** ccxt's own throttle (its `rateLimit` ms between requests); default on. */
  readonly enableRateLimit?: boolean;
  /** Request timeout in ms (ccxt's default 10 000). */
  readonly timeoutMs?: number;
  /** Build ccxt pro's class (REST plus WebSocket `watch*` methods) where ccxt has one. */
  readonly stream?: boolean;
  /**
   * The WebSocket base every stream endpoint is pointed at (e.g. the simulator's `ws://…/ws`);
   * required with `stream` when `apiUrl` overrides REST, so no socket reaches the real exchange.
   */
  readonly streamUrl?: string;
}

/**
 * A ccxt exchange instance for `config`: spot markets only, ccxt's rate limiter on, keys when
 * given, the sandbox hosts with `sandbox`, and every REST endpoint pointed at `apiUrl` when set.
 */
export function createCcxtExchange(config: CcxtConfig, options: CcxtExchangeOptions = {}): Exchange {
  const pro = (ccxt as unknown as { pro: Record<string, new (o: object) => Exchange> }).pro[config.exchange];
  const Class = options.stream && pro ? pro : (ccxt as unknown as Record<string, new (o: object) => Exchange>)[config.exchange]!;
  const ex = new Class({
    apiKey: config.apiKey, secret: config.secret,
    enableRateLimit: options.enableRateLimit ?? true,
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false, fetchOpenOrders: { warnWithoutSymbol: false } },
  });
  if (config.sandbox) {
    try {
      if (!(ex.urls as Record<string, unknown>)['test']) throw new Error('no sandbox');
      ex.setSandboxMode(true);
    } catch {
      throw new UsageError(`--sandbox: ccxt has no sandbox (testnet) hosts for ${config.exchange}; trade it without --sandbox, or point --api-url at a test host`);
    }
  }
  if (config.apiUrl !== undefined) {
    const urls = ex.urls as Record<string, unknown>;
    const api = urls['api'] as Record<string, string> | string;
    if (typeof api === 'string') urls['api'] = config.apiUrl;
    else for (const k of Object.keys(api)) if (k !== 'ws') api[k] = config.apiUrl;
  }
  if (options.stream && pro) {
    const api = (ex.urls as Record<string, unknown>)['api'] as Record<string, unknown>;
    if (options.streamUrl !== undefined) {
      const point = (v: unknown): unknown => typeof v === 'string' ? options.streamUrl : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, point(x)])) : v;
      api['ws'] = point(api['ws']);
    } else if (config.apiUrl !== undefined) {
      throw new UsageError(`--api-url ${config.apiUrl}: streaming bars also needs the stream URL of that host (or poll REST only)`);
    }
  }
  return ex;
}

/** Where a ccxt instance trades: the host its spot REST requests go to, and whether that is real money. */
export interface TradingHost {
  /** `host[:port]` of the spot REST endpoint, for logs and the session label. */
  readonly host: string;
  /** False on loopback (the local simulator) and on the exchange's own sandbox (testnet) hosts. */
  readonly realMoney: boolean;
}

const urlsOf = (api: unknown): string[] =>
  typeof api === 'string' ? [api] : api && typeof api === 'object' ? Object.values(api as Record<string, unknown>).flatMap(urlsOf) : [];

/**
 * The trading host of `ex` (built by `createCcxtExchange` from `config`). Every REST host the
 * instance would call is compared, normalised, with loopback and with the exchange's sandbox
 * hosts: any other host (the exchange's production API, or a proxy in front of it) is real money.
 */
export function tradingHost(ex: Exchange, config: CcxtConfig): TradingHost {
  const Class = (ccxt as unknown as Record<string, new (o: object) => Exchange>)[config.exchange]!;
  const sandboxHosts = new Set(urlsOf((new Class({}).urls as Record<string, unknown>)['test']).map(hostOf));
  const urls = urlsOf((ex.urls as Record<string, unknown>)['api']);
  const realMoney = urls.length === 0 || urls.some((u) => !isLoopbackHost(hostOf(u)) && !sandboxHosts.has(hostOf(u)));
  const spot = config.apiUrl ?? urls.find((u) => /\/api\/v3$|\/api$/.test(u)) ?? urls[0] ?? '';
  return { host: spot ? new URL(spot).host : config.exchange, realMoney };
}
