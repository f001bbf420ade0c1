import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type * as DuckDB from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBResult, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import { requireWithCodeCache } from '../core/cached-require.js';

/**
 * The DuckDB client, loaded as CommonJS (importing it as ESM makes Node scan every re-exported
 * module for named exports, about 100 ms at every start): from the one file the build bundles it
 * into (`scripts/bundle-deps.mjs`) with the V8 code cache the build makes of it
 * (`requireWithCodeCache`), or from the package when running from the sources.
 */
export const duckdb: typeof DuckDB = loadClient();

function loadClient(): typeof DuckDB {
  const bundled = fileURLToPath(new URL('./duckdb-api.cjs', import.meta.url));
  if (existsSync(bundled)) return requireWithCodeCache(bundled) as typeof DuckDB;
  return createRequire(import.meta.url)('@duckdb/node-api') as typeof DuckDB;
}

/**
 * A minor garbage collection. node-api frees a result chunk's native memory only when V8 collects
 * the chunk's JS wrapper, and V8 does not count that memory: a scan would otherwise keep every
 * chunk it read (≈ 115 KB each for 7 columns) until some later collection — 150 MB for a
 * 500-asset daily bundle, several hundred MB per minute chunk. The `gc` function is taken from a
 * fresh context and the flag switched off again, so strategies never see a global `gc`.
 */
const collectYoung: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
  v8.setFlagsFromString('--no-expose-gc');
  return () => gc({ type: 'minor' });
})();

/**
 * Bytes of result vectors read between two `collectYoung` calls (about 18 chunks of 7 numeric
 * columns). Wrappers that live through a scavenge move to the old generation, where only a full
 * collection frees their chunks: collecting while few chunks are pending keeps a minute run's
 * memory flat (every 128 chunks, 100–200 MB of chunks came and went with the phase of the run)
 * and costs less time than the full collections it saves.
 */
const BYTES_PER_COLLECTION = 2 * 2 ** 20;

/** Calls `collectYoung` once every `BYTES_PER_COLLECTION` bytes of chunks read. */
class ChunkCollector {
  private bytes = 0;

  /** Counts a chunk of `columns` × `rows` 8-byte values just read. */
  read(columns: number, rows: number): void {
    this.bytes += columns * rows * 8;
    if (this.bytes >= BYTES_PER_COLLECTION) {
      this.bytes = 0;
      collectYoung();
    }
  }
}

/** A SQL string literal. */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** A quoted SQL identifier. */
export const sqlIdent = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/** An open DuckDB database and one connection to it. */
export interface Database {
  readonly instance: DuckDBInstance;
  readonly conn: DuckDBConnection;
  close(): void;
}

/**
 * Opens (or creates) a DuckDB file. `readOnly` lets several readers and processes share a
 * bundle. The session time zone (how naive timestamps are read) is `options.timeZone`, default UTC.
 */
