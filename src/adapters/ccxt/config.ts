import ccxt from 'ccxt';
import { UsageError } from '../../core/errors.js';

/** Credentials and hosts of one exchange account reached through ccxt's unified API. */
export interface CcxtConfig {
  /** ccxt's exchange id, e.g. `binance`. */
  readonly exchange: string;
  /** API key and secret; absent for public data (ingest, feeds). */
  readonly apiKey?: string | undefined;
  readonly secret?: string | undefined;
  /** Every REST endpoint of the exchange pointed at this base URL (e.g. `ziplime sim --protocol binance`). */
  readonly apiUrl?: string | undefined;
  /** ccxt's sandbox (testnet) hosts. */
  readonly sandbox: boolean;
}

/** Explicit values; each one wins over its environment variable. */
export interface CcxtConfigInput {
  exchange?: string | undefined;
  apiKey?: string | undefined;
  secret?: string | undefined;
  apiUrl?: string | undefined;
  sandbox?: boolean | undefined;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

function checkUrl(name: string, url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new UsageError(`${name} '${url}' is not an http(s) URL; set it like http://127.0.0.1:5000/api/v3`);
  }
  return trimSlash(url);
}

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes)$/i.test(v.trim());

/**
 * Resolves the configuration from explicit values, then `ZIPLIME_CCXT_API_KEY`,
 * `ZIPLIME_CCXT_SECRET`, `ZIPLIME_CCXT_API_URL` (or `<EXCHANGE>_API_URL`, e.g. the
 * `BINANCE_API_URL` that `ziplime sim --protocol binance` prints) and `ZIPLIME_CCXT_SANDBOX`.
 * An exchange ccxt does not know, or a malformed URL, is a usage error.
 */
export function resolveCcxtConfig(input: CcxtConfigInput = {}, env: NodeJS.ProcessEnv = process.env): CcxtConfig {
  const exchange = (input.exchange ?? env.ZIPLIME_CCXT_EXCHANGE ?? '').trim().toLowerCase();
  if (!exchange) throw new UsageError('--exchange is needed with ccxt, e.g. --exchange binance');
  if (!(ccxt.exchanges as string[]).includes(exchange)) {
    throw new UsageError(`--exchange ${exchange}: ccxt ${ccxt.version} has no such exchange; use a ccxt id such as binance, kraken, coinbase`);
  }
  // an empty variable counts as unset
  const urlFrom = input.apiUrl !== undefined ? '--api-url' : env.ZIPLIME_CCXT_API_URL ? 'ZIPLIME_CCXT_API_URL' : `${exchange.toUpperCase()}_API_URL`;
  const rawUrl = input.apiUrl ?? (env.ZIPLIME_CCXT_API_URL || env[`${exchange.toUpperCase()}_API_URL`]);
  const apiUrl = rawUrl ? checkUrl(urlFrom, rawUrl) : undefined;
  return {
    exchange,
    apiKey: input.apiKey ?? env.ZIPLIME_CCXT_API_KEY,
    secret: input.secret ?? env.ZIPLIME_CCXT_SECRET,
    apiUrl,
    sandbox: input.sandbox ?? truthy(env.ZIPLIME_CCXT_SANDBOX),
  };
}

/** The config with its keys checked: trading needs both (named, never their values). */
export function requireKeys(config: CcxtConfig): CcxtConfig & { apiKey: string; secret: string } {
  if (!config.apiKey || !config.secret) {
    throw new UsageError(`${config.exchange} credentials missing: set ZIPLIME_CCXT_API_KEY and ZIPLIME_CCXT_SECRET, or pass --credentials FILE (or set ZIPLIME_CCXT_CREDENTIALS=FILE)`);
  }
  return config as CcxtConfig & { apiKey: string; secret: string };
}
