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

/** A fill, and what could not be booked faithfully about its fee (a warning), if anything. */
export interface ParsedFill {
  readonly fill: Transaction;
  /** Set when the fee was not charged in the quote currency; `currency` names it. */
  readonly feeWarning?: { readonly currency: string; readonly message: string };
}

/**
 * A ccxt trade as a fill (the trade id is the execution id). The commission is in the quote
 * currency: a fee charged in the base currency (Binance's default on buys) is booked at its value
 * at the trade's price — the exchange took it from the base balance, so the position there is that
 * much smaller than the amount bought; a fee in a third currency (e.g. BNB) is not booked. Both
 * come with a warning saying so.
 */
export function toFill(t: CcxtTrade, asset: Asset, quote: string): ParsedFill {
  const price = t.price ?? 0;
  const cost = t.fee?.cost ?? 0;
  const currency = t.fee?.currency ?? quote;
  const base = asset.symbol.split('/')[0] ?? '';
  const fill = (commission: number): Transaction => ({
    executionId: String(t.id), orderId: String(t.order), asset,
    amount: (t.side === 'sell' ? -1 : 1) * (t.amount ?? 0), price, commission, dt: t.timestamp ?? 0,
  });
  if (currency === quote || cost === 0) return { fill: fill(cost) };
  if (currency === base) {
    return {
      fill: fill(cost * price),
      feeWarning: { currency, message: `${asset.symbol} trade ${String(t.id)}: the fee of ${cost} ${currency} is booked as ${cost * price} ${quote} at the trade's price; the exchange took it from the ${currency} balance, so positions there are smaller than the amounts bought (reconciliation takes the exchange's)` },
    };
  }
  return {
    fill: fill(0),
    feeWarning: { currency, message: `${asset.symbol} trade ${String(t.id)}: the fee of ${cost} ${currency} is not booked (neither ${quote} nor ${base}); the run's commissions understate its fees` },
  };
}
