import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let cached: { js: string; css: string } | null = null;

/** uPlot's minified script and stylesheet, read from the installed package (inlined into the page). */
export function uplotAssets(): { js: string; css: string } {
  cached ??= {
    js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
  return cached;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** JSON safe to place inside a `<script>` element (no `</script>` or `<!--` can appear). */
export const jsonForScript = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/** Text safe inside a `<script>`/`<style>` element: no closing tag can appear. */
export const inlineSafe = (code: string): string => code.replace(/<\/(script|style)/gi, '<\\/$1');
