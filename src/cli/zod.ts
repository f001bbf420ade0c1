/**
 * zod for the command-line option schemas. The build bundles zod into this file's compiled module
 * (`scripts/bundle-deps.mjs`), so every command start loads one file instead of zod's ~95; without
 * that step it re-exports the package. Strategies get zod through `ziplime`'s `z`, not from here.
 */
export { z } from 'zod';
