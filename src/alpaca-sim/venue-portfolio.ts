import { formatDecimal } from '../adapters/alpaca/parse.js';
import type { AccountWire, PositionWire } from '../adapters/alpaca/wire/trading.js';
import type { Asset } from '../model/asset.js';
import type { Position } from '../model/position.js';
import type { MarketData } from '../ports/market-data.js';
import type { Venue } from './venue.js';
import { assetClassWire, rfc3339, stableId } from './wire-format.js';
import { notFound } from './venue-error.js';

/**
 * Positions and the account in Alpaca's shapes, from the matching broker's book. Remembers the
 * prices and equity of the last session close for `lastday_price`, `change_today` and `last_equity`.
 */
export class VenuePortfolio {
  private readonly lastday = new Map<number, number>();
  private lastEquity: number;

  constructor(private readonly venue: Venue, private readonly md: MarketData, cash: number, private readonly createdAt: number) {
    this.lastEquity = cash;
  }

  /** Records closing prices and equity (called at each session close). */
  async markSessionClose(): Promise<void> {
    for (const p of await this.venue.broker.getPositions()) this.lastday.set(p.asset.sid, p.lastSalePrice);
    this.lastEquity = (await this.venue.broker.getAccount()).equity;
  }

  /** GET /v2/positions. */
  async positions(): Promise<PositionWire[]> {
    const held = await this.venue.broker.getPositions();
    return held.map((p) => this.toWire(p));
  }

  /** GET /v2/positions/{symbol}; 404 when flat. */
  async position(symbol: string): Promise<PositionWire> {
    const p = (await this.venue.broker.getPositions()).find((x) => x.asset.symbol.toUpperCase() === symbol.toUpperCase());
    if (!p) throw notFound('position does not exist');
    return this.toWire(p);
  }

  /** GET /v2/account. */
  async account(): Promise<AccountWire & Record<string, unknown>> {
    const broker = this.venue.broker;
    const [a, held] = await Promise.all([broker.getAccount(), broker.getPositions()]);
    let long = 0, short = 0;
    for (const p of held) {
      const v = p.amount * p.lastSalePrice * p.asset.multiplier;
      if (v >= 0) long += v;
      else short += v;
    }
    const power = this.venue.buyingPower(a.cash, a.equity, new Map(held.map((p) => [p.asset.sid, p.amount])));
    return {
      id: stableId('account'),
      account_number: 'PA3SIM0001',
      status: 'ACTIVE',
      crypto_status: 'INACTIVE',
      currency: 'USD',
      cash: formatDecimal(a.cash),
      buying_power: formatDecimal(power),
      regt_buying_power: formatDecimal(power),
      daytrading_buying_power: formatDecimal(power),
      non_marginable_buying_power: formatDecimal(power),
      effective_buying_power: formatDecimal(power),
      equity: formatDecimal(a.equity),
      last_equity: formatDecimal(this.lastEquity),
      long_market_value: formatDecimal(long),
      short_market_value: formatDecimal(short),
      portfolio_value: formatDecimal(a.equity),
      initial_margin: formatDecimal(long - short),
      maintenance_margin: formatDecimal((long - short) * 0.25),
      last_maintenance_margin: '0',
      sma: '0',
      multiplier: '1',
      shorting_enabled: true,
      trading_blocked: false,
      transfers_blocked: false,
      account_blocked: false,
      trade_suspended_by_user: false,
      pattern_day_trader: false,
      daytrade_count: 0,
      created_at: rfc3339(this.createdAt),
    };
  }

  private toWire(p: Position): PositionWire & Record<string, unknown> {
    const a: Asset = p.asset;
    const price = Number.isFinite(p.lastSalePrice) ? p.lastSalePrice : this.md.current(a, 'price');
    const lastday = this.lastday.get(a.sid) ?? price;
    const qty = p.amount;
    const value = qty * price * a.multiplier;
    const cost = qty * p.costBasis * a.multiplier;
    const held = this.venue.openOrders()
      .filter((o) => o.asset.sid === a.sid && (qty > 0 ? o.side === 'sell' : o.side === 'buy'))
      .reduce((s, o) => s + o.qty - o.filledQty, 0);
    const pl = value - cost;
    return {
      asset_id: stableId(`asset:${a.symbol}`),
      symbol: a.symbol,
      exchange: a.exchange,
      asset_class: assetClassWire(a),
      asset_marginable: true,
      qty: formatDecimal(qty),
      qty_available: formatDecimal(Math.sign(qty) * Math.max(0, Math.abs(qty) - held)),
      avg_entry_price: formatDecimal(p.costBasis),
      side: qty < 0 ? 'short' : 'long',
      market_value: formatDecimal(value),
      cost_basis: formatDecimal(cost),
      unrealized_pl: formatDecimal(pl),
      unrealized_plpc: formatDecimal(cost !== 0 ? pl / Math.abs(cost) : 0),
      unrealized_intraday_pl: formatDecimal(qty * (price - lastday) * a.multiplier),
      unrealized_intraday_plpc: formatDecimal(lastday > 0 ? (price - lastday) / lastday * Math.sign(qty) : 0),
      current_price: formatDecimal(price),
      lastday_price: formatDecimal(lastday),
      change_today: formatDecimal(lastday > 0 ? price / lastday - 1 : 0),
    };
  }
}
