import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { pack, unpack } from 'msgpackr';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { decodeFrame } from '../net/frames.js';

/** One client connection of a simulated stream. */
export interface StreamClient<S> {
  readonly ws: WebSocket;
  /** Path the client connected to (`/stream`, `/v2/iex`, …). */
  readonly path: string;
  /** Muted: sends nothing and answers no ping (a silent socket). */
  muted: boolean;
  /** MessagePack (asked for with `Content-Type: application/msgpack` on the upgrade) or JSON. */
  readonly msgpack: boolean;
  state: S;
}

/** Whether an upgrade request asks for MessagePack frames (Alpaca's market-data negotiation). */
export const wantsMsgpack = (req: IncomingMessage): boolean => /^application\/msgpack\b/i.test(req.headers['content-type'] ?? '');

/** A frame from a MessagePack client (undefined when it does not decode). */
function decodeMsgpack(data: RawData): unknown {
  try {
    return unpack(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
  } catch {
    return undefined;
  }
}

/** How long a client may take to authenticate. */
export const AUTH_TIMEOUT_MS = 10_000;

/** Largest frame a client may send (the REST body limit too); a larger one closes the socket with 1009. */
export const MAX_FRAME_BYTES = 1 << 20;

/**
 * The connections of one simulated stream: upgrades, JSON decoding of text and binary frames,
 * pongs (withheld while muted), the frame size limit, and the socket faults (drop, silence).
 */
export abstract class StreamHub<S> {
  readonly clients = new Set<StreamClient<S>>();
  /** Connections accepted so far. */
  connections = 0;
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: MAX_FRAME_BYTES });

  /** `binary`: JSON in binary frames (Alpaca paper's trade_updates); `msgpack`: honour a MessagePack request. */
  constructor(private readonly binary: boolean, private readonly msgpackAllowed = false) {}

  /** Accepts an upgrade request routed to this stream. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, path: string): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.connections++;
      const client: StreamClient<S> = { ws, path, muted: false, msgpack: this.msgpackAllowed && wantsMsgpack(req), state: this.initialState() };
      this.clients.add(client);
      ws.on('ping', (data) => { if (!client.muted) ws.pong(data); });
      ws.on('message', (data: RawData) => {
        if (client.muted) return;
        this.message(client, client.msgpack ? decodeMsgpack(data) : decodeFrame(data));
      });
      ws.on('close', () => this.clients.delete(client));
      ws.on('error', () => ws.terminate());
      this.opened(client);
    });
  }

  /**
   * Sends a message unless the client is muted: MessagePack in a binary frame for a MessagePack
   * client (`toMsgpack` turns it into what that encoding carries, e.g. timestamps as the msgpack
   * timestamp extension), else JSON (binary or text frame per stream).
   */
  send(client: StreamClient<S>, message: unknown, toMsgpack?: (m: unknown) => unknown): void {
    if (client.muted || client.ws.readyState !== client.ws.OPEN) return;
    if (client.msgpack) {
      client.ws.send(pack(toMsgpack ? toMsgpack(message) : message), { binary: true });
      return;
    }
    const text = JSON.stringify(message);
    client.ws.send(this.binary ? Buffer.from(text, 'utf8') : text, { binary: this.binary });
  }

  /** Terminates every connection now; returns how many. */
  drop(): number {
    const n = this.clients.size;
    for (const c of this.clients) c.ws.terminate();
    return n;
  }

  /** Mutes every open connection; returns how many. */
  silence(): number {
    for (const c of this.clients) c.muted = true;
    return this.clients.size;
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    this.drop();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  protected abstract initialState(): S;
  protected abstract opened(client: StreamClient<S>): void;
  /** A decoded frame (undefined when it was not JSON). */
  protected abstract message(client: StreamClient<S>, message: unknown): void;
}
