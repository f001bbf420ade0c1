import { UsageError } from '../core/errors.js';

/** A length of calendar time: whole months (years are 12) plus days. */
export interface Period {
  readonly months: number;
  readonly days: number;
}

/** `--walk-forward train=2y,test=6m[,step=6m]` (step defaults to test). */
export interface WalkForwardSpec {
  readonly train: Period;
  readonly test: Period;
  readonly step: Period;
}

/** One fold: the training window, then the test window right after it (inclusive `YYYY-MM-DD`). */
export interface Fold {
  readonly fold: number;
  readonly trainStart: string;
  readonly trainEnd: string;
  readonly testStart: string;
  readonly testEnd: string;
}

function parsePeriod(text: string, flag: string): Period {
  const m = text.trim().match(/^(\d+)\s*(y|m|w|d)$/i);
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--walk-forward '${flag}': '${text}' is not a period; write e.g. 2y, 6m, 4w or 90d`);
  const n = Number(m[1]), unit = m[2]!.toLowerCase();
  return unit === 'y' ? { months: 12 * n, days: 0 } : unit === 'm' ? { months: n, days: 0 } : { months: 0, days: unit === 'w' ? 7 * n : n };
}

/** Parses `train=2y,test=6m[,step=6m]`. */
export function parseWalkForward(text: string): WalkForwardSpec {
  const parts = new Map<string, string>();
  for (const item of text.split(',')) {
    const [k, v, ...rest] = item.split('=');
    const key = k?.trim() ?? '';
    if (v === undefined || rest.length > 0 || !['train', 'test', 'step'].includes(key)) {
      throw new UsageError(`--walk-forward '${text}': write it as train=2y,test=6m[,step=6m]`);
    }
    parts.set(key, v);
  }
  if (!parts.has('train') || !parts.has('test')) throw new UsageError(`--walk-forward '${text}': both train= and test= are needed`);
  const test = parsePeriod(parts.get('test')!, text);
  return { train: parsePeriod(parts.get('train')!, text), test, step: parts.has('step') ? parsePeriod(parts.get('step')!, text) : test };
}

/**
 * `day` moved forward by `times` × `p`: months first (a day past the month's end becomes its last
 * day, so 2020-01-31 + 1m = 2020-02-29), then days.
 */
export function addPeriod(day: string, p: Period, times = 1): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const months = m - 1 + p.months * times;
  const year = y + Math.floor(months / 12), month = ((months % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const t = Date.UTC(year, month, Math.min(d, last)) + p.days * times * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const dayBefore = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * The folds of a walk-forward over `first … last`: fold k trains on `[first + k·step,
 * first + k·step + train)` and tests on the following `test` (the last test window is cut at
 * `last`). Folds whose test window would start after `last` are not made.
 */
export function planFolds(spec: WalkForwardSpec, first: string, last: string): Fold[] {
  const folds: Fold[] = [];
  for (let k = 0; k < 10_000; k++) {
    const trainStart = addPeriod(first, spec.step, k);
    const testStart = addPeriod(trainStart, spec.train);
    if (testStart > last) break;
    const testEnd = dayBefore(addPeriod(testStart, spec.test));
    folds.push({ fold: k, trainStart, trainEnd: dayBefore(testStart), testStart, testEnd: testEnd < last ? testEnd : last });
  }
  if (folds.length === 0) throw new UsageError(`--walk-forward: ${first} … ${last} is too short for one training window and a test window`);
  return folds;
}

/**
 * The out-of-sample equity curve: the test runs' daily returns in fold order, each day taken
 * once (overlapping test windows keep the earlier fold's days), compounded from `capital`.
 */
export function stitchEquity(parts: readonly { dates: readonly string[]; returns: readonly number[] }[], capital: number): { dates: string[]; values: number[]; returns: number[] } {
  const dates: string[] = [], values: number[] = [], returns: number[] = [];
  let value = capital;
  for (const p of parts) {
    p.dates.forEach((date, i) => {
      if (dates.length > 0 && date <= dates.at(-1)!) return;
      value *= 1 + p.returns[i]!;
      dates.push(date);
      values.push(value);
      returns.push(p.returns[i]!);
    });
  }
  return { dates, values, returns };
}
