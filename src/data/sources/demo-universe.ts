/** The assets of the synthetic demo market and the parameters their price paths are drawn with. */

/** First and last day of the demo's daily history and first day of its minute bars. */
export const DEMO_FIRST_DAY = '2000-01-03';
export const DEMO_LAST_DAY = '2024-12-31';
export const DEMO_MINUTE_FIRST_DAY = '2024-10-01';

/** Quarterly cash dividends: paid from `from`, ex-dates near day `exDay` of `months`. */
export interface DemoDividendPlan {
  from: string;
  /** Annual dividend as a fraction of the price at the first ex-date of each year. */
  yield: number;
  months: readonly [number, number, number, number];
  exDay: number;
}

/** How one demo asset is drawn. Prices are raw (unadjusted) dollars. */
export interface DemoAssetSpec {
  symbol: string;
  name: string;
  exchange: string;
  assetClass: 'equity' | 'index';
  /** First day with data (the first session on or after it); default DEMO_FIRST_DAY. */
  start?: string;
  /** Last day with data (the last session on or before it); default DEMO_LAST_DAY. */
  end?: string;
  /** Raw price before the first day and (near) the last close; the index follows MARKET_KNOTS. */
  startPrice: number;
  endPrice: number;
  /** Loading on the common market factor (1 and no idiosyncratic part for the index). */
  beta: number;
  /** Long-run annualised idiosyncratic volatility. */
  idioVol: number;
  /** Mean daily volume in today's shares (0 for the index). */
  meanVolume: number;
  /** Whether fractional share amounts are allowed (the demo trades whole shares, as zipline does). */
  fractionable: boolean;
  /** Splits as [effective day, shares after / shares before]. */
  splits?: readonly (readonly [string, number])[];
  dividends?: DemoDividendPlan;
  /** Sessions with no bar (a feed outage). */
  gaps?: readonly string[];
  /** Whether minute bars are drawn from DEMO_MINUTE_FIRST_DAY on. */
  minute: boolean;
}

/** Long-run annualised volatility of the market factor (the index). */
export const MARKET_VOL = 0.16;

/** A level the market factor (the index) passes through; `stress` scales volatility on the way. */
export interface MarketKnot {
  day: string;
  level: number;
  stress?: number;
}

/**
 * The index's path in broad strokes — a bear market after 2000, a crash in 2008, a sharp fall in
 * 2020 — so backtests meet realistic drawdowns. Between knots it is a random walk.
 */
export const MARKET_KNOTS: readonly MarketKnot[] = [
  { day: '2000-03-24', level: 1527 },
  { day: '2002-10-09', level: 777, stress: 1.4 },
  { day: '2007-10-09', level: 1565, stress: 0.8 },
  { day: '2009-03-09', level: 677, stress: 2.2 },
  { day: '2015-05-21', level: 2130 },
  { day: '2016-02-11', level: 1829, stress: 1.3 },
  { day: '2018-09-20', level: 2930, stress: 0.8 },
  { day: '2018-12-24', level: 2351, stress: 1.6 },
  { day: '2020-02-19', level: 3386 },
  { day: '2020-03-23', level: 2237, stress: 3.5 },
  { day: '2022-01-03', level: 4796 },
  { day: '2022-10-12', level: 3577, stress: 1.4 },
  { day: '2024-12-31', level: 5880 },
];

const FEB = [2, 5, 8, 11] as const;
const MAR = [3, 6, 9, 12] as const;

