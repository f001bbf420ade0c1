import { readFileSync, statSync } from 'node:fs';
import type { Logger } from 'pino';
import { UsageError } from '../core/errors.js';

/** One value of a venue's credentials file: its dotenv variable and its JSON property. */
export interface CredentialField<F extends string = string> {
  readonly field: F;
  readonly variable: string;
  readonly required: boolean;
}

/** What a venue's credentials file holds and how its errors are phrased. */
export interface CredentialsFormat<F extends string = string> {
  readonly fields: readonly CredentialField<F>[];
  /** How to write the file (ends every error). */
  readonly hint: string;
  /** An example of a host URL (optional fields are http(s) URLs). */
  readonly urlExample: string;
}

/** Line `KEY=value` (optional `export `), the raw value still quoted and commented. */
const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/** The value of a dotenv assignment: quoted verbatim, or unquoted up to a ` #` comment; null when malformed. */
function dotenvValue(raw: string): string | null {
  const quote = raw[0];
  if (quote === '"' || quote === "'") {
    const end = raw.indexOf(quote, 1);
    if (end < 0 || !/^\s*(#.*)?$/.test(raw.slice(end + 1))) return null;
    return raw.slice(1, end);
  }
  return raw.replace(/(^|\s+)#.*$/, '').trim();
}

/** `KEY=value` lines; unknown keys are ignored, so a project's `.env` works as is. */
function parseDotenv<F extends string>(text: string, file: string, format: CredentialsFormat<F>): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = ASSIGNMENT.exec(trimmed);
    const value = m ? dotenvValue(m[2]!) : null;
    // The line is never echoed: it may hold a secret.
    if (!m || value === null) throw new UsageError(`${file}:${i + 1}: expected KEY=value (${format.hint})`);
    const spec = format.fields.find((f) => f.variable === m[1]);
    if (spec) out[spec.field] = value;
  });
  return out;
}

/** The 1-based line of a character offset. */
const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

function parseJson<F extends string>(text: string, file: string, format: CredentialsFormat<F>): Partial<Record<F, string>> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    // JSON.parse messages quote the text around the error, which may be a secret: keep only its line.
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '');
    throw new UsageError(`${file}${at ? `:${lineAt(text, Number(at[1]))}` : ''}: not valid JSON (${format.hint})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`${file}: expected a JSON object (${format.hint})`);
  const out: Partial<Record<F, string>> = {};
  for (const { field } of format.fields) {
    const value = (data as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new UsageError(`${file}: "${field}" must be a string`);
    out[field] = value.trim();
  }
  return out;
}

/**
 * Parses the text of a credentials file: a JSON object of the format's fields when it starts
 * with `{` (or `[`), otherwise dotenv lines of its variables (`#` comments, optional quotes and
 * `export `; other variables ignored). Required fields must be there and non-empty, optional ones
 * are http(s) URLs. Errors are `UsageError`s naming `file` and the field, never a value.
 */
export function parseCredentialsText<F extends string>(text: string, file: string, format: CredentialsFormat<F>): Partial<Record<F, string>> {
  const body = text.replace(/^\uFEFF/, '');
  const json = /^[[{]/.test(body.trimStart());
  const values = json ? parseJson(body, file, format) : parseDotenv(body, file, format);
  for (const { field, variable, required } of format.fields) {
    const name = json ? `"${field}"` : variable;
    const value = values[field];
    if (value === '' || (required && value === undefined)) throw new UsageError(`${file}: missing ${name} (${format.hint})`);
    if (value !== undefined && !required && !/^https?:\/\/[^\s/]/i.test(value)) {
      throw new UsageError(`${file}: ${name} is not an http(s) URL; set it like ${format.urlExample}`);
    }
  }
  return values;
}

/** Why a file could not be read, in words. */
function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'not found';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return `cannot be read (${code ?? 'unknown error'})`;
}

/**
 * Reads a credentials file's text (`from` says where its name came from, for the error). Logs
 * one warning, without any value, when the file is accessible by group or others.
 */
export function readCredentialsText(file: string, options: { from?: string; logger?: Pick<Logger, 'warn'> } = {}): string {
  let text: string;
  let mode: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    mode = stat.mode;
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`credentials file ${file}${options.from ? ` (${options.from})` : ''} ${readFailure(err)}`);
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    const message = `credentials file ${file} is accessible by group or others (mode ${octal}); run chmod 600 ${file}`;
    if (options.logger) options.logger.warn({ file, mode: octal }, message);
    else process.stderr.write(`warning: ${message}\n`);
  }
  return text;
}

/**
 * The credential variables of a format merged from a file and the environment, as variables:
 * with `file` (`--credentials`) its values win over `env`; without it, `env` wins over the file
 * named by `env[fileVariable]` (e.g. `ZIPLIME_CREDENTIALS`). An empty variable counts as unset.
 */
export function mergeCredentialVariables(format: CredentialsFormat, sources: {
  readonly file?: string; readonly env: NodeJS.ProcessEnv; readonly fileVariable: string; readonly logger?: Pick<Logger, 'warn'>;
}): NodeJS.ProcessEnv {
  const { env } = sources;
  const set = Object.fromEntries(format.fields.flatMap(({ variable }) => (env[variable] ? [[variable, env[variable]]] : [])));
  const fromFile = (file: string | undefined, from: string): NodeJS.ProcessEnv => {
    if (!file) return {};
    const values: Partial<Record<string, string>> = parseCredentialsText(readCredentialsText(file, { from, logger: sources.logger }), file, format);
    return Object.fromEntries(format.fields.flatMap(({ field, variable }) => (values[field] ? [[variable, values[field]]] : [])));
  };
  return sources.file
    ? { ...set, ...fromFile(sources.file, '--credentials') }
    : { ...fromFile(env[sources.fileVariable], sources.fileVariable), ...set };
}
