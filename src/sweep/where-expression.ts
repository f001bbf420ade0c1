import { UsageError } from '../core/errors.js';

/** A value a `--where` expression works with: a number or a truth value (params may be either). */
export type ExprValue = number | boolean;

/** A compiled `--where` constraint: true when a point belongs to the space. */
export type WherePredicate = (point: Readonly<Record<string, unknown>>) => boolean;

type Node =
  | { kind: 'num'; value: number }
  | { kind: 'var'; name: string }
  | { kind: 'not' | 'neg'; arg: Node }
  | { kind: 'bin'; op: string; left: Node; right: Node };

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(&&|\|\||<=|>=|==|!=|[<>!+\-*/()]))/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new UsageError(`--where '${text}': unexpected '${text.slice(at).trim()[0]}' at position ${at + 1}; use param names, numbers, < <= > >= == !=, && || !, + - * / and parentheses`);
    out.push(m[1] ?? m[2] ?? m[3]!);
    at = TOKEN.lastIndex;
  }
  return out;
}

const LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', '/']];

/** Precedence-climbing parser over the token list (no evaluation of user code). */
function parse(text: string, names: ReadonlySet<string>): Node {
  const tokens = tokenize(text);
  let i = 0;
  const fail = (what: string): never => { throw new UsageError(`--where '${text}': ${what}`); };
  const binary = (level: number): Node => {
    if (level === LEVELS.length) return unary();
    let left = binary(level + 1);
    while (i < tokens.length && LEVELS[level]!.includes(tokens[i]!)) {
      const op = tokens[i++]!;
      left = { kind: 'bin', op, left, right: binary(level + 1) };
    }
    return left;
  };
  const unary = (): Node => {
    const t = tokens[i];
    if (t === '!') { i++; return { kind: 'not', arg: unary() }; }
    if (t === '-') { i++; return { kind: 'neg', arg: unary() }; }
    if (t === '+') { i++; return unary(); }
    return primary();
  };
  const primary = (): Node => {
    const t = tokens[i++];
    if (t === undefined) return fail('the expression ends too early');
    if (t === '(') {
      const inner = binary(0);
      if (tokens[i++] !== ')') fail("a '(' is not closed");
      return inner;
    }
    if (/^[\d.]/.test(t)) return { kind: 'num', value: Number(t) };
    if (/^[A-Za-z_]/.test(t)) {
      if (t === 'true' || t === 'false') return { kind: 'num', value: t === 'true' ? 1 : 0 };
      if (!names.has(t)) fail(`unknown parameter '${t}'; the swept and fixed parameters are: ${[...names].join(', ') || '(none)'}`);
      return { kind: 'var', name: t };
    }
    return fail(`unexpected '${t}'`);
  };
  const root = binary(0);
  if (i < tokens.length) fail(`unexpected '${tokens[i]}'`);
  return root;
}

const truthy = (v: ExprValue): boolean => (typeof v === 'boolean' ? v : v !== 0 && !Number.isNaN(v));

function num(v: ExprValue, text: string, name: string): number {
  if (typeof v === 'number') return v;
  throw new UsageError(`--where '${text}': '${name}' is not a number`);
}

function evaluate(node: Node, point: Readonly<Record<string, unknown>>, text: string): ExprValue {
  switch (node.kind) {
    case 'num': return node.value;
    case 'var': {
      const v = point[node.name];
      if (typeof v === 'number' || typeof v === 'boolean') return v;
      throw new UsageError(`--where '${text}': parameter '${node.name}' is ${JSON.stringify(v)}, not a number or true/false`);
    }
    case 'not': return !truthy(evaluate(node.arg, point, text));
    case 'neg': return -num(evaluate(node.arg, point, text), text, 'the operand of -');
    case 'bin': {
      const { op } = node;
      if (op === '&&') return truthy(evaluate(node.left, point, text)) && truthy(evaluate(node.right, point, text));
      if (op === '||') return truthy(evaluate(node.left, point, text)) || truthy(evaluate(node.right, point, text));
      const l = evaluate(node.left, point, text), r = evaluate(node.right, point, text);
      if (op === '==') return Number(l) === Number(r);
      if (op === '!=') return Number(l) !== Number(r);
      const a = num(l, text, `the left side of ${op}`), b = num(r, text, `the right side of ${op}`);
      switch (op) {
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        default: return a / b;
      }
    }
  }
}

/**
 * Compiles a `--where` constraint over parameter names: numbers, `true`/`false`, comparisons
 * (`< <= > >= == !=`), `&& || !`, `+ - * /` and parentheses, with C precedence. It is parsed, not
 * evaluated as code; an unknown name or a syntax error is a `UsageError`.
 */
export function compileWhere(text: string, names: Iterable<string>): WherePredicate {
  const root = parse(text, new Set(names));
  return (point) => truthy(evaluate(root, point, text));
}
