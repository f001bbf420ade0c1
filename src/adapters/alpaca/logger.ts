import { pino, type Logger } from 'pino';

/** Log paths that may carry Alpaca credentials; censored in every adapter log line. */
export const ALPACA_SECRET_PATHS = [
  'keyId', 'secretKey', 'key', 'secret', '*.keyId', '*.secretKey', '*.key', '*.secret',
  'headers["APCA-API-KEY-ID"]', 'headers["APCA-API-SECRET-KEY"]',
  'data.key_id', 'data.secret_key', '*.data.key_id', '*.data.secret_key',
];

const silent = pino({ level: 'silent' });

/** A child of `parent` (silent when absent) tagged with `component`, credentials redacted. */
export function adapterLogger(parent: Logger | undefined, component: string): Logger {
  return (parent ?? silent).child({ component }, { redact: { paths: ALPACA_SECRET_PATHS, censor: '[redacted]' } });
}
