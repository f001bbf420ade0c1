import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireWithCodeCache, writeCodeCache } from '../../../src/core/cached-require.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

/** A CommonJS file that requires a neighbour and a built-in. */
function fixture(): string {
  const d = tempDir('ziplime-cached-require-');
  dirs.push(d);
  writeFileSync(path.join(d.dir, 'helper.cjs'), 'module.exports = (x) => x * 6;');
  const file = path.join(d.dir, 'lib.cjs');
  writeFileSync(file, `const times = require('./helper.cjs');
const path = require('node:path');
exports.answer = times(7);
exports.where = path.basename(__dirname) + '/' + path.basename(__filename);
module.exports.self = this === exports;`);
  return file;
}

describe('requireWithCodeCache', () => {
  it('loads a CommonJS file as require does: its exports, its own require, __filename, __dirname and this', () => {
    const file = fixture();
    const lib = requireWithCodeCache(file) as { answer: number; where: string; self: boolean };
    expect(lib.answer).toBe(42);
    expect(lib.where).toBe(`${path.basename(path.dirname(file))}/lib.cjs`);
    expect(lib.self).toBe(true);
  });

  it('gives the same exports with the cache the build writes, and with a cache that does not match', () => {
    const file = fixture();
    expect(writeCodeCache(file)).toBeGreaterThan(0);
    expect((requireWithCodeCache(file) as { answer: number }).answer).toBe(42);
    writeFileSync(`${file}.cache`, Buffer.from('not a code cache'));
    expect((requireWithCodeCache(file) as { answer: number }).answer).toBe(42);
  });
});
