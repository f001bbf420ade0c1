import type { Asset } from '../../model/asset.js';

/** One spot market of the simulated exchange: an asset of the bundle as a Binance symbol. */
export interface BinanceMarket {
  /** Binance's symbol: base and quote joined (`BTCUSDT`). */
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly asset: Asset;
  /** PRICE_FILTER tick, LOT_SIZE step and minimum, NOTIONAL minimum. */
  readonly tickSize: number;
  readonly stepSize: number;
  readonly minQty: number;
  readonly minNotional: number;
}

/**
 * The markets of a bundle: `BASE/QUOTE` symbols (`BTC/USDT` → `BTCUSDT`), and equities as
 * `<SYMBOL>USD`. Fractionable assets trade in steps of 0.00001, others in whole units; prices on
 * the asset's tick; at least 5 quote units per order (Binance's NOTIONAL filter).
 */
export function binanceMarkets(assets: readonly Asset[]): Map<string, BinanceMarket> {
  const out = new Map<string, BinanceMarket>();
  for (const asset of assets) {
    const [base, quote] = asset.symbol.includes('/') ? asset.symbol.split('/') as [string, string] : [asset.symbol, 'USD'];
    const step = asset.fractionable ? 0.00001 : 1;
    const market: BinanceMarket = {
      symbol: `${base}${quote}`.toUpperCase(), base: base.toUpperCase(), quote: quote.toUpperCase(), asset,
      tickSize: asset.tickSize > 0 ? asset.tickSize : 0.01, stepSize: step, minQty: step, minNotional: 5,
    };
    out.set(market.symbol, market);
  }
  return out;
}

/** `x` as Binance writes decimals: a string with 8 decimals. */
export const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(8) : '0.00000000');

/** Decimals of a step (0.00001 → 5). */
export const stepDecimals = (step: number): number => (step >= 1 ? 0 : Math.round(-Math.log10(step)));

/** Whether `x` is a whole multiple of `step` (to 1e-9 of a step). */
export function onStep(x: number, step: number): boolean {
  const k = x / step;
  return Math.abs(k - Math.round(k)) < 1e-6;
}

/** GET /api/v3/exchangeInfo's entry for one market. */
export function symbolInfo(m: BinanceMarket): Record<string, unknown> {
  const digits = stepDecimals(m.stepSize);
  return {
    symbol: m.symbol, status: 'TRADING', baseAsset: m.base, baseAssetPrecision: 8, quoteAsset: m.quote, quotePrecision: 8, quoteAssetPrecision: 8,
    baseCommissionPrecision: 8, quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT'],
    icebergAllowed: false, ocoAllowed: false, otoAllowed: false, quoteOrderQtyMarketAllowed: false, allowTrailingStop: false,
    cancelReplaceAllowed: false, isSpotTradingAllowed: true, isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: fmt(m.tickSize), maxPrice: '1000000.00000000', tickSize: fmt(m.tickSize) },
      { filterType: 'LOT_SIZE', minQty: m.minQty.toFixed(digits), maxQty: '9000000.00000000', stepSize: fmt(m.stepSize) },
      { filterType: 'MARKET_LOT_SIZE', minQty: m.minQty.toFixed(digits), maxQty: '9000000.00000000', stepSize: fmt(m.stepSize) },
      { filterType: 'NOTIONAL', minNotional: fmt(m.minNotional), applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
    ],
    permissions: [], permissionSets: [['SPOT']], defaultSelfTradePreventionMode: 'NONE', allowedSelfTradePreventionModes: ['NONE'],
  };
}
