import { createHash } from 'node:crypto';
import { tzOffsetMs } from '../core/time.js';
import type { Asset } from '../model/asset.js';
import { VENUE_TZ } from '../adapters/alpaca/config.js';
import { formatDecimal } from '../adapters/alpaca/parse.js';
import type { AssetWire } from '../adapters/alpaca/wire/trading.js';

/** RFC 3339 in UTC with nanoseconds (`2024-10-01T13:31:00.000000000Z`), as Alpaca writes order times. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000000Z');
}

/** RFC 3339 with the New York offset (`2024-10-01T09:31:00.000000000-04:00`), as `/v2/clock` writes. */
export function rfc3339Venue(ms: number): string {
  const offset = tzOffsetMs(VENUE_TZ, ms);
  const local = new Date(ms + offset).toISOString().slice(0, 23);
  const sign = offset < 0 ? '-' : '+';
  const mins = Math.abs(offset) / 60_000;
  return `${local}000000${sign}${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
}

/** RFC 3339 or null. */
export const timeOrNull = (ms: number | null): string | null => (ms === null ? null : rfc3339(ms));

/** A decimal string or null. */
export const decimalOrNull = (x: number | null): string | null => (x === null || !Number.isFinite(x) ? null : formatDecimal(x));

/** A stable UUID-shaped id derived from a name (asset ids, the account id). */
export function stableId(name: string): string {
  const h = createHash('sha1').update(`ziplime-sim:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Alpaca's asset class for ours. */
export const assetClassWire = (a: Asset): string => (a.assetClass === 'crypto' ? 'crypto' : 'us_equity');

/** Whether the venue lets this asset trade on `day` (equities alive on that day). */
export function isTradable(a: Asset, day: string): boolean {
  return (a.assetClass === 'equity' || a.assetClass === 'crypto') && a.startDate <= day && day <= a.endDate;
}

/** An asset as Alpaca's Asset object. */
export function assetToWire(a: Asset, day: string): AssetWire & Record<string, unknown> {
  const tradable = isTradable(a, day);
  return {
    id: stableId(`asset:${a.symbol}`),
    class: assetClassWire(a),
    exchange: a.exchange,
    symbol: a.symbol,
    name: a.name,
    status: a.endDate >= day ? 'active' : 'inactive',
    tradable,
    marginable: tradable,
    shortable: tradable,
    easy_to_borrow: tradable,
    fractionable: a.fractionable,
    min_order_size: a.fractionable ? '0.001' : '1',
    min_trade_increment: a.fractionable ? '0.001' : '1',
    price_increment: formatDecimal(a.tickSize > 0 ? a.tickSize : 0.01),
    attributes: [],
  };
}