/** The demo universe in sid order (sid = position in this list). */
export const DEMO_UNIVERSE: readonly DemoAssetSpec[] = [
  {
    symbol: 'AAPL', name: 'Apple (synthetic)', exchange: 'NASDAQ', assetClass: 'equity',
    startPrice: 111, endPrice: 250, beta: 1.2, idioVol: 0.3, meanVolume: 55e6, fractionable: false,
    splits: [['2000-06-21', 2], ['2005-02-28', 2], ['2014-06-09', 7], ['2020-08-31', 4]],
    dividends: { from: '2012-08-01', yield: 0.006, months: FEB, exDay: 9 }, minute: true,
  },
  {
    symbol: 'MSFT', name: 'Microsoft (synthetic)', exchange: 'NASDAQ', assetClass: 'equity',
    startPrice: 116, endPrice: 420, beta: 1.0, idioVol: 0.22, meanVolume: 22e6, fractionable: false,
    splits: [['2003-02-18', 2]],
    dividends: { from: '2004-01-01', yield: 0.01, months: FEB, exDay: 15 }, minute: true,
  },
  {
    symbol: 'AMZN', name: 'Amazon (synthetic)', exchange: 'NASDAQ', assetClass: 'equity',
    startPrice: 89, endPrice: 220, beta: 1.3, idioVol: 0.3, meanVolume: 45e6, fractionable: false,
    splits: [['2022-06-06', 20]], minute: true,
  },
  {
    symbol: 'GOOG', name: 'Alphabet (synthetic)', exchange: 'NASDAQ', assetClass: 'equity',
    start: '2004-08-19', startPrice: 100, endPrice: 190, beta: 1.1, idioVol: 0.28, meanVolume: 25e6,
    fractionable: false, splits: [['2022-07-18', 20]], minute: true,
  },
  {
    symbol: 'JPM', name: 'JPMorgan Chase (synthetic)', exchange: 'NYSE', assetClass: 'equity',
    startPrice: 48, endPrice: 240, beta: 1.2, idioVol: 0.25, meanVolume: 10e6, fractionable: false,
    splits: [['2000-06-12', 1.5]],
    dividends: { from: '2000-01-01', yield: 0.025, months: MAR, exDay: 5 }, minute: true,
  },
  {
    symbol: 'XOM', name: 'Exxon Mobil (synthetic)', exchange: 'NYSE', assetClass: 'equity',
    startPrice: 80, endPrice: 108, beta: 0.8, idioVol: 0.22, meanVolume: 15e6, fractionable: false,
    splits: [['2001-07-19', 2]],
    dividends: { from: '2000-01-01', yield: 0.03, months: FEB, exDay: 12 }, minute: true,
  },
  {
    symbol: 'JNJ', name: 'Johnson & Johnson (synthetic)', exchange: 'NYSE', assetClass: 'equity',
    startPrice: 93, endPrice: 145, beta: 0.6, idioVol: 0.16, meanVolume: 8e6, fractionable: false,
    splits: [['2001-06-13', 2]],
    dividends: { from: '2000-01-01', yield: 0.025, months: FEB, exDay: 20 }, minute: true,
  },
  {
    symbol: 'KO', name: 'Coca-Cola (synthetic)', exchange: 'NYSE', assetClass: 'equity',
    startPrice: 58, endPrice: 62, beta: 0.6, idioVol: 0.18, meanVolume: 14e6, fractionable: false,
    splits: [['2012-08-13', 2]],
    dividends: { from: '2000-01-01', yield: 0.03, months: MAR, exDay: 12 },
    gaps: ['2015-06-03'], minute: true,
  },
  {
    symbol: 'PG', name: 'Procter & Gamble (synthetic)', exchange: 'NYSE', assetClass: 'equity',
    startPrice: 110, endPrice: 170, beta: 0.55, idioVol: 0.17, meanVolume: 7e6, fractionable: false,
    splits: [['2004-06-21', 2]],
    dividends: { from: '2000-01-01', yield: 0.025, months: [1, 4, 7, 10], exDay: 18 }, minute: true,
  },
  {
    symbol: 'WMT', name: 'Walmart (synthetic)', exchange: 'NYSE', assetClass: 'equity',
    startPrice: 67, endPrice: 90, beta: 0.6, idioVol: 0.2, meanVolume: 18e6, fractionable: false,
    splits: [['2024-02-26', 3]],
    dividends: { from: '2000-01-01', yield: 0.015, months: MAR, exDay: 8 }, minute: true,
  },
  {
    symbol: 'INTC', name: 'Intel (synthetic)', exchange: 'NASDAQ', assetClass: 'equity',
    startPrice: 41, endPrice: 20, beta: 1.1, idioVol: 0.35, meanVolume: 40e6, fractionable: false,
    splits: [['2000-07-31', 2]], gaps: ['2011-03-15', '2011-03-16', '2017-05-10'], minute: true,
  },
  {
    symbol: 'ENRX', name: 'Enrox Energy (synthetic, delisted)', exchange: 'NYSE', assetClass: 'equity',
    end: '2008-09-12', startPrice: 45, endPrice: 2.5, beta: 1.1, idioVol: 0.45, meanVolume: 6e6,
    fractionable: false, minute: false,
  },
  {
    symbol: 'SPX', name: 'S&P 500 Index (synthetic)', exchange: 'INDEX', assetClass: 'index',
    startPrice: 1455, endPrice: 5880, beta: 1, idioVol: 0, meanVolume: 0, fractionable: false,
    minute: true,
  },
];

/** Symbol of the benchmark index. */
export const DEMO_BENCHMARK = 'SPX';
