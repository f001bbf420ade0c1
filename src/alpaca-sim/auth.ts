import type { IncomingHttpHeaders } from 'node:http';
import { VenueError } from './venue-error.js';

/** The key pair the simulator accepts. */
export interface SimCredentials {
  readonly key: string;
  readonly secret: string;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Checks REST auth headers like Alpaca: missing headers → 401 (code 40110000), a wrong pair →
 * 403 `forbidden` (no code). Returns the error, or null when the pair is right.
 */
export function restAuthError(headers: IncomingHttpHeaders, creds: SimCredentials): VenueError | null {
  const key = header(headers, 'apca-api-key-id');
  const secret = header(headers, 'apca-api-secret-key');
  if (!key || !secret) return new VenueError(401, 40110000, 'request is not authorized');
  return key === creds.key && secret === creds.secret ? null : new VenueError(403, undefined, 'forbidden');
}

/** True when a stream's key and secret match. */
export const credentialsMatch = (creds: SimCredentials, key: unknown, secret: unknown): boolean =>
  key === creds.key && secret === creds.secret;
