/**
 * Runs after `tsc`: bundles the packages every command loads at start into one file each, so Node
 * reads one file instead of about a hundred — the option schemas with the parts of zod/mini they
 * use into `dist/cli/option-schemas.js` (our own modules it imports stay separate), and DuckDB's
 * client, `@duckdb/node-api`, into `dist/data/duckdb-api.cjs` (`data/duckdb.ts` loads the package
 * itself when that file is absent, as when running from the sources). The code is the same; the
 * native binding stays a package. Then it writes V8's code cache of the DuckDB client next to it
 * (`dist/data/duckdb-api.cjs.cache`, see `data/cached-require.ts`), so a start does not compile it.
 */
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const targets = [
  { entry: 'dist/cli/option-schemas.js', file: 'dist/cli/option-schemas.js', format: 'esm', external: [], ownModulesExternal: true },
  { entry: require.resolve('@duckdb/node-api'), file: 'dist/data/duckdb-api.cjs', format: 'cjs', external: ['@duckdb/node-bindings'] },
];
/** Leaves the entry's imports of our own modules (relative paths) as they are: one instance of each. */
const ownModulesExternal = {
  name: 'own-modules-external',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\//, namespace: 'file' }, (args) => (
      args.kind === 'entry-point' || args.importer.includes('node_modules') ? undefined : { path: args.path, external: true }));
  },
};
for (const { entry, file, format, external, ownModulesExternal: own } of targets) {
  await build({
    absWorkingDir: root, entryPoints: [entry], outfile: file, allowOverwrite: true, bundle: true,
    platform: 'node', format, target: 'node20', external, logLevel: 'warning', plugins: own ? [ownModulesExternal] : [],
  });
}
const { writeCodeCache } = await import(new URL('../dist/data/cached-require.js', import.meta.url).href);
writeCodeCache(fileURLToPath(new URL('../dist/data/duckdb-api.cjs', import.meta.url)));
