import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { isDayString } from '../core/time.js';

/** A `YYYY-MM-DD` date option. */
export const dayOption = z.string().refine(isDayString, 'expected a date YYYY-MM-DD');

/** Schemas of the options every strategy run takes (`backtest`, `paper`, `live`), by key. */
export const runOptionFields = {
  capital: z.coerce.number().positive('must be a positive amount').finite(),
  frequency: z.enum(['daily', 'minute']),
  fill: z.enum(['next-close', 'next-open', 'same-close']),
  benchmark: z.string().min(1).optional(),
  param: z.array(z.string()),
  config: z.string().optional(),
};

/** A key of `runOptionFields`. */
export type RunOptionName = keyof typeof runOptionFields;

/** How each run option is declared to commander. */
const RUN_OPTIONS: Record<RunOptionName, (cmd: Command) => Command> = {
  capital: (cmd) => cmd.option('--capital <amount>', 'starting cash', '100000'),
  frequency: (cmd) => cmd.option('--frequency <f>', 'daily | minute', 'daily'),
  fill: (cmd) => cmd.option('--fill <policy>', 'next-close | next-open | same-close', 'next-close'),
  benchmark: (cmd) => cmd.option('--benchmark <symbol>', "benchmark symbol, or 'none' (default: the bundle's)"),
  param: (cmd) => cmd.option('--param <k=v>', 'strategy parameter (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[]),
  config: (cmd) => cmd.option('--config <file>', 'JSON file of strategy parameters'),
};

/** Adds the named run options to `cmd`, in the order given. */
export function addRunOptions(cmd: Command, ...names: RunOptionName[]): Command {
  for (const name of names) RUN_OPTIONS[name](cmd);
  return cmd;
}

/** Help of `--credentials`, with the order in which each value is looked up. */
export const CREDENTIALS_HELP = 'Alpaca keys file: APCA_API_KEY_ID=… / APCA_API_SECRET_KEY=… lines (optionally APCA_API_BASE_URL, '
  + 'APCA_API_DATA_URL) or JSON {"keyId", "secretKey", "baseUrl"?, "dataUrl"?}; each value comes from this file, '
  + 'else the APCA_API_* variables, else the file named by $ZIPLIME_CREDENTIALS (ignored when this option is given)';

/** Adds `--credentials <file>` (`paper`, `live`, `ingest --source alpaca`). */
export function addCredentialsOption(cmd: Command): Command {
  return cmd.option('--credentials <file>', CREDENTIALS_HELP);
}

/** The option as typed: commander's `stateDir` is `--state-dir`. */
const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Parses commander's raw options with `schema`; a bad value is a `UsageError` naming the option. */
export function parseOptions<T extends z.ZodType>(schema: T, raw: Record<string, unknown>): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0] ?? 'options');
  const value = raw[key];
  throw new UsageError(`--${kebab(key)}${value !== undefined ? ` '${String(value)}'` : ''}: ${issue.message}`);
}
