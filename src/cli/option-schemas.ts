import { z } from './zod.js';
import { UsageError } from '../core/errors.js';
import { isDayString } from '../core/time.js';

/** A `YYYY-MM-DD` date option. */
export const dayOption = z.string().refine(isDayString, 'expected a date YYYY-MM-DD');

/** True when `zone` is an IANA time zone this runtime knows (`America/New_York`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Throws a `UsageError` unless `zone` (given with `flag`) is a known time zone. */
export function checkTimeZone(zone: string | undefined, flag = '--tz'): void {
  if (zone !== undefined && !isTimeZone(zone)) {
    throw new UsageError(`${flag} '${zone}': unknown time zone; use an IANA name such as America/New_York, Europe/London or UTC`);
  }
}

/** Schemas of the options every strategy run takes (`backtest`, `paper`, `live`), by key. */
export const runOptionFields = {
  capital: z.coerce.number().positive('must be a positive amount').finite(),
  frequency: z.enum(['daily', 'minute']),
  fill: z.enum(['next-close', 'next-open', 'same-close']),
  benchmark: z.string().min(1).optional(),
  param: z.array(z.string()),
  config: z.string().optional(),
  venueRules: z.enum(['alpaca'], { message: "the only venue rules are 'alpaca'" }).optional(),
};

/** `ziplime backtest` options (commander's raw values). */
export const backtestOptionsSchema = z.object({
  bundle: z.string().min(1),
  start: dayOption.optional(),
  end: dayOption.optional(),
  ...runOptionFields,
  output: z.string().optional(),
  html: z.string().optional(),
  rerun: z.string().optional(),
  monthly: z.boolean(),
  json: z.boolean(),
  quiet: z.boolean(),
}).refine((o) => !o.start || !o.end || o.start <= o.end, { message: 'the start date is after the end date', path: ['start'] });

/** Validated `ziplime backtest` options. */
export type BacktestCliOptions = z.infer<typeof backtestOptionsSchema>;

const positiveInt = (what: string) => z.coerce.number().int().positive(`must be a whole number ≥ 1 (${what})`);

/** `ziplime sweep` options (commander's raw values). */
export const sweepOptionsSchema = z.object({
  bundle: z.string().min(1),
  start: dayOption.optional(),
  end: dayOption.optional(),
  ...runOptionFields,
  grid: z.array(z.string()),
  random: positiveInt('points').optional(),
  seed: z.coerce.number().int('must be a whole number'),
  where: z.string().min(1).optional(),
  space: z.string().min(1).optional(),
  objective: z.enum(['sharpe', 'sortino', 'calmar', 'totalReturn', 'annualReturn', 'endingValue', 'maxDrawdown', 'alpha', 'annualVolatility', 'beta']),
  workers: positiveInt('threads').optional(),
  output: z.string().min(1).refine((f) => /\.(duckdb|db)$/i.test(f), 'the sweep results file is a DuckDB file (.duckdb)'),
  keepDaily: z.boolean(),
  resume: z.boolean(),
  walkForward: z.string().min(1).optional(),
  queue: z.string().regex(/^redis:\/\//, 'expected redis://HOST:PORT[/DB]').optional(),
  queueName: z.string().min(1),
  top: positiveInt('rows'),
  html: z.string().optional(),
  heatmap: z.string().optional(),
  quiet: z.boolean(),
}).refine((o) => !o.start || !o.end || o.start <= o.end, { message: 'the start date is after the end date', path: ['start'] });

/** `ziplime worker` options (commander's raw values). */
export const workerOptionsSchema = z.object({
  queue: z.string().regex(/^redis:\/\//, 'expected redis://HOST:PORT[/DB]'),
  queueName: z.string().min(1),
  lockMs: z.coerce.number().int().min(500, 'must be at least 500 ms'),
  workers: positiveInt('threads').optional(),
});

/** Options `paper` and `live` share (commander's raw values). */
export const sessionOptionsSchema = z.object({
  bundle: z.string().min(1),
  frequency: runOptionFields.frequency,
  benchmark: runOptionFields.benchmark,
  param: runOptionFields.param,
  config: runOptionFields.config,
  stateDir: z.string().min(1).optional(),
  onExit: z.enum(['cancel', 'keep']),
  sessions: z.coerce.number().int().positive('must be a whole number ≥ 1').optional(),
  until: dayOption.optional(),
  barGrace: z.coerce.number().nonnegative('must be ≥ 0 seconds').finite(),
  dailyLead: z.coerce.number().int().nonnegative('must be ≥ 0 minutes'),
  output: z.string().optional(),
  html: z.string().optional(),
  quiet: z.boolean(),
  credentials: z.string().min(1).optional(),
  exchange: z.string().min(1).optional(),
  apiUrl: z.string().min(1).optional(),
  streamUrl: z.string().url().optional(),
  sandbox: z.boolean().optional(),
});

/** Validated options `paper` and `live` share. */
export type SessionCliOptions = z.infer<typeof sessionOptionsSchema>;

/** `ziplime live` options. */
export const liveOptionsSchema = sessionOptionsSchema.extend({
  broker: z.enum(['alpaca', 'ccxt'], { message: "the brokers are 'alpaca' and 'ccxt'" }),
  feed: z.enum(['alpaca', 'ccxt'], { message: "the feeds are 'alpaca' and 'ccxt'" }).optional(),
  yes: z.boolean(),
}).superRefine((o, ctx) => {
  const k = ccxtOnly(o);
  if (o.broker !== 'ccxt' && k) ctx.addIssue({ code: 'custom', message: 'only with --broker ccxt', path: [k] });
});

/** `ziplime paper` options. */
export const paperOptionsSchema = sessionOptionsSchema.extend({
  feed: z.enum(['alpaca', 'ccxt'], { message: "the feeds are 'alpaca' and 'ccxt'" }),
  capital: runOptionFields.capital,
  fill: runOptionFields.fill,
  venueRules: z.enum(['alpaca', 'ccxt'], { message: "the venue rules are 'alpaca' and 'ccxt' (the exchange's markets, with --feed ccxt)" }).optional(),
}).superRefine((o, ctx) => {
  const k = o.venueRules === 'ccxt' ? 'venueRules' : ccxtOnly(o);
  if (o.feed !== 'ccxt' && k) ctx.addIssue({ code: 'custom', message: 'only with --feed ccxt', path: [k] });
});

/** The first ccxt-only option given (`exchange`, `apiUrl`, `streamUrl`, `sandbox`), if any. */
function ccxtOnly(o: { exchange?: string; apiUrl?: string; streamUrl?: string; sandbox?: boolean }): 'exchange' | 'apiUrl' | 'streamUrl' | 'sandbox' | undefined {
  return o.exchange !== undefined ? 'exchange' : o.apiUrl !== undefined ? 'apiUrl' : o.streamUrl !== undefined ? 'streamUrl' : o.sandbox ? 'sandbox' : undefined;
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
