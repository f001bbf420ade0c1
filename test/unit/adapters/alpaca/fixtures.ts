/** An order as Alpaca sends it (reference §1.2 fields; nulls explicit). */
export const ORDER = {
  id: '61e69015-8549-4bfd-b9c3-01e75843f47d', client_order_id: 'run1-1', created_at: '2022-04-19T17:45:04.977162Z',
  updated_at: '2022-04-19T17:45:05.024916716Z', submitted_at: '2022-04-19T17:45:04.975Z', filled_at: null, expired_at: null,
  canceled_at: null, failed_at: null, replaced_at: null, replaced_by: null, replaces: null, asset_id: 'b0b6dd9d', symbol: 'AAPL',
  asset_class: 'us_equity', notional: null, qty: '17', filled_qty: '17', filled_avg_price: '105.89', order_class: '',
  order_type: 'limit', type: 'limit', side: 'sell', time_in_force: 'day', limit_price: '105.8', stop_price: null, status: 'filled',
  extended_hours: false, legs: null, trail_percent: null, trail_price: null, hwm: null,
};

/** An order wire object with fields overridden (an open order by default: nothing filled). */
export function orderWire(over: Partial<typeof ORDER> & Record<string, unknown> = {}): typeof ORDER {
  return { ...ORDER, filled_qty: '0', filled_avg_price: null as unknown as string, status: 'new', ...over };
}
