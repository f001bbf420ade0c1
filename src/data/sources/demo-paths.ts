import type { TradingCalendar } from '../../ports/calendar.js';
import type { DemoRandom } from './demo-random.js';
import type { MarketKnot } from './demo-universe.js';

const TRADING_DAYS = 252;
const GARCH_ALPHA = 0.08;
const GARCH_BETA = 0.9;

/** Daily log-return paths: `noise` (zero-mean GARCH shocks), `sigma` (their sd), `inc` (pinned). */
export interface ReturnPath {
  noise: Float64Array;
  sigma: Float64Array;
  inc: Float64Array;
}

/**
 * Draws `n` days of GARCH(1,1) shocks with long-run volatility `annualVol`; `stress[t]` (default
 * 1) scales day t's shock on top of the clustering (the recursion itself stays stationary).
 */
export function garchShocks(
  n: number, annualVol: number, rng: DemoRandom, stress?: Float64Array,
): { noise: Float64Array; sigma: Float64Array } {
  const noise = new Float64Array(n);
  const sigma = new Float64Array(n);
  const longRun = (annualVol * annualVol) / TRADING_DAYS;
  const omega = longRun * (1 - GARCH_ALPHA - GARCH_BETA);
  let variance = longRun;
  for (let t = 0; t < n; t++) {
    const sd = Math.sqrt(variance);
    const e = sd * rng.normal();
    const scale = stress ? stress[t]! : 1;
    sigma[t] = sd * scale;
    noise[t] = e * scale;
    variance = omega + GARCH_ALPHA * e * e + GARCH_BETA * variance;
  }
  return { noise, sigma };
}

/**
 * Adds a piecewise-constant drift to the increments `noise` so that their running sum reaches
 * `level[j]` at index `at[j]` (ascending; the last should be `noise.length - 1`). Between knots
 * the path stays a random walk: a Brownian bridge in each segment.
 */
export function pinToKnots(noise: Float64Array, at: readonly number[], level: readonly number[]): Float64Array {
  const inc = new Float64Array(noise);
  let from = 0;
  let reached = 0;
  at.forEach((to, j) => {
    let s = 0;
    for (let t = from; t <= to; t++) s += noise[t]!;
    const drift = (level[j]! - reached - s) / (to - from + 1);
    for (let t = from; t <= to; t++) inc[t] = noise[t]! + drift;
    reached = level[j]!;
    from = to + 1;
  });
  return inc;
}

/**
 * The common market factor over sessions `first..last`: GARCH shocks, louder inside the stress
 * segments, pinned to the log-levels of `knots` relative to `startLevel`.
 */
export function marketPath(
  cal: TradingCalendar, first: number, last: number, startLevel: number, knots: readonly MarketKnot[],
  annualVol: number, rng: DemoRandom,
): ReturnPath {
  const n = last - first + 1;
  const stress = new Float64Array(n).fill(1);
  const at: number[] = [];
  const level: number[] = [];
  let from = 0;
  for (const knot of knots) {
    const to = Math.min(cal.sessionOnOrBefore(knot.day), last) - first;
    stress.fill(knot.stress ?? 1, from, to + 1);
    at.push(to);
    level.push(Math.log(knot.level / startLevel));
    from = to + 1;
  }
  const { noise, sigma } = garchShocks(n, annualVol, rng, stress);
  return { noise, sigma, inc: pinToKnots(noise, at, level) };
}

/**
 * An asset's returns over its life `[offset, offset + n)` of the market path: `beta` × market plus
 * a GARCH idiosyncratic walk pinned so that the total log change is `totalLog`, passing near a
 * straight trend at knots every ~3 years (deviation ~0.7 × idiosyncratic vol).
 */
export function assetPath(
  market: ReturnPath, offset: number, n: number, beta: number, idioVol: number, totalLog: number, rng: DemoRandom,
): ReturnPath {
  const idio = garchShocks(n, idioVol, rng);
  let marketLog = 0;
  for (let k = 0; k < n; k++) marketLog += beta * market.inc[offset + k]!;
  const idioTotal = totalLog - marketLog;
  const knotCount = Math.max(1, Math.round(n / (3 * TRADING_DAYS)));
  const at: number[] = [];
  const level: number[] = [];
  for (let j = 1; j <= knotCount; j++) {
    at.push(Math.round((n * j) / knotCount) - 1);
    level.push((idioTotal * j) / knotCount + (j < knotCount ? 0.7 * idioVol * rng.normal() : 0));
  }
  const idioInc = pinToKnots(idio.noise, at, level);
  const out: ReturnPath = { noise: new Float64Array(n), sigma: new Float64Array(n), inc: new Float64Array(n) };
  for (let k = 0; k < n; k++) {
    const m = offset + k;
    out.noise[k] = beta * market.noise[m]! + idio.noise[k]!;
    out.sigma[k] = Math.hypot(beta * market.sigma[m]!, idio.sigma[k]!);
    out.inc[k] = beta * market.inc[m]! + idioInc[k]!;
  }
  return out;
}
