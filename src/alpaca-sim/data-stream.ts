import type { BarWire } from '../adapters/alpaca/wire/market-data.js';
import { credentialsMatch, type SimCredentials } from './auth.js';
import type { FaultState } from './faults.js';
import { AUTH_TIMEOUT_MS, StreamHub, type StreamClient } from './stream-hub.js';

/** Channels a market-data client can subscribe to (the ack lists all of them). */
const CHANNELS = ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars', 'statuses', 'lulds', 'corrections', 'cancelErrors'] as const;
type Channel = (typeof CHANNELS)[number];

interface DataClientState {
  key: string | null;
  subs: Record<Channel, Set<string>>;
  timer: NodeJS.Timeout | undefined;
}

/** A bar to publish: symbol, the wire bar, and whether it corrects an earlier one (`u`). */
export interface StreamBar {
  readonly symbol: string;
  readonly bar: BarWire;
}

const error = (code: number, msg: string) => [{ T: 'error', code, msg }];

/** Data messages for a MessagePack client: `t` as a Date (sent as the msgpack timestamp extension, as Alpaca does). */
const withDates = (batch: unknown): unknown => (batch as Record<string, unknown>[]).map((m) => (typeof m.t === 'string' ? { ...m, t: new Date(m.t) } : m));

/**
 * Most subscriptions one connection may hold, summed over channels (`*` counts as one); a
 * subscribe beyond it is refused with error 405 and the previous set is kept.
 */
export const MAX_SUBSCRIBED_SYMBOLS = 5_000;

/**
 * The market-data stream (reference §4) in text frames, or MessagePack binary frames when the
 * upgrade request says `Content-Type: application/msgpack` (the official SDKs always do): `connected` on open, `auth` within
 * 10 s, one connection per key and feed (406 otherwise, or while the 406 fault is on),
 * subscribe/unsubscribe acked with the full set (at most `MAX_SUBSCRIBED_SYMBOLS`, else 405),
 * bars batched in one array per minute.
 */
export class DataStreamServer extends StreamHub<DataClientState> {
  constructor(private readonly creds: SimCredentials, private readonly faults: FaultState) {
    super(false, true);
  }

  /** Publishes minute bars (`b`) or corrections (`u`) to the clients subscribed to them. */
  publish(bars: readonly StreamBar[], kind: 'b' | 'u' = 'b'): void {
    if (bars.length === 0) return;
    const channel: Channel = kind === 'b' ? 'bars' : 'updatedBars';
    for (const c of this.clients) {
      const subs = c.state.subs[channel];
      if (c.state.key === null || subs.size === 0) continue;
      const batch = bars.filter((b) => subs.has('*') || subs.has(b.symbol)).map((b) => ({ T: kind, S: b.symbol, ...b.bar }));
      if (batch.length > 0) this.send(c, batch, withDates);
    }
  }

  protected initialState(): DataClientState {
    const subs = Object.fromEntries(CHANNELS.map((ch) => [ch, new Set<string>()])) as Record<Channel, Set<string>>;
    return { key: null, subs, timer: undefined };
  }

  protected opened(client: StreamClient<DataClientState>): void {
    this.send(client, [{ T: 'success', msg: 'connected' }]);
    client.state.timer = setTimeout(() => {
      if (client.state.key !== null) return;
      this.send(client, error(404, 'auth timeout'));
      client.ws.close();
    }, AUTH_TIMEOUT_MS);
    client.state.timer.unref();
    client.ws.on('close', () => clearTimeout(client.state.timer));
  }

  protected message(client: StreamClient<DataClientState>, m: unknown): void {
    const msg = m as { action?: unknown; key?: unknown; secret?: unknown } & Partial<Record<Channel, unknown>> | undefined;
    if (!msg || typeof msg !== 'object' || typeof msg.action !== 'string') {
      this.send(client, error(400, 'invalid syntax'));
      return;
    }
    const s = client.state;
    if (msg.action === 'auth') {
      if (s.key !== null) return this.send(client, error(403, 'already authenticated'));
      if (!credentialsMatch(this.creds, msg.key, msg.secret)) return this.refuse(client, 402, 'auth failed');
      const taken = [...this.clients].some((c) => c !== client && c.path === client.path && c.state.key === msg.key);
      if (taken || this.faults.reject406()) return this.refuse(client, 406, 'connection limit exceeded');
      s.key = msg.key as string;
      this.send(client, [{ T: 'success', msg: 'authenticated' }]);
      return;
    }
    if (msg.action !== 'subscribe' && msg.action !== 'unsubscribe') return this.send(client, error(400, 'invalid syntax'));
    if (s.key === null) return this.send(client, error(401, 'not authenticated'));
    const next = Object.fromEntries(CHANNELS.map((ch) => [ch, new Set(s.subs[ch])])) as Record<Channel, Set<string>>;
    for (const ch of CHANNELS) {
      const list = msg[ch];
      if (!Array.isArray(list)) continue;
      for (const raw of list) {
        if (typeof raw !== 'string') continue;
        const symbol = raw === '*' ? raw : raw.toUpperCase();
        if (msg.action === 'subscribe') next[ch].add(symbol);
        else next[ch].delete(symbol);
      }
    }
    if (CHANNELS.reduce((n, ch) => n + next[ch].size, 0) > MAX_SUBSCRIBED_SYMBOLS) return this.send(client, error(405, 'symbol limit exceeded'));
    s.subs = next;
    this.send(client, [{ T: 'subscription', ...Object.fromEntries(CHANNELS.map((ch) => [ch, [...s.subs[ch]]])) }]);
  }

  private refuse(client: StreamClient<DataClientState>, code: number, msg: string): void {
    this.send(client, error(code, msg));
    client.ws.close();
  }
}
