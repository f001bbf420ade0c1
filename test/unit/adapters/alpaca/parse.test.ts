import { describe, expect, it } from 'vitest';
import {
  accountFromWire, alpacaRequestFromOrder, barFromWire, formatDecimal, liveBarFromStream, orderFromWire, orderRequestFromWire,
  orderRequestToWire, orderStatusFromWire, positionFromWire, tradeUpdateFromWire,
} from '../../../../src/adapters/alpaca/parse.js';
import { ORDER } from './fixtures.js';
import { SymbolAssets } from '../../../../src/adapters/alpaca/symbol-assets.js';
import { AccountWire, MultiBarsResponseWire, OrderWire, PositionWire, StreamBarMessageWire, TradeUpdateMessageWire } from '../../../../src/adapters/alpaca/wire/index.js';

const assets = new SymbolAssets();
const AAPL = assets.get('AAPL');


describe('parse', () => {
  it('reads the trade_updates example of the reference: execution qty/price, cumulative order', () => {
    const msg = TradeUpdateMessageWire.parse({
      stream: 'trade_updates',
      data: { event: 'fill', execution_id: 'e-1', order: ORDER, price: '105.89', qty: '17', position_qty: '0', timestamp: '2022-04-19T17:45:05.024916716Z' },
    });
    const u = tradeUpdateFromWire(msg.data);
    expect(u.qty).toBe(-17); // a sell execution of 17 shares
    expect(u.price).toBe(105.89);
    expect(u.positionQty).toBe(0);
    expect(u.ts).toBe(Date.UTC(2022, 3, 19, 17, 45, 5, 24)); // nanoseconds truncated to ms
    const o = orderFromWire(u.order, AAPL);
    expect(o).toMatchObject({ amount: -17, filled: -17, status: 'filled', style: { type: 'limit', limitPrice: 105.8 }, limitPrice: 105.8, stopPrice: null, commission: 0 });
    expect(o.createdAt).toBe(Date.UTC(2022, 3, 19, 17, 45, 4, 977));
  });

  it('maps every documented status; unknown ones stay open', () => {
    const cases: [string, number, string][] = [
      ['new', 0, 'open'], ['accepted', 0, 'open'], ['pending_new', 0, 'pending'], ['partially_filled', 5, 'partially_filled'],
      ['filled', 10, 'filled'], ['canceled', 0, 'cancelled'], ['canceled', 3, 'cancelled'], ['expired', 0, 'expired'],
      ['rejected', 0, 'rejected'], ['replaced', 0, 'cancelled'], ['done_for_day', 2, 'partially_filled'], ['held', 0, 'open'],
      ['pending_cancel', 0, 'open'], ['brand_new_status', 0, 'open'],
    ];
    for (const [wire, filled, ours] of cases) expect([wire, orderStatusFromWire(wire, filled).status]).toEqual([wire, ours]);
    expect(orderStatusFromWire('brand_new_status', 0).known).toBe(false);
    expect(orderStatusFromWire('held', 0).known).toBe(true);
  });

  it('maps order styles both ways and keeps decimals exact', () => {
    const req = alpacaRequestFromOrder({ asset: AAPL, amount: -3, style: { type: 'stop_limit', limitPrice: 99.5, stopPrice: 100.25 }, clientOrderId: 'c-1' }, 'gtc');
    const wire = orderRequestToWire(req);
    expect(wire).toEqual({ symbol: 'AAPL', qty: '3', side: 'sell', type: 'stop_limit', time_in_force: 'gtc', limit_price: '99.5', stop_price: '100.25', client_order_id: 'c-1' });
    expect(orderRequestFromWire(wire)).toEqual(req);
    expect(formatDecimal(0.1 + 0.2)).toBe('0.3');
    expect(formatDecimal(262113.632)).toBe('262113.632');
    expect(formatDecimal(1e-7)).toBe('0.0000001');
    const market = orderFromWire(OrderWire.parse({ ...ORDER, type: 'market', limit_price: null, side: 'buy', filled_qty: '0', status: 'new' }), AAPL);
    expect(market).toMatchObject({ amount: 17, filled: 0, status: 'open', style: { type: 'market' } });
  });

  it('reads positions (shorts negative), the account and bars', () => {
    const short = PositionWire.parse({ asset_id: 'x', symbol: 'AAPL', exchange: 'NASDAQ', asset_class: 'us_equity', qty: '-5', qty_available: '-5',
      avg_entry_price: '120.5', side: 'short', market_value: '-600', cost_basis: '-602.5', unrealized_pl: '2.5', unrealized_plpc: '0.004',
      current_price: '120', lastday_price: '119', change_today: '0.008' });
    expect(positionFromWire(short, AAPL, 7)).toEqual({ asset: AAPL, amount: -5, costBasis: 120.5, lastSalePrice: 120, lastSaleDate: 7 });
    const account = AccountWire.parse({ id: 'a', status: 'ACTIVE', currency: 'USD', cash: '1000.5', buying_power: '262113.632', equity: '1500.25' });
    expect(accountFromWire(account)).toEqual({ cash: 1000.5, equity: 1500.25, buyingPower: 262113.632 });
    const page = MultiBarsResponseWire.parse({ bars: { AAPL: [{ t: '2022-02-28T05:00:00Z', o: 163.02, h: 165.42, l: 162.43, c: 165.12, v: 90552883, n: 743379, vw: 164.27 }] }, next_page_token: null });
    // A daily bar stamped at midnight New York (05:00Z in winter) is the session 2022-02-28.
    expect(barFromWire(page.bars!.AAPL![0]!, 1, true)).toEqual({ sid: 1, ts: Date.UTC(2022, 1, 28), open: 163.02, high: 165.42, low: 162.43, close: 165.12, volume: 90552883 });
    const b = StreamBarMessageWire.parse({ T: 'u', S: 'AAPL', o: 1, h: 2, l: 0.5, c: 1.5, v: 10, t: '2021-02-22T19:15:00Z', n: 3, vw: 1.2 });
    expect(liveBarFromStream(b, 9)).toEqual({ sid: 9, symbol: 'AAPL', corrected: true, ts: Date.UTC(2021, 1, 22, 19, 15), open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });
  });
});
