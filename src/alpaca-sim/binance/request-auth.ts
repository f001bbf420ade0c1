import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SimCredentials } from '../auth.js';
import type { RawRequest } from '../wire-front.js';
import { BINANCE_CODES as C, BinanceError, badRequest } from './errors.js';

/** How an endpoint is secured: public, API key only (user-data stream), or API key and HMAC-SHA256 signature. */
export type Security = 'NONE' | 'USER_STREAM' | 'SIGNED';

/** Largest `recvWindow` Binance accepts, and its default. */
const MAX_RECV_WINDOW = 60_000;
const DEFAULT_RECV_WINDOW = 5_000;

const header = (req: RawRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** `raw` without its `signature=` parameter, and the signature (raw strings as sent). */
function splitSignature(raw: string): { rest: string; signature: string | undefined } {
  const parts = raw === '' ? [] : raw.split('&');
  const sig = parts.find((p) => p.startsWith('signature='));
  return { rest: parts.filter((p) => p !== sig).join('&'), signature: sig?.slice('signature='.length) };
}

/** The request's parameters: query string and form body together. */
export function paramsOf(req: RawRequest): URLSearchParams {
  const out = new URLSearchParams(req.url.search);
  if (req.text !== '' && !req.text.startsWith('{')) for (const [k, v] of new URLSearchParams(req.text)) out.append(k, v);
  return out;
}

/**
 * Checks a request like Binance: an `X-MBX-APIKEY` header for keyed endpoints (missing → 401
 * -2014, wrong → 401 -2015); for signed ones a `timestamp` within `recvWindow` (default 5 s,
 * at most 60 s) of the host's clock (-1021) and `signature` = hex HMAC-SHA256 with the secret of
 * the query string followed by the body, signature removed (-1022). Throws `BinanceError`.
 */
export function checkRequest(req: RawRequest, security: Security, creds: SimCredentials, wall: number = Date.now()): void {
  if (security === 'NONE') return;
  const key = header(req, 'x-mbx-apikey');
  if (!key) throw new BinanceError(401, C.BAD_API_KEY_FMT, 'API-key format invalid.');
  if (key !== creds.key) throw new BinanceError(401, C.REJECTED_MBX_KEY, 'Invalid API-key, IP, or permissions for action.');
  if (security !== 'SIGNED') return;
  const params = paramsOf(req);
  const ts = Number(params.get('timestamp'));
  if (!params.get('timestamp') || !Number.isFinite(ts)) {
    throw badRequest(C.MANDATORY_PARAM_MISSING, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  }
  const recv = params.get('recvWindow') === null ? DEFAULT_RECV_WINDOW : Number(params.get('recvWindow'));
  if (!(recv > 0 && recv <= MAX_RECV_WINDOW)) throw badRequest(C.BAD_PARAMETER, `recvWindow must be less than ${MAX_RECV_WINDOW}.`);
  if (ts > wall + 1000 || wall - ts > recv) throw badRequest(C.INVALID_TIMESTAMP, 'Timestamp for this request is outside of the recvWindow.');
  const query = splitSignature(req.url.search.slice(1));
  const body = splitSignature(req.text);
  const given = query.signature ?? body.signature;
  if (!given) throw badRequest(C.MANDATORY_PARAM_MISSING, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
  const expected = createHmac('sha256', creds.secret).update(query.rest + body.rest).digest('hex');
  const ok = given.length === expected.length && timingSafeEqual(Buffer.from(given.toLowerCase()), Buffer.from(expected));
  if (!ok) throw badRequest(C.INVALID_SIGNATURE, 'Signature for this request is not valid.');
}
