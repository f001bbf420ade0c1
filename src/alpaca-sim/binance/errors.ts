import type { Reply } from '../http-io.js';

/** An answer in Binance's error shape: HTTP status, Binance's negative code, message. */
export class BinanceError extends Error {
  constructor(readonly status: number, readonly code: number, message: string) {
    super(message);
    this.name = 'BinanceError';
  }

  reply(): Reply {
    return { status: this.status, body: { code: this.code, msg: this.message } };
  }
}

/** Binance's codes the simulator answers with. */
export const BINANCE_CODES = {
  UNKNOWN: -1000,
  DISCONNECTED: -1001,
  UNAUTHORIZED: -1002,
  TOO_MANY_REQUESTS: -1003,
  INVALID_TIMESTAMP: -1021,
  INVALID_SIGNATURE: -1022,
  ILLEGAL_CHARS: -1100,
  TOO_MANY_PARAMETERS: -1101,
  MANDATORY_PARAM_MISSING: -1102,
  BAD_PARAMETER: -1104,
  INVALID_ORDER_TYPE: -1116,
  INVALID_SIDE: -1117,
  BAD_SYMBOL: -1121,
  INVALID_LISTEN_KEY: -1125,
  BAD_INTERVAL: -1120,
  FILTER_FAILURE: -1013,
  NEW_ORDER_REJECTED: -2010,
  CANCEL_REJECTED: -2011,
  NO_SUCH_ORDER: -2013,
  BAD_API_KEY_FMT: -2014,
  REJECTED_MBX_KEY: -2015,
} as const;

/** 400 with `code`. */
export const badRequest = (code: number, message: string): BinanceError => new BinanceError(400, code, message);
