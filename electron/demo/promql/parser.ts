/**
 * A parser for the subset of PromQL the demo Prometheus evaluates: selectors with matchers,
 * range selectors inside functions, aggregations with by/without, arithmetic and comparison
 * operators with bool/on/ignoring, numbers, parentheses. Errors read like Prometheus's own
 * ("1:5: parse error: ...").
 */

import type { Matcher } from '../label-matcher.ts';

export type { Matcher } from '../label-matcher.ts';

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'selector'; name: string | null; matchers: Matcher[]; rangeMs: number | null }
  | { type: 'call'; name: string; args: Expr[] }
  | { type: 'aggregate'; op: string; grouping: string[]; without: boolean; param: Expr | null; expr: Expr }
  | { type: 'binary'; op: string; lhs: Expr; rhs: Expr; returnBool: boolean; matching: { on: boolean; labels: string[] } | null }
  | { type: 'unary'; op: '-' | '+'; expr: Expr }
  | { type: 'paren'; expr: Expr };

export class PromqlError extends Error {}

/** A query that is valid PromQL but beyond what the demo evaluates. */
export class UnsupportedError extends PromqlError {}

type TokenKind = 'ident' | 'number' | 'duration' | 'string' | 'op' | '(' | ')' | '{' | '}' | '[' | ']' | ',' | ':' | '@' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

const operators = ['==', '!=', '>=', '<=', '=~', '!~', '+', '-', '*', '/', '%', '^', '>', '<', '='];

const durationPattern = /^(?:\d+(?:ms|s|m|h|d|w|y))+/;

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const fail = (message: string, at: number): never => {
    throw new PromqlError(`1:${at + 1}: parse error: ${message}`);
  };
  while (pos < input.length) {
    const char = input[pos]!;
    if (/\s/.test(char)) {
      pos++;
      continue;
    }
    if (char === '#') {
      while (pos < input.length && input[pos] !== '\n') pos++;
      continue;
    }
    if ('(){}[],:@'.includes(char)) {
      tokens.push({ kind: char as TokenKind, text: char, pos });
      pos++;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') {
      const start = pos;
      pos++;
      let value = '';
      while (pos < input.length && input[pos] !== char) {
        if (input[pos] === '\\' && char !== '`') {
          const next = input[pos + 1];
          if (next === undefined) fail('unterminated quoted string', start);
          const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };
          value += escapes[next!] ?? `\\${next}`;
          pos += 2;
          continue;
        }
        value += input[pos];
        pos++;
      }
      if (pos >= input.length) fail('unterminated quoted string', start);
      pos++;
      tokens.push({ kind: 'string', text: value, pos: start });
      continue;
    }
    const rest = input.slice(pos);
    const duration = durationPattern.exec(rest);
    if (duration && !/[a-zA-Z0-9_.]/.test(rest[duration[0].length] ?? '')) {
      tokens.push({ kind: 'duration', text: duration[0], pos });
      pos += duration[0].length;
      continue;
    }
    const number = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], pos });
      pos += number[0].length;
      continue;
    }
    const ident = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], pos });
      pos += ident[0].length;
      continue;
    }
    const op = operators.find((candidate) => rest.startsWith(candidate));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos });
      pos += op.length;
      continue;
    }
    fail(`unexpected character: '${char}'`, pos);
  }
  tokens.push({ kind: 'eof', text: '', pos: input.length });
  return tokens;
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

