import { describe, expect, it } from 'vitest';
import { cumulativeExecutionId, ExecutionIds, ExecutionTracker } from '../../../../src/finance/execution-tracker.js';
import { decodeFrame } from '../../../../src/net/frames.js';

describe('ExecutionTracker', () => {
  it('counts each execution id once and accumulates qty and notional', () => {
    const t = new ExecutionTracker();
    expect(t.record('o1', 'e1', 3, 10)).toBe(true);
    expect(t.record('o1', 'e1', 3, 10)).toBe(false);
    expect(t.record('o1', 'e2', -2, 11)).toBe(true);
    expect(t.of('o1')).toEqual({ qty: 5, notional: 52 }); // 3·10 + 2·11
    expect(t.duplicates).toBe(1);
  });

  it('skips a streamed execution already covered by a reconciliation fill', () => {
    const t = new ExecutionTracker();
    t.record('o1', cumulativeExecutionId('o1', 10), 10, 5);
    // The stream delivers the same shares later: cumulative 10 already counted.
    expect(t.record('o1', 'late', 4, 5, 10)).toBe(false);
    expect(t.record('o1', 'next', 2, 5, 12)).toBe(true);
    expect(t.of('o1').qty).toBe(12);
  });
});

describe('decodeFrame', () => {
  it('decodes text, binary and fragmented frames as UTF-8 JSON', () => {
    const text = '[{"T":"success","msg":"connected"}]';
    expect(decodeFrame(Buffer.from(text))).toEqual([{ T: 'success', msg: 'connected' }]);
    const bytes = new TextEncoder().encode('{"stream":"listening","data":{"streams":["trade_updates"]}}');
    expect(decodeFrame(bytes.buffer as ArrayBuffer)).toEqual({ stream: 'listening', data: { streams: ['trade_updates'] } });
    expect(decodeFrame([Buffer.from('{"a":'), Buffer.from('"é"}')])).toEqual({ a: 'é' });
    expect(decodeFrame(Buffer.from('not json'))).toBeUndefined();
  });
});

describe('ExecutionIds', () => {
  it('each id is first once; repeats are counted; adopted ids are known without counting', () => {
    const ids = new ExecutionIds(['a']);
    expect([ids.first('a'), ids.first('b'), ids.first('b'), ids.first('c')]).toEqual([false, true, false, true]);
    expect(ids.duplicates).toBe(2);
    ids.add(['d']);
    expect([ids.has('d'), ids.first('d'), ids.duplicates]).toEqual([true, false, 3]);
  });
});
