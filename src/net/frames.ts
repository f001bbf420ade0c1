import type { RawData } from 'ws';

/** The bytes of a frame, whatever shape `ws` delivered them in. */
function frameBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * A frame as JSON: text and binary frames are both UTF-8 JSON (some venues, such as Alpaca's
 * paper trading stream, send binary). Returns undefined for a frame that is not JSON.
 */
export function decodeFrame(data: RawData): unknown {
  try {
    return JSON.parse(frameBytes(data).toString('utf8'));
  } catch {
    return undefined;
  }
}
