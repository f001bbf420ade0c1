import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { loadStrategy } from '../../../src/runtime/load-strategy.js';
import { compileStrategy } from '../../../src/strategy/load/compile-strategy.js';
import { tempDir } from '../../helpers/temp-dir.js';

const tmp = tempDir('ziplime-load-');
afterAll(() => tmp.remove());
const file = (name: string, text: string) => {
  const p = path.join(tmp.dir, name);
  mkdirSync(path.dirname(p), { recursive: true });
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
    expect((err as Error).stack).toContain(`${TS}:9`);
  });

  it('--param coerces a comma list by the schema: symbols=AAPL,MSFT and numbers', async () => {
    const lists = file('lists.ts', `import { defineStrategy, z } from 'ziplime';
export default defineStrategy({
  params: z.object({ symbols: z.array(z.string()).default(['SPY']), windows: z.array(z.number()).default([1]), tag: z.string().default('a,b') }),
  async handleData() {},
});
`);
    expect((await loadStrategy(lists)).params).toEqual({ symbols: ['SPY'], windows: [1], tag: 'a,b' });
    const s = await loadStrategy(lists, { params: ['symbols=AAPL,MSFT', 'windows=5,20', 'tag=x,y'] });
    expect(s.params).toEqual({ symbols: ['AAPL', 'MSFT'], windows: [5, 20], tag: 'x,y' });
    expect((await loadStrategy(lists, { params: ['symbols=AAPL'] })).params.symbols).toEqual(['AAPL']);
    expect((await loadStrategy(lists, { params: ['symbols=["A","B"]'] })).params.symbols).toEqual(['A', 'B']);
    await expect(loadStrategy(lists, { params: ['windows=5,x'] })).rejects.toThrow(/invalid parameter 'windows'/);
  });

  it('a strategy that declares no params rejects --param and --config', async () => {
    const none = file('no-params.ts', `import { defineStrategy } from 'ziplime';\nexport default defineStrategy({ async handleData() {} });\n`);
    await expect(loadStrategy(none, { params: ['fast=5'] })).rejects.toThrow(/the strategy declares no params, so 'fast' cannot be set/);
    const config = file('none-params.json', JSON.stringify({ slow: 1 }));
    await expect(loadStrategy(none, { config })).rejects.toThrow(UsageError);
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

  it('bundles the strategy\'s own relative imports, maps their lines, and gives each its own import.meta', async () => {
    file('lib/signal.ts', `export const where = import.meta.url;\nexport function fail(): never {\n  throw new Error('in lib');\n}\n`);
    const main = file('uses-lib.ts', `import { fail, where } from './lib/signal.js';\nexport const self = import.meta.filename;\nexport const lib = where;\nexport async function handleData() { fail(); }\n`);
    const s = await loadStrategy(main);
    const mod = s.definition as unknown as { self: string; lib: string; handleData: () => Promise<void> };
    expect(mod.self).toBe(main);
    expect(mod.lib).toBe(pathToFileURL(path.join(tmp.dir, 'lib/signal.ts')).href);
    const err = (await mod.handleData().catch((e: Error) => e)) as Error;
    expect(err.stack).toContain(`${path.join(tmp.dir, 'lib/signal.ts')}:3`);
  });

  it('resolves other packages from the strategy\'s folder and names an unresolvable one with file:line', async () => {
    file('node_modules/local-pkg/package.json', JSON.stringify({ name: 'local-pkg', type: 'module', exports: './index.js' }));
    file('node_modules/local-pkg/index.js', `export const answer = 42;\n`);
    const uses = file('uses-pkg.ts', `import { answer } from 'local-pkg';\nexport const value: number = answer;\nexport function handleData() {}\n`);
    expect((await loadStrategy(uses)).definition).toMatchObject({ value: 42 });

    const missing = file('missing-pkg.ts', `export function handleData() {}\nimport { nope } from 'no-such-package-zl';\nexport const x = nope;\n`);
    const err = (await loadStrategy(missing).catch((e: Error) => e)) as Error;
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain(`cannot load strategy ${missing}: ${missing}:2: Could not resolve "no-such-package-zl"`);
  });

  it('names a strategy reached through a symlinked folder by the path given, line included', async () => {
    file('real/linked.ts', `export async function handleData() {\n  throw new Error('linked');\n}\n`);
    symlinkSync(path.join(tmp.dir, 'real'), path.join(tmp.dir, 'link'));
    const viaLink = path.join(tmp.dir, 'link', 'linked.ts');
    const s = await loadStrategy(viaLink);
    const err = (await Promise.resolve(s.definition.handleData!({} as never, {} as never)).catch((e: Error) => e)) as Error;
    expect(err.stack).toContain(`${viaLink}:2`);
  });

  it('leaves no bundle behind in the temp folder', async () => {
    await loadStrategy(TS);
    expect(readdirSync(os.tmpdir()).filter((f) => f.startsWith(`ziplime-cross-${process.pid}-`))).toEqual([]);
  });
});

