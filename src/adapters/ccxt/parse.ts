import type { Order as CcxtOrder, Trade as CcxtTrade } from 'ccxt';
import type { Asset } from '../../model/asset.js';
import type { Order, OrderStatus } from '../../model/order.js';
import type { Transaction } from '../../model/transaction.js';

/** ccxt's unified order status as ours (`open` with fills is `partially_filled`). */
export function orderStatus(o: Pick<CcxtOrder, 'status' | 'filled'>): OrderStatus {
  switch (o.status) {
    case 'closed': return 'filled';
    case 'canceled': return 'cancelled';
    case 'rejected': return 'rejected';
    case 'expired': return 'expired';
    default: return (o.filled ?? 0) > 0 ? 'partially_filled' : 'open';
  }
}

/** A ccxt order as our `Order` (signed amounts: sells negative). */
export function toOrder(o: CcxtOrder, asset: Asset, now: number): Order {
  const sign = o.side === 'sell' ? -1 : 1;
  const ts = o.timestamp ?? now;
  return {
    id: String(o.id),
    clientOrderId: o.clientOrderId ?? String(o.id),
    asset,
    amount: sign * (o.amount ?? 0),
    filled: sign * (o.filled ?? 0),
    status: orderStatus(o),
    style: o.type === 'limit' && o.price ? { type: 'limit', limitPrice: o.price } : { type: 'market' },
    limitPrice: o.type === 'limit' && o.price ? o.price : null,
    stopPrice: o.triggerPrice ?? null,
    stopReached: false,
    createdAt: ts,
    updatedAt: o.lastUpdateTimestamp ?? o.lastTradeTimestamp ?? ts,
    commission: o.fee?.cost ?? 0,
    reason: null,
  };
}

/** A ccxt trade as a fill (the trade id is the execution id; fees in the quote currency only). */
export function toFill(t: CcxtTrade, asset: Asset, quote: string): Transaction {
  const fee = t.fee && t.fee.currency === quote ? t.fee.cost ?? 0 : 0;
  return {
    executionId: String(t.id), orderId: String(t.order), asset,
    amount: (t.side === 'sell' ? -1 : 1) * (t.amount ?? 0), price: t.price ?? 0, commission: fee, dt: t.timestamp ?? 0,
  };
}
