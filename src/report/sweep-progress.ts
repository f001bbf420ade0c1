import cliProgress from 'cli-progress';
import type { MaybeTty } from './terminal-style.js';

/** Progress of a sweep: points done of the total, points per second, ETA. */
export interface SweepProgress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A cli-progress bar on stderr (nothing when it is not a terminal or `CI` is set). */
export function createSweepProgress(stream: NodeJS.WritableStream & MaybeTty = process.stderr, env: NodeJS.ProcessEnv = process.env): SweepProgress {
  if (stream.isTTY !== true || env.CI) return { update() {}, stop() {} };
  let bar: cliProgress.SingleBar | null = null;
  const started = Date.now();
  return {
    update(done, total) {
      const elapsed = (Date.now() - started) / 1000;
      const rate = { rate: elapsed > 0 ? (done / elapsed).toFixed(1) : '0' };
      if (!bar) {
        bar = new cliProgress.SingleBar({
          stream, format: ' {bar} {percentage}% | {value}/{total} points | {rate} points/s | ETA {eta_formatted}',
          barsize: 24, clearOnComplete: true, hideCursor: true, etaBuffer: 100,
        }, cliProgress.Presets.shades_classic);
        bar.start(total, done, rate);
        return;
      }
      bar.setTotal(total);
      bar.update(done, rate);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
