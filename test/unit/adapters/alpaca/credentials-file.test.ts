import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/errors.js';
import { alpacaConfigWithCredentials, parseCredentials, readCredentialsFile } from '../../../../src/adapters/alpaca/credentials-file.js';
import { tempDir } from '../../../helpers/temp-dir.js';

const KEY = 'PKFILE0123456789ABCD';
const SECRET = 'sEcReT/with+chars=0123456789abcdefABCDEF';

const tmp = tempDir('ziplime-credentials-');
afterAll(() => tmp.remove());

let n = 0;
/** Writes `text` to a fresh file with `mode` (default 0600) and returns its path. */
function credentialsFile(text: string, mode = 0o600, ext = '.env'): string {
  const file = path.join(tmp.dir, `c${n++}${ext}`);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

/** The `UsageError` `fn` throws; fails when it throws nothing or something else. */
function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
}

/** Asserts the message is one line and holds neither the key nor the secret (nor a piece of it). */
function expectNoSecret(err: UsageError): void {
  expect(err.message).not.toContain('\n');
  for (const s of [KEY, SECRET, SECRET.slice(0, 8), SECRET.slice(-8), KEY.slice(-8)]) expect(err.message).not.toContain(s);
}

describe('parseCredentials: dotenv lines', () => {
  it('reads keys and hosts with comments, quotes, export prefixes, spaces and CRLF; ignores other variables', () => {
    const text = [
      '\uFEFF# Alpaca paper account',
      '',
      `export APCA_API_KEY_ID=${KEY}   # the key id`,
      `APCA_API_SECRET_KEY = "${SECRET}"`,
      "APCA_API_BASE_URL='http://127.0.0.1:5000'",
      'APCA_API_DATA_URL=http://127.0.0.1:5001 # data',
      'OTHER_TOOL_TOKEN=whatever',
    ].join('\r\n');
    expect(parseCredentials(text, 'a.env')).toEqual({ keyId: KEY, secretKey: SECRET, baseUrl: 'http://127.0.0.1:5000', dataUrl: 'http://127.0.0.1:5001' });
  });

  it('keeps a # inside quotes or inside a word; the last assignment of a variable wins', () => {
    const text = `APCA_API_KEY_ID=first\nAPCA_API_KEY_ID=ab#cd\nAPCA_API_SECRET_KEY='x # y'\n`;
    expect(parseCredentials(text, 'a.env')).toEqual({ keyId: 'ab#cd', secretKey: 'x # y' });
  });

  it('a line that is not KEY=value: file and line named, the line never echoed', () => {
    const err = usageError(() => parseCredentials(`APCA_API_KEY_ID=${KEY}\n${SECRET}\n`, '/etc/alpaca.env'));
    expect(err.message).toMatch(/^\/etc\/alpaca\.env:2: expected KEY=value/);
    expectNoSecret(err);
  });

  it('an unterminated quote or text after the closing quote is malformed', () => {
    for (const line of [`APCA_API_SECRET_KEY="${SECRET}`, `APCA_API_SECRET_KEY="${SECRET}" trailing`]) {
      const err = usageError(() => parseCredentials(`APCA_API_KEY_ID=${KEY}\n${line}\n`, 'a.env'));
      expect(err.message).toMatch(/^a\.env:2: expected KEY=value/);
      expectNoSecret(err);
    }
  });

  it('a missing or empty key names the file and the variable', () => {
    const missing = usageError(() => parseCredentials(`APCA_API_KEY_ID=${KEY}\n`, 'a.env'));
    expect(missing.message).toMatch(/^a\.env: missing APCA_API_SECRET_KEY/);
    expectNoSecret(missing);
    const empty = usageError(() => parseCredentials(`APCA_API_KEY_ID=\nAPCA_API_SECRET_KEY=${SECRET}\n`, 'a.env'));
    expect(empty.message).toMatch(/^a\.env: missing APCA_API_KEY_ID/);
    expectNoSecret(empty);
    expect(usageError(() => parseCredentials('# nothing here\n', 'a.env')).message).toMatch(/missing APCA_API_KEY_ID/);
  });

  it('a host that is not an http(s) URL is named without its value', () => {
    const err = usageError(() => parseCredentials(`APCA_API_KEY_ID=${KEY}\nAPCA_API_SECRET_KEY=${SECRET}\nAPCA_API_BASE_URL=${SECRET}\n`, 'a.env'));
    expect(err.message).toMatch(/^a\.env: APCA_API_BASE_URL is not an http\(s\) URL/);
    expectNoSecret(err);
  });
});

describe('parseCredentials: JSON', () => {
  it('reads keyId, secretKey and the optional hosts', () => {
    const text = JSON.stringify({ keyId: KEY, secretKey: SECRET, baseUrl: 'https://paper-api.alpaca.markets', extra: 1 }, null, 2);
    expect(parseCredentials(text, 'c.json')).toEqual({ keyId: KEY, secretKey: SECRET, baseUrl: 'https://paper-api.alpaca.markets' });
  });

  it('invalid JSON: the file (and the line where the runtime reports it), never the text around the error', () => {
    const text = `{\n  "keyId": "${KEY}",\n  "secretKey": ${SECRET}\n}`;
    const err = usageError(() => parseCredentials(text, 'c.json'));
    expect(err.message).toMatch(/^c\.json(:3)?: not valid JSON/);
    expectNoSecret(err);
    expect(usageError(() => parseCredentials('{\n"keyId": "a",\n', 'c.json')).message).toMatch(/^c\.json(:3)?: not valid JSON/);
  });

  it('a missing field, a field that is not a string, or an array are named', () => {
    const missing = usageError(() => parseCredentials(JSON.stringify({ keyId: KEY, secret: SECRET }), 'c.json'));
    expect(missing.message).toMatch(/^c\.json: missing "secretKey"/);
    expectNoSecret(missing);
    const number = usageError(() => parseCredentials(JSON.stringify({ keyId: KEY, secretKey: 12345 }), 'c.json'));
    expect(number.message).toBe('c.json: "secretKey" must be a string');
    expect(usageError(() => parseCredentials('{}', 'c.json')).message).toMatch(/missing "keyId"/);
    expect(usageError(() => parseCredentials(`[{"keyId": "${KEY}"}]`, 'c.json')).message).toMatch(/^c\.json: expected a JSON object/);
  });
});

