import path from 'node:path';
import type { Logger } from 'pino';
import type { Frequency } from '../model/bar.js';
import type { AlpacaRest, AlpacaRestOptions } from '../adapters/alpaca/client.js';
import type { AlpacaConfig } from '../adapters/alpaca/config.js';
import type { ReconnectingSocketOptions } from '../net/reconnecting-socket.js';
import { hostOf, isLiveHost } from '../adapters/alpaca/config.js';
import { clockFromWire } from '../adapters/alpaca/parse.js';
import type { LiveSessionHandle, LiveSessionSetup } from '../live/live-session.js';
import type { ShutdownController } from '../live/shutdown.js';
import { RemoteClockTimeSource, type TimeSource } from '../live/time-source.js';

/** What `ziplime paper` and `ziplime live` share. */
export interface LiveRunOptions {
  readonly strategyFile: string;
  readonly bundlesDir: string;
  /** History bundle (assets, and bars before today). */
  readonly bundle: string;
  readonly frequency: Frequency;
  readonly params?: readonly string[];
  readonly config?: string;
  readonly benchmark?: string;
  /** Journal folder; default `./live/<strategy>-<account>`. */
  readonly stateDir?: string;
  readonly onExit: 'cancel' | 'keep';
  readonly logger: Logger;
  /** Stop after this many sessions ended / after this session (default: run until stopped). */
  readonly sessions?: number;
  readonly until?: string;
  /** Seconds of source time to wait for a minute's bars after it ends (default 5). */
  readonly barGraceSeconds?: number;
  /** Daily frequency: run the day's bar this many minutes before the close (default 0). */
  readonly dailyLeadMinutes?: number;
  /** The process's stop control (the CLI's signal handlers); see `LiveSessionSetup.shutdown`. */
  readonly shutdown?: ShutdownController;
  /** Environment with the Alpaca variables (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Socket timings (ping, pong deadline, watchdog, reconnect backoff) of both streams. */
  readonly streamOptions?: Partial<Omit<ReconnectingSocketOptions, 'url' | 'name'>>;
  /** REST behaviour (rate limit, timeouts, retries) of the broker and feed clients. */
  readonly restOptions?: AlpacaRestOptions;
  /** Time source instead of the broker's `/v2/clock` (tests). */
  readonly time?: TimeSource;
  readonly onReady?: (handle: LiveSessionHandle) => void;
}

/** The state folder of a strategy trading an account: `--state-dir`, or `./live/<strategy>-<account>`. */
export function stateDirOf(options: Pick<LiveRunOptions, 'stateDir'>, strategy: string, account: string): string {
  return path.resolve(options.stateDir ?? path.join('live', `${strategy}-${account.replace(/[^A-Za-z0-9._-]/g, '_')}`));
}

/** The session setup fields that come straight from the options. */
export function sessionSetup(options: LiveRunOptions): Pick<LiveSessionSetup, 'barGraceMs' | 'dailyLeadMs' | 'maxSessions' | 'lastSession' | 'shutdown' | 'onReady' | 'onExit' | 'logger' | 'benchmark' | 'frequency'> {
  return {
    barGraceMs: (options.barGraceSeconds ?? 5) * 1000,
    dailyLeadMs: (options.dailyLeadMinutes ?? 0) * 60_000,
    maxSessions: options.sessions,
    lastSession: options.until,
    shutdown: options.shutdown,
    onReady: options.onReady,
    onExit: options.onExit,
    logger: options.logger,
    benchmark: options.benchmark,
    frequency: options.frequency,
  };
}

/**
 * Time from the broker's `/v2/clock`: Alpaca's own hosts run at wall speed (only the clock skew
 * is taken); any other host (the local simulator replaying a past day) also gives its speed.
 * Sampled ever less often while the estimate holds, and not while the key's 429s are answered.
 */
export async function brokerTime(config: AlpacaConfig, rest: AlpacaRest, logger: Logger): Promise<RemoteClockTimeSource> {
  const { trading, limiter } = rest;
  const own = isLiveHost(config) || hostOf(config.baseUrl).endsWith('.alpaca.markets');
  const time = await RemoteClockTimeSource.start({
    read: async () => clockFromWire(await trading.getClock()).timestamp,
    fixedSpeed: own,
    paused: () => limiter?.isPaused() ?? false,
    onError: (err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'reading the broker clock failed; keeping the last estimate'),
  });
  logger.info({ brokerNow: new Date(time.now()).toISOString(), speed: Math.round(time.speed * 100) / 100 }, 'following the broker clock');
  return time;
}
