import { DAY_MS } from '../../core/time.js';
import type { BarColumns } from '../../model/bar.js';
import type { Dividend, Split } from '../../model/corporate-actions.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import type { DemoDividendPlan, DemoAssetSpec } from './demo-universe.js';
import { assetPath, type ReturnPath } from './demo-paths.js';
import type { DemoRandom } from './demo-random.js';

/** Share of the day's return that happens overnight, and the overnight noise (in daily sds). */
const OVERNIGHT_SHARE = 0.35;
const OVERNIGHT_NOISE = 0.3;
/** How far highs and lows reach beyond open/close, in daily sds. */
const RANGE_REACH = 0.6;
const VOLUME_DISPERSION = 0.35;

/** Daily OHLCV arrays of one asset plus its corporate actions. */
export interface DailySeries extends BarColumns {
  splits: Split[];
  dividends: Dividend[];
}

/** Rounds a price to whole cents, never below one cent. */
export function roundCents(x: number): number {
  return Math.max(1, Math.round(x * 100)) / 100;
}

/** `n` zeroed bars as columns, to be filled in. */
export function emptyBarColumns(n: number): BarColumns {
  return {
    ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n),
    low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n),
  };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function exDateIndices(
  plan: DemoDividendPlan, cal: TradingCalendar, a: number, b: number, blocked: (i: number) => boolean,
): number[] {
  const from = Math.max(a + 1, cal.sessionOnOrAfter(plan.from));
  if (from > b) return [];
  const out: number[] = [];
  for (let y = Number(cal.sessions[from]!.slice(0, 4)); y <= Number(cal.sessions[b]!.slice(0, 4)); y++) {
    for (const m of plan.months) {
      let i = cal.sessionOnOrAfter(`${y}-${pad2(m)}-${pad2(plan.exDay)}`);
      while (i <= b && blocked(i)) i++;
      if (i >= from && i <= b) out.push(i);
    }
  }
  return out;
}

/**
 * Draws the raw (unadjusted) daily bars of one asset over calendar sessions `first..last` (or
 * its own narrower life), loading `beta` on the common `market` path (indexed from `first`).
 * The economic series is continuous: on a split's effective date the raw price opens divided by
 * the ratio, on an ex-date it opens lower by the dividend. The path is pinned so that the last
 * close lands near `spec.endPrice`.
 */
export function simulateDaily(
  spec: DemoAssetSpec, sid: number, cal: TradingCalendar, first: number, last: number,
  market: ReturnPath, rng: DemoRandom,
): DailySeries {
  const a = spec.start ? cal.sessionOnOrAfter(spec.start) : first;
  const b = spec.end ? cal.sessionOnOrBefore(spec.end) : last;
  const n = b - a + 1;
  const splitAt = new Map<number, number>();
  for (const [day, ratio] of spec.splits ?? []) {
    const i = cal.sessionOnOrAfter(day);
    if (i > a && i <= b) splitAt.set(i, ratio);
  }
  const gapAt = new Set((spec.gaps ?? []).map((d) => cal.sessionIndex(d)).filter((i) => i > a && i < b));
  const plan = spec.dividends;
  const exAt = new Set(plan ? exDateIndices(plan, cal, a, b, (i) => splitAt.has(i) || gapAt.has(i)) : []);

  let sharesFactor = 1;
  for (const r of splitAt.values()) sharesFactor *= r;
  const yieldLoss = plan ? (exAt.size * plan.yield) / 4 : 0;
  const totalLog = Math.log((spec.endPrice * sharesFactor) / spec.startPrice) + yieldLoss;
  const path = assetPath(market, a - first, n, spec.beta, spec.idioVol, totalLog, rng);

  const count = n - gapAt.size;
  const out: DailySeries = { ...emptyBarColumns(count), splits: [], dividends: [] };
  let prev = spec.startPrice;
  let divAmount = 0;
  let divYear = '';
  let j = 0;
  for (let k = 0; k < n; k++) {
    const t = a + k;
    const day = cal.sessions[t]!;
    const ratio = splitAt.get(t) ?? 1;
    if (ratio !== 1) {
      sharesFactor /= ratio;
      if (divAmount > 0) divAmount = roundCents(divAmount / ratio);
      out.splits.push({ sid, effectiveDate: day, ratio });
    }
    let div = 0;
    if (plan && exAt.has(t)) {
      if (day.slice(0, 4) !== divYear) {
        divYear = day.slice(0, 4);
        divAmount = roundCents((prev * plan.yield) / 4);
      }
      div = divAmount;
      out.dividends.push({
        sid, exDate: day, declaredDate: cal.sessions[t - 20] ?? null, recordDate: cal.sessions[Math.min(t + 1, last)]!,
        payDate: cal.sessions[Math.min(t + 10 + (plan.exDay % 8), last)]!, amount: div,
      });
    }
    const base = (prev - div) / ratio;
    const s = path.sigma[k]!;
    const r = path.inc[k]!;
    const open = roundCents(base * Math.exp(OVERNIGHT_SHARE * r + OVERNIGHT_NOISE * s * rng.normal()));
    const close = roundCents(base * Math.exp(r));
    const high = Math.max(roundCents(Math.max(open, close) * Math.exp(RANGE_REACH * s * Math.abs(rng.normal()))), open, close);
    const low = Math.min(roundCents(Math.min(open, close) * Math.exp(-RANGE_REACH * s * Math.abs(rng.normal()))), open, close);
    const activity = 0.45 + (0.7 * Math.abs(path.noise[k]!)) / s;
    const noise = Math.exp(VOLUME_DISPERSION * rng.normal() - (VOLUME_DISPERSION * VOLUME_DISPERSION) / 2);
    prev = close;
    if (gapAt.has(t)) continue;
    out.ts[j] = cal.sessionDays[t]! * DAY_MS;
    out.open[j] = open;
    out.high[j] = high;
    out.low[j] = low;
    out.close[j] = close;
    out.volume[j] = Math.round((spec.meanVolume / sharesFactor) * activity * noise);
    j++;
  }
  return out;
}
