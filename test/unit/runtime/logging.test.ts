import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/runtime/logging.js';
import { tempDir } from '../../helpers/temp-dir.js';

const tmp = tempDir('ziplime-logging-');
afterAll(() => tmp.remove());

/** The JSON lines of a log file, without their times. */
const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => {
  const { time: _time, ...rest } = JSON.parse(l) as Record<string, unknown>;
  return rest;
});

describe('createLogger deferred', () => {
  it('writes the same lines as a logger made at once: levels, child bindings and redaction', () => {
    const write = (deferred: boolean) => {
      const file = path.join(tmp.dir, `${deferred ? 'deferred' : 'eager'}.log`);
      const logger = createLogger({ level: 'warn', file, deferred });
      expect(logger.level).toBe('warn');
      logger.info('not written: below warn');
      logger.debug({ x: 1 }, 'not written either');
      const child = logger.child({ simTime: '2024-01-02T21:00:00.000Z' });
      child.info('not written from the child');
      child.warn({ apiKey: 'secret-value' }, 'a warning');
      logger.error({ n: 2 }, 'an error');
      expect(logger.isLevelEnabled('info')).toBe(false);
      expect(logger.isLevelEnabled('error')).toBe(true);
      logger.flush();
      return lines(file);
    };
    const expected = [
      { level: 40, simTime: '2024-01-02T21:00:00.000Z', apiKey: '[redacted]', msg: 'a warning' },
      { level: 50, n: 2, msg: 'an error' },
    ];
    expect(write(false)).toEqual(expected);
    expect(write(true)).toEqual(expected);
  });

  it('a deferred logger that logs nothing writes nothing, and its file is still made', () => {
    const file = path.join(tmp.dir, 'quiet.log');
    const logger = createLogger({ level: 'warn', file, deferred: true });
    logger.info('below the level');
    logger.child({ a: 1 }).debug('below too');
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
