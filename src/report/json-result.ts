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

const NULLABLE = new Set(['limitPrice', 'stopPrice']);
const TEXT = new Set(['strategy', 'bundle', 'mode', 'frequency', 'fill', 'start', 'end', 'date', 'dt', 'symbol', 'orderId', 'id', 'createdAt', 'status', 'style']);

/** Parses JSON written by {@link resultToJson}: number fields that are `null` read back as NaN. */
export function parseResultJson(text: string): unknown {
  return JSON.parse(text, (key, v: unknown) => {
    if (v === 'Infinity' || v === '-Infinity') return TEXT.has(key) ? v : v === 'Infinity' ? Infinity : -Infinity;
    if (v === null && key !== '' && !NULLABLE.has(key) && !TEXT.has(key) && !/^\d+$/.test(key)) return NaN;
    return v;
  });
}
