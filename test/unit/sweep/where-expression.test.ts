import { describe, expect, it } from 'vitest';
import { compileWhere } from '../../../src/sweep/where-expression.js';

const names = ['fast', 'slow', 'on'];

describe('--where expressions', () => {
  it('compares params', () => {
    const w = compileWhere('fast < slow', names);
    expect(w({ fast: 5, slow: 20 })).toBe(true);
    expect(w({ fast: 20, slow: 20 })).toBe(false);
  });
  it('follows C precedence: * before +, comparison before &&, && before ||', () => {
    expect(compileWhere('fast * 2 + 1 <= slow', names)({ fast: 5, slow: 11 })).toBe(true);
    expect(compileWhere('fast * 2 + 1 <= slow', names)({ fast: 5, slow: 10 })).toBe(false);
    expect(compileWhere('fast == 1 || fast == 2 && slow == 3', names)({ fast: 1, slow: 0 })).toBe(true);
    expect(compileWhere('(fast == 1 || fast == 2) && slow == 3', names)({ fast: 1, slow: 0 })).toBe(false);
    expect(compileWhere('slow - fast - 5 >= 0', names)({ fast: 10, slow: 15 })).toBe(true); // (15−10)−5, left-assoc
    expect(compileWhere('slow / fast / 2 == 1', names)({ fast: 2, slow: 4 })).toBe(true); // (4/2)/2
  });
  it('negation, unary minus, booleans and decimals', () => {
    expect(compileWhere('!(fast >= slow)', names)({ fast: 1, slow: 2 })).toBe(true);
    expect(compileWhere('-fast < -1.5', names)({ fast: 2, slow: 0 })).toBe(true);
    expect(compileWhere('on && fast > .5', names)({ on: true, fast: 1 })).toBe(true);
    expect(compileWhere('on == false', names)({ on: false })).toBe(true);
  });
  it('refuses code, unknown names and bad syntax with a usage error', () => {
    expect(() => compileWhere('process.exit(1)', names)).toThrow(/unexpected '\.'|unknown parameter 'process'/);
    expect(() => compileWhere('fats < slow', names)).toThrow(/unknown parameter 'fats'.*fast, slow, on/);
    expect(() => compileWhere('fast <', names)).toThrow(/ends too early/);
    expect(() => compileWhere('(fast < slow', names)).toThrow(/not closed/);
    expect(() => compileWhere('fast ; slow', names)).toThrow(/unexpected ';'/);
    expect(() => compileWhere('fast = slow', names)).toThrow(/unexpected/);
  });
});
