import cliProgress from 'cli-progress';
import { count } from './format.js';
import type { MaybeTty } from './terminal-style.js';

/** What a long run tells the user while it runs; the runtime calls it once per session. */
export interface ProgressReporter {
  /** The run is about to process `total` sessions. */
  start(total: number): void;
  /** `done` sessions processed, the simulated date reached and the bars processed so far. */
  update(done: number, date: string, bars: number): void;
  /** The run ended (also after an error); removes the bar. */
  stop(): void;
}

/** A reporter that shows nothing. */
export const silentProgress: ProgressReporter = { start() {}, update() {}, stop() {} };

/** Where and when the progress bar is drawn. */
export interface ProgressOptions {
  /** Default: `process.stderr`. */
  stream?: NodeJS.WritableStream & MaybeTty;
  env?: NodeJS.ProcessEnv;
  /** Show the bar only once the run has taken this long (default 1000 ms). */
  delayMs?: number;
  /** Clock in ms (default `Date.now`). */
  now?: () => number;
}

/**
 * A cli-progress bar on stderr: sessions done / total, simulated date, bars per second and
 * ETA. It appears only when the run lasts longer than `delayMs`, and never when the stream is
 * not a terminal or `CI` is set (then {@link silentProgress} is returned).
 */
export function createProgressReporter(options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  if (stream.isTTY !== true || env.CI) return silentProgress;
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? 1000;
  let bar: cliProgress.SingleBar | null = null;
  let total = 0, startedAt = 0;
  return {
    start(n) {
      total = n;
      startedAt = now();
    },
    update(done, date, bars) {
      const elapsed = now() - startedAt;
      const payload = { date, rate: count(elapsed > 0 ? (bars * 1000) / elapsed : 0) };
      if (!bar) {
        if (elapsed < delayMs) return;
        bar = new cliProgress.SingleBar({
          stream,
          format: ' {bar} {percentage}% | {value}/{total} sessions | {date} | {rate} bars/s | ETA {eta_formatted}',
          barsize: 24,
          clearOnComplete: true,
          hideCursor: true,
          etaBuffer: 50,
        }, cliProgress.Presets.shades_classic);
        bar.start(total, done, payload);
        return;
      }
      bar.update(done, payload);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
