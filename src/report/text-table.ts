/** A column of a plain text table: its header and whether values align right (numbers). */
export interface TextColumn {
  readonly head: string;
  readonly right?: boolean;
  /** Longer values are cut to this many characters, ending in `…`. */
  readonly max?: number;
}

const cut = (s: string, max: number | undefined) => (max !== undefined && s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * A borderless table: a header row, a rule, then the rows; columns two spaces apart, padded to
 * their widest value (numbers right-aligned). Lines carry no trailing spaces.
 */
export function textTable(columns: readonly TextColumn[], rows: readonly (readonly string[])[]): string {
  const cells = [columns.map((c) => c.head), ...rows.map((r) => r.map((v, i) => cut(v, columns[i]!.max)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((v, i) => (columns[i]!.right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
