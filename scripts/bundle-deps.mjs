/**
 * Runs after `tsc`: bundles the packages every command loads at start into one file each, so Node
 * reads one file instead of about a hundred — zod for the option schemas into `dist/cli/zod.js`
 * (which otherwise re-exports the package) and DuckDB's client, `@duckdb/node-api`, into
 * `dist/data/duckdb-api.cjs` (`data/duckdb.ts` loads the package itself when that file is absent,
 * as when running from the sources). The code is the same; the native binding stays a package.
 */
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const targets = [
  { entry: 'dist/cli/zod.js', file: 'dist/cli/zod.js', format: 'esm', external: [] },
  { entry: require.resolve('@duckdb/node-api'), file: 'dist/data/duckdb-api.cjs', format: 'cjs', external: ['@duckdb/node-bindings'] },
];
for (const { entry, file, format, external } of targets) {
  buildSync({
    absWorkingDir: root, entryPoints: [entry], outfile: file, allowOverwrite: true, bundle: true,
    platform: 'node', format, target: 'node20', external, logLevel: 'warning',
  });
}
