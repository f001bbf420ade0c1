import { register } from 'node:module';

/** A specifier only the hook resolves: importing it tells whether the hook sees this process's dynamic imports. */
const PROBE = 'ziplime:resolver-probe';

/**
 * Module resolve hook, as source text. It maps the bare specifier `ziplime` to the package entry
 * handed over in `initialize`, and makes strategy files (imported by the loader) and the local
 * files they import ES modules even where no package.json says `"type": "module"` (a strategy in
 * a temp folder), so their `import … from 'ziplime'` is resolved by this hook.
 */
const HOOK = `
let entry, loader;
const esm = new Set();
const SOURCE = /\\.(ts|mts|tsx|js|mjs)$/;
export async function initialize(data) { entry = data.entry; loader = data.loader; }
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'ziplime') return { url: entry, shortCircuit: true };
  if (specifier === '${PROBE}') return { url: 'data:text/javascript,export default true', shortCircuit: true };
  const result = await nextResolve(specifier, context);
  const parent = context.parentURL ? context.parentURL.split('?')[0] : '';
  const url = result.url;
  if ((parent === loader || esm.has(parent)) && url.startsWith('file:') && !url.includes('/node_modules/')) {
    const path = url.split('?')[0];
    if (SOURCE.test(path) && (result.format === undefined || result.format === null || String(result.format).startsWith('commonjs'))) {
      esm.add(path);
      return { ...result, format: 'module' };
    }
  }
  return result;
}
`;

let registered = false;

/** The URL of this package's public entry (`dist/index.js`), from `src/runtime` or `dist/runtime` alike. */
export const ZIPLIME_ENTRY = new URL('../../dist/index.js', import.meta.url).href;

/**
 * Installs the hook (once per process). `loaderUrl` is the module that imports strategy files:
 * what it imports, and the local files those import, load as ES modules.
 */
export function registerZiplimeResolver(loaderUrl: string, entry: string = ZIPLIME_ENTRY): void {
  if (registered) return;
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { entry, loader: loaderUrl.split('?')[0] } });
  registered = true;
}

/**
 * Whether dynamic `import()`s of this module go through the hook installed by
 * `registerZiplimeResolver` (they do under plain Node; a test runner's module loader may bypass
 * Node's hooks).
 */
export async function resolverApplies(): Promise<boolean> {
  try {
    return (await import(PROBE)).default === true;
  } catch {
    return false;
  }
}
