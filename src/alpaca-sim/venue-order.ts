import { randomUUID } from 'node:crypto';
import type { Asset } from '../model/asset.js';
import type { OrderClass, OrderLegs, OrderStyle } from '../model/order.js';
import { formatDecimal, type TimeInForce } from '../adapters/alpaca/parse.js';
import type { OrderWire } from '../adapters/alpaca/wire/trading.js';
import { assetClassWire, decimalOrNull, rfc3339, stableId, timeOrNull } from './wire-format.js';

/** Order statuses the simulator uses (a subset of Alpaca's; `held`: a bracket / OTO leg waiting for its entry to fill). */
export type VenueStatus = 'accepted' | 'held' | 'new' | 'partially_filled' | 'filled' | 'canceled' | 'expired' | 'replaced' | 'rejected';

const CLOSED: ReadonlySet<VenueStatus> = new Set(['filled', 'canceled', 'expired', 'replaced', 'rejected']);

/** True when the order can no longer change (Alpaca's "closed" orders). */
export const isClosed = (s: VenueStatus): boolean => CLOSED.has(s);

/** An order at the simulated venue, in Alpaca's terms; times are simulated epoch ms. */
export interface VenueOrder {
  readonly id: string;
  readonly clientOrderId: string;
  /** Submission sequence (tie-break of equal creation times). */
  readonly seq: number;
  readonly asset: Asset;
  readonly side: 'buy' | 'sell';
  readonly type: OrderStyle['type'];
  readonly timeInForce: TimeInForce;
  /** Quantity ordered (for a notional order: the quantity the notional bought at submission; a leg: what its entry filled). */
  qty: number;
  readonly notional: number | null;
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly extendedHours: boolean;
  status: VenueStatus;
  filledQty: number;
  /** Σ qty × price of the executions (for the average price). */
  filledNotional: number;
  readonly createdAt: number;
  updatedAt: number;
  filledAt: number | null;
  expiredAt: number | null;
  canceledAt: number | null;
  replacedAt: number | null;
  replacedBy: string | null;
  readonly replaces: string | null;
  /** Whether the matching broker holds it (false while it waits for the asset's first price, or a held leg). */
  placed: boolean;
  /** The order's id in the matching broker (the venue id, or `<entry id>-tp` / `-sl` for a leg). */
  readonly brokerId: string;
  readonly orderClass: OrderClass;
  readonly trailPrice: number | null;
  readonly trailPercent: number | null;
  /** Legs of a bracket / OTO / OCO order as requested (on the entry or OCO take-profit). */
  readonly legSpec: OrderLegs | null;
  /** The legs' orders (on the entry), and the order a leg belongs to (on a leg). */
  readonly legs: VenueOrder[];
  readonly parentId: string | null;
}

/** The style the matching broker works with (trail and legs included). */
export function venueStyle(o: VenueOrder): OrderStyle {
  const extras = o.legSpec && !o.parentId ? { orderClass: o.orderClass, legs: o.legSpec } : {};
  switch (o.type) {
    case 'limit': return { type: 'limit', limitPrice: o.limitPrice!, ...extras };
    case 'stop': return { type: 'stop', stopPrice: o.stopPrice!, ...extras };
    case 'stop_limit': return { type: 'stop_limit', limitPrice: o.limitPrice!, stopPrice: o.stopPrice!, ...extras };
    case 'trailing_stop': return o.trailPrice !== null ? { type: 'trailing_stop', trailPrice: o.trailPrice } : { type: 'trailing_stop', trailPercent: o.trailPercent! };
    default: return { type: 'market', ...extras };
  }
}

/** A trailing stop's high-water mark (a buy's low-water mark) from its current stop. */
function hwmOf(o: VenueOrder): number | null {
  if (o.type !== 'trailing_stop' || o.stopPrice === null) return null;
  const sign = o.side === 'sell' ? 1 : -1;
  return o.trailPrice !== null ? o.stopPrice + sign * o.trailPrice : o.stopPrice / (1 - sign * o.trailPercent! / 100);
}

/** The order as Alpaca's Order object (every documented field present, nulls explicit). */
export function orderToWire(o: VenueOrder): OrderWire & Record<string, unknown> {
  return {
    id: o.id,
    client_order_id: o.clientOrderId,
    created_at: rfc3339(o.createdAt),
    updated_at: rfc3339(o.updatedAt),
    submitted_at: rfc3339(o.createdAt),
    filled_at: timeOrNull(o.filledAt),
    expired_at: timeOrNull(o.expiredAt),
    canceled_at: timeOrNull(o.canceledAt),
    failed_at: null,
    replaced_at: timeOrNull(o.replacedAt),
    replaced_by: o.replacedBy,
    replaces: o.replaces,
    asset_id: stableId(`asset:${o.asset.symbol}`),
    symbol: o.asset.symbol,
    asset_class: assetClassWire(o.asset),
    notional: decimalOrNull(o.notional),
    qty: o.notional === null ? formatDecimal(o.qty) : null,
    filled_qty: formatDecimal(o.filledQty),
    filled_avg_price: o.filledQty > 0 ? formatDecimal(o.filledNotional / o.filledQty) : null,
    order_class: o.orderClass === 'simple' ? '' : o.orderClass,
    order_type: o.type,
    type: o.type,
    side: o.side,
    position_intent: null,
    time_in_force: o.timeInForce,
    limit_price: decimalOrNull(o.limitPrice),
    stop_price: decimalOrNull(o.stopPrice),
    status: o.status,
    extended_hours: o.extendedHours,
    legs: o.legs.length > 0 && !o.parentId ? o.legs.map(orderToWire) : null,
    trail_percent: decimalOrNull(o.trailPercent),
    trail_price: decimalOrNull(o.trailPrice),
    hwm: decimalOrNull(hwmOf(o)),
  };
}

/**
 * The leg orders of a bracket / OTO entry (held until the entry fills) or of an OCO take-profit
 * (its stop-loss, working at once), with their broker ids `<parent id>-tp` / `-sl`.
 */
export function legsOf(parent: VenueOrder, nextSeq: () => number): VenueOrder[] {
  const spec = parent.legSpec;
  if (!spec) return [];
  const oco = parent.orderClass === 'oco';
  const side = oco ? parent.side : parent.side === 'buy' ? 'sell' : 'buy';
  const leg = (suffix: 'tp' | 'sl', type: VenueOrder['type'], limitPrice: number | null, stopPrice: number | null): VenueOrder => ({
    ...parent,
    id: randomUUID(), clientOrderId: randomUUID(), seq: nextSeq(), side, type, limitPrice, stopPrice, notional: null, extendedHours: false,
    status: oco ? 'new' : 'held', brokerId: `${parent.id}-${suffix}`, trailPrice: null, trailPercent: null, legSpec: null, legs: [], parentId: parent.id,
    placed: false,
  });
  const out: VenueOrder[] = [];
  if (spec.takeProfit && !oco) out.push(leg('tp', 'limit', spec.takeProfit.limitPrice, null));
  if (spec.stopLoss) out.push(leg('sl', spec.stopLoss.limitPrice !== undefined ? 'stop_limit' : 'stop', spec.stopLoss.limitPrice ?? null, spec.stopLoss.stopPrice));
  return out;
}
