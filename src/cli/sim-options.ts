import { UsageError } from '../core/errors.js';

/** `ziplime sim` options as given on the command line. */
export interface SimFlags {
  protocol?: string;
  port?: string;
  speed?: string;
  latency?: string;
  cash?: string;
  partialFills?: string;
}

/** The numeric and protocol options of `ziplime sim`, checked (bad ones are usage errors). */
export interface SimNumbers {
  protocol: 'alpaca' | 'binance' | undefined;
  port: number | undefined;
  speed: number | undefined;
  latencyMs: number | undefined;
  cash: number | undefined;
  partialFillRatio: number | undefined;
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

/** Checks `ziplime sim`'s numeric and protocol flags. */
export function simNumbers(flags: SimFlags): SimNumbers {
  return {
    protocol: protocolOption(flags.protocol),
    port: numberOption('--port', flags.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65_535, 'a port number 0–65535 (0 = any free port)'),
    speed: numberOption('--speed', flags.speed, (n) => n >= 0, 'simulated minutes per real minute, ≥ 0 (0 = manual)'),
    latencyMs: numberOption('--latency', flags.latency, (n) => n >= 0, 'milliseconds ≥ 0'),
    cash: numberOption('--cash', flags.cash, (n) => n > 0, 'a positive amount'),
    partialFillRatio: numberOption('--partial-fills', flags.partialFills, (n) => n > 0 && n <= 1, 'a fraction in (0, 1]'),
  };
}
