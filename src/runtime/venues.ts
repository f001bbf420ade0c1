import { UsageError } from '../core/errors.js';
import type { Venue } from '../ports/venue.js';

/**
 * The venues a session can use, by name: each is the adapter folder `adapters/<name>/`, whose
 * `venue.ts` exports its `Venue`. A new broker is an adapter folder with a venue and one name here.
 */
export const VENUE_NAMES = ['alpaca', 'ccxt'] as const;

/** A venue's name. */
export type VenueName = (typeof VENUE_NAMES)[number];

/** The venue `name`, its adapter loaded now (only the chosen venue loads). */
export async function venueNamed(name: VenueName): Promise<Venue> {
  if (!(VENUE_NAMES as readonly string[]).includes(name)) throw new UsageError(`unknown venue '${name}'; choose one of ${VENUE_NAMES.join(', ')}`);
  const entryFile = `../adapters/${name}/venue.js`;
  const entry = (await import(/* @vite-ignore */ entryFile)) as { venue: Venue };
  return entry.venue;
}
