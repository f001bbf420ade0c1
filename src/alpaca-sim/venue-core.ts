import { randomUUID } from 'node:crypto';
import { UsageError } from '../core/errors.js';
import { localDay } from '../core/time.js';
import { bundleCalendar } from '../data/bundle-calendar.js';
import { createBundleMarketData } from '../data/market-data/index.js';
import { NeverCancel } from '../finance/cancel-policy.js';
import { NoCommission } from '../finance/commission.js';
import { FixedBasisPointsSlippage } from '../finance/slippage/fixed-basis-points.js';
import type { Asset } from '../model/asset.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { TradingCalendar } from '../ports/calendar.js';
import type { CommissionModel } from '../ports/execution-models.js';
import type { MarketData } from '../ports/market-data.js';
import { SimulatedBroker } from '../sim/simulated-broker.js';
import { VENUE_TZ } from '../adapters/alpaca/config.js';
import { FaultState } from './faults.js';
import { venueMinuteOfDay } from './market-hours.js';
import { DEFAULT_SIM_SPEED, type AlpacaSimOptions } from './options.js';
import { PartialFillSlippage } from './partial-fills.js';
import { ReplayClock } from './replay-clock.js';
import { VenuePortfolio } from './venue-portfolio.js';
import { Venue } from './venue.js';
import { isTradable } from './wire-format.js';

/**
 * The simulated venue every wire protocol serves: the bundle's minute bars on its calendar, the
 * replay clock, the `SimulatedBroker` that fills, the venue's orders and portfolio, the faults.
 */
export interface VenueCore {
  readonly reader: BundleReader;
  readonly calendar: TradingCalendar;
  readonly marketData: MarketData;
  readonly assets: readonly Asset[];
  readonly clock: ReplayClock;
  readonly broker: SimulatedBroker;
  readonly venue: Venue;
  readonly portfolio: VenuePortfolio;
  readonly faults: FaultState;
  readonly startMs: number;
  /** Last minute with bars (epoch ms of its open). */
  readonly lastMinute: number;
  /** Calendar indices of the sessions the replay covers. */
  readonly firstSession: number;
  readonly lastSession: number;
}

function startInstant(cal: TradingCalendar, start: string | undefined, first: number, last: number): number {
  if (start === undefined) return cal.opens[first]!;
  if (/^\d{4}-\d{2}-\d{2}$/.test(start)) {
    const i = cal.sessionOnOrAfter(start);
    if (i > last || i >= cal.sessions.length) throw new UsageError(`--start ${start} is after the last session with minute bars (${cal.sessions[last]})`);
    return cal.opens[Math.max(i, first)]!;
  }
  const ms = Date.parse(start);
  if (Number.isNaN(ms)) throw new UsageError(`--start '${start}' is not a date (YYYY-MM-DD) or an RFC 3339 instant`);
  return Math.max(ms, cal.opens[first]!);
}

/** Builds the venue over `reader` (`defaultCommission` when the options name none). Throws `UsageError` for a bundle without minute bars or a bad start. */
export async function buildVenueCore(options: AlpacaSimOptions, reader: BundleReader, defaultCommission: CommissionModel = new NoCommission()): Promise<VenueCore> {
  const calendar = await bundleCalendar(reader);
  const range = await reader.range('minute');
  if (!range) throw new UsageError(`bundle '${reader.meta.name}' has no minute bars; the simulator replays minute bars (ingest a bundle with minute data)`);
  const firstSession = calendar.sessionOnOrAfter(localDay(calendar.tz, range.first));
  const lastSession = calendar.sessionOnOrBefore(localDay(calendar.tz, range.last));
  const startMs = startInstant(calendar, options.start, firstSession, lastSession);
  const mdStart = Math.max(firstSession, Math.min(lastSession, calendar.sessionOnOrAfter(localDay(calendar.tz, startMs))));
  const marketData = await createBundleMarketData({ reader, calendar, frequency: 'minute', startIndex: mdStart, endIndex: lastSession });
  await marketData.advanceTo(startMs);
  const assets = await reader.assets();
  const clock = new ReplayClock(startMs, options.speed ?? DEFAULT_SIM_SPEED);
  const cash = options.cash ?? 100_000;
  let venue!: Venue;
  const actions = options.corporateActions === false ? {} : { splits: await reader.splits(), dividends: await reader.dividends() };
  const broker = new SimulatedBroker({
    marketData,
    fill: 'next-close',
    bars: { calendar, frequency: 'minute' },
    ...actions,
    models: {
      commission: options.models?.commission ?? defaultCommission,
      slippage: new PartialFillSlippage(options.models?.slippage ?? new FixedBasisPointsSlippage(), options.partialFillRatio ?? 1),
      cancelPolicy: options.models?.cancelPolicy ?? new NeverCancel(),
    },
    startingCash: cash,
    newId: randomUUID,
    name: 'venue-sim',
    time: () => venue.stamp(),
  });
  venue = new Venue({
    broker, marketData, assets, now: () => clock.now(),
    isTradable: (a) => isTradable(a, localDay(VENUE_TZ, clock.now())),
    venueMinuteOfDay: () => venueMinuteOfDay(clock.now()),
  });
  const portfolio = new VenuePortfolio(venue, marketData, cash, startMs);
  const faults = new FaultState(options.latencyMs ?? 0);
  if (options.faults) faults.apply(options.faults);
  return {
    reader, calendar, marketData, assets, clock, broker, venue, portfolio, faults, startMs,
    lastMinute: range.last, firstSession: mdStart, lastSession,
  };
}
