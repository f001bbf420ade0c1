import type { Logger } from 'pino';
import { UsageError } from '../core/errors.js';
import { startAlpacaSim, type AlpacaSim } from '../alpaca-sim/index.js';

/** `ziplime sim` options as given on the command line. */
export interface SimCommand {
  bundlesDir: string;
  bundle?: string;
  protocol?: string;
  port?: string;
  speed?: string;
  start?: string;
  latency?: string;
  key?: string;
  secret?: string;
  cash?: string;
  partialFills?: string;
  logger?: Logger;
}

function numberOption(flag: string, value: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`${flag} ${value}: expected ${what}`);
  return n;
}

function protocolOption(value: string | undefined): 'alpaca' | 'binance' | undefined {
  if (value === undefined || value === 'alpaca' || value === 'binance') return value;
  throw new UsageError(`--protocol ${value}: expected alpaca or binance`);
}

/** Starts the simulator for `ziplime sim` (options checked; bad ones are usage errors). */
export function startSimCommand(cmd: SimCommand): Promise<AlpacaSim> {
  return startAlpacaSim({
    bundlesDir: cmd.bundlesDir,
    bundle: cmd.bundle ?? 'demo',
    protocol: protocolOption(cmd.protocol),
    port: numberOption('--port', cmd.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65_535, 'a port number 0–65535 (0 = any free port)'),
    speed: numberOption('--speed', cmd.speed, (n) => n >= 0, 'simulated minutes per real minute, ≥ 0 (0 = manual)'),
    start: cmd.start,
    latencyMs: numberOption('--latency', cmd.latency, (n) => n >= 0, 'milliseconds ≥ 0'),
    key: cmd.key,
    secret: cmd.secret,
    cash: numberOption('--cash', cmd.cash, (n) => n > 0, 'a positive amount'),
    partialFillRatio: numberOption('--partial-fills', cmd.partialFills, (n) => n > 0 && n <= 1, 'a fraction in (0, 1]'),
    logger: cmd.logger,
  });
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
