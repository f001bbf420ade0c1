import type { Asset } from '../model/asset.js';
import type { OrderStyle } from '../model/order.js';
import { formatDecimal, type TimeInForce } from '../adapters/alpaca/parse.js';
import type { OrderWire } from '../adapters/alpaca/wire/trading.js';
import { assetClassWire, decimalOrNull, rfc3339, stableId, timeOrNull } from './wire-format.js';

/** Order statuses the simulator uses (a subset of Alpaca's). */
export type VenueStatus = 'accepted' | 'new' | 'partially_filled' | 'filled' | 'canceled' | 'expired' | 'replaced' | 'rejected';

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
  /** Quantity ordered (for a notional order: the quantity the notional bought at submission). */
  readonly qty: number;
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
  /** Whether the matching broker holds it (false while it waits for the asset's first price). */
  placed: boolean;
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
    order_class: '',
    order_type: o.type,
    type: o.type,
    side: o.side,
    position_intent: null,
    time_in_force: o.timeInForce,
    limit_price: decimalOrNull(o.limitPrice),
    stop_price: decimalOrNull(o.stopPrice),
    status: o.status,
    extended_hours: o.extendedHours,
    legs: null,
    trail_percent: null,
    trail_price: null,
    hwm: null,
  };
}
