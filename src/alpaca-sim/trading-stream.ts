import { formatDecimal } from '../adapters/alpaca/parse.js';
import { credentialsMatch, type SimCredentials } from './auth.js';
import { AUTH_TIMEOUT_MS, StreamHub, type StreamClient } from './stream-hub.js';
import type { VenueUpdate } from './venue.js';
import { orderToWire } from './venue-order.js';
import { rfc3339 } from './wire-format.js';

interface TradingClientState {
  authorized: boolean;
  listening: boolean;
  timer: NodeJS.Timeout | undefined;
}

const authorization = (status: 'authorized' | 'unauthorized') => ({ stream: 'authorization', data: { status, action: 'authenticate' } });

/** A trade update as the stream sends it (`price`/`qty` of this execution on fills). */
export function tradeUpdateToWire(u: VenueUpdate): Record<string, unknown> {
  const data: Record<string, unknown> = { event: u.event, timestamp: rfc3339(u.at), order: orderToWire(u.order) };
  if (u.executionId !== undefined) {
    data.execution_id = u.executionId;
    data.price = formatDecimal(u.price!);
    data.qty = formatDecimal(u.qty!);
    data.position_qty = formatDecimal(u.positionQty!);
  }
  return { stream: 'trade_updates', data };
}

/**
 * The trade_updates stream (reference §2) in binary frames, like paper trading:
 * authenticate → authorization, listen → listening, then one message per order event.
 */
export class TradingStreamServer extends StreamHub<TradingClientState> {
  constructor(private readonly creds: SimCredentials) {
    super(true);
  }

  /** Sends an update to every listening client. */
  publish(u: VenueUpdate): void {
    const message = tradeUpdateToWire(u);
    for (const c of this.clients) if (c.state.listening) this.send(c, message);
  }

  protected initialState(): TradingClientState {
    return { authorized: false, listening: false, timer: undefined };
  }

  protected opened(client: StreamClient<TradingClientState>): void {
    client.state.timer = setTimeout(() => { if (!client.state.authorized) client.ws.close(1008, 'auth timeout'); }, AUTH_TIMEOUT_MS);
    client.state.timer.unref();
    client.ws.on('close', () => clearTimeout(client.state.timer));
  }

  protected message(client: StreamClient<TradingClientState>, m: unknown): void {
    const msg = (m ?? {}) as { action?: unknown; data?: { key_id?: unknown; secret_key?: unknown; streams?: unknown }; key?: unknown; secret?: unknown };
    const s = client.state;
    if (msg.action === 'authenticate' || msg.action === 'auth') {
      const ok = msg.action === 'auth' ? credentialsMatch(this.creds, msg.key, msg.secret) : credentialsMatch(this.creds, msg.data?.key_id, msg.data?.secret_key);
      s.authorized = ok;
      this.send(client, authorization(ok ? 'authorized' : 'unauthorized'));
      if (!ok) client.ws.close(1008, 'unauthorized');
      return;
    }
    if (msg.action === 'listen') {
      if (!s.authorized) {
        this.send(client, authorization('unauthorized'));
        return;
      }
      const wanted = Array.isArray(msg.data?.streams) ? msg.data.streams : [];
      s.listening = wanted.includes('trade_updates');
      this.send(client, { stream: 'listening', data: { streams: s.listening ? ['trade_updates'] : [] } });
      return;
    }
    this.send(client, { stream: 'listening', data: { error: 'invalid syntax' } });
  }
}
