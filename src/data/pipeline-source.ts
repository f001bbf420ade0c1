/**
 * The pipeline engine's data over a bundle: `EquityPricing` columns from the daily bars (one
 * query per chunk for all columns), and adjustments from the bundle's splits and dividends as
 * zipline makes them — prices × 1/ratio and volume × ratio for a split from its effective
 * session, prices × (1 − amount / previous close) for a dividend from its ex-date session.
 */
import { DAY_MS } from '../core/time.js';
import { lowerBound } from '../calendar/session-calendar.js';
import type { Asset } from '../model/asset.js';
import type { BarColumns } from '../model/bar.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { TradingCalendar } from '../ports/calendar.js';
import type { Adjustment, ColumnRef, PipelineSource } from '../ports/pipeline-source.js';


const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;
type Field = (typeof FIELDS)[number];

interface Event {
  readonly session: number;
  readonly col: number;
  readonly split: boolean;
  readonly value: number;
}

/** A `PipelineSource` reading `reader`'s daily bars on `calendar`'s sessions. */
export async function bundlePipelineSource(reader: BundleReader, calendar: TradingCalendar): Promise<PipelineSource> {
  const [assets, splits, dividends] = await Promise.all([reader.assets(), reader.splits(), reader.dividends()]);
  const colOf = new Map(assets.map((a, i) => [a.sid, i]));
  const events: Event[] = [];
  for (const s of splits) {
    const col = colOf.get(s.sid);
    if (col !== undefined && s.ratio > 0 && s.ratio !== 1) events.push({ session: calendar.sessionOnOrAfter(s.effectiveDate), col, split: true, value: s.ratio });
  }
  for (const d of dividends) {
    const col = colOf.get(d.sid);
    if (col !== undefined && d.amount > 0) events.push({ session: calendar.sessionOnOrAfter(d.exDate), col, split: false, value: d.amount });
  }
  events.sort((x, y) => x.session - y.session || x.col - y.col);
  return new BundlePipelineSource(reader, calendar, assets, events);
}

class BundlePipelineSource implements PipelineSource {
  readonly sessions: readonly string[];
  private readonly sids: number[];

  constructor(private readonly reader: BundleReader, private readonly calendar: TradingCalendar, readonly assets: readonly Asset[], private readonly events: readonly Event[]) {
    this.sessions = calendar.sessions;
    this.sids = assets.map((a) => a.sid);
  }

  async load(columns: readonly ColumnRef[], from: number, to: number): Promise<Float64Array[]> {
    const fields = columns.map((c) => fieldOf(c));
    const bars = await this.reader.dailyBars(this.sids, this.sessions[from]!, this.sessions[to]!);
    const width = this.assets.length;
    const out = columns.map(() => new Float64Array((to - from + 1) * width).fill(NaN));
    const days = this.calendar.sessionDays;
    this.assets.forEach((asset, col) => {
      const b = bars.get(asset.sid);
      if (!b) return;
      let s = from;
      for (let i = 0; i < b.ts.length; i++) {
        const day = Math.floor(b.ts[i]! / DAY_MS);
        while (s <= to && days[s]! < day) s++;
        if (s > to) break;
        if (days[s] !== day) continue;
        const at = (s - from) * width + col;
        fields.forEach((f, k) => (out[k]![at] = (b as BarColumns)[f][i]!));
      }
    });
    return out;
  }

  async adjustments(column: ColumnRef, from: number, to: number): Promise<readonly Adjustment[]> {
    const field = fieldOf(column);
    const inRange = this.events.filter((e) => e.session >= from && e.session <= to && e.session > 0);
    const out: Adjustment[] = [];
    const dividendCloses = field === 'volume' ? null : await this.previousCloses(inRange.filter((e) => !e.split));
    for (const e of inRange) {
      if (e.split) out.push({ session: e.session, col: e.col, ratio: field === 'volume' ? e.value : 1 / e.value });
      else if (dividendCloses) {
        const ratio = 1 - e.value / dividendCloses.get(e)!;
        if (ratio > 0) out.push({ session: e.session, col: e.col, ratio });
      }
    }
    return out;
  }

  /** Raw close of the session before each dividend's ex-date (NaN when that bar is missing: the dividend is skipped). */
  private async previousCloses(dividends: readonly Event[]): Promise<Map<Event, number>> {
    const out = new Map<Event, number>();
    if (dividends.length === 0) return out;
    const first = Math.min(...dividends.map((e) => e.session)) - 1;
    const last = Math.max(...dividends.map((e) => e.session)) - 1;
    const sids = [...new Set(dividends.map((e) => this.sids[e.col]!))];
    const bars = await this.reader.dailyBars(sids, this.sessions[first]!, this.sessions[last]!);
    for (const e of dividends) {
      const b = bars.get(this.sids[e.col]!);
      const day = this.calendar.sessionDays[e.session - 1]! * DAY_MS;
      let close = NaN;
      if (b) {
        const i = lowerBound(b.ts, day);
        if (i < b.ts.length && b.ts[i] === day) close = b.close[i]!;
      }
      out.set(e, close);
    }
    return out;
  }
}

function fieldOf(column: ColumnRef): Field {
  if (column.dataset !== 'EquityPricing' || !(FIELDS as readonly string[]).includes(column.name)) {
    throw new Error(`pipeline column ${column.key} is not in this bundle: only EquityPricing.open/high/low/close/volume are`);
  }
  return column.name as Field;
}
