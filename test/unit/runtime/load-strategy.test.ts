import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { loadStrategy } from '../../../src/runtime/load-strategy.js';
import { tempDir } from '../../helpers/temp-dir.js';

const tmp = tempDir('ziplime-load-');
afterAll(() => tmp.remove());
const file = (name: string, text: string) => {
  const p = path.join(tmp.dir, name);
  writeFileSync(p, text);
  return p;
};

const TS = file('cross.ts', `
import { defineStrategy, z } from 'ziplime';
const params = z.object({ fast: z.number().int().default(10), slow: z.number().int().default(30), on: z.boolean().default(false), name: z.string().default('x') });
export default defineStrategy({
  params,
  async initialize(ctx) {},
  async handleData(ctx, data) {
    const n: number = 1;
    throw new Error('line nine');
  },
});
`);

describe('loadStrategy', () => {
  it('loads a .ts file outside the project whose `ziplime` import resolves to this package', async () => {
    const s = await loadStrategy(TS);
    expect(s.name).toBe('cross');
    expect(s.file).toBe(TS);
    expect(s.params).toEqual({ fast: 10, slow: 30, on: false, name: 'x' });
    expect(typeof s.definition.handleData).toBe('function');
    const err = await Promise.resolve(s.definition.handleData!({} as never, {} as never)).catch((e: Error) => e);
    expect((err as Error).stack).toContain(TS); // lines are source-mapped outside vitest (see the e2e test)
  });

  it('loads plain named exports from a .js file', async () => {
    const js = file('named.js', `import { z } from 'ziplime';\nexport function initialize(ctx) {}\nexport async function handleData(ctx, data) {}\nexport const unrelated = z.string();\n`);
    const s = await loadStrategy(js);
    expect(typeof s.definition.initialize).toBe('function');
    expect(s.definition.beforeTradingStart).toBeUndefined();
    expect(s.params).toEqual({});
  });

  it('params: schema defaults < --config < --param, coerced by the schema', async () => {
    const config = file('params.json', JSON.stringify({ fast: 5, slow: 50 }));
    const s = await loadStrategy(TS, { config, params: ['slow=60', 'on=true', 'name=123'] });
    expect(s.params).toEqual({ fast: 5, slow: 60, on: true, name: '123' });
  });

  it.each([
    [{ params: ['fast=abc'] }, /invalid parameter 'fast' \("abc"\)/],
    [{ params: ['fast=1.5'] }, /invalid parameter 'fast'/],
    [{ params: ['nope=1'] }, /unknown parameter 'nope'; the strategy's parameters are: fast, slow, on, name/],
    [{ params: ['fast'] }, /--param 'fast': write it as name=value/],
    [{ config: '/does/not/exist.json' }, /config file not found/],
  ])('rejects bad params with a usage error naming them (%j)', async (sources, message) => {
    const err = await loadStrategy(TS, sources).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
  });

  it('reports a missing file, a syntax error with file:line, and a module without hooks', async () => {
    const missing = (await loadStrategy(path.join(tmp.dir, 'none.ts')).catch((e: Error) => e)) as Error;
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing.message).toMatch(/strategy file not found/);

    const broken = file('broken.ts', `import { defineStrategy } from 'ziplime';\nexport default defineStrategy({\n  handleData() { const = 1; },\n});\n`);
    const syntax = (await loadStrategy(broken).catch((e: Error) => e)) as Error;
    expect(syntax).toBeInstanceOf(UsageError);
    expect(syntax.message).toContain(`syntax error in ${broken}:3`);

    const empty = file('empty.ts', `export const x = 1;\n`);
    const none = (await loadStrategy(empty).catch((e: Error) => e)) as Error;
    expect(none).toBeInstanceOf(UsageError);
    expect(none.message).toMatch(/no strategy found/);
  });
});
