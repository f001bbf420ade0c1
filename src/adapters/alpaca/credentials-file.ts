import type { Logger } from 'pino';
import { UsageError } from '../../core/errors.js';
import { mergeCredentialVariables, parseCredentialsText, readCredentialsText, type CredentialsFormat } from '../../net/credentials-file.js';
import { resolveAlpacaConfig, type AlpacaConfig, type AlpacaConfigInput } from './config.js';

/** The environment variable naming a credentials file (ranks like the `APCA_API_*` variables). */
export const CREDENTIALS_ENV = 'ZIPLIME_CREDENTIALS';

/** What a credentials file holds: the key pair, and optionally the hosts. */
export type AlpacaCredentials = Pick<AlpacaConfigInput, 'baseUrl' | 'dataUrl'> & { keyId: string; secretKey: string };

/** Each field of a file: its dotenv variable and its JSON property. */
const FORMAT: CredentialsFormat<keyof AlpacaCredentials> = {
  fields: [
    { field: 'keyId', variable: 'APCA_API_KEY_ID', required: true },
    { field: 'secretKey', variable: 'APCA_API_SECRET_KEY', required: true },
    { field: 'baseUrl', variable: 'APCA_API_BASE_URL', required: false },
    { field: 'dataUrl', variable: 'APCA_API_DATA_URL', required: false },
  ],
  hint: 'write APCA_API_KEY_ID=… and APCA_API_SECRET_KEY=… lines, or JSON {"keyId": …, "secretKey": …}',
  urlExample: 'https://paper-api.alpaca.markets',
};

/**
 * Parses the text of a credentials file: JSON `{ "keyId", "secretKey", "baseUrl"?, "dataUrl"? }`
 * when it starts with `{` (or `[`), otherwise dotenv lines `APCA_API_KEY_ID=…`, `APCA_API_SECRET_KEY=…`,
 * optional `APCA_API_BASE_URL` / `APCA_API_DATA_URL` (`#` comments, optional quotes and `export `).
 * Errors are `UsageError`s naming `file` and the field, never a value.
 */
export function parseCredentials(text: string, file: string): AlpacaCredentials {
  return parseCredentialsText(text, file, FORMAT) as AlpacaCredentials;
}

/**
 * Reads and parses a credentials file (`from` says where its name came from, for the error).
 * Logs one warning, without any value, when the file is accessible by group or others.
 */
export function readCredentialsFile(file: string, options: { from?: string; logger?: Pick<Logger, 'warn'> } = {}): AlpacaCredentials {
  return parseCredentials(readCredentialsText(file, options), file);
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

/**
 * The Alpaca configuration, each value taken from the first place that has it: the `file`
 * (`--credentials`), then the `APCA_API_*` variables, then the file named by `ZIPLIME_CREDENTIALS`
 * (read only when there is no `file`), then the defaults (paper hosts). No keys anywhere is a
 * `UsageError` naming the three ways.
 */
export function alpacaConfigWithCredentials(sources: CredentialSources = {}): AlpacaConfig {
  const merged = mergeCredentialVariables(FORMAT, { file: sources.file, env: sources.env ?? process.env, fileVariable: CREDENTIALS_ENV, logger: sources.logger });
  if (!merged.APCA_API_KEY_ID || !merged.APCA_API_SECRET_KEY) {
    throw new UsageError(`Alpaca credentials missing: set APCA_API_KEY_ID and APCA_API_SECRET_KEY, or pass --credentials FILE (or set ${CREDENTIALS_ENV}=FILE)`);
  }
  return resolveAlpacaConfig({}, merged);
}
