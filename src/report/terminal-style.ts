import type { Tone } from './summary-sections.js';

/** A writable stream that may be a terminal. */
export interface MaybeTty {
  isTTY?: boolean;
}

/**
 * Whether to colour output written to `stream`: only on a terminal and never when `NO_COLOR`
 * is set to anything non-empty (https://no-color.org).
 */
export function colorEnabled(stream: MaybeTty, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

const CODES = { positive: [32, 39], negative: [31, 39], warning: [33, 39], bold: [1, 22], dim: [2, 22] } as const;

/** Wraps `text` in the ANSI codes of `style` when `on`; returns it unchanged otherwise. */
export function paint(text: string, style: Tone | 'bold' | 'dim', on: boolean): string {
  if (!on || !style) return text;
  const [open, close] = CODES[style];
  return `\x1b[${open}m${text}\x1b[${close}m`;
}

const ANSI = /\x1b\[[0-9;]*m/g;

/** Display width of a line, ignoring ANSI colour codes (box-drawing characters are one column). */
export const visibleLength = (line: string): number => [...line.replace(ANSI, '')].length;
