import { AlpacaAuthError } from '../errors.js';
import { cumulativeExecutionId, ExecutionTracker } from '../../../finance/execution-tracker.js';
import { decimal, tradeUpdateFromWire, type TradeUpdate } from '../parse.js';
import { AuthorizationMessageWire, ListeningMessageWire, TradeUpdateMessageWire, type TradingActionWire } from '../wire/streams.js';
import type { ReconnectingSocketOptions, SocketSession } from '../../../net/reconnecting-socket.js';
import { MessageStream } from '../../../net/stream-base.js';
import { adapterLogger } from '../logger.js';

/** Options of the trade_updates stream (socket options plus credentials). */
export interface TradingStreamOptions extends Omit<ReconnectingSocketOptions, 'name'> {
  keyId: string;
  secretKey: string;
}

const FILL_EVENTS = new Set(['fill', 'partial_fill']);

/**
 * The trade_updates stream (reference §2): authenticate → listen → updates. Fills are recorded
 * per `execution_id` in `executions`; a fill reported twice is delivered once. A fill without an
 * id gets `<order id>:cum:<filled_qty>`, the id reconciliation would give it.
 */
export class TradingStream extends MessageStream<TradeUpdate> {
  /** Every execution seen (and any the broker adds while reconciling). */
  readonly executions = new ExecutionTracker();

  constructor(private readonly options: TradingStreamOptions) {
    super({ ...options, name: 'trade_updates', logger: adapterLogger(options.logger, 'alpaca-ws:trade_updates') });
  }

  /** Registers an update listener; returns its remover. */
  onUpdate(listener: (u: TradeUpdate) => void): () => void {
    return this.listen(listener);
  }

  protected async handshake(session: SocketSession): Promise<void> {
    const auth: TradingActionWire = { action: 'authenticate', data: { key_id: this.options.keyId, secret_key: this.options.secretKey } };
    const reply = session.expect((m) => {
      const a = AuthorizationMessageWire.safeParse(m);
      return a.success ? a.data.data.status : undefined;
    });
    session.send(auth);
    const status = await reply;
    if (status !== 'authorized') throw new AlpacaAuthError('trade_updates stream', status);
    const listening = session.expect((m) => {
      const l = ListeningMessageWire.safeParse(m);
      return l.success && l.data.data.streams.includes('trade_updates') ? true : undefined;
    });
    session.send({ action: 'listen', data: { streams: ['trade_updates'] } } satisfies TradingActionWire);
    await listening;
  }

  protected message(m: unknown): void {
    const parsed = TradeUpdateMessageWire.safeParse(m);
    if (!parsed.success) return;
    let update = tradeUpdateFromWire(parsed.data.data);
    if (FILL_EVENTS.has(update.event)) {
      const cumulative = decimal(update.order.filled_qty);
      const executionId = update.executionId ?? cumulativeExecutionId(update.order.id, cumulative);
      update = { ...update, executionId };
      if (!this.executions.record(update.order.id, executionId, update.qty, update.price ?? 0, cumulative)) return;
    }
    this.emit(update);
  }
}
