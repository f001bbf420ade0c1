import type { RunResult } from '../model/results.js';

/**
 * JSON cannot hold NaN or ±Infinity: NaN is written as `null` and the infinities as the
 * strings `"Infinity"` / `"-Infinity"`; {@link parseResultJson} turns them back.
 */
export function resultToJson(result: RunResult): string {
  return toJson(result);
}

/** Pretty JSON with the non-finite convention of {@link resultToJson}, ending in a newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'number' || Number.isFinite(v)) return v;
    return Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity';
  }, 2)}\n`;
}

const NULLABLE = new Set(['limitPrice', 'stopPrice', 'stoppedAt', 'message']);
const TEXT = new Set(['strategy', 'bundle', 'mode', 'frequency', 'fill', 'start', 'end', 'date', 'dt', 'symbol', 'orderId', 'id', 'createdAt', 'status', 'style']);
/** Kept as written: the run's settings hold the user's params, whose nulls are nulls. */
const VERBATIM = 'settings';

function revive(key: string, v: unknown): unknown {
  if (v === 'Infinity' || v === '-Infinity') return TEXT.has(key) ? v : v === 'Infinity' ? Infinity : -Infinity;
  if (v === null) return key !== '' && !NULLABLE.has(key) && !TEXT.has(key) && !/^\d+$/.test(key) ? NaN : v;
  if (typeof v !== 'object' || key === VERBATIM) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(String(i), v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) o[k] = revive(k, o[k]);
  return o;
}

/** Parses JSON written by {@link resultToJson}: number fields that are `null` read back as NaN (not in `settings`). */
export function parseResultJson(text: string): unknown {
  return revive('', JSON.parse(text));
}
