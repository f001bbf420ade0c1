import { z } from 'zod';
import { BarWire } from './market-data.js';
import { Decimal, OrderWire } from './trading.js';

/** trade_updates: the reply to `authenticate`. */
export const AuthorizationMessageWire = z.object({
  stream: z.literal('authorization'),
  data: z.object({ status: z.string(), action: z.string().optional() }),
});

/** trade_updates: the reply to `listen`. */
export const ListeningMessageWire = z.object({
  stream: z.literal('listening'),
  data: z.object({ streams: z.array(z.string()) }),
});

/** One trade update (reference §2): `price`/`qty` describe this execution only. */
export const TradeUpdateWire = z.object({
  event: z.string(),
  execution_id: z.string().nullish(),
  order: OrderWire,
  price: Decimal.nullish(),
  qty: Decimal.nullish(),
  position_qty: Decimal.nullish(),
  timestamp: z.string().nullish(),
});
export type TradeUpdateWire = z.infer<typeof TradeUpdateWire>;

/** trade_updates: an event. */
export const TradeUpdateMessageWire = z.object({ stream: z.literal('trade_updates'), data: TradeUpdateWire });

/** Any message of the trading stream. */
export const TradingStreamMessageWire = z.discriminatedUnion('stream', [
  AuthorizationMessageWire,
  ListeningMessageWire,
  TradeUpdateMessageWire,
]);
export type TradingStreamMessageWire = z.infer<typeof TradingStreamMessageWire>;

/** Market data: `success` (connected / authenticated). */
export const SuccessMessageWire = z.object({ T: z.literal('success'), msg: z.string() });
/** Market data: an error (`406` connection limit, `402` auth failed, …). */
export const StreamErrorMessageWire = z.object({ T: z.literal('error'), code: z.number(), msg: z.string() });
/** Market data: a subscription ack carrying the full current set. */
export const SubscriptionMessageWire = z.looseObject({
  T: z.literal('subscription'),
  trades: z.array(z.string()).optional(),
  quotes: z.array(z.string()).optional(),
  bars: z.array(z.string()).optional(),
  updatedBars: z.array(z.string()).optional(),
  dailyBars: z.array(z.string()).optional(),
  statuses: z.array(z.string()).optional(),
});
export type SubscriptionMessageWire = z.infer<typeof SubscriptionMessageWire>;
/** Market data: a minute bar (`b`), corrected bar (`u`) or daily running bar (`d`). */
export const StreamBarMessageWire = BarWire.extend({ T: z.enum(['b', 'u', 'd']), S: z.string() });
export type StreamBarMessageWire = z.infer<typeof StreamBarMessageWire>;

/** One element of a market-data message array (other `T` values are ignored by the client). */
export const MarketDataMessageWire = z.discriminatedUnion('T', [
  SuccessMessageWire,
  StreamErrorMessageWire,
  SubscriptionMessageWire,
  StreamBarMessageWire,
]);
export type MarketDataMessageWire = z.infer<typeof MarketDataMessageWire>;

/** Client → server on the market-data stream. */
export interface MarketDataActionWire {
  action: 'auth' | 'subscribe' | 'unsubscribe';
  key?: string;
  secret?: string;
  trades?: string[];
  quotes?: string[];
  bars?: string[];
  updatedBars?: string[];
  dailyBars?: string[];
  statuses?: string[];
}

/** Client → server on the trading stream. */
export type TradingActionWire =
  | { action: 'authenticate'; data: { key_id: string; secret_key: string } }
  | { action: 'listen'; data: { streams: string[] } };
