/**
 * The rule language (analysis.md section 4): comparisons over columns, `in`, `is null`,
 * `contains`, `and` / `or` / `not`, parentheses.
 *
 *   snr_db < 5 and device = "phone"
 *   device in ("phone", "kiosk") or not (label = 'cat')
 *   `odd column name` is not null and input contains "blurry"
 *
 * Parsing yields a tree; rule-sql.ts turns it into SQL whose only user-supplied parts are bound
 * parameters. Every error is a RuleError with the 1-based character position.
 */
import { quote } from '../errors.ts';
export class RuleError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} (at character ${position})`);
    this.name = 'RuleError';
    this.position = position;
  }
}

export type Literal =
  { kind: 'string'; value: string } | { kind: 'number'; value: number; text: string };
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type RuleNode =
  | { type: 'and' | 'or'; left: RuleNode; right: RuleNode }
  | { type: 'not'; operand: RuleNode }
  | { type: 'compare'; column: string; columnPos: number; op: CompareOp; value: Literal }
  | { type: 'in'; column: string; columnPos: number; negated: boolean; values: Literal[] }
  | { type: 'null'; column: string; columnPos: number; negated: boolean }
  | { type: 'contains'; column: string; columnPos: number; value: string };

type Token =
  | { t: 'ident'; v: string; pos: number; quoted: boolean }
  | { t: 'string'; v: string; pos: number }
  | { t: 'number'; v: number; text: string; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'punct'; v: '(' | ')' | ','; pos: number }
  | { t: 'end'; pos: number };

const MAX_LENGTH = 10_000;
const MAX_DEPTH = 64;
const MAX_CONDITIONS = 200;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_.]*/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const pos = i + 1;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ t: 'punct', v: c, pos });
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let v = '';
      for (;;) {
        if (j >= src.length)
          throw new RuleError(`unterminated ${c === '`' ? 'column name' : 'string'}`, pos);
        const d = src[j] as string;
        if (d === c) {
          if (src[j + 1] === c) {
            v += c;
            j += 2;
            continue;
          }
          break;
        }
        v += d;
        j++;
      }
      i = j + 1;
      out.push(c === '`' ? { t: 'ident', v, pos, quoted: true } : { t: 'string', v, pos });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['<=', '>=', '!=', '<>', '=='].includes(two)) {
      out.push({ t: 'op', v: two === '<>' ? '!=' : two === '==' ? '=' : two, pos });
      i += 2;
      continue;
    }
    if (c === '<' || c === '>' || c === '=') {
      out.push({ t: 'op', v: c, pos });
      i++;
      continue;
    }
    const num = NUMBER.exec(src.slice(i));
    if (num && (c !== '+' && c !== '-' ? true : /[\d.]/.test(src[i + 1] ?? ''))) {
      const text = num[0];
      out.push({ t: 'number', v: Number(text), text, pos });
      i += text.length;
      continue;
    }
    const id = IDENT.exec(src.slice(i));
    if (id) {
      out.push({ t: 'ident', v: id[0], pos, quoted: false });
      i += id[0].length;
      continue;
    }
    throw new RuleError(`unexpected character ${quote(c)}`, pos);
  }
  out.push({ t: 'end', pos: src.length + 1 });
  return out;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'contains']);

export function parseRule(src: string): RuleNode {
  if (typeof src !== 'string') throw new RuleError('a rule is text', 1);
  if (src.length > MAX_LENGTH)
    throw new RuleError(`a rule has at most ${MAX_LENGTH} characters`, MAX_LENGTH);
  const tokens = tokenize(src);
  let k = 0;
  let depth = 0;
  let conditions = 0;
  const peek = () => tokens[k] as Token;
  const next = () => tokens[k++] as Token;
  const isKw = (tok: Token, kw: string) =>
    tok.t === 'ident' && !tok.quoted && tok.v.toLowerCase() === kw;
  const describe = (tok: Token) =>
    tok.t === 'end'
      ? 'the end of the rule'
      : tok.t === 'string'
        ? quote(tok.v)
        : quote('v' in tok ? String(tok.v) : '');

  function expect(kind: 'punct', v: string): Token {
    const tok = next();
    if (tok.t !== kind || tok.v !== v)
      throw new RuleError(`expected "${v}" but found ${describe(tok)}`, tok.pos);
    return tok;
  }

  function literal(): Literal {
    const tok = next();
    if (tok.t === 'string') return { kind: 'string', value: tok.v };
    if (tok.t === 'number') return { kind: 'number', value: tok.v, text: tok.text };
    throw new RuleError(
      `expected a value (a number or a quoted string) but found ${describe(tok)}`,
      tok.pos,
    );
  }

  function primary(): RuleNode {
    const tok = peek();
    if (tok.t === 'punct' && tok.v === '(') {
      next();
      if (++depth > MAX_DEPTH) throw new RuleError('too deeply nested', tok.pos);
      const inner = or();
      depth--;
      expect('punct', ')');
      return inner;
    }
    if (tok.t !== 'ident' || (!tok.quoted && KEYWORDS.has(tok.v.toLowerCase()))) {
      throw new RuleError(`expected a column name but found ${describe(tok)}`, tok.pos);
    }
    next();
    if (++conditions > MAX_CONDITIONS) {
      throw new RuleError(`a rule has at most ${MAX_CONDITIONS} conditions`, tok.pos);
    }
    const column = tok.v;
    const columnPos = tok.pos;
    const op = peek();
    if (op.t === 'op') {
      next();
      return { type: 'compare', column, columnPos, op: op.v as CompareOp, value: literal() };
    }
    if (isKw(op, 'is')) {
      next();
      let negated = false;
      if (isKw(peek(), 'not')) {
        next();
        negated = true;
      }
      const n = next();
      if (!isKw(n, 'null')) throw new RuleError(`expected "null" but found ${describe(n)}`, n.pos);
      return { type: 'null', column, columnPos, negated };
    }
    let negated = false;
    if (isKw(op, 'not')) {
      next();
      negated = true;
    }
    const kw = peek();
    if (isKw(kw, 'in')) {
      next();
      expect('punct', '(');
      const values = [literal()];
      while (peek().t === 'punct' && (peek() as { v: string }).v === ',') {
        next();
        values.push(literal());
      }
      expect('punct', ')');
      return { type: 'in', column, columnPos, negated, values };
    }
    if (!negated && isKw(kw, 'contains')) {
      next();
      const v = literal();
      if (v.kind !== 'string') throw new RuleError('contains takes a quoted string', kw.pos);
      return { type: 'contains', column, columnPos, value: v.value };
    }
    throw new RuleError(
      `expected an operator (=, !=, <, <=, >, >=, in, not in, is null, contains) after ${quote(column)} but found ${describe(kw)}`,
      kw.pos,
    );
  }

  function not(): RuleNode {
    if (isKw(peek(), 'not')) {
      const tok = next();
      if (++depth > MAX_DEPTH) throw new RuleError('too deeply nested', tok.pos);
      const operand = not();
      depth--;
      return { type: 'not', operand };
    }
    return primary();
  }

  function and(): RuleNode {
    let left = not();
    while (isKw(peek(), 'and')) {
      next();
      left = { type: 'and', left, right: not() };
    }
    return left;
  }

  function or(): RuleNode {
    let left = and();
    while (isKw(peek(), 'or')) {
      next();
      left = { type: 'or', left, right: and() };
    }
    return left;
  }

  if (peek().t === 'end') throw new RuleError('the rule is empty', 1);
  const tree = or();
  const rest = peek();
  if (rest.t !== 'end') throw new RuleError(`unexpected ${describe(rest)}`, rest.pos);
  return tree;
}
