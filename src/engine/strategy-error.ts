import { fileURLToPath } from 'node:url';
import { StrategyError, ZiplimeError } from '../core/errors.js';
import { isoUtc } from '../core/time.js';

/**
 * `file:line` of the first stack frame inside the strategy file (or, without a file, the first
 * frame outside ziplime's own code), or undefined when none is found.
 */
function strategyLocation(err: unknown, strategyFile: string | undefined): string | undefined {
  const stack = err instanceof Error ? err.stack ?? '' : '';
  for (const raw of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):\d+\)?\s*$/.exec(raw.trim());
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) {
      try { file = fileURLToPath(file); } catch { continue; }
    }
    if (strategyFile ? file === strategyFile : !file.startsWith('node:') && !file.includes('/node_modules/') && !file.includes('/dist/')) {
      return `${file}:${m[2]}`;
    }
  }
  return undefined;
}

/**
 * Wraps what a strategy threw into a `StrategyError` naming where (file:line) and when (the
 * simulation time): "strategy failed at s.ts:12 (2024-01-03T21:00:00.000Z): boom".
 */
export function toStrategyError(err: unknown, strategyFile: string | undefined, dt: number, hook: string): StrategyError {
  if (err instanceof StrategyError) return err;
  const location = strategyLocation(err, strategyFile) ?? strategyFile;
  const when = dt > 0 ? isoUtc(dt) : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const kind = err instanceof ZiplimeError ? '' : `${err instanceof Error ? err.name : 'error'}: `;
  const head = `strategy failed in ${hook}${location ? ` at ${location}` : ''}${when ? ` (simulation time ${when})` : ''}`;
  return new StrategyError(`${head}: ${kind}${message.split('\n')[0]}`, {
    cause: err, location, ...(when ? { simulationTime: new Date(dt) } : {}),
  });
}
