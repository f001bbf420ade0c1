import type { FaultSpec, FaultState, FaultStats, StreamKind } from './faults.js';
import { ok, type Route } from './http-io.js';
import type { ReplayClock } from './replay-clock.js';
import type { Replay } from './replay.js';
import type { BarHold } from './bar-hold.js';
import type { Venue } from './venue.js';
import { VenueError } from './venue-error.js';
import { rfc3339 } from './wire-format.js';
import type { StreamHub } from './stream-hub.js';
import { barToWire } from './bar-series.js';
import type { BarPublisher } from './wire-front.js';

/** Counters of the simulator (for tests, benchmarks and `GET /_sim/state`). */
export interface SimStats {
  requests: number;
  orders: number;
  minutes: number;
  tradingConnections: number;
  dataConnections: number;
  tradingClients: number;
  dataClients: number;
}

/**
 * In-process control of a running simulator (the same operations as the `/_sim/*` endpoints).
 * Time: `advance`/`advanceTo` move simulated time forward and resolve once every minute up to
 * there was replayed (bars published, orders matched, trade updates sent).
 */
export interface AlpacaSimAdmin {
  /** Simulated time now (epoch ms). */
  now(): number;
  /** Moves simulated time forward by `minutes` and replays them. */
  advance(minutes: number): Promise<void>;
  /** Moves simulated time forward to `ms` (never back) and replays up to there. */
  advanceTo(ms: number): Promise<void>;
  /** Changes the replay speed (0 = manual). */
  setSpeed(speed: number): void;
  /** Waits until the minutes due now are replayed. */
  settle(): Promise<void>;
  /** Injects faults (merged with the current ones; socket faults happen now). */
  setFaults(spec: FaultSpec): void;
  /** Removes pending faults; the latency returns to the configured one. */
  clearFaults(): void;
  dropSockets(kind: StreamKind): void;
  silenceSockets(kind: StreamKind): void;
  readonly faultStats: FaultStats;
  /** Publishes a corrected minute bar (`u`) to clients subscribed to `updatedBars`. */
  correctBar(symbol: string, bar: { t: number; o: number; h: number; l: number; c: number; v: number }): void;
  /** Keeps the minute bars of `symbols` back from the market-data stream (the venue still trades on them): a lagging feed. `[]` stops holding. */
  holdBars(symbols: readonly string[]): void;
  /** Publishes the bars held back so far (late); returns how many. */
  releaseBars(): number;
  stats(): SimStats;
  /** The venue (orders in Alpaca's terms, and the matching broker with cash and positions). */
  readonly venue: Venue;
}

/** What the admin works on. */
export interface AdminParts {
  readonly clock: ReplayClock;
  readonly replay: Replay;
  readonly faults: FaultState;
  readonly venue: Venue;
  readonly trading: StreamHub<unknown>;
  readonly data: StreamHub<unknown> & BarPublisher;
  /** What the replay publishes bars through (holding some back on request). */
  readonly bars: BarHold;
  readonly requests: () => number;
}

/** Most simulated time one advance may cover: 366 days, in minutes. */
export const MAX_ADVANCE_MINUTES = 366 * 24 * 60;

/** Why moving simulated time from `now` to `to` is refused, or null when it is fine (a past `to` is a no-op: time never goes back). */
export function advanceProblem(now: number, to: number): string | null {
  if (!Number.isFinite(to)) return 'the target instant is not a finite time';
  if (to - now > MAX_ADVANCE_MINUTES * 60_000) return `one advance covers at most ${MAX_ADVANCE_MINUTES} minutes (366 days)`;
  return null;
}

/** Builds the admin object. */
export function createAdmin(p: AdminParts): AlpacaSimAdmin {
  const advanceTo = async (ms: number): Promise<void> => {
    const problem = advanceProblem(p.clock.now(), ms);
    if (problem) throw new RangeError(`advance: ${problem}`);
    p.clock.jumpTo(ms);
    await p.replay.runUntil(p.clock.now());
  };
  return {
    now: () => p.clock.now(),
    advance: (minutes) => {
      if (!(minutes >= 0)) throw new RangeError(`advance needs minutes ≥ 0, got ${minutes}`);
      return advanceTo(p.clock.now() + minutes * 60_000);
    },
    advanceTo,
    setSpeed: (speed) => p.clock.setSpeed(speed),
    settle: () => p.replay.runUntil(p.clock.now()),
    setFaults: (spec) => p.faults.apply(spec),
    clearFaults: () => p.faults.clear(),
    dropSockets: (kind) => p.faults.apply({ drop: kind }),
    silenceSockets: (kind) => p.faults.apply({ silence: kind }),
    faultStats: p.faults.stats,
    holdBars: (symbols) => p.bars.hold(symbols),
    releaseBars: () => p.bars.release(),
    correctBar: (symbol, b) => p.data.publish([{ symbol: symbol.toUpperCase(), bar: barToWire(b.t, b.o, b.h, b.l, b.c, b.v) }], 'u'),
    stats: () => ({
      requests: p.requests(),
      orders: p.venue.all().length,
      minutes: p.replay.minutes,
      tradingConnections: p.trading.connections,
      dataConnections: p.data.connections,
      tradingClients: p.trading.clients.size,
      dataClients: p.data.clients.size,
    }),
    venue: p.venue,
  };
}

/** `/_sim/*`: `POST /_sim/faults` (a FaultSpec), `POST /_sim/advance` (`{minutes}` or `{to}`), `POST /_sim/speed` (`{speed}`), `GET /_sim/state`. */
export function adminRoutes(admin: AlpacaSimAdmin, faults: FaultState): Route[] {
  const state = () => ({ now: rfc3339(admin.now()), faults: faults.pending(), injected: admin.faultStats, stats: admin.stats() });
  const body = (b: unknown): Record<string, unknown> => (b && typeof b === 'object' ? b as Record<string, unknown> : {});
  return [
    { method: 'GET', pattern: /^\/_sim\/state$/, handle: async () => ok(state()) },
    {
      method: 'POST', pattern: /^\/_sim\/faults$/,
      handle: async (r) => {
        const b = body(r.body);
        if (b.clear === true) admin.clearFaults();
        admin.setFaults(b as FaultSpec);
        return ok(state());
      },
    },
    {
      method: 'POST', pattern: /^\/_sim\/advance$/,
      handle: async (r) => {
        const b = body(r.body);
        const now = admin.now();
        let to: number;
        if (typeof b.to === 'string' && !Number.isNaN(Date.parse(b.to))) to = Date.parse(b.to);
        else if (typeof b.minutes === 'number' && b.minutes >= 0) to = now + b.minutes * 60_000;
        else throw new VenueError(422, 40010001, 'advance needs {"minutes": N ≥ 0} or {"to": "<RFC 3339>"}');
        const problem = advanceProblem(now, to);
        if (problem) throw new VenueError(422, 40010001, `advance: ${problem}`);
        await admin.advanceTo(to);
        return ok(state());
      },
    },
    {
      method: 'POST', pattern: /^\/_sim\/speed$/,
      handle: async (r) => {
        const speed = body(r.body).speed;
        if (typeof speed !== 'number' || !(speed >= 0)) throw new VenueError(422, 40010001, 'speed needs {"speed": N ≥ 0}');
        admin.setSpeed(speed);
        return ok(state());
      },
    },
  ];
}
