import type { VenueOrder, VenueStatus } from '../venue-order.js';
import { fmt, type BinanceMarket } from './markets.js';

const STATUS: Record<VenueStatus, string> = {
  accepted: 'NEW', held: 'NEW', new: 'NEW', partially_filled: 'PARTIALLY_FILLED', filled: 'FILLED',
  canceled: 'CANCELED', expired: 'EXPIRED', replaced: 'CANCELED', rejected: 'REJECTED',
};

const TYPE: Record<string, string> = { market: 'MARKET', limit: 'LIMIT', stop: 'STOP_LOSS', stop_limit: 'STOP_LOSS_LIMIT' };

/** Binance's order status for a venue status. */
export const binanceStatus = (s: VenueStatus): string => STATUS[s];

/** Binance's order type for a venue type. */
export const binanceType = (t: string): string => TYPE[t] ?? 'MARKET';

/** A venue order as Binance's order object (GET /api/v3/order; `orderId` is the venue's sequence number). */
export function orderToBinance(o: VenueOrder, m: BinanceMarket): Record<string, unknown> {
  return {
    symbol: m.symbol,
    orderId: o.seq,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: fmt(o.limitPrice ?? 0),
    origQty: fmt(o.qty),
    executedQty: fmt(o.filledQty),
    cummulativeQuoteQty: fmt(o.filledNotional),
    status: binanceStatus(o.status),
    timeInForce: o.timeInForce === 'ioc' ? 'IOC' : 'GTC',
    type: binanceType(o.type),
    side: o.side === 'buy' ? 'BUY' : 'SELL',
    stopPrice: fmt(o.stopPrice ?? 0),
    icebergQty: fmt(0),
    time: o.createdAt,
    updateTime: o.updatedAt,
    isWorking: o.type === 'market' || o.type === 'limit' || o.stopPrice === null,
    workingTime: o.createdAt,
    origQuoteOrderQty: fmt(0),
    selfTradePreventionMode: 'NONE',
  };
}

/** One execution as GET /api/v3/myTrades lists it (commission in the quote asset). */
export interface BinanceTrade {
  readonly symbol: string;
  readonly id: number;
  readonly orderId: number;
  readonly price: number;
  readonly qty: number;
  readonly commission: number;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
}

export function tradeToBinance(t: BinanceTrade): Record<string, unknown> {
  return {
    symbol: t.symbol, id: t.id, orderId: t.orderId, orderListId: -1, price: fmt(t.price), qty: fmt(t.qty), quoteQty: fmt(t.price * t.qty),
    commission: fmt(t.commission), commissionAsset: t.commissionAsset, time: t.time, isBuyer: t.isBuyer, isMaker: t.isMaker, isBestMatch: true,
  };
}
