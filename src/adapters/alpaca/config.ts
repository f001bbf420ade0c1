import { UsageError } from '../../core/errors.js';
import { hostOf } from '../../net/hosts.js';

export { hostOf };

/** Alpaca's paper-trading REST host (the default). */
export const PAPER_TRADING_URL = 'https://paper-api.alpaca.markets';
/** Alpaca's real-money REST host. */
export const LIVE_TRADING_URL = 'https://api.alpaca.markets';
/** Alpaca's market-data REST host. */
export const DATA_URL = 'https://data.alpaca.markets';
/** Alpaca's hosted market-data stream host (used when the data URL is Alpaca's own). */
export const DATA_STREAM_URL = 'wss://stream.data.alpaca.markets';

/** Time zone of the US stock venue (session days, daily bar stamps). */
export const VENUE_TZ = 'America/New_York';

/** Stock data feeds: `iex` (free plan) or `sip`. */
export type DataFeed = 'iex' | 'sip';

/** Credentials and hosts of one Alpaca account. */
export interface AlpacaConfig {
  readonly keyId: string;
  readonly secretKey: string;
  /** Trading REST base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** Market-data REST base URL, without a trailing slash. */
  readonly dataUrl: string;
  /** trade_updates WebSocket URL (`<base as ws>/stream`). */
  readonly tradingStreamUrl: string;
  /** Market-data WebSocket URL for stocks (`…/v2/<feed>`). */
  readonly dataStreamUrl: string;
  /** Market-data WebSocket URL for crypto (`…/v1beta3/crypto/us`). */
  readonly cryptoStreamUrl: string;
  readonly feed: DataFeed;
}

/** Explicit values; each one wins over its environment variable. */
export interface AlpacaConfigInput {
  keyId?: string;
  secretKey?: string;
  baseUrl?: string;
  dataUrl?: string;
  feed?: DataFeed;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** `http://` → `ws://`, `https://` → `wss://` (other schemes are kept). */
export function toWebSocketUrl(httpUrl: string): string {
  return trimSlash(httpUrl).replace(/^http(s?):\/\//i, (_m, s: string) => `ws${s}://`);
}

/** The stream host for a data REST URL: Alpaca's own data host streams from `stream.data…`. */
function dataStreamBase(dataUrl: string): string {
  return trimSlash(dataUrl) === DATA_URL ? DATA_STREAM_URL : toWebSocketUrl(dataUrl);
}

function checkUrl(name: string, url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new UsageError(`${name} '${url}' is not an http(s) URL; set it like ${PAPER_TRADING_URL}`);
  }
  return trimSlash(url);
}

/**
 * Resolves the configuration from explicit values, then `APCA_API_KEY_ID`,
 * `APCA_API_SECRET_KEY`, `APCA_API_BASE_URL`, `APCA_API_DATA_URL` (paper hosts by default).
 * Missing keys are a usage error that names the variables (never their values).
 */
export function resolveAlpacaConfig(input: AlpacaConfigInput = {}, env: NodeJS.ProcessEnv = process.env): AlpacaConfig {
  const keyId = input.keyId ?? env.APCA_API_KEY_ID;
  const secretKey = input.secretKey ?? env.APCA_API_SECRET_KEY;
  if (!keyId || !secretKey) {
    throw new UsageError('Alpaca credentials missing: set APCA_API_KEY_ID and APCA_API_SECRET_KEY (or pass --key/--secret)');
  }
  const baseUrl = checkUrl('APCA_API_BASE_URL', input.baseUrl ?? env.APCA_API_BASE_URL ?? PAPER_TRADING_URL);
  const dataUrl = checkUrl('APCA_API_DATA_URL', input.dataUrl ?? env.APCA_API_DATA_URL ?? DATA_URL);
  const feed = input.feed ?? 'iex';
  const dataWs = dataStreamBase(dataUrl);
  return {
    keyId,
    secretKey,
    baseUrl,
    dataUrl,
    tradingStreamUrl: `${toWebSocketUrl(baseUrl)}/stream`,
    dataStreamUrl: `${dataWs}/v2/${feed}`,
    cryptoStreamUrl: `${dataWs}/v1beta3/crypto/us`,
    feed,
  };
}

/** True when the trading host is Alpaca's real-money host (orders spend real money). */
export function isLiveHost(config: Pick<AlpacaConfig, 'baseUrl'>): boolean {
  try {
    return hostOf(config.baseUrl) === hostOf(LIVE_TRADING_URL);
  } catch {
    return false;
  }
}


/** The auth headers Alpaca expects on every REST request. */
export function authHeaders(config: Pick<AlpacaConfig, 'keyId' | 'secretKey'>): Record<string, string> {
  return { 'APCA-API-KEY-ID': config.keyId, 'APCA-API-SECRET-KEY': config.secretKey };
}
