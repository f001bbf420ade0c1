import { z } from 'zod';

/** A decimal as Alpaca sends it: a string (`"10.5"`); numbers are tolerated. */
export const Decimal = z.union([z.string(), z.number()]);
const OptDecimal = Decimal.nullish();
const OptString = z.string().nullish();

/** Order sides on the wire. */
export const OrderSideWire = z.enum(['buy', 'sell']);
/** Order types on the wire. */
export const OrderTypeWire = z.enum(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']);
/** Time-in-force values on the wire. */
export const TimeInForceWire = z.enum(['day', 'gtc', 'opg', 'cls', 'ioc', 'fok']);
/** Order classes on the wire (`""` = simple). */
export const OrderClassWire = z.enum(['', 'simple', 'bracket', 'oco', 'oto', 'mleg']);

/** The Order object (reference §1.2). `status` is a plain string: unknown statuses are tolerated. */
export const OrderWire = z.object({
  id: z.string(),
  client_order_id: z.string(),
  created_at: z.string(),
  updated_at: OptString,
  submitted_at: OptString,
  filled_at: OptString,
  expired_at: OptString,
  canceled_at: OptString,
  failed_at: OptString,
  replaced_at: OptString,
  replaced_by: OptString,
  replaces: OptString,
  asset_id: OptString,
  symbol: z.string(),
  asset_class: OptString,
  notional: OptDecimal,
  qty: OptDecimal,
  filled_qty: Decimal,
  filled_avg_price: OptDecimal,
  order_class: OptString,
  type: z.string(),
  side: OrderSideWire,
  time_in_force: z.string(),
  limit_price: OptDecimal,
  stop_price: OptDecimal,
  status: z.string(),
  extended_hours: z.boolean().nullish(),
  trail_percent: OptDecimal,
  trail_price: OptDecimal,
  hwm: OptDecimal,
  get legs() {
    return z.array(OrderWire).nullish();
  },
});
export type OrderWire = z.infer<typeof OrderWire>;

/** The POST /v2/orders body (reference §1.1); decimals as strings. */
export const OrderRequestWire = z.object({
  symbol: z.string(),
  qty: Decimal.optional(),
  notional: Decimal.optional(),
  side: OrderSideWire,
  type: OrderTypeWire,
  time_in_force: TimeInForceWire,
  limit_price: Decimal.optional(),
  stop_price: Decimal.optional(),
  trail_price: Decimal.optional(),
  trail_percent: Decimal.optional(),
  extended_hours: z.boolean().optional(),
  client_order_id: z.string().max(128).optional(),
  order_class: OrderClassWire.optional(),
  take_profit: z.object({ limit_price: Decimal }).optional(),
  stop_loss: z.object({ stop_price: Decimal, limit_price: Decimal.optional() }).optional(),
});
export type OrderRequestWire = z.infer<typeof OrderRequestWire>;

/** The PATCH /v2/orders/{id} body. */
export const ReplaceRequestWire = z.object({
  qty: Decimal.optional(),
  time_in_force: TimeInForceWire.optional(),
  limit_price: Decimal.optional(),
  stop_price: Decimal.optional(),
  trail: Decimal.optional(),
  client_order_id: z.string().optional(),
});
export type ReplaceRequestWire = z.infer<typeof ReplaceRequestWire>;

/** The Position object (reference §1.3); shorts have negative qty. */
export const PositionWire = z.object({
  asset_id: OptString,
  symbol: z.string(),
  exchange: OptString,
  asset_class: OptString,
  qty: Decimal,
  qty_available: OptDecimal,
  avg_entry_price: Decimal,
  side: z.enum(['long', 'short']),
  market_value: OptDecimal,
  cost_basis: OptDecimal,
  unrealized_pl: OptDecimal,
  unrealized_plpc: OptDecimal,
  current_price: OptDecimal,
  lastday_price: OptDecimal,
  change_today: OptDecimal,
});
export type PositionWire = z.infer<typeof PositionWire>;

/** The Account object (reference §1.3); legacy PDT fields optional. */
export const AccountWire = z.object({
  id: z.string(),
  account_number: OptString,
  status: z.string(),
  currency: z.string().nullish(),
  cash: Decimal,
  buying_power: Decimal,
  regt_buying_power: OptDecimal,
  non_marginable_buying_power: OptDecimal,
  equity: Decimal,
  last_equity: OptDecimal,
  long_market_value: OptDecimal,
  short_market_value: OptDecimal,
  portfolio_value: OptDecimal,
  initial_margin: OptDecimal,
  maintenance_margin: OptDecimal,
  multiplier: OptDecimal,
  shorting_enabled: z.boolean().nullish(),
  trading_blocked: z.boolean().nullish(),
  account_blocked: z.boolean().nullish(),
  trade_suspended_by_user: z.boolean().nullish(),
  pattern_day_trader: z.boolean().nullish(),
  daytrade_count: z.number().nullish(),
  daytrading_buying_power: OptDecimal,
  created_at: OptString,
});
export type AccountWire = z.infer<typeof AccountWire>;

/** The Asset object (reference §1.3). */
export const AssetWire = z.object({
  id: z.string(),
  class: z.string(),
  exchange: z.string(),
  symbol: z.string(),
  name: z.string().nullish(),
  status: z.string(),
  tradable: z.boolean(),
  marginable: z.boolean().nullish(),
  shortable: z.boolean().nullish(),
  easy_to_borrow: z.boolean().nullish(),
  fractionable: z.boolean().nullish(),
  min_order_size: OptDecimal,
  min_trade_increment: OptDecimal,
  price_increment: OptDecimal,
});
export type AssetWire = z.infer<typeof AssetWire>;

/** GET /v2/clock. */
export const ClockWire = z.object({
  timestamp: z.string(),
  is_open: z.boolean(),
  next_open: z.string(),
  next_close: z.string(),
});
export type ClockWire = z.infer<typeof ClockWire>;

/** One day of GET /v2/calendar (ET wall-clock times). */
export const CalendarDayWire = z.object({
  date: z.string(),
  open: z.string(),
  close: z.string(),
  session_open: z.string().nullish(),
  session_close: z.string().nullish(),
  settlement_date: z.string().nullish(),
});
export type CalendarDayWire = z.infer<typeof CalendarDayWire>;

/** Alpaca's error envelope; some 401s carry no code. Extra fields (e.g. `buying_power`) are kept. */
export const ErrorBodyWire = z.looseObject({ code: z.number().optional(), message: z.string().optional() });
export type ErrorBodyWire = z.infer<typeof ErrorBodyWire>;

/** One entry of the 207 answer to DELETE /v2/orders. */
export const CancelAllEntryWire = z.object({
  id: z.string(),
  status: z.number(),
  body: ErrorBodyWire.nullish(),
});
export type CancelAllEntryWire = z.infer<typeof CancelAllEntryWire>;

/** One entry of the 207 answer to DELETE /v2/positions. */
export const CloseAllEntryWire = z.object({
  symbol: z.string(),
  status: z.number(),
  body: z.unknown().optional(),
});
export type CloseAllEntryWire = z.infer<typeof CloseAllEntryWire>;
