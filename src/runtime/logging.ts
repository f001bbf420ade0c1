import { pino, type Logger, type LoggerOptions } from 'pino';
import { ensurePrivateFile } from '../core/private-files.js';

/** Paths pino replaces with `[redacted]` wherever they appear in a log line. */
export const REDACT_PATHS = [
  'key', 'secret', 'keyId', 'secretKey', 'apiKey', 'apiSecret', 'password', 'token',
  '*.key', '*.secret', '*.keyId', '*.secretKey', '*.apiKey', '*.apiSecret', '*.password', '*.token',
  'headers["APCA-API-KEY-ID"]', 'headers["APCA-API-SECRET-KEY"]',
  '*.headers["APCA-API-KEY-ID"]', '*.headers["APCA-API-SECRET-KEY"]',
  'data.key_id', 'data.secret_key',
];

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface LoggingOptions {
  level?: LogLevel;
  /** Write JSON lines to this file instead of stderr. */
  file?: string;
  /** Human-readable lines (the default on a terminal when no file is given). */
  pretty?: boolean;
}

/**
 * The process logger: pino JSON lines to `file` or stderr, human-readable on a terminal,
 * credentials redacted.
 */
export function createLogger(options: LoggingOptions = {}): Logger {
  const base: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: undefined,
  };
  if (options.file) {
    ensurePrivateFile(options.file);
    return pino(base, pino.destination({ dest: options.file, sync: true }));
  }
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: !process.env.NO_COLOR, translateTime: 'SYS:HH:MM:ss' } },
    });
  }
  return pino(base, pino.destination({ dest: 2, sync: true }));
}
