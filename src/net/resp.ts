/** RESP2, the Redis wire protocol: command encoding and an incremental reply parser. */

/** A command argument as sent (null and undefined become empty strings). */
export type Arg = string | number | boolean | Buffer | Uint8Array | null | undefined;
/** A reply as parsed: errors as `RedisReplyError` values inside arrays. */
export type Reply = string | number | null | Error | Reply[];

/** The message BullMQ recognises as a closed connection. */
export const CONNECTION_CLOSED = 'Connection is closed.';

/** An error reply of the server (`-ERR …`). */
export class RedisReplyError extends Error {}

/** Incremental RESP2 parser: feed it bytes, get whole replies. */
export class ReplyParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;

  push(chunk: Buffer): Reply[] {
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
    this.pos = 0;
    const out: Reply[] = [];
    for (;;) {
      const start = this.pos;
      const r = this.parse();
      if (r === undefined) { this.pos = start; break; }
      out.push(r);
    }
    return out;
  }

  private line(): string | undefined {
    const end = this.buf.indexOf('\r\n', this.pos);
    if (end < 0) return undefined;
    const s = this.buf.toString('utf8', this.pos, end);
    this.pos = end + 2;
    return s;
  }

  private parse(): Reply | undefined {
    if (this.pos >= this.buf.length) return undefined;
    const type = String.fromCharCode(this.buf[this.pos]!);
    this.pos++;
    const head = this.line();
    if (head === undefined) return undefined;
    switch (type) {
      case '+': return head;
      case '-': return new RedisReplyError(head);
      case ':': return Number(head);
      case '$': {
        const n = Number(head);
        if (n < 0) return null;
        if (this.buf.length < this.pos + n + 2) return undefined;
        const s = this.buf.toString('utf8', this.pos, this.pos + n);
        this.pos += n + 2;
        return s;
      }
      case '*': {
        const n = Number(head);
        if (n < 0) return null;
        const items: Reply[] = [];
        for (let i = 0; i < n; i++) {
          const item = this.parse();
          if (item === undefined) return undefined;
          items.push(item);
        }
        return items;
      }
      default: throw new Error(`unexpected RESP type '${type}'`);
    }
  }
}

export function encode(args: readonly Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.isBuffer(a) ? a : a instanceof Uint8Array ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : Buffer.from(a === null || a === undefined ? '' : String(a));
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

export const flat = (args: readonly unknown[]): Arg[] => args.flatMap((a) => (Array.isArray(a) ? flat(a) : [a as Arg]));
export const pairs = (r: Reply): Record<string, string> => {
  const o: Record<string, string> = {};
  const a = (r ?? []) as string[];
  for (let i = 0; i + 1 < a.length; i += 2) o[a[i]!] = a[i + 1]!;
  return o;
};