export async function openDatabase(
  path: string,
  options: { readOnly?: boolean; timeZone?: string; config?: Record<string, string> } = {},
): Promise<Database> {
  const config: Record<string, string> = { ...options.config };
  if (options.readOnly) config.access_mode = 'READ_ONLY';
  const instance = await duckdb.DuckDBInstance.create(path, config);
  const conn = await instance.connect();
  await conn.run(`SET TimeZone = ${sqlString(options.timeZone ?? 'UTC')}`);
  return {
    instance,
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Rows of a query as JSON-friendly objects (numbers and strings; BIGINT and dates as strings). */
export async function queryJson(conn: DuckDBConnection, sql: string, params?: DuckDBValue[]): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

/** The single number a scalar query returns (0 for NULL). */
export async function queryNumber(conn: DuckDBConnection, sql: string, params?: DuckDBValue[]): Promise<number> {
  const reader = await conn.runAndReadAll(sql, params);
  const v = reader.getColumns()[0]?.[0];
  return v === null || v === undefined ? 0 : Number(v);
}

/**
 * Streams a query whose columns are all numeric (DOUBLE or INTEGER) into `Float64Array`
 * columns of exactly `rows` rows, chunk by chunk, without building row objects.
 */
export async function readNumericColumns(conn: DuckDBConnection, sql: string, rows: number, params?: DuckDBValue[]): Promise<Float64Array[]> {
  const result = await conn.stream(sql, params);
  const columns = Array.from({ length: result.columnCount }, () => new Float64Array(rows));
  const collector = new ChunkCollector();
  let offset = 0;
  await forEachChunk(result, (chunk) => {
    collector.read(columns.length, chunk.rowCount);
    copyChunk(chunk, columns, offset);
    offset += chunk.rowCount;
  });
  if (offset !== rows) throw new Error(`expected ${rows} rows, read ${offset}`);
  return columns;
}

/**
 * The columns of a numeric query whose whole result fits in memory (a few columns of at most a
 * few hundred thousand rows), as `Float64Array`s: DuckDB computes the result at once, its size is
 * known without a count query, and its chunks are read without running the query again.
 */
export async function readSmallNumericColumns(conn: DuckDBConnection, sql: string, params?: DuckDBValue[]): Promise<Float64Array[]> {
  const result = await conn.run(sql, params);
  const columns = Array.from({ length: result.columnCount }, () => new Float64Array(result.rowCount));
  const collector = new ChunkCollector();
  let offset = 0;
  await forEachChunk(result, (chunk) => {
    collector.read(columns.length, chunk.rowCount);
    copyChunk(chunk, columns, offset);
    offset += chunk.rowCount;
  });
  if (offset !== result.rowCount) throw new Error(`expected ${result.rowCount} rows, read ${offset}`);
  return columns;
}

/**
 * Streams a query whose columns are all numeric (DOUBLE or INTEGER), handing each of DuckDB's
 * chunks to `onChunk` as one `Float64Array` per column (`n` rows; valid only during the call —
 * the arrays are DuckDB's own vectors or scratch buffers reused for the next chunk). No row count
 * is needed and nothing is copied but NULL-holding vectors.
 */
export async function streamNumericChunks(
  conn: DuckDBConnection, sql: string, onChunk: (columns: readonly Float64Array[], n: number) => void, params?: DuckDBValue[],
): Promise<void> {
  const result = await conn.stream(sql, params);
  const scratch: Float64Array[] = [];
  const columns: Float64Array[] = [];
  const collector = new ChunkCollector();
  await forEachChunk(result, (chunk) => {
    const n = chunk.rowCount;
    collector.read(result.columnCount, n);
    for (let c = 0; c < result.columnCount; c++) {
      const vector = chunk.getColumnVector(c);
      const items = validDoubles(vector);
      if (items) {
        columns[c] = items;
        continue;
      }
      let buffer = scratch[c];
      if (!buffer || buffer.length < n) buffer = scratch[c] = new Float64Array(Math.max(n, 2048));
      for (let i = 0; i < n; i++) {
        const v = vector.getItem(i);
        buffer[i] = v === null ? Number.NaN : Number(v);
      }
      columns[c] = buffer;
    }
    onChunk(columns, n);
  });
}

/**
 * Hands `result`'s chunks to `visit` in order, asking DuckDB for the next chunk before visiting
 * the current one: DuckDB reads chunk k + 1 on its thread while chunk k is copied on this one.
 * A chunk stays valid after the next is fetched (each is its own). When `visit` throws, the fetch
 * under way is let finish before the error goes on.
 */
async function forEachChunk(result: DuckDBResult, visit: (chunk: DuckDBDataChunk) => void): Promise<void> {
  let next = result.fetchChunk();
  for (;;) {
    const chunk = await next;
    if (!chunk || chunk.rowCount === 0) return;
    next = result.fetchChunk();
    try {
      visit(chunk);
    } catch (err) {
      await next.catch(() => undefined);
      throw err;
    }
  }
}

/**
 * Streams a query of columns `sid, c1 … cN` (all numeric) into `width` columns (`c1 … cN`) of
 * `sum(sizes)` rows, each row going to the segment of its sid (`sids[k]` owns the k-th segment of
 * `sizes[k]` rows), in the order the rows come. Runs of one sid are copied whole, so rows grouped
 * by sid cost a plain copy. Throws when a sid is not in `sids` or a segment over- or underflows.
 */
export async function readIntoSegments(
  conn: DuckDBConnection, sql: string, sids: readonly number[], sizes: readonly number[], width: number,
): Promise<Float64Array[]> {
  const total = sizes.reduce((a, b) => a + b, 0);
  const columns = Array.from({ length: width }, () => new Float64Array(total));
  const segment = new Map<number, number>(sids.map((sid, k) => [sid, k]));
  const next = new Float64Array(sizes.length);
  const ends = new Float64Array(sizes.length);
  for (let k = 0, at = 0; k < sizes.length; k++) {
    next[k] = at;
    at += sizes[k]!;
    ends[k] = at;
  }
  await streamNumericChunks(conn, sql, (chunk, n) => {
    const sid = chunk[0]!;
    for (let i = 0; i < n;) {
      const s = sid[i]!;
      let j = i + 1;
      while (j < n && sid[j] === s) j++;
      const k = segment.get(s);
      if (k === undefined || next[k]! + (j - i) > ends[k]!) throw new Error(`sid ${s} not expected or more rows than counted`);
      const at = next[k]!;
      for (let c = 0; c < width; c++) {
        const from = chunk[c + 1]!, to = columns[c]!;
        if (j - i > 8) to.set(from.subarray(i, j), at);
        else for (let r = i; r < j; r++) to[at + r - i] = from[r]!;
      }
      next[k] = at + (j - i);
      i = j;
    }
  });
  for (let k = 0; k < sizes.length; k++) if (next[k] !== ends[k]) throw new Error(`sid ${sids[k]}: fewer rows than counted`);
  return columns;
}

/**
 * The values of a DOUBLE vector without NULLs as a typed array, or undefined. node-api keeps them
 * in the (untyped) `items` field and leaves `validity.data` null when every row is valid; reading
 * them directly is ten times faster than `getItem` per row.
 */
function validDoubles(vector: DuckDBVector): Float64Array | undefined {
  const v = vector as unknown as { items?: unknown; validity?: { data?: unknown } };
  return v.items instanceof Float64Array && v.validity?.data === null ? v.items : undefined;
}

function copyChunk(chunk: DuckDBDataChunk, columns: Float64Array[], offset: number): void {
  const n = chunk.rowCount;
  for (let c = 0; c < columns.length; c++) {
    const vector = chunk.getColumnVector(c);
    const target = columns[c]!;
    const items = validDoubles(vector);
    if (items) target.set(items.subarray(0, n), offset);
    else for (let i = 0; i < n; i++) target[offset + i] = vector.getItem(i) as number;
  }
}
