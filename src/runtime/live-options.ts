import path from 'node:path';
import type { Logger } from 'pino';
import type { Frequency } from '../model/bar.js';
import type { ReconnectingSocketOptions } from '../net/reconnecting-socket.js';
import type { VenueClock, VenueSettings, VenueTime } from '../ports/venue.js';
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
  /** Environment with the venue's variables (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Socket timings (ping, pong deadline, watchdog, reconnect backoff) of the venue's streams. */
  readonly streamOptions?: Partial<Omit<ReconnectingSocketOptions, 'url' | 'name'>>;
  /** REST behaviour (rate limit, timeouts, retries) of the venue's broker and feed clients (as its adapter reads them). */
  readonly restOptions?: VenueSettings;
  /** Time source instead of the venue's clock (tests). */
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

/** The venue settings of a session: its own flags (`venue`) and the clients' tunings. */
export function venueSettings(options: LiveRunOptions, venue: VenueSettings | undefined): VenueSettings {
  return { ...venue, restOptions: options.restOptions, streamOptions: options.streamOptions };
}

/**
 * Time from a venue's clock, sampled ever less often while the estimate holds (see
 * `RemoteClockTimeSource`); a failed reading is logged and the last estimate kept.
 */
export async function followClock(clock: VenueClock, logger: Logger): Promise<RemoteClockTimeSource> {
  const { messages } = clock;
  const time = await RemoteClockTimeSource.start({
    read: () => clock.read(),
    fixedSpeed: clock.fixedSpeed,
    paused: clock.paused ? () => clock.paused!() : undefined,
    onError: (err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, messages.failed),
  });
  logger.info({ [messages.nowField]: new Date(time.now()).toISOString(), speed: Math.round(time.speed * 100) / 100 }, messages.following);
  return time;
}

/** The session's time as a venue's parts follow it (the speed of a followed remote clock, else 1). */
export function venueTime(time: TimeSource): VenueTime {
  return { now: () => time.now(), speed: () => (time instanceof RemoteClockTimeSource ? time.speed : 1) };
}
