import type { FeedStatus } from '../ports/live-feed.js';
import { ReconnectingSocket, type ReconnectingSocketOptions, type SocketSession } from './reconnecting-socket.js';

/**
 * What every venue stream shares: a `ReconnectingSocket` that runs the stream's handshake after
 * every connect and hands it every message, and the listeners of what the stream delivers (`T`).
 * A venue's stream implements `handshake` (auth, subscriptions) and `message` (decoding).
 */
export abstract class MessageStream<T> {
  readonly socket: ReconnectingSocket;
  private readonly listeners = new Set<(value: T) => void>();

  constructor(options: ReconnectingSocketOptions) {
    this.socket = new ReconnectingSocket(options, {
      handshake: (session) => this.handshake(session),
      message: (m) => this.message(m),
    });
  }

  /** Connects; resolves once the handshake is done, rejects on bad credentials. */
  start(): Promise<void> {
    return this.socket.start();
  }

  /** Registers a connection-status listener (`reconnected` = messages may have been missed). */
  onStatus(listener: (s: FeedStatus) => void): () => void {
    return this.socket.onStatus(listener);
  }

  /** Closes the socket for good. */
  close(): Promise<void> {
    return this.socket.close();
  }

  /** Registers a listener of delivered values; returns its remover. */
  protected listen(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers `value` to every listener. */
  protected emit(value: T): void {
    for (const l of this.listeners) l(value);
  }

  /** Authenticates and (re)subscribes on a fresh connection. */
  protected abstract handshake(session: SocketSession): Promise<void>;

  /** Handles one decoded message. */
  protected abstract message(m: unknown): void;
}
