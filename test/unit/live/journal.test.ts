import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal, JOURNAL_FILE, readJournal } from '../../../src/live/journal.js';
import { foldJournal, unfinishedOrders } from '../../../src/live/journal-state.js';
import { tempDir } from '../../helpers/temp-dir.js';

const MARKET = { type: 'market' } as const;
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function fresh(): string {
  const t = tempDir('journal-');
  cleanup = t.remove;
  return t.dir;
}

describe('Journal', () => {
  it('appends numbered JSON lines that read back in order', () => {
    const dir = fresh();
    const j = new Journal(dir);
    j.append({ type: 'start', runId: 'r.1', base: 'r', incarnation: 1, mode: 'live', broker: 'alpaca', account: 'A1', strategy: 's', capital: 1000 });
    j.append({ type: 'intent', cid: 'r.1-1', sid: 3, symbol: 'AAA', amount: 10, style: MARKET, dt: 1000 });
    j.close();
    const text = readFileSync(path.join(dir, JOURNAL_FILE), 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
    const { records, skippedLines } = readJournal(path.join(dir, JOURNAL_FILE));
    expect(skippedLines).toEqual([]);
    expect(records.map((r) => [r.seq, r.type])).toEqual([[1, 'start'], [2, 'intent']]);
  });

  it('continues the sequence after a reopen and repairs a torn last line', () => {
    const dir = fresh();
    const j = new Journal(dir);
    j.append({ type: 'intent', cid: 'a-1', sid: 1, symbol: 'A', amount: 1, style: MARKET, dt: 1 });
    j.close();
    const file = path.join(dir, JOURNAL_FILE);
    appendFileSync(file, '{"type":"fill","execu'); // a write cut short by a crash
    const first = readJournal(file);
    expect(first.records).toHaveLength(1);
    expect(first.skippedLines).toEqual([2]);
    const again = new Journal(dir, foldJournal(first.records).lastSeq);
    again.append({ type: 'intent', cid: 'a-2', sid: 1, symbol: 'A', amount: 2, style: MARKET, dt: 2 });
    again.close();
    const second = readJournal(file);
    expect(second.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(second.skippedLines).toEqual([2]);
  });

  it('refuses a journal damaged before its last line', () => {
    const dir = fresh();
    const file = path.join(dir, JOURNAL_FILE);
    writeFileSync(file, 'garbage\n{"type":"stop","seq":2}\n');
    expect(() => readJournal(file)).toThrow(/journal\.jsonl:1: journal line is not valid JSON/);
  });

  it('an absent file is an empty journal', () => {
    expect(readJournal(path.join(fresh(), 'none.jsonl'))).toEqual({ records: [], skippedLines: [] });
  });
});

describe('foldJournal', () => {
  it('counts each execution once and nets positions and cash by hand', () => {
    const dir = fresh();
    const j = new Journal(dir);
    j.append({ type: 'start', runId: 'b.1', base: 'b', incarnation: 1, mode: 'live', broker: 'x', account: 'A', strategy: 's', capital: 1000 });
    j.append({ type: 'intent', cid: 'b.1-1', sid: 7, symbol: 'SEVN', amount: 10, style: MARKET, dt: 100 });
    j.append({ type: 'order', cid: 'b.1-1', id: 'X1', sid: 7, symbol: 'SEVN', amount: 10, filled: 0, status: 'open', reason: null, dt: 101 });
    const fill = { type: 'fill' as const, executionId: 'e1', orderId: 'X1', cid: 'b.1-1', sid: 7, symbol: 'SEVN', amount: 4, price: 50, commission: 1, dt: 102 };
    j.append(fill);
    j.append(fill); // reported twice
    j.append({ ...fill, executionId: 'e2', amount: 6, price: 51, commission: 0.5 });
    j.append({ type: 'order', cid: 'b.1-1', id: 'X1', sid: 7, symbol: 'SEVN', amount: 10, filled: 10, status: 'filled', reason: null, dt: 103 });
    j.append({ type: 'intent', cid: 'b.1-2', sid: 7, symbol: 'SEVN', amount: -3, style: MARKET, dt: 200 });
    j.append({ type: 'start', runId: 'b.2', base: 'b', incarnation: 2, mode: 'live', broker: 'x', account: 'A', strategy: 's', capital: 1000 });
    j.close();
    const state = foldJournal(readJournal(j.file).records);
    expect(state.starts).toBe(2);
    expect(state.first?.base).toBe('b');
    expect(state.fills.size).toBe(2);
    expect(state.positions.get(7)).toBe(10);
    // cash: −(4·50 + 1) − (6·51 + 0.5) = −201 − 306.5 = −507.5
    expect(state.cashDelta).toBeCloseTo(-507.5, 10);
    expect(state.orders.get('b.1-1')).toMatchObject({ id: 'X1', status: 'filled', filled: 10 });
    expect(unfinishedOrders(state).map((o) => o.cid)).toEqual(['b.1-2']);
    expect(state.lastSeq).toBe(9);
  });

  it('a late non-terminal report never reopens a finished order', () => {
    const base = { cid: 'c-1', id: 'O', sid: 1, symbol: 'A', amount: 5, reason: null, dt: 0, at: '' };
    const state = foldJournal([
      { ...base, type: 'order', filled: 5, status: 'filled', seq: 1 },
      { ...base, type: 'order', filled: 3, status: 'partially_filled', seq: 2 },
    ]);
    expect(state.orders.get('c-1')).toMatchObject({ status: 'filled', filled: 5 });
  });
});

describe('Journal durability', () => {
  it('entries are readable at once; flush waits for the disk; a closed journal refuses entries', async () => {
    const j = new Journal(fresh());
    for (let i = 0; i < 20; i++) j.append({ type: 'intent', cid: `d-${i}`, sid: 1, symbol: 'A', amount: 1, style: MARKET, dt: i });
    expect(readJournal(j.file).records).toHaveLength(20);
    await j.flush();
    j.close();
    j.close();
    expect(() => j.append({ type: 'stop', reason: 'x', openOrders: 0, onExit: 'keep' })).toThrow(/is closed/);
  });
});

describe('the journal in DuckDB', () => {
  it('loads as newline-delimited JSON: fills and orders query like tables', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const j = new Journal(fresh());
    j.append({ type: 'intent', cid: 'q-1', sid: 2, symbol: 'BB', amount: 3, style: MARKET, dt: 1 });
    j.append({ type: 'fill', executionId: 'x1', orderId: 'O1', cid: 'q-1', sid: 2, symbol: 'BB', amount: 1, price: 10, commission: 0, dt: 2 });
    j.append({ type: 'fill', executionId: 'x2', orderId: 'O1', cid: 'q-1', sid: 2, symbol: 'BB', amount: 2, price: 11, commission: 0, dt: 3 });
    j.close();
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const reader = await conn.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, sum(amount * price)::DOUBLE AS notional FROM read_json_auto('${j.file}', format = 'newline_delimited') WHERE type = 'fill'`,
      );
      // 1 × 10 + 2 × 11 = 32
      expect(reader.getRowObjects()).toEqual([{ n: 2, notional: 32 }]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});
