/**
 * Condition expressions (api.md "Expressions"): tokenised first, so a bound value is always one
 * literal token and can never become expression text.
 */
import { bindingText, isTruthy } from './binding-refs';

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type StrPart = string | { binding: string };
type Op = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '!' | '(' | ')' | '-';
type Token =
  | { t: 'op'; op: Op; pos: number }
  | { t: 'binding'; body: string; pos: number }
  | { t: 'string'; parts: StrPart[]; pos: number }
  | { t: 'literal'; value: number | boolean | null; pos: number };

export type Expr =
  | { k: 'literal'; value: number | boolean | null }
  | { k: 'binding'; body: string }
  | { k: 'string'; parts: StrPart[] }
  | { k: 'not' | 'neg'; e: Expr }
  | { k: 'bin'; op: Op; l: Expr; r: Expr };

const OPS: Op[] = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '-'];
const NUMBER = /^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

function readString(src: string, start: number): { parts: StrPart[]; end: number } {
  const quote = src[start];
  const parts: StrPart[] = [];
  let buf = '';
  let i = start + 1;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (c === quote) {
      if (buf) parts.push(buf);
      return { parts, end: i + 1 };
    }
    if (c === '\\' && i + 1 < src.length) {
      const n = src[i + 1] ?? '';
      buf += ESCAPES[n] ?? n;
      i += 2;
    } else if (c === '$' && src[i + 1] === '{') {
      const close = src.indexOf('}', i + 2);
      if (close < 0) throw new ExpressionError(`unclosed \${ at position ${i}`, i);
      if (buf) parts.push(buf);
      buf = '';
      parts.push({ binding: src.slice(i + 2, close) });
      i = close + 1;
    } else {
      buf += c;
      i += 1;
    }
  }
  throw new ExpressionError(`unterminated string starting at position ${start}`, start);
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const rest = src.slice(i);
    if (rest.startsWith('${')) {
      const close = src.indexOf('}', i + 2);
      if (close < 0) throw new ExpressionError(`unclosed \${ at position ${i}`, i);
      tokens.push({ t: 'binding', body: src.slice(i + 2, close), pos: i });
      i = close + 1;
    } else if (c === '"' || c === "'") {
      const s = readString(src, i);
      tokens.push({ t: 'string', parts: s.parts, pos: i });
      i = s.end;
    } else if (NUMBER.test(rest)) {
      const m = NUMBER.exec(rest)?.[0] ?? '';
      tokens.push({ t: 'literal', value: Number(m), pos: i });
      i += m.length;
    } else if (WORD.test(rest)) {
      const w = WORD.exec(rest)?.[0] ?? '';
      const lit = ({ true: true, false: false, null: null } as Record<string, boolean | null>)[w];
      if (lit === undefined) {
        throw new ExpressionError(
          `unexpected word "${w}" at position ${i}: quote text, or use a \${…} binding`,
          i,
        );
      }
      tokens.push({ t: 'literal', value: lit, pos: i });
      i += w.length;
    } else {
      const op = OPS.find((o) => rest.startsWith(o));
      if (!op) throw new ExpressionError(`unexpected "${c}" at position ${i}`, i);
      tokens.push({ t: 'op', op, pos: i });
      i += op.length;
    }
  }
  return tokens;
}

/** Parses an expression; throws ExpressionError on bad syntax (used at save time too). */
export function parseExpression(src: string): Expr {
  const tokens = tokenize(src);
  let i = 0;
  const peekOp = (...ops: Op[]): Op | undefined => {
    const tok = tokens[i];
    return tok?.t === 'op' && ops.includes(tok.op) ? tok.op : undefined;
  };
  const binary = (next: () => Expr, ops: Op[], chain: boolean): Expr => {
    let l = next();
    for (let op = peekOp(...ops); op; op = chain ? peekOp(...ops) : undefined) {
      i += 1;
      l = { k: 'bin', op, l, r: next() };
    }
    return l;
  };
  const primary = (): Expr => {
    const tok = tokens[i];
    if (!tok) throw new ExpressionError('expression ends too early');
    i += 1;
    if (tok.t === 'literal') return { k: 'literal', value: tok.value };
    if (tok.t === 'binding') return { k: 'binding', body: tok.body };
    if (tok.t === 'string') return { k: 'string', parts: tok.parts };
    if (tok.op === '!') return { k: 'not', e: primary() };
    if (tok.op === '-') return { k: 'neg', e: primary() };
    if (tok.op === '(') {
      const e = or();
      if (!peekOp(')')) throw new ExpressionError(`missing ")" for "(" at position ${tok.pos}`);
      i += 1;
      return e;
    }
    throw new ExpressionError(`unexpected "${tok.op}" at position ${tok.pos}`, tok.pos);
  };
  const cmp = () => binary(primary, ['==', '!=', '<', '<=', '>', '>='], false);
  const and = () => binary(cmp, ['&&'], true);
  const or = (): Expr => binary(and, ['||'], true);
  if (tokens.length === 0) throw new ExpressionError('expression is empty');
  const e = or();
  const extra = tokens[i];
  if (extra) throw new ExpressionError(`unexpected token at position ${extra.pos}`, extra.pos);
  return e;
}

