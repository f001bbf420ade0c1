import type { Logger } from 'pino';
import { mergeCredentialVariables, type CredentialsFormat } from '../../net/credentials-file.js';
import { resolveCcxtConfig, type CcxtConfig, type CcxtConfigInput } from './config.js';

/** The environment variable naming a ccxt credentials file (ranks like the `ZIPLIME_CCXT_*` variables). */
export const CCXT_CREDENTIALS_ENV = 'ZIPLIME_CCXT_CREDENTIALS';

/**
 * A ccxt credentials file: dotenv lines `ZIPLIME_CCXT_API_KEY=…`, `ZIPLIME_CCXT_SECRET=…`
 * (optionally `ZIPLIME_CCXT_API_URL=…`), or JSON `{"apiKey", "secret", "apiUrl"?}`.
 */
const FORMAT: CredentialsFormat<'apiKey' | 'secret' | 'apiUrl'> = {
  fields: [
    { field: 'apiKey', variable: 'ZIPLIME_CCXT_API_KEY', required: true },
    { field: 'secret', variable: 'ZIPLIME_CCXT_SECRET', required: true },
    { field: 'apiUrl', variable: 'ZIPLIME_CCXT_API_URL', required: false },
  ],
  hint: 'write ZIPLIME_CCXT_API_KEY=… and ZIPLIME_CCXT_SECRET=… lines, or JSON {"apiKey": …, "secret": …}',
  urlExample: 'http://127.0.0.1:5000/api/v3',
};

/** Where `ccxtConfigWithCredentials` looks, beyond the explicit options. */
export interface CcxtCredentialSources {
  /** `--credentials FILE`: its values win over the environment. */
  readonly file?: string;
  /** `ZIPLIME_CCXT_*` variables and `ZIPLIME_CCXT_CREDENTIALS` (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Receives the warning about a file readable by others (default: one line on stderr). */
  readonly logger?: Pick<Logger, 'warn'>;
}

/**
 * The ccxt configuration: explicit `input` (`--exchange`, `--api-url`, `--sandbox`) first, then
 * the `file` (`--credentials`), then the `ZIPLIME_CCXT_*` variables, then the file named by
 * `ZIPLIME_CCXT_CREDENTIALS` (read only when there is no `file`). Keys may be missing here
 * (public data needs none); `requireKeys` checks them for trading.
 */
export function ccxtConfigWithCredentials(input: CcxtConfigInput, sources: CcxtCredentialSources = {}): CcxtConfig {
  const env = sources.env ?? process.env;
  const merged = mergeCredentialVariables(FORMAT, { file: sources.file, env, fileVariable: CCXT_CREDENTIALS_ENV, logger: sources.logger });
  return resolveCcxtConfig(input, { ...env, ...merged });
}
