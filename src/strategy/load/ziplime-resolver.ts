import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

/** The URL of this package's folder, from `src/strategy/load` or `dist/strategy/load` alike. */
const PACKAGE_ROOT = new URL('../../../', import.meta.url);

/** The URL of this package's public entry (`dist/index.js`). */
export const ZIPLIME_ENTRY = new URL('dist/index.js', PACKAGE_ROOT).href;

/**
 * esbuild namespace of the package entry as a strategy bundle sees it: its re-exports, each from
 * the module that defines the name, so the bundle imports only the modules whose names it uses.
 */
export const ENTRY_NAMESPACE = 'ziplime-entry';

/** Marks the nested `build.resolve` call so the plugin does not handle its own lookup again. */
const NESTED = Symbol('nested resolve');

/** Names a module's own location, which `import.meta` would otherwise report as the bundle's. */
const META_NAMES = { url: '__ziplimeMetaUrl', filename: '__ziplimeMetaFilename', dirname: '__ziplimeMetaDirname' } as const;

/** `define` entries that send `import.meta.url/filename/dirname` to the per-file constants `strategyResolver` declares. */
export const IMPORT_META_DEFINE: Record<string, string> = Object.fromEntries(
  Object.entries(META_NAMES).map(([key, name]) => [`import.meta.${key}`, name]),
);

/** The URL a `ziplime/<sub>` specifier maps to, per this package's `exports`. */
function subpathTarget(specifier: string, entry: string): string | undefined {
  if (specifier === 'ziplime') return entry;
  const pkg = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { exports?: Record<string, unknown> };
  const target = pkg.exports?.[`.${specifier.slice('ziplime'.length)}`];
  const file = typeof target === 'string' ? target : (target as { import?: string; default?: string } | undefined)?.import ?? (target as { default?: string } | undefined)?.default;
  return file ? new URL(file, PACKAGE_ROOT).href : undefined;
}

/**
 * The entry's source with each `export * from 'x'` spelled out as `export { a, b, … } from 'x'`
 * (the names read from the loaded module), so a bundler can drop the re-exports nobody uses.
 */
async function namedReExports(file: string): Promise<string> {
  let source = readFileSync(file, 'utf8');
  for (const [line, specifier] of [...source.matchAll(/^export \* from '([^']+)';$/gm)]) {
    const names = Object.keys(await import(pathToFileURL(path.resolve(path.dirname(file), specifier!)).href) as object);
    source = source.replace(line, `export { ${names.join(', ')} } from '${specifier}';`);
  }
  return source;
}

/** Source text with constants for `import.meta` declared on its first code line (line numbers unchanged). */
function withImportMeta(source: string, file: string): string {
  const decl = `const ${META_NAMES.url} = ${JSON.stringify(pathToFileURL(file).href)}, ${META_NAMES.filename} = ${JSON.stringify(file)}, ${META_NAMES.dirname} = ${JSON.stringify(path.dirname(file))};`;
  const at = source.startsWith('#!') ? source.indexOf('\n') + 1 : 0;
  return source.slice(0, at) + decl + source.slice(at);
}

/**
 * esbuild plugin for bundling a strategy: `ziplime` (and `ziplime/<export>`) becomes external
 * imports of this package's loaded modules, so the strategy shares their instances (`ziplime`
 * itself: of the modules defining the names it uses, see `ENTRY_NAMESPACE`); every other bare
 * package stays external but is resolved from the strategy's own folder to an absolute URL, so the
 * bundle may live anywhere; the strategy's own files are bundled, their `import.meta` naming them.
 */
export function strategyResolver(entry: string = ZIPLIME_ENTRY): Plugin {
  return {
    name: 'ziplime-strategy',
    setup(build) {
      build.onResolve({ filter: /^ziplime(\/.*)?$/ }, (args) => {
        const url = subpathTarget(args.path, entry);
        if (url === entry && url.startsWith('file:')) return { path: fileURLToPath(url), namespace: ENTRY_NAMESPACE };
        return url ? { path: url, external: true } : { errors: [{ text: `ziplime has no export '${args.path}'` }] };
      });
      // The entry's own imports: external, by absolute URL, and dropped when none of their names is used.
      build.onLoad({ filter: /.*/, namespace: ENTRY_NAMESPACE }, async (args) => ({
        contents: await namedReExports(args.path), loader: 'js', resolveDir: path.dirname(args.path),
      }));
      build.onResolve({ filter: /.*/, namespace: ENTRY_NAMESPACE }, async (args) => {
        if (args.path.startsWith('.')) return { path: pathToFileURL(path.resolve(args.resolveDir, args.path)).href, external: true, sideEffects: false };
        const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: NESTED });
        return found.errors.length > 0 ? { errors: found.errors } : { path: pathToFileURL(found.path).href, external: true, sideEffects: false };
      });
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === NESTED || isBuiltin(args.path) || /^[a-z][a-z0-9+.-]*:/i.test(args.path)) return undefined;
        const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: NESTED });
        if (found.errors.length > 0 || found.external) return found.errors.length > 0 ? { errors: found.errors } : undefined;
        return { path: pathToFileURL(found.path).href, external: true };
      });
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta')) return undefined;
        const loader = /\.[cm]?tsx?$/.test(args.path) ? (args.path.endsWith('x') ? 'tsx' : 'ts') : args.path.endsWith('x') ? 'jsx' : 'js';
        return { contents: withImportMeta(source, args.path), loader };
      });
    },
  };
}
