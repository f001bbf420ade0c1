import type { Logger } from 'pino';
import { startAlpacaSim, type AlpacaSim } from '../alpaca-sim/index.js';

/** `ziplime sim` options, checked (`cli/sim-options.ts`). */
export interface SimCommand {
  bundlesDir: string;
  bundle?: string;
  protocol?: 'alpaca' | 'binance';
  port?: number;
  speed?: number;
  start?: string;
  latencyMs?: number;
  key?: string;
  secret?: string;
  cash?: number;
  partialFillRatio?: number;
  logger?: Logger;
}

/** Starts the simulator for `ziplime sim`. */
export function startSimCommand(cmd: SimCommand): Promise<AlpacaSim> {
  return startAlpacaSim({ ...cmd, bundle: cmd.bundle ?? 'demo' });
}

/** The lines a user pastes into a shell to point a client at the simulator. */
export function exportLines(sim: AlpacaSim): string[] {
  return Object.entries(sim.env).map(([k, v]) => `export ${k}=${v}`);
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
