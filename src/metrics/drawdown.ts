/**
 * Drawdown on each day: wealth against its running peak, `W_t / max(1, W_0 … W_t) − 1` (≤ 0),
 * where `W` compounds the returns from 1 (the starting capital counts as a peak). NaN returns
 * count as 0.
 */
export function drawdownSeries(returns: ArrayLike<number>): Float64Array {
  const out = new Float64Array(returns.length);
  let wealth = 1, peak = 1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i]!;
    if (!Number.isNaN(r)) wealth *= 1 + r;
    if (wealth > peak) peak = wealth;
    out[i] = wealth / peak - 1;
  }
  return out;
}

/** Largest peak-to-trough fall as a negative fraction (0 without one; NaN for no returns). */
export function maxDrawdown(returns: ArrayLike<number>): number {
  if (returns.length === 0) return NaN;
  // `drawdownSeries` without the series: the same wealth, peak and drawdown per day
  let wealth = 1, peak = 1, worst = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i]!;
    if (!Number.isNaN(r)) wealth *= 1 + r;
    if (wealth > peak) peak = wealth;
    const d = wealth / peak - 1;
    if (d < worst) worst = d;
  }
  return worst;
}

/** One stretch of days below a previous peak. */
export interface DrawdownPeriod {
  /** Day whose close set the peak; null when the peak is the starting capital. */
  peakDate: string | null;
  /** Day of the lowest value in the stretch. */
  troughDate: string;
  /** First day back at or above the peak; null while still below it. */
  recoveryDate: string | null;
  /** Drawdown at the trough (negative fraction). */
  depth: number;
  /** Days spent below the peak. */
  days: number;
}

/**
 * Every drawdown of a return series, in order, labelled with `dates` (one per return).
 */
export function drawdownPeriods(returns: ArrayLike<number>, dates: readonly string[]): DrawdownPeriod[] {
  if (dates.length !== returns.length) {
    throw new RangeError(`drawdownPeriods: ${returns.length} returns but ${dates.length} dates`);
  }
  const dd = drawdownSeries(returns);
  const out: DrawdownPeriod[] = [];
  let start = -1; // first day below the peak of the open period, -1 when at a peak
  let trough = -1;
  const close = (end: number) => {
    out.push({
      peakDate: start === 0 ? null : dates[start - 1]!,
      troughDate: dates[trough]!,
      recoveryDate: end < dd.length ? dates[end]! : null,
      depth: dd[trough]!,
      days: end - start,
    });
  };
  for (let i = 0; i < dd.length; i++) {
    if (dd[i]! < 0) {
      if (start < 0) { start = i; trough = i; }
      else if (dd[i]! < dd[trough]!) trough = i;
    } else if (start >= 0) {
      close(i);
      start = -1;
    }
  }
  if (start >= 0) close(dd.length);
  return out;
}

/** The deepest and the longest drawdown of a series (null when it never fell below a peak). */
export function drawdownExtremes(periods: readonly DrawdownPeriod[]): { deepest: DrawdownPeriod | null; longest: DrawdownPeriod | null } {
  let deepest: DrawdownPeriod | null = null, longest: DrawdownPeriod | null = null;
  for (const p of periods) {
    if (!deepest || p.depth < deepest.depth) deepest = p;
    if (!longest || p.days > longest.days) longest = p;
  }
  return { deepest, longest };
}

/** The `n` deepest drawdowns, deepest first (pyfolio's worst-drawdowns table). */
export function worstDrawdowns(periods: readonly DrawdownPeriod[], n = 5): DrawdownPeriod[] {
  return [...periods].sort((a, b) => a.depth - b.depth).slice(0, n);
}
