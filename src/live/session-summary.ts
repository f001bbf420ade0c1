import type { Order } from '../model/order.js';
import type { SessionSummary } from '../model/session-summary.js';
import type { Ledger } from '../finance/ledger.js';

/** Order counts by final status. */
export function countOrders(orders: Iterable<Order>): SessionSummary['orders'] {
  const c = { placed: 0, filled: 0, cancelled: 0, rejected: 0, open: 0 };
  for (const o of orders) {
    c.placed++;
    if (o.status === 'filled') c.filled++;
    else if (o.status === 'cancelled' || o.status === 'expired') c.cancelled++;
    else if (o.status === 'rejected') c.rejected++;
    else c.open++;
  }
  return c;
}

/** Positions of a ledger as summary rows, by symbol. */
export function positionRows(ledger: Ledger): SessionSummary['positions'] {
  return [...ledger.positions.values()]
    .map((p) => ({ symbol: p.asset.symbol, amount: p.amount, price: p.lastSalePrice }))
    .sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
}