describe('readCredentialsFile', () => {
  it('a missing file and a folder are usage errors naming the path and where it came from', () => {
    const gone = path.join(tmp.dir, 'nope.env');
    expect(usageError(() => readCredentialsFile(gone, { from: '--credentials' })).message).toBe(`credentials file ${gone} (--credentials) not found`);
    const folder = path.join(tmp.dir, 'folder');
    mkdirSync(folder);
    expect(usageError(() => readCredentialsFile(folder)).message).toBe(`credentials file ${folder} is a folder, not a file`);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('an unreadable file is a usage error', () => {
    const file = credentialsFile(`APCA_API_KEY_ID=${KEY}\nAPCA_API_SECRET_KEY=${SECRET}\n`, 0o000);
    expect(usageError(() => readCredentialsFile(file)).message).toBe(`credentials file ${file} cannot be read (permission denied)`);
  });

  it.skipIf(process.platform === 'win32')('warns once, without a value, when group or others may read the file; not when 0600', () => {
    const warnings: { fields: unknown; message: string }[] = [];
    const logger = { warn: (fields: unknown, message: string) => { warnings.push({ fields, message }); } };
    const text = `APCA_API_KEY_ID=${KEY}\nAPCA_API_SECRET_KEY=${SECRET}\n`;
    readCredentialsFile(credentialsFile(text, 0o600), { logger: logger as never });
    expect(warnings).toEqual([]);
    const open = credentialsFile(text, 0o640);
    expect(readCredentialsFile(open, { logger: logger as never })).toEqual({ keyId: KEY, secretKey: SECRET });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toBe(`credentials file ${open} is accessible by group or others (mode 0640); run chmod 600 ${open}`);
    expect(JSON.stringify(warnings)).not.toContain(SECRET);
    expect(JSON.stringify(warnings)).not.toContain(KEY);
  });

  it('errors inside the file name the file', () => {
    const file = credentialsFile(`APCA_API_SECRET_KEY=${SECRET}\n`);
    const err = usageError(() => readCredentialsFile(file));
    expect(err.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: missing APCA_API_KEY_ID`));
    expectNoSecret(err);
  });
});

describe('alpacaConfigWithCredentials: where each value comes from', () => {
  const flagFile = credentialsFile('APCA_API_KEY_ID=flag-key\nAPCA_API_SECRET_KEY=flag-secret\n');
  const envFile = credentialsFile(JSON.stringify({ keyId: 'envfile-key', secretKey: 'envfile-secret', baseUrl: 'http://127.0.0.1:7001', dataUrl: 'http://127.0.0.1:7002' }), 0o600, '.json');
  const vars = { APCA_API_KEY_ID: 'var-key', APCA_API_SECRET_KEY: 'var-secret', APCA_API_BASE_URL: 'http://127.0.0.1:6001' };
  const pick = (c: { keyId: string; secretKey: string; baseUrl: string; dataUrl: string }) => [c.keyId, c.secretKey, c.baseUrl, c.dataUrl];

  it('--credentials wins over the APCA_API_* variables; values the file lacks come from the variables', () => {
    expect(pick(alpacaConfigWithCredentials({ file: flagFile, env: vars })))
      .toEqual(['flag-key', 'flag-secret', 'http://127.0.0.1:6001', 'https://data.alpaca.markets']);
  });

  it('the APCA_API_* variables win over the ZIPLIME_CREDENTIALS file, which fills what they lack', () => {
    expect(pick(alpacaConfigWithCredentials({ env: { ...vars, ZIPLIME_CREDENTIALS: envFile } })))
      .toEqual(['var-key', 'var-secret', 'http://127.0.0.1:6001', 'http://127.0.0.1:7002']);
  });

  it('the ZIPLIME_CREDENTIALS file alone, with empty variables counted as unset', () => {
    expect(pick(alpacaConfigWithCredentials({ env: { ZIPLIME_CREDENTIALS: envFile, APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' } })))
      .toEqual(['envfile-key', 'envfile-secret', 'http://127.0.0.1:7001', 'http://127.0.0.1:7002']);
  });

  it('--credentials replaces ZIPLIME_CREDENTIALS, which is then not read at all', () => {
    const env = { ZIPLIME_CREDENTIALS: path.join(tmp.dir, 'missing.json') };
    expect(pick(alpacaConfigWithCredentials({ file: flagFile, env })))
      .toEqual(['flag-key', 'flag-secret', 'https://paper-api.alpaca.markets', 'https://data.alpaca.markets']);
    expect(usageError(() => alpacaConfigWithCredentials({ env })).message).toMatch(/^credentials file .*missing\.json \(ZIPLIME_CREDENTIALS\) not found$/);
  });

  it('no keys anywhere: one line naming the three ways', () => {
    expect(usageError(() => alpacaConfigWithCredentials({ env: {} })).message)
      .toBe('Alpaca credentials missing: set APCA_API_KEY_ID and APCA_API_SECRET_KEY, or pass --credentials FILE (or set ZIPLIME_CREDENTIALS=FILE)');
  });
});
