import { readFileSync } from 'node:fs';
import type { ZodType } from 'zod';
import { InputError, UsageError } from '../../core/errors.js';

/** Where params come from, lowest precedence first: schema defaults < `--config` < `--param`. */
export interface ParamSources {
  /** Path of a JSON file with an object of params. */
  config?: string;
  /** `key=value` strings; values are coerced by the schema (numbers, booleans, JSON). */
  params?: readonly string[];
  /** Values as they are (a rerun's recorded params): above the config file, below `--param`. */
  values?: Readonly<Record<string, unknown>>;
}

type Shape = Record<string, ZodType>;

function shapeOf(schema: ZodType | undefined): Shape | undefined {
  const shape = (schema as unknown as { shape?: Shape } | undefined)?.shape;
  return shape && typeof shape === 'object' ? shape : undefined;
}

function readConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`config file not found: ${file}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not valid JSON (${(err as Error).message})`, { file }, 'the config file holds one JSON object of params');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('expected one JSON object of params', { file });
  }
  return value as Record<string, unknown>;
}

/** `raw` as JSON when it is JSON, else the string itself. */
function decode(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // a plain string
  }
}

/**
 * The value of `--param key=raw`: the first the field accepts of JSON-decoded raw, raw itself,
 * and, for lists, raw split at commas (each item JSON-decoded, else kept as text):
 * `symbols=AAPL,MSFT` → `['AAPL', 'MSFT']`, `windows=5,20` → `[5, 20]`.
 */
function coerce(raw: string, field: ZodType | undefined): unknown {
  const decoded = decode(raw);
  if (!field) return decoded;
  const parts = raw === '' ? [] : raw.split(',').map((x) => x.trim());
  const candidates = [decoded, raw, parts.map(decode), parts];
  for (const candidate of candidates) if (field.safeParse(candidate).success) return candidate;
  return decoded;
}

/**
 * Validated strategy params: the schema's defaults, overridden by the config file, overridden by
 * `--param` values. Throws a `UsageError` naming the parameter when one is unknown or invalid.
 */
export function resolveParams(schema: ZodType | undefined, sources: ParamSources): Record<string, unknown> {
  return checkParams(schema, mergeParamSources(schema, sources));
}

/** The config file's params overridden by the `--param` values (coerced by the schema), not yet validated. */
export function mergeParamSources(schema: ZodType | undefined, sources: ParamSources): Record<string, unknown> {
  const shape = shapeOf(schema);
  const merged: Record<string, unknown> = { ...(sources.config ? readConfig(sources.config) : {}), ...sources.values };
  for (const pair of sources.params ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param '${pair}': write it as name=value`);
    const key = pair.slice(0, eq).trim();
    merged[key] = coerce(pair.slice(eq + 1), shape?.[key]);
  }
  return merged;
}

/**
 * `values` validated by the strategy's schema (defaults filled in): an unknown or invalid
 * parameter is a `UsageError` naming it, prefixed with `where` when given (e.g. a sweep point).
 */
export function checkParams(schema: ZodType | undefined, values: Record<string, unknown>, where = ''): Record<string, unknown> {
  if (!schema) {
    const given = Object.keys(values);
    if (given.length > 0) throw new UsageError(`${where}the strategy declares no params, so '${given[0]}' cannot be set; add a zod \`params\` schema to defineStrategy to take --param / --config`);
    return values;
  }
  const shape = shapeOf(schema);
  if (shape) {
    for (const key of Object.keys(values)) {
      if (!(key in shape)) throw new UsageError(`${where}unknown parameter '${key}'; the strategy's parameters are: ${Object.keys(shape).join(', ') || '(none)'}`);
    }
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issue = parsed.error.issues[0]!;
  const name = issue.path.join('.') || '(params)';
  const given = issue.path.length > 0 ? values[String(issue.path[0])] : values;
  throw new UsageError(`${where}invalid parameter '${name}' (${JSON.stringify(given)}): ${issue.message}`);
}
