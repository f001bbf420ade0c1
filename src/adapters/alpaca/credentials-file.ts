import { readFileSync, statSync } from 'node:fs';
import type { Logger } from 'pino';
import { UsageError } from '../../core/errors.js';
import { resolveAlpacaConfig, type AlpacaConfig, type AlpacaConfigInput } from './config.js';

/** The environment variable naming a credentials file (ranks like the `APCA_API_*` variables). */
export const CREDENTIALS_ENV = 'ZIPLIME_CREDENTIALS';

/** What a credentials file holds: the key pair, and optionally the hosts. */
export type AlpacaCredentials = Pick<AlpacaConfigInput, 'baseUrl' | 'dataUrl'> & { keyId: string; secretKey: string };

/** Each field of a file: its dotenv variable and its JSON property. */
const FIELDS = [
  { field: 'keyId', variable: 'APCA_API_KEY_ID', required: true },
  { field: 'secretKey', variable: 'APCA_API_SECRET_KEY', required: true },
  { field: 'baseUrl', variable: 'APCA_API_BASE_URL', required: false },
  { field: 'dataUrl', variable: 'APCA_API_DATA_URL', required: false },
] as const;

type Field = (typeof FIELDS)[number]['field'];

const HINT = 'write APCA_API_KEY_ID=… and APCA_API_SECRET_KEY=… lines, or JSON {"keyId": …, "secretKey": …}';

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
function parseDotenv(text: string, file: string): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = ASSIGNMENT.exec(trimmed);
    const value = m ? dotenvValue(m[2]!) : null;
    // The line is never echoed: it may hold a secret.
    if (!m || value === null) throw new UsageError(`${file}:${i + 1}: expected KEY=value (${HINT})`);
    const spec = FIELDS.find((f) => f.variable === m[1]);
    if (spec) out[spec.field] = value;
  });
  return out;
}

/** The 1-based line of a character offset. */
const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

function parseJson(text: string, file: string): Partial<Record<Field, string>> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    // JSON.parse messages quote the text around the error, which may be a secret: keep only its line.
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '');
    throw new UsageError(`${file}${at ? `:${lineAt(text, Number(at[1]))}` : ''}: not valid JSON (${HINT})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`${file}: expected a JSON object (${HINT})`);
  const out: Partial<Record<Field, string>> = {};
  for (const { field } of FIELDS) {
    const value = (data as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new UsageError(`${file}: "${field}" must be a string`);
    out[field] = value.trim();
  }
  return out;
}

/**
 * Parses the text of a credentials file: JSON `{ "keyId", "secretKey", "baseUrl"?, "dataUrl"? }`
 * when it starts with `{` (or `[`), otherwise dotenv lines `APCA_API_KEY_ID=…`, `APCA_API_SECRET_KEY=…`,
 * optional `APCA_API_BASE_URL` / `APCA_API_DATA_URL` (`#` comments, optional quotes and `export `).
 * Errors are `UsageError`s naming `file` and the field, never a value.
 */
export function parseCredentials(text: string, file: string): AlpacaCredentials {
  const body = text.replace(/^\uFEFF/, '');
  const json = /^[[{]/.test(body.trimStart());
  const values = json ? parseJson(body, file) : parseDotenv(body, file);
  for (const { field, variable, required } of FIELDS) {
    const name = json ? `"${field}"` : variable;
    const value = values[field];
    if (value === '' || (required && value === undefined)) throw new UsageError(`${file}: missing ${name} (${HINT})`);
    if (value !== undefined && !required && !/^https?:\/\/[^\s/]/i.test(value)) {
      throw new UsageError(`${file}: ${name} is not an http(s) URL; set it like https://paper-api.alpaca.markets`);
    }
  }
  return values as AlpacaCredentials;
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
 * Reads and parses a credentials file (`from` says where its name came from, for the error).
 * Logs one warning, without any value, when the file is accessible by group or others.
 */
export function readCredentialsFile(file: string, options: { from?: string; logger?: Pick<Logger, 'warn'> } = {}): AlpacaCredentials {
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
  return parseCredentials(text, file);
}

/** Where `alpacaConfigWithCredentials` looks. */
export interface CredentialSources {
  /** `--credentials FILE`: wins over the environment. */
  readonly file?: string;
  /** `APCA_API_*` variables and `ZIPLIME_CREDENTIALS` (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Receives the warning about a file readable by others (default: one line on stderr). */
  readonly logger?: Pick<Logger, 'warn'>;
}

/** The credential values of `env` that are set (an empty variable counts as unset). */
function setVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(FIELDS.flatMap(({ variable }) => (env[variable] ? [[variable, env[variable]]] : [])));
}

/**
 * The Alpaca configuration, each value taken from the first place that has it: the `file`
 * (`--credentials`), then the `APCA_API_*` variables, then the file named by `ZIPLIME_CREDENTIALS`
 * (read only when there is no `file`), then the defaults (paper hosts). No keys anywhere is a
 * `UsageError` naming the three ways.
 */
export function alpacaConfigWithCredentials(sources: CredentialSources = {}): AlpacaConfig {
  const env = sources.env ?? process.env;
  const fromFile = (file: string | undefined, from: string): NodeJS.ProcessEnv => {
    if (!file) return {};
    const c = readCredentialsFile(file, { from, logger: sources.logger });
    return Object.fromEntries(FIELDS.flatMap(({ field, variable }) => (c[field] ? [[variable, c[field]]] : [])));
  };
  const merged = sources.file
    ? { ...setVariables(env), ...fromFile(sources.file, '--credentials') }
    : { ...fromFile(env[CREDENTIALS_ENV], CREDENTIALS_ENV), ...setVariables(env) };
  if (!merged.APCA_API_KEY_ID || !merged.APCA_API_SECRET_KEY) {
    throw new UsageError(`Alpaca credentials missing: set APCA_API_KEY_ID and APCA_API_SECRET_KEY, or pass --credentials FILE (or set ${CREDENTIALS_ENV}=FILE)`);
  }
  return resolveAlpacaConfig({}, merged);
}
