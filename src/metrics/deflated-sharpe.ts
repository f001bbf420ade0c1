import { normalCdf, normalQuantile } from './normal.js';

/** The Euler–Mascheroni constant. */
const EULER_GAMMA = 0.5772156649015329;

/** What the deflated Sharpe ratio of the best of several trials is computed from (per-period, not annualised). */
export interface DeflatedSharpeInput {
  /** The selected trial's Sharpe ratio per period (e.g. daily mean / daily standard deviation). */
  readonly sharpe: number;
  /** Number of returns the Sharpe ratio was estimated from. */
  readonly observations: number;
  /** Skewness of those returns. */
  readonly skewness: number;
  /** Kurtosis of those returns (3 for a normal distribution, not the excess). */
  readonly kurtosis: number;
  /** Number of independent trials the best was selected from. */
  readonly trials: number;
  /** Variance of the trials' per-period Sharpe ratios. */
  readonly sharpeVariance: number;
}

/** The deflated Sharpe ratio and the Sharpe ratio the best of `trials` unskilled trials is expected to reach. */
export interface DeflatedSharpe {
  /** E[max SR] under the null of no skill: the benchmark `SR₀` (per period). */
  readonly expectedMaxSharpe: number;
  /** DSR: probability that the true Sharpe ratio exceeds `SR₀` (0 … 1). */
  readonly probability: number;
}

/** `SR₀ = √V · ((1−γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)))`, 0 for a single trial. */
export function expectedMaxSharpe(trials: number, sharpeVariance: number): number {
  if (trials <= 1) return 0;
  return Math.sqrt(sharpeVariance) * ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) + EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)));
}

/**
 * Bailey & López de Prado (2014), "The Deflated Sharpe Ratio": the probabilistic Sharpe ratio of
 * the selected trial against `SR₀`, the maximum Sharpe ratio expected from `trials` trials with
 * no skill, `Φ((SR − SR₀)·√(T−1) / √(1 − γ₃·SR + (γ₄−1)/4·SR²))`.
 */
export function deflatedSharpe(input: DeflatedSharpeInput): DeflatedSharpe {
  const sr0 = expectedMaxSharpe(input.trials, input.sharpeVariance);
  const sr = input.sharpe;
  const denominator = Math.sqrt(1 - input.skewness * sr + ((input.kurtosis - 1) / 4) * sr * sr);
  const z = ((sr - sr0) * Math.sqrt(input.observations - 1)) / denominator;
  return { expectedMaxSharpe: sr0, probability: Number.isFinite(z) ? normalCdf(z) : NaN };
}

/** Per-period Sharpe (mean / sample standard deviation), skewness and kurtosis (moment ratios) of a return series. */
export function returnMoments(returns: ArrayLike<number>): { sharpe: number; skewness: number; kurtosis: number; observations: number } {
  const n = returns.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += returns[i]!;
  mean /= n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = returns[i]! - mean, d2 = d * d;
    m2 += d2; m3 += d2 * d; m4 += d2 * d2;
  }
  const sd = Math.sqrt(m2 / (n - 1));
  m2 /= n; m3 /= n; m4 /= n;
  return { sharpe: mean / sd, skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2), observations: n };
}
