import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import { isDayString } from '../../core/time.js';

/** A required `--start`/`--end` flag of `--source NAME`: a `YYYY-MM-DD` date. */
export const dayFlag = (source: string, flag: 'start' | 'end') =>
  z.string({ error: `--source ${source} needs --${flag} YYYY-MM-DD` })
    .refine(isDayString, { error: (iss) => `--${flag} ${String(iss.input)}: expected a date YYYY-MM-DD` });

/**
 * A required `--symbols A,B` flag: split on commas, trimmed, upper-cased, each matching `pattern`
 * (`what` names a valid symbol in the error), at least one; `needed` is the message when absent.
 */
export const symbolsFlag = (needed: string, pattern: RegExp, what: string) =>
  z.string({ error: needed })
    .transform((s) => s.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(pattern, { error: (iss) => `--symbols: '${String(iss.input)}' is not ${what}` }))
      .min(1, { error: needed }));

/** Refuses `--start` after `--end` (both `YYYY-MM-DD`, so text order is date order). */
export const startNotAfterEnd = [
  (o: { start: string; end: string }) => o.start <= o.end,
  { error: (iss: { input: unknown }) => {
    const o = iss.input as { start: string; end: string };
    return `--start ${o.start} is after --end ${o.end}`;
  } },
] as const;

/** A source's flags parsed by `schema`; a `UsageError` naming every bad or missing flag otherwise. */
export function parseSourceFlags<T>(schema: z.ZodType<T>, extra: unknown): T {
  const parsed = schema.safeParse(extra);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}
