/** Which stream a socket fault hits. */
export type StreamKind = 'trading' | 'data' | 'all';

/** A REST fault for the next `count` requests whose path contains `path` (default: every path). */
export interface RestFaultSpec {
  readonly count: number;
  readonly path?: string;
}

/**
 * Faults to inject (each field optional; `setFaults` merges). Counted faults apply to the next
 * matching requests and then stop by themselves.
 */
export interface FaultSpec {
  /** Latency added to every REST answer, in ms. */
  readonly latencyMs?: number;
  /** The next requests answer 429 with `X-RateLimit-*` and `Retry-After` (default 1 s). */
  readonly rateLimit?: RestFaultSpec & { readonly retryAfterSec?: number };
  /** The next requests answer a 5xx (default 500). */
  readonly serverErrors?: RestFaultSpec & { readonly status?: number };
  /** The next requests answer 418, an IP ban (Binance; 429 on the Alpaca protocol), with `Retry-After` (default 60 s). */
  readonly ipBan?: RestFaultSpec & { readonly retryAfterSec?: number };
  /** The next `n` POST /v2/orders are executed, then their connection is destroyed unanswered. */
  readonly ambiguousPosts?: number;
  /** Market-data authentications are answered with error 406 for this many ms from now. */
  readonly reject406ForMs?: number;
  /** Drops the open sockets of a stream now (reconnects are accepted). */
  readonly drop?: StreamKind;
  /** Mutes the open sockets of a stream (no messages, no pongs) until they close. */
  readonly silence?: StreamKind;
}

/** What a REST request meets: nothing, a 429, or a 5xx. */
export type RestFault =
  | { readonly kind: 'rate-limit'; readonly retryAfterSec: number }
  | { readonly kind: 'ip-ban'; readonly retryAfterSec: number }
  | { readonly kind: 'server-error'; readonly status: number }
  | null;

/** Counts of injected faults (for tests and logs). */
export interface FaultStats {
  rateLimited: number;
  ipBans: number;
  serverErrors: number;
  ambiguousPosts: number;
  rejected406: number;
  drops: number;
  silenced: number;
}

interface Counted {
  left: number;
  path: string | undefined;
}

/** Socket faults are carried out by the stream servers. */
export interface SocketFaultTarget {
  drop(kind: StreamKind): number;
  silence(kind: StreamKind): number;
}

/** The simulator's fault state: what the next requests and connections meet. */
export class FaultState {
  latencyMs: number;
  readonly stats: FaultStats = { rateLimited: 0, ipBans: 0, serverErrors: 0, ambiguousPosts: 0, rejected406: 0, drops: 0, silenced: 0 };
  private rateLimit: Counted & { retryAfterSec: number } = { left: 0, path: undefined, retryAfterSec: 1 };
  private serverError: Counted & { status: number } = { left: 0, path: undefined, status: 500 };
  private ipBan: Counted & { retryAfterSec: number } = { left: 0, path: undefined, retryAfterSec: 60 };
  private ambiguous = 0;
  private reject406Until = 0;
  private sockets: SocketFaultTarget | undefined;

  /** `latencyMs` is the configured latency (`--latency`): `clear` returns to it. */
  constructor(private readonly baseLatencyMs = 0, private readonly wall: () => number = Date.now) {
    this.latencyMs = baseLatencyMs;
  }

  /** Connects the socket faults to the stream servers. */
  attach(target: SocketFaultTarget): void {
    this.sockets = target;
  }

  /** Merges `spec` into the state; socket faults happen now. */
  apply(spec: FaultSpec): void {
    if (spec.latencyMs !== undefined) this.latencyMs = Math.max(0, spec.latencyMs);
    if (spec.rateLimit) this.rateLimit = { left: spec.rateLimit.count, path: spec.rateLimit.path, retryAfterSec: spec.rateLimit.retryAfterSec ?? 1 };
    if (spec.ipBan) this.ipBan = { left: spec.ipBan.count, path: spec.ipBan.path, retryAfterSec: spec.ipBan.retryAfterSec ?? 60 };
    if (spec.serverErrors) this.serverError = { left: spec.serverErrors.count, path: spec.serverErrors.path, status: spec.serverErrors.status ?? 500 };
    if (spec.ambiguousPosts !== undefined) this.ambiguous = spec.ambiguousPosts;
    if (spec.reject406ForMs !== undefined) this.reject406Until = this.wall() + spec.reject406ForMs;
    if (spec.drop && this.sockets) this.stats.drops += this.sockets.drop(spec.drop);
    if (spec.silence && this.sockets) this.stats.silenced += this.sockets.silence(spec.silence);
  }

  /** Clears every pending fault; the latency returns to the configured one (`--latency`). */
  clear(): void {
    this.latencyMs = this.baseLatencyMs;
    this.rateLimit.left = 0;
    this.serverError.left = 0;
    this.ipBan.left = 0;
    this.ambiguous = 0;
    this.reject406Until = 0;
  }

  /** The fault the REST request to `path` meets (consumes one count). */
  restFault(path: string): RestFault {
    if (take(this.ipBan, path)) {
      this.stats.ipBans++;
      return { kind: 'ip-ban', retryAfterSec: this.ipBan.retryAfterSec };
    }
    if (take(this.rateLimit, path)) {
      this.stats.rateLimited++;
      return { kind: 'rate-limit', retryAfterSec: this.rateLimit.retryAfterSec };
    }
    if (take(this.serverError, path)) {
      this.stats.serverErrors++;
      return { kind: 'server-error', status: this.serverError.status };
    }
    return null;
  }

  /** True when this order POST must lose its answer (consumes one count). */
  takeAmbiguousPost(): boolean {
    if (this.ambiguous <= 0) return false;
    this.ambiguous--;
    this.stats.ambiguousPosts++;
    return true;
  }

  /** True while market-data authentications must be refused with 406. */
  reject406(): boolean {
    if (this.wall() >= this.reject406Until) return false;
    this.stats.rejected406++;
    return true;
  }

  /** What is still pending (for `GET /_sim/state`). */
  pending(): Record<string, number> {
    return {
      latencyMs: this.latencyMs,
      rateLimit: this.rateLimit.left,
      serverErrors: this.serverError.left,
      ipBan: this.ipBan.left,
      ambiguousPosts: this.ambiguous,
      reject406ForMs: Math.max(0, this.reject406Until - this.wall()),
    };
  }
}

function take(c: Counted, path: string): boolean {
  if (c.left <= 0 || (c.path !== undefined && !path.includes(c.path))) return false;
  c.left--;
  return true;
}
