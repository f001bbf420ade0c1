/** Probability of backtest overfitting by combinatorially symmetric cross-validation (CSCV). */

/** The outcome of CSCV. */
export interface BacktestOverfitting {
  /** Share of the train/test splits in which the in-sample best trial ranks at or below the out-of-sample median. */
  readonly probability: number;
  /** The logit `ln(ω / (1 − ω))` of the in-sample best trial's relative out-of-sample rank, per split. */
  readonly logits: readonly number[];
  readonly partitions: number;
}

/** Combinations of `k` of `0 … n-1`, in lexicographic order. */
function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick: number[] = [];
  const walk = (from: number) => {
    if (pick.length === k) { out.push([...pick]); return; }
    for (let i = from; i <= n - (k - pick.length); i++) { pick.push(i); walk(i + 1); pick.pop(); }
  };
  walk(0);
  return out;
}

/**
 * Bailey, Borwein, López de Prado & Zhu (2017), "The probability of backtest overfitting": the
 * `T` returns of each of `N` trials (same length) are cut into `partitions` (even) contiguous blocks;
 * for every choice of half the blocks as the training set, the trial with the best Sharpe ratio
 * (mean / sample standard deviation) on it is ranked among all trials on the other half
 * (rank 1 = worst; ties share the average rank); `ω = rank / (N + 1)`. PBO is the share of
 * splits with `ω ≤ ½` (logit ≤ 0).
 */
export function backtestOverfitting(trials: readonly ArrayLike<number>[], partitions = 16): BacktestOverfitting {
  const n = trials.length, t = trials[0]?.length ?? 0;
  if (n < 2) throw new RangeError('CSCV needs at least two trials');
  if (partitions < 2 || partitions % 2 !== 0) throw new RangeError('CSCV needs an even number of partitions ≥ 2');
  if (t < partitions * 2) throw new RangeError(`CSCV with ${partitions} partitions needs at least ${partitions * 2} returns per trial, got ${t}`);
  if (trials.some((r) => r.length !== t)) throw new RangeError('CSCV needs return series of the same length');
  // Per trial and block: count, sum, sum of squares.
  const sums = trials.map((r) => Array.from({ length: partitions }, (_, b) => {
    const from = Math.floor((b * t) / partitions), to = Math.floor(((b + 1) * t) / partitions);
    let s = 0, ss = 0;
    for (let i = from; i < to; i++) { s += r[i]!; ss += r[i]! * r[i]!; }
    return [to - from, s, ss] as const;
  }));
  const sharpeOf = (trial: number, blocks: readonly number[]) => {
    let c = 0, s = 0, ss = 0;
    for (const b of blocks) { const x = sums[trial]![b]!; c += x[0]; s += x[1]; ss += x[2]; }
    const mean = s / c, variance = (ss - c * mean * mean) / (c - 1);
    return variance > 0 ? mean / Math.sqrt(variance) : mean === 0 ? 0 : Math.sign(mean) * Infinity;
  };
  const all = Array.from({ length: partitions }, (_, i) => i);
  const logits: number[] = [];
  for (const train of combinations(partitions, partitions / 2)) {
    const test = all.filter((b) => !train.includes(b));
    let best = 0, bestIs = -Infinity;
    for (let j = 0; j < n; j++) {
      const v = sharpeOf(j, train);
      if (v > bestIs) { bestIs = v; best = j; }
    }
    const oos = Array.from({ length: n }, (_, j) => sharpeOf(j, test));
    const mine = oos[best]!;
    let below = 0, ties = 0;
    for (const v of oos) { if (v < mine) below++; else if (v === mine) ties++; }
    const omega = (below + (ties + 1) / 2) / (n + 1);
    logits.push(Math.log(omega / (1 - omega)));
  }
  return { probability: logits.filter((l) => l <= 0).length / logits.length, logits, partitions };
}
