import { MakerTakerCommission, NoCommission, PerDollarCommission, PerShareCommission, PerTradeCommission } from '../finance/commission.js';
import { EndOfDayCancel, NeverCancel } from '../finance/cancel-policy.js';
import { FixedBasisPointsSlippage, FixedSpreadSlippage, NoSlippage, VolumeShareSlippage } from '../finance/slippage/index.js';
import type { CancelPolicy, CommissionModel, SlippageModel } from '../ports/execution-models.js';

/** Commission models for `ctx.setCommission` (zipline's formulas and defaults). */
export const commission = {
  /** `cost` per share (default 0.001) with a per-order minimum `minTradeCost` (default 0). */
  perShare: (options: { cost?: number; minTradeCost?: number } = {}): CommissionModel =>
    new PerShareCommission(options.cost, options.minTradeCost),
  /** A flat `cost` per order (default 0), charged on its first fill. */
  perTrade: (options: { cost?: number } = {}): CommissionModel => new PerTradeCommission(options.cost),
  /** `cost` per dollar traded (default 0.0015). */
  perDollar: (options: { cost?: number } = {}): CommissionModel => new PerDollarCommission(options.cost),
  /**
   * A crypto exchange's fees as fractions of the value traded: `maker` (default 0.001) for limit
   * orders that rest in the book when placed, `taker` (default 0.001) for everything else.
   */
  makerTaker: (options: { maker?: number; taker?: number } = {}): CommissionModel =>
    new MakerTakerCommission(options.maker, options.taker),
  /** Free trading. */
  none: (): CommissionModel => new NoCommission(),
};

/** Slippage models for `ctx.setSlippage` (zipline's formulas and defaults). */
export const slippage = {
  /** The default: price ± `basisPoints` (default 5), at most `volumeLimit` (default 0.1) of each bar's volume. */
  fixedBasisPoints: (options: { basisPoints?: number; volumeLimit?: number } = {}): SlippageModel =>
    new FixedBasisPointsSlippage(options),
  /** price ± price·`priceImpact`·share² (default 0.1), at most `volumeLimit` (default 0.025) of each bar's volume. */
  volumeShare: (options: { volumeLimit?: number; priceImpact?: number } = {}): SlippageModel =>
    new VolumeShareSlippage(options),
  /** price ± `spread` / 2 (default 0), whatever the size. */
  fixed: (options: { spread?: number } = {}): SlippageModel => new FixedSpreadSlippage(options),
  /** The whole order at the fill price, whatever the volume. */
  none: (): SlippageModel => new NoSlippage(),
};

/** Cancel policies for `ctx.setCancelPolicy`. */
export const cancelPolicy = {
  /** The default: open orders stay open. */
  never: (): CancelPolicy => new NeverCancel(),
  /** Cancel what is open at the session end. */
  eod: (): CancelPolicy => new EndOfDayCancel(),
};