const NUMERIC = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;
const asNumber = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && NUMERIC.test(v) ? Number(v) : undefined;

function looseEquals(a: unknown, b: unknown): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined && (typeof a === 'number' || typeof b === 'number')) {
    return na === nb;
  }
  if (typeof a === typeof b && typeof a !== 'object') return a === b;
  return bindingText(a) === bindingText(b);
}

/**
 * Secrets shorter than this are not masked by the runner (lib/runner/mask.ts), so a `${var.…}`
 * value that short is never shown in a message.
 */
const MIN_SHOWN_VAR_LENGTH = 3;

/**
 * How a resolved value reads in a message: `"text"`, `7`, `(empty)`, `(null)`. Text is quoted but
 * never escaped, so the runner's masking still finds a secret value inside the message.
 */
export function describeValue(value: unknown, binding?: string): string {
  if (value === undefined || value === null) return '(null)';
  if (value === '') return '(empty)';
  const text = bindingText(value);
  const isVar = binding !== undefined && binding.trim().startsWith('var.');
  if (isVar && text.length < MIN_SHOWN_VAR_LENGTH) return '(not shown)';
  return typeof value === 'string' ? `"${text}"` : text;
}

/** An operand as written, with its value when it is a binding: `${input.N} (empty)`. */
function describeOperand(e: Expr, value: unknown): string {
  switch (e.k) {
    case 'literal':
      return e.value === null ? 'null' : String(e.value);
    case 'binding': {
      const shown = describeValue(value, e.body);
      return `\${${e.body}} ${shown.startsWith('(') ? shown : `(${shown})`}`;
    }
    default:
      return describeValue(value);
  }
}

function compare(op: Op, l: Expr, r: Expr, a: unknown, b: unknown): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  let d: number;
  if (na !== undefined && nb !== undefined) d = na - nb;
  else if (typeof a === 'string' && typeof b === 'string') d = a < b ? -1 : a > b ? 1 : 0;
  else {
    throw new ExpressionError(
      `Cannot compare ${describeOperand(l, a)} ${op} ${describeOperand(r, b)}: ${op} needs two numbers or two texts`,
    );
  }
  return op === '<' ? d < 0 : op === '<=' ? d <= 0 : op === '>' ? d > 0 : d >= 0;
}

/** Evaluates a parsed expression; `resolve` turns a binding body into its value. */
export function evaluateParsed(e: Expr, resolve: (body: string) => unknown): unknown {
  const ev = (x: Expr): unknown => evaluateParsed(x, resolve);
  switch (e.k) {
    case 'literal':
      return e.value;
    case 'binding': {
      const v = resolve(e.body);
      return typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v;
    }
    case 'string':
      return e.parts
        .map((p) => (typeof p === 'string' ? p : bindingText(resolve(p.binding))))
        .join('');
    case 'not':
      return !isTruthy(ev(e.e));
    case 'neg': {
      const n = asNumber(ev(e.e));
      if (n === undefined) throw new ExpressionError('"-" needs a number');
      return -n;
    }
    case 'bin':
      if (e.op === '&&') return isTruthy(ev(e.l)) && isTruthy(ev(e.r));
      if (e.op === '||') return isTruthy(ev(e.l)) || isTruthy(ev(e.r));
      if (e.op === '==') return looseEquals(ev(e.l), ev(e.r));
      if (e.op === '!=') return !looseEquals(ev(e.l), ev(e.r));
      return compare(e.op, e.l, e.r, ev(e.l), ev(e.r));
  }
}

/** Binding bodies used by an expression (for save-time checks). */
export function expressionBindings(e: Expr): string[] {
  switch (e.k) {
    case 'literal':
      return [];
    case 'binding':
      return [e.body];
    case 'string':
      return e.parts.flatMap((p) => (typeof p === 'string' ? [] : [p.binding]));
    case 'not':
    case 'neg':
      return expressionBindings(e.e);
    case 'bin':
      return [...expressionBindings(e.l), ...expressionBindings(e.r)];
  }
}
