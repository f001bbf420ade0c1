import { createRequire } from 'node:module';
import type { Logger, LoggerOptions } from 'pino';
import { ensurePrivateFile } from '../core/private-files.js';

type Pino = typeof import('pino');
let pinoModule: Pino | undefined;
/** pino (CommonJS), required on first use: loading it costs a start ~20 ms. */
const loadPino = (): Pino => (pinoModule ??= createRequire(import.meta.url)('pino') as Pino);

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
  /**
   * pino is loaded and the logger made only when a line at an enabled level is logged, or
   * anything but a log method, `child` or `level` is used (a quiet backtest usually logs nothing).
   */
  deferred?: boolean;
}

/**
 * The process logger: pino JSON lines to `file` or stderr, human-readable on a terminal,
 * credentials redacted.
 */
export function createLogger(options: LoggingOptions = {}): Logger {
  if (options.file) ensurePrivateFile(options.file);
  if (!options.deferred) return makeLogger(options);
  return deferredLogger(LEVEL_VALUES[options.level ?? 'info'], () => makeLogger(options));
}

/** The pino logger `createLogger` describes. */
function makeLogger(options: LoggingOptions): Logger {
  const pino = loadPino();
  const base: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: undefined,
  };
  if (options.file) {
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

/** pino's level values. */
const LEVEL_VALUES: Readonly<Record<LogLevel, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
const LOG_METHODS = new Set<PropertyKey>(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);
const noop = (): void => undefined;

/**
 * A logger at level `value` that is `make()` once it is needed: until then, log methods below the
 * level do nothing (as pino's own do), `level` answers the level, and `child` gives another
 * deferred logger (made from this one's logger when needed, with the same level unless its
 * options set one). Anything else makes the logger and is forwarded to it.
 */
function deferredLogger(value: number, make: () => Logger): Logger {
  let made: Logger | undefined;
  const real = (): Logger => (made ??= make());
  const levelName = (Object.keys(LEVEL_VALUES) as LogLevel[]).find((k) => LEVEL_VALUES[k] === value)!;
  return new Proxy({} as Logger, {
    get(_, prop) {
      if (!made) {
        if (LOG_METHODS.has(prop) && (prop === 'silent' || LEVEL_VALUES[prop as LogLevel] < value)) return noop;
        if (prop === 'level') return levelName;
        if (prop === 'child') {
          return (bindings: Record<string, unknown>, options?: { level?: string }) => (options?.level !== undefined
            ? real().child(bindings, options)
            : deferredLogger(value, () => real().child(bindings)));
        }
      }
      const logger = real(), v = Reflect.get(logger, prop, logger) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(logger) : v;
    },
    set(_, prop, v) {
      return Reflect.set(real(), prop, v);
    },
    has(_, prop) {
      return Reflect.has(real(), prop);
    },
  });
}
