/**
 * Runs after `tsc`: bundles the packages every command loads at start into one file each, so Node
 * reads one file instead of about a hundred — the option schemas with the parts of zod/mini they
 * use into `dist/cli/option-schemas.js` (our own modules it imports stay separate), DuckDB's
 * client, `@duckdb/node-api`, into `dist/data/duckdb-api.cjs` and commander into
 * `dist/cli/commander.cjs` (`data/duckdb.ts` and `cli/commander.ts` load the packages themselves
 * when those files are absent, as when running from the sources). The code is the same; the
 * native binding stays a package. Then it writes V8's code cache of the two CommonJS files next to
 * them (`<file>.cache`, see `core/cached-require.ts`), so a start does not compile them.
 */
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const targets = [
  { entry: 'dist/cli/option-schemas.js', file: 'dist/cli/option-schemas.js', format: 'esm', external: [], ownModulesExternal: true },
  { entry: require.resolve('@duckdb/node-api'), file: 'dist/data/duckdb-api.cjs', format: 'cjs', external: ['@duckdb/node-bindings'] },
  { entry: require.resolve('commander'), file: 'dist/cli/commander.cjs', format: 'cjs', external: [] },
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
const { writeCodeCache } = await import(new URL('../dist/core/cached-require.js', import.meta.url).href);
for (const file of ['dist/data/duckdb-api.cjs', 'dist/cli/commander.cjs']) writeCodeCache(fileURLToPath(new URL(`../${file}`, import.meta.url)));