describe('loadStrategy: compiled strategy cache', () => {
  const cacheDir = path.join(tmp.dir, 'cache');
  const before = process.env.ZIPLIME_CACHE_DIR;
  afterAll(() => {
    if (before === undefined) delete process.env.ZIPLIME_CACHE_DIR;
    else process.env.ZIPLIME_CACHE_DIR = before;
  });

  it('reuses the compiled code while no source file changed, and recompiles when an imported file changes', async () => {
    process.env.ZIPLIME_CACHE_DIR = cacheDir;
    file('cached/helper.ts', 'export const size = 3;\n');
    const main = file('cached/main.ts', `
import { defineStrategy, z } from 'ziplime';
import { size } from './helper.ts';
export default defineStrategy({ params: z.object({ size: z.number().default(size) }), async handleData() {} });
`);
    expect((await loadStrategy(main)).params).toEqual({ size: 3 });
    const entries = readdirSync(path.join(cacheDir, 'strategies')).filter((f) => f.endsWith('.json'));
    expect(entries).toHaveLength(1);
    expect((await loadStrategy(main)).params).toEqual({ size: 3 });
    file('cached/helper.ts', 'export const size = 7;\n');
    expect((await loadStrategy(main)).params).toEqual({ size: 7 });
    // the edited helper replaced the entry of the unchanged main file
    expect(readdirSync(path.join(cacheDir, 'strategies')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });

  it('an entry found under another strategy\'s name is not used (entry names are short hashes; entries are checked)', async () => {
    process.env.ZIPLIME_CACHE_DIR = path.join(tmp.dir, 'cache-swap');
    const dir = path.join(tmp.dir, 'cache-swap', 'strategies');
    const one = file('swap/one.ts', `import { defineStrategy, z } from 'ziplime';
export default defineStrategy({ params: z.object({ n: z.number().default(1) }), async handleData() {} });
`);
    await loadStrategy(one);
    const [entryOne] = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const two = file('swap/two.ts', `import { defineStrategy, z } from 'ziplime';
export default defineStrategy({ params: z.object({ n: z.number().default(2) }), async handleData() {} });
`);
    await loadStrategy(two);
    const entryTwo = readdirSync(dir).filter((f) => f.endsWith('.json')).find((f) => f !== entryOne)!;
    // two's entry now holds one's compiled code, as if both strategies had the same entry name
    writeFileSync(path.join(dir, entryTwo), readFileSync(path.join(dir, entryOne!)));
    expect((await loadStrategy(two)).params).toEqual({ n: 2 });
    expect((await loadStrategy(one)).params).toEqual({ n: 1 });
  });

  it('a corrupt cache entry is compiled again, not an error', async () => {
    process.env.ZIPLIME_CACHE_DIR = cacheDir;
    const main = file('cached/corrupt.ts', `export function handleData() {}\nexport const tag = 'one';\n`);
    await loadStrategy(main);
    for (const f of readdirSync(path.join(cacheDir, 'strategies'))) writeFileSync(path.join(cacheDir, 'strategies', f), '{not json');
    const s = await loadStrategy(main);
    expect(typeof s.definition.handleData).toBe('function');
  });

  it('compiled code imports the modules that define the ziplime names used, not the whole entry', async () => {
    const few = file('few-names.ts', `import { defineStrategy, ta, Pipeline, OrderRejectedError, z } from 'ziplime';
export default defineStrategy({ params: z.object({ n: z.number().default(3) }), async handleData() { return [ta, Pipeline, OrderRejectedError]; } });
`);
    const compiled = await compileStrategy(few);
    const dist = pathToFileURL(path.resolve('dist')).href;
    const imported = [...compiled.code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!.replace(dist, 'dist')).sort();
    expect(imported.filter((u) => u.startsWith('dist'))).toEqual([
      'dist/core/errors.js', 'dist/indicators/index.js', 'dist/pipeline/index.js', 'dist/strategy/define.js',
    ]);
    expect(imported.some((u) => /\/zod\//.test(u))).toBe(true);
    const s = await loadStrategy(few);
    expect(s.params).toEqual({ n: 3 });
    const [taNs, pipeline, rejected] = (await s.definition.handleData!({} as never, {} as never)) as unknown[];
    expect(typeof (taNs as Record<string, unknown>).sma).toBe('function');
    expect(typeof pipeline).toBe('function');
    expect(new (rejected as new (m: string) => Error)('x')).toBeInstanceOf(Error);
  });
});

