/**
 * Network plumbing every venue adapter uses: a reconnecting WebSocket (keepalive, watchdog,
 * backoff with jitter, handshake after every connect), frame decoding, a message-stream base, a
 * token-bucket rate limiter, a JSON REST client with its retry policy, backoff timing. It knows
 * no venue: adapters pass their URLs, headers, handshakes and error types in.
 */
export * from './backoff.js';
export * from './broker-clock.js';
export * from './credentials-file.js';
export * from './errors.js';
export * from './frames.js';
export * from './hosts.js';
export * from './reconnecting-socket.js';
export * from './rest-client.js';
export * from './retry-policy.js';
export * from './stream-base.js';
export * from './timing.js';
export * from './token-bucket.js';
