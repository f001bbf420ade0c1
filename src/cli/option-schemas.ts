import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { UsageError } from '../core/errors.js';
import { isDayString } from '../core/time.js';

// The option schemas use zod/mini: built with the schemas, it loads in a fraction of full zod's
// time at every start. It ships no messages of its own; these are the English ones full zod uses.
z.config(en());

const nonEmpty = () => z.string().check(z.minLength(1));
const startNotAfterEnd = z.refine<{ start?: string; end?: string }>((o) => !o.start || !o.end || o.start <= o.end,
  { message: 'the start date is after the end date', path: ['start'] });

/** A `YYYY-MM-DD` date option. */
export const dayOption = z.string().check(z.refine(isDayString, 'expected a date YYYY-MM-DD'));

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
  capital: z.coerce.number().check(z.positive('must be a positive amount')),
  frequency: z.enum(['daily', 'minute']),
  fill: z.enum(['next-close', 'next-open', 'same-close']),
  benchmark: z.optional(nonEmpty()),
  param: z.array(z.string()),
  config: z.optional(z.string()),
  venueRules: z.optional(z.enum(['alpaca'], { message: "the only venue rules are 'alpaca'" })),
};

/** `ziplime backtest` options (commander's raw values). */
export const backtestOptionsSchema = z.object({
  bundle: nonEmpty(),
  start: z.optional(dayOption),
  end: z.optional(dayOption),
  ...runOptionFields,
  output: z.optional(z.string()),
  html: z.optional(z.string()),
  rerun: z.optional(z.string()),
  monthly: z.boolean(),
  json: z.boolean(),
  quiet: z.boolean(),
}).check(startNotAfterEnd);

/** Validated `ziplime backtest` options. */
export type BacktestCliOptions = z.infer<typeof backtestOptionsSchema>;

const positiveInt = (what: string) => z.coerce.number().check(z.int(), z.positive(`must be a whole number ≥ 1 (${what})`));

/** `ziplime sweep` options (commander's raw values). */
export const sweepOptionsSchema = z.object({
  bundle: nonEmpty(),
  start: z.optional(dayOption),
  end: z.optional(dayOption),
  ...runOptionFields,
  grid: z.array(z.string()),
  random: z.optional(positiveInt('points')),
  seed: z.coerce.number().check(z.int('must be a whole number')),
  where: z.optional(nonEmpty()),
  space: z.optional(nonEmpty()),
  objective: z.enum(['sharpe', 'sortino', 'calmar', 'totalReturn', 'annualReturn', 'endingValue', 'maxDrawdown', 'alpha', 'annualVolatility', 'beta']),
  workers: z.optional(positiveInt('threads')),
  output: z.string().check(z.minLength(1), z.refine((f) => /\.(duckdb|db)$/i.test(f), 'the sweep results file is a DuckDB file (.duckdb)')),
  keepDaily: z.boolean(),
  resume: z.boolean(),
  walkForward: z.optional(nonEmpty()),
  queue: z.optional(z.string().check(z.regex(/^redis:\/\//, 'expected redis://HOST:PORT[/DB]'))),
  queueName: nonEmpty(),
  top: positiveInt('rows'),
  html: z.optional(z.string()),
  heatmap: z.optional(z.string()),
  quiet: z.boolean(),
}).check(startNotAfterEnd);

/** `ziplime worker` options (commander's raw values). */
export const workerOptionsSchema = z.object({
  queue: z.string().check(z.regex(/^redis:\/\//, 'expected redis://HOST:PORT[/DB]')),
  queueName: nonEmpty(),
  lockMs: z.coerce.number().check(z.int(), z.minimum(500, 'must be at least 500 ms')),
  workers: z.optional(positiveInt('threads')),
});

/** Options `paper` and `live` share (commander's raw values). */
export const sessionOptionsSchema = z.object({
  bundle: nonEmpty(),
  frequency: runOptionFields.frequency,
  benchmark: runOptionFields.benchmark,
  param: runOptionFields.param,
  config: runOptionFields.config,
  stateDir: z.optional(nonEmpty()),
  onExit: z.enum(['cancel', 'keep']),
  sessions: z.optional(z.coerce.number().check(z.int(), z.positive('must be a whole number ≥ 1'))),
  until: z.optional(dayOption),
  barGrace: z.coerce.number().check(z.nonnegative('must be ≥ 0 seconds')),
  dailyLead: z.coerce.number().check(z.int(), z.nonnegative('must be ≥ 0 minutes')),
  output: z.optional(z.string()),
  html: z.optional(z.string()),
  quiet: z.boolean(),
  credentials: z.optional(nonEmpty()),
  exchange: z.optional(nonEmpty()),
  apiUrl: z.optional(nonEmpty()),
  streamUrl: z.optional(z.string().check(z.url())),
  sandbox: z.optional(z.boolean()),
});

/** Validated options `paper` and `live` share. */
export type SessionCliOptions = z.infer<typeof sessionOptionsSchema>;

/** `ziplime live` options. */
export const liveOptionsSchema = z.extend(sessionOptionsSchema, {
  broker: z.enum(['alpaca', 'ccxt'], { message: "the brokers are 'alpaca' and 'ccxt'" }),
  feed: z.optional(z.enum(['alpaca', 'ccxt'], { message: "the feeds are 'alpaca' and 'ccxt'" })),
  yes: z.boolean(),
}).check(z.superRefine((o, ctx) => {
  const k = ccxtOnly(o);
  if (o.broker !== 'ccxt' && k) ctx.addIssue({ code: 'custom', message: 'only with --broker ccxt', path: [k] });
}));

/** `ziplime paper` options. */
export const paperOptionsSchema = z.extend(sessionOptionsSchema, {
  feed: z.enum(['alpaca', 'ccxt'], { message: "the feeds are 'alpaca' and 'ccxt'" }),
  capital: runOptionFields.capital,
  fill: runOptionFields.fill,
  venueRules: z.optional(z.enum(['alpaca', 'ccxt'], { message: "the venue rules are 'alpaca' and 'ccxt' (the exchange's markets, with --feed ccxt)" })),
}).check(z.superRefine((o, ctx) => {
  const k = o.venueRules === 'ccxt' ? 'venueRules' : ccxtOnly(o);
  if (o.feed !== 'ccxt' && k) ctx.addIssue({ code: 'custom', message: 'only with --feed ccxt', path: [k] });
}));

/** The first ccxt-only option given (`exchange`, `apiUrl`, `streamUrl`, `sandbox`), if any. */
function ccxtOnly(o: { exchange?: string; apiUrl?: string; streamUrl?: string; sandbox?: boolean }): 'exchange' | 'apiUrl' | 'streamUrl' | 'sandbox' | undefined {
  return o.exchange !== undefined ? 'exchange' : o.apiUrl !== undefined ? 'apiUrl' : o.streamUrl !== undefined ? 'streamUrl' : o.sandbox ? 'sandbox' : undefined;
}

/** The option as typed: commander's `stateDir` is `--state-dir`. */
const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Parses commander's raw options with `schema`; a bad value is a `UsageError` naming the option. */
export function parseOptions<T extends z.ZodMiniType>(schema: T, raw: Record<string, unknown>): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0] ?? 'options');
  const value = raw[key];
  throw new UsageError(`--${kebab(key)}${value !== undefined ? ` '${String(value)}'` : ''}: ${issue.message}`);
}
