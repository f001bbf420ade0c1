import type { RunResult } from '../model/results.js';

/**
 * The warning a partial result carries in every report: null for a complete run, else
 * `PARTIAL RESULT: the run failed at <time>: <message>` (or was interrupted).
 */
export function statusBanner(result: RunResult): string | null {
  const { status, stoppedAt, message } = result.summary;
  if (status === undefined || status === 'complete') return null;
  const last = result.daily.at(-1)?.date;
  const upTo = last ? `figures cover ${result.start} → ${last}` : 'no session finished';
  const what = message ?? (status === 'failed' ? 'the run failed' : 'the run was interrupted');
  return `PARTIAL RESULT (${status}${stoppedAt && !what.includes(stoppedAt) ? ` at ${stoppedAt}` : ''}): ${what}; ${upTo}`;
}
