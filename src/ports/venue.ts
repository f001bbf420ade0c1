import type { Logger } from 'pino';
import type { Asset } from '../model/asset.js';
import type { BrokerageModel } from './brokerage-model.js';
import type { BundleReader } from './bundle-reader.js';
import type { LiveBroker } from './live-broker.js';
import type { LiveFeed } from './live-feed.js';

/**
 * A session's venue-specific settings (its flags, such as `--exchange`, and the tunings tests
 * give its clients, such as `restOptions`): only the venue's own adapter reads them.
 */
export type VenueSettings = Readonly<Record<string, unknown>>;

/** What a session tells a venue when it configures it. */
export interface VenueRequest {
  readonly settings: VenueSettings;
  /** Credentials file (`--credentials`); wins over the environment. */
  readonly credentials?: string;
  /** Environment with the venue's variables (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  readonly logger: Logger;
}

/** A venue's clock as a session follows it: read remotely, extrapolated in between. */
export interface VenueClock {
  /** Reads the venue's time, epoch ms. */
  read(): Promise<number>;
  /** The venue's own hosts run at wall speed (only the skew is taken); a simulator also gives its speed. */
  readonly fixedSpeed: boolean;
  /** True while the venue's requests must wait (429s being answered): no sample is taken then. */
  paused?(): boolean;
  /** Log lines: when a reading fails, once the clock is followed, and the log field of the venue's time. */
  readonly messages: { readonly failed: string; readonly following: string; readonly nowField: string };
}

/** The time a venue's parts follow (the session's). */
export interface VenueTime {
  /** Epoch ms. */
  now(): number;
  /** How fast this time runs against the wall's (1 when not known). */
  speed(): number;
}

/** A venue's bars for a session, opened once the bundle is there. */
export interface VenueBars {
  /** Where the bars come from, for labels. */
  readonly label: string;
  readonly clock: VenueClock;
  /** The venue's live bars of the bundle's assets, following `time`. */
  feed(time: VenueTime): Promise<LiveFeed>;
  /** The venue's order rules as this connection reads them (an exchange's markets), when it does (see `Venue.rulesFromFeed`). */
  rules?(): Promise<BrokerageModel>;
}

/** A venue a session trades on, opened once the bundle is there (the account is known). */
export interface VenueTrading extends VenueBars {
  /** The account's label (state folder, journal, summary). */
  readonly account: string;
  /** The live broker; what it cannot book faithfully it reports through `warn` (log and result). */
  broker(time: VenueTime, assetOf: (symbol: string) => Asset | undefined, warn: (message: string) => void): LiveBroker;
}

/**
 * A venue (a broker, or exchanges reached through one library) as the composition roots use it:
 * each adapter exports one as `venue` from its own `venue.ts`, and `runtime/venues.ts` finds it
 * by name. The methods load the adapter's parts when called, so only the chosen venue loads.
 */
export interface Venue {
  readonly name: string;
  /** The venue's fixed order rules (`--venue-rules`), when it has them. */
  brokerageModel?(): Promise<BrokerageModel>;
  /**
   * Set when the venue's order rules are read through its bars' connection (`VenueBars.rules`),
   * so `paper --venue-rules <name>` needs `--feed <name>`: what those rules are, for the message
   * ("the exchange's markets").
   */
  readonly rulesFromFeed?: string;
  /** Registers the venue's history as an ingest source (`ingest --source <name>`). */
  registerIngestSource?(): Promise<void>;
  /**
   * Bars only (paper): the config from the settings, credentials file and environment is checked
   * now (a usage error when it is wrong); the returned function opens the bars.
   */
  bars(request: VenueRequest): Promise<(reader: BundleReader) => Promise<VenueBars>>;
  /**
   * Trading (live): the config with keys and the real-money guard (refused without `yes`) are
   * checked now; the returned function connects to the account.
   */
  trading(request: VenueRequest & { readonly yes?: boolean }): Promise<(reader: BundleReader) => Promise<VenueTrading>>;
}