export function parseDurationMs(text: string): number | null {
  if (!durationPattern.test(text)) return null;
  let total = 0;
  for (const part of text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(part[1]) * durationUnits[part[2]!]!;
  return total;
}

const aggregations = new Set(['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);
const parameterized = new Set(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);

const precedence: Record<string, number> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '<=': 3,
  '<': 3,
  '>=': 3,
  '>': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6,
};

export const comparisonOperators = new Set(['==', '!=', '<=', '<', '>=', '>']);

function compileRegex(value: string, pos: number): RegExp {
  try {
    return new RegExp(`^(?:${value})$`, 's');
  } catch {
    throw new PromqlError(`1:${pos + 1}: parse error: invalid regular expression ${JSON.stringify(value)}`);
  }
}

export function parsePromql(input: string): Expr {
  const tokens = lex(input);
  let index = 0;
  const peek = (offset = 0): Token => tokens[Math.min(index + offset, tokens.length - 1)]!;
  const next = (): Token => tokens[index++]!;
  const fail = (message: string, token: Token = peek()): never => {
    throw new PromqlError(`1:${token.pos + 1}: parse error: ${message}`);
  };
  const describe = (token: Token): string => (token.kind === 'eof' ? 'end of input' : token.kind === 'ident' ? `identifier "${token.text}"` : `"${token.text}"`);
  const expect = (kind: TokenKind, what: string): Token => {
    const token = peek();
    if (token.kind !== kind) fail(`unexpected ${describe(token)}, expected ${what}`);
    return next();
  };

  if (peek().kind === 'eof') fail('no expression found in input');

  function labelList(): string[] {
    expect('(', '"("');
    const labels: string[] = [];
    while (peek().kind !== ')') {
      const token = expect('ident', 'label');
      labels.push(token.text);
      if (peek().kind === ',') next();
      else if (peek().kind !== ')') fail(`unexpected ${describe(peek())} in grouping opts, expected "," or ")"`);
    }
    next();
    return labels;
  }

  function matchers(): Matcher[] {
    expect('{', '"{"');
    const list: Matcher[] = [];
    while (peek().kind !== '}') {
      const name = peek().kind === 'string' ? next() : expect('ident', 'label matching');
      const opToken = peek();
      if (opToken.kind !== 'op' || !['=', '!=', '=~', '!~'].includes(opToken.text)) fail(`unexpected ${describe(opToken)} in label matching, expected label matching operator`);
      next();
      const value = expect('string', 'label value');
      const op = opToken.text as Matcher['op'];
      list.push({ name: name.text, op, value: value.text, regex: op === '=~' || op === '!~' ? compileRegex(value.text, value.pos) : null });
      if (peek().kind === ',') next();
      else if (peek().kind !== '}') fail(`unexpected ${describe(peek())} in label matching, expected "," or "}"`);
    }
    next();
    return list;
  }

  function selectorSuffix(expr: Expr): Expr {
    let result = expr;
    if (peek().kind === '[') {
      const open = next();
      const duration = expect('duration', 'duration');
      if (peek().kind === ':') throw new UnsupportedError(`1:${open.pos + 1}: the demo center does not evaluate subqueries`);
      expect(']', '"]"');
      if (result.type !== 'selector') fail('ranges only allowed for vector selectors', open);
      result = { ...(result as Extract<Expr, { type: 'selector' }>), rangeMs: parseDurationMs(duration.text) };
    }
    if ((peek().kind === 'ident' && peek().text === 'offset') || peek().kind === '@') {
      throw new UnsupportedError(`1:${peek().pos + 1}: the demo center does not evaluate offset or @ modifiers`);
    }
    return result;
  }

  function primary(): Expr {
    const token = peek();
    switch (token.kind) {
      case 'number': {
        next();
        return { type: 'number', value: token.text.startsWith('0x') || token.text.startsWith('0X') ? parseInt(token.text, 16) : Number(token.text) };
      }
      case 'duration':
        return fail(`unexpected duration "${token.text}"`);
      case 'string':
        next();
        return { type: 'string', value: token.text };
      case '(': {
        next();
        const inner = expression(0);
        expect(')', '")"');
        return selectorSuffix({ type: 'paren', expr: inner });
      }
      case '{': {
        const list = matchers();
        if (!list.some((matcher) => !(matcher.regex ? matcher.regex.test('') !== (matcher.op === '!~') : (matcher.value === '') !== (matcher.op === '!=')))) {
          fail('vector selector must contain at least one non-empty matcher', token);
        }
        return selectorSuffix({ type: 'selector', name: null, matchers: list, rangeMs: null });
      }
      case 'ident': {
        next();
        const name = token.text;
        if (name === 'Inf' || name === 'inf') return { type: 'number', value: Infinity };
        if (name === 'NaN' || name === 'nan') return { type: 'number', value: NaN };
        if (aggregations.has(name) && (peek().kind === '(' || (peek().kind === 'ident' && (peek().text === 'by' || peek().text === 'without')))) {
          return aggregation(name, token);
        }
        if (peek().kind === '(') {
          next();
          const args: Expr[] = [];
          while (peek().kind !== ')') {
            args.push(expression(0));
            if (peek().kind === ',') next();
            else if (peek().kind !== ')') fail(`unexpected ${describe(peek())} in function call, expected "," or ")"`);
          }
          next();
          return selectorSuffix({ type: 'call', name, args });
        }
        const list = peek().kind === '{' ? matchers() : [];
        return selectorSuffix({ type: 'selector', name, matchers: list, rangeMs: null });
      }
      default:
        return fail(`unexpected ${describe(token)}`);
    }
  }

  function aggregation(op: string, token: Token): Expr {
    let grouping: string[] = [];
    let without = false;
    let hadGrouping = false;
    const groupingClause = () => {
      const keyword = peek();
      if (keyword.kind === 'ident' && (keyword.text === 'by' || keyword.text === 'without')) {
        next();
        without = keyword.text === 'without';
        grouping = labelList();
        hadGrouping = true;
      }
    };
    groupingClause();
    expect('(', '"("');
    let param: Expr | null = null;
    if (parameterized.has(op)) {
      param = expression(0);
      expect(',', '","');
    }
    const inner = expression(0);
    expect(')', '")"');
    if (!hadGrouping) groupingClause();
    if (parameterized.has(op) || ['stddev', 'stdvar'].includes(op)) {
      throw new UnsupportedError(`1:${token.pos + 1}: the demo center does not evaluate the ${op} aggregation`);
    }
    return { type: 'aggregate', op, grouping, without, param, expr: inner };
  }

  function unary(): Expr {
    const token = peek();
    if (token.kind === 'op' && (token.text === '-' || token.text === '+')) {
      next();
      return { type: 'unary', op: token.text, expr: unary() };
    }
    return primary();
  }

  function binaryOperator(): string | null {
    const token = peek();
    if (token.kind === 'op' && token.text in precedence) return token.text;
    if (token.kind === 'ident' && ['and', 'or', 'unless', 'atan2'].includes(token.text)) return token.text;
    return null;
  }

  function expression(minimum: number): Expr {
    let lhs = unary();
    for (;;) {
      const op = binaryOperator();
      if (!op) break;
      const level = precedence[op]!;
      if (level < minimum) break;
      const opToken = next();
      let returnBool = false;
      if (peek().kind === 'ident' && peek().text === 'bool') {
        next();
        returnBool = true;
        if (!comparisonOperators.has(op)) fail('bool modifier can only be used on comparison operators', opToken);
      }
      let matching: { on: boolean; labels: string[] } | null = null;
      if (peek().kind === 'ident' && (peek().text === 'on' || peek().text === 'ignoring')) {
        const on = next().text === 'on';
        matching = { on, labels: labelList() };
        if (peek().kind === 'ident' && (peek().text === 'group_left' || peek().text === 'group_right')) {
          throw new UnsupportedError(`1:${peek().pos + 1}: the demo center does not evaluate ${peek().text}`);
        }
      }
      if (['and', 'or', 'unless', 'atan2', '^', '%'].includes(op)) {
        throw new UnsupportedError(`1:${opToken.pos + 1}: the demo center does not evaluate the ${op} operator`);
      }
      // ^ is right-associative; everything else groups to the left.
      const rhs = expression(op === '^' ? level : level + 1);
      lhs = { type: 'binary', op, lhs, rhs, returnBool, matching };
    }
    return lhs;
  }

  const expr = expression(0);
  if (peek().kind !== 'eof') fail(`unexpected ${describe(peek())}`);
  return expr;
}
