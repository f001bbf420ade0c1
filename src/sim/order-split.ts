import { roundTo, wholeShares } from '../core/numeric.js';
import type { Order, OrderStyle } from '../model/order.js';

/** Decimal places of a tick size (0.01 → 2); 2 when the tick size is unknown. */
export function tickDecimals(tickSize: number): number {
  return tickSize > 0 && tickSize < 1 ? Math.round(-Math.log10(tickSize)) : 2;
}

/**
 * An open order adjusted for a split of `ratio` (shares after / shares before), as zipline does:
 * shares × ratio rounded toward zero (ordered and filled alike), limit and stop ÷ ratio rounded to
 * the asset's tick. Returns a new order object; the caller decides what to do when nothing is
 * left to fill.
 */
export function splitAdjustedOrder(order: Order, ratio: number): Order {
  const { fractionable, tickSize } = order.asset;
  const price = (p: number | null): number | null => (p === null ? null : roundTo(p / ratio, tickDecimals(tickSize)));
  const limitPrice = price(order.limitPrice);
  const stopPrice = price(order.stopPrice);
  return {
    ...order,
    amount: wholeShares(order.amount * ratio, fractionable),
    filled: wholeShares(order.filled * ratio, fractionable),
    limitPrice,
    stopPrice,
    style: splitTrail(restyle(order.style, limitPrice, stopPrice), ratio, tickSize),
  };
}

/** A trailing stop's trail in currency and the legs' prices ÷ ratio (a percentage trail is unchanged). */
function splitTrail(style: OrderStyle, ratio: number, tickSize: number): OrderStyle {
  const price = (p: number): number => roundTo(p / ratio, tickDecimals(tickSize));
  let out = style;
  if (out.type === 'trailing_stop' && out.trailPrice !== undefined) out = { ...out, trailPrice: price(out.trailPrice) };
  const legs = out.legs;
  if (legs) {
    const sl = legs.stopLoss;
    out = {
      ...out,
      legs: {
        ...(legs.takeProfit ? { takeProfit: { limitPrice: price(legs.takeProfit.limitPrice) } } : {}),
        ...(sl ? { stopLoss: { stopPrice: price(sl.stopPrice), ...(sl.limitPrice !== undefined ? { limitPrice: price(sl.limitPrice) } : {}) } } : {}),
      },
    };
  }
  return out;
}

/** The order style with new limit/stop prices (unchanged type; a trailing stop's stop moves by itself). */
export function restyle(style: OrderStyle, limitPrice: number | null, stopPrice: number | null): OrderStyle {
  switch (style.type) {
    case 'market':
      return style;
    case 'limit':
      return { ...style, limitPrice: limitPrice! };
    case 'stop':
      return { ...style, stopPrice: stopPrice! };
    case 'stop_limit':
      return { ...style, limitPrice: limitPrice!, stopPrice: stopPrice! };
    case 'trailing_stop':
      return style;
  }
}
