import type { Order } from '../model/order.js';

/** Why an order never filled when the broker does not say: from its final status. */
function statusReason(order: Order): string {
  if (order.status === 'rejected') return 'rejected';
  if (order.status === 'cancelled' || order.status === 'expired') return `${order.status} before a bar to fill on`;
  return 'the run ended before its fill bar';
}

/**
 * The end-of-run warning about orders that never filled (nothing at all), grouped by reason,
 * most frequent first — e.g. `3 of 4 orders never filled: 2 zero volume on the fill bars,
 * 1 limit price never reached`. Null when every order filled at least partly. `orders` gives
 * the number of orders and those that filled nothing (the engine's book keeps finished orders
 * in columns: only these are made into objects).
 */
export function unfilledOrdersWarning(
  orders: { readonly size: number; neverFilled(): Iterable<Order> }, reasonOf: (orderId: string) => string | undefined,
): string | null {
  const total = orders.size;
  const byReason = new Map<string, number>();
  for (const o of orders.neverFilled()) {
    if (o.filled !== 0) continue;
    const reason = reasonOf(o.id) ?? statusReason(o);
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  const never = [...byReason.values()].reduce((a, b) => a + b, 0);
  if (never === 0) return null;
  const reasons = [...byReason].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r, n]) => `${n} ${r}`).join(', ');
  return `${never} of ${total} order${total === 1 ? '' : 's'} never filled: ${reasons}`;
}
