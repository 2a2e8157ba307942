/**
 * The search language of Mautic's contact list (SearchStringHelper), parsed with positions:
 *
 *   free text     jane  "van der"  jo*n
 *   commands      email:*@acme.com  name:"van der"  points:>10  birthday:1990..1995
 *   modifiers     !tag:lost  -tag:lost  +email:x  email:+x (exact)  !+x
 *   combinators   a OR b  a AND b  a b (AND)  (a OR b) c  !(a OR b)  tag:(vip OR lead)
 *
 * Unlike Mautic, AND binds tighter than OR when a level mixes them (`a b OR c` is
 * `(a AND b) OR c`); Mautic combines a mixed level with its second term's combinator.
 */
import { errors } from '../errors.js';
import type { SearchNode, TermNode } from './ast.js';

export const SEARCH_LIMITS = {
  /** Characters in a search. */
  length: 2000,
  /** Words, phrases and commands in a search. */
  terms: 100,
  /** Nested parentheses. */
  depth: 20,
} as const;

type Token =
  | { readonly type: 'open'; readonly position: number; readonly negated: boolean; readonly strict: boolean; readonly command: string | null }
  | { readonly type: 'close'; readonly position: number }
  | { readonly type: 'or' | 'and'; readonly position: number }
  | ({ readonly type: 'word' } & Omit<TermNode, 'kind'>);

const syntax = (message: string, position: number) => errors.searchSyntax(message, position);

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const BARE_END = new Set(['(', ')', '"']);

/**
 * HTML tags (Mautic strips them) and control characters (NUL cannot reach PostgreSQL) become
 * spaces of the same length, so that positions still point into what the user typed.
 */
function clean(input: string): string {
  return input
    .replace(/<[a-zA-Z/!?][^<>]*>/g, (tag) => ' '.repeat(tag.length))
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
}

const collapse = (value: string) => value.replace(/\s+/g, ' ').trim();

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  const n = input.length;
  let i = 0;
  while (i < n) {
    if (isSpace(input[i])) { i++; continue; }
    const start = i;
    let negated = false;
    let strict = false;
    while (i < n && '!-+'.includes(input[i])) {
      if (input[i] === '+') strict = true; else negated = true;
      i++;
    }
    const modified = i > start;
    if (modified && (i >= n || isSpace(input[i]) || input[i] === ')')) {
      // Only signs (`-`, `--`, `!`): a word of its own, as in "'; DROP TABLE x; --".
      const text = input.slice(start, i);
      tokens.push({ type: 'word', command: null, value: text, raw: text, quoted: false, strict: false, negated: false, position: start, valuePosition: start });
      continue;
    }
    if (input[i] === ')') { tokens.push({ type: 'close', position: i }); i++; continue; }
    if (input[i] === '(') { tokens.push({ type: 'open', position: start, negated, strict, command: null }); i++; continue; }
    if (input[i] === '"') {
      const { value, end } = quoted(input, i);
      i = end;
      if (value) tokens.push({ type: 'word', command: null, value, raw: value, quoted: true, strict, negated, position: start, valuePosition: start });
      continue;
    }
    let j = i;
    while (j < n && !isSpace(input[j]) && !BARE_END.has(input[j])) j++;
    const bare = input.slice(i, j);
    const colon = bare.indexOf(':');
    if (colon <= 0) {
      if (!modified && /^(or|and)$/i.test(bare)) tokens.push({ type: bare.toLowerCase() as 'or' | 'and', position: start });
      else tokens.push({ type: 'word', command: null, value: bare, raw: bare, quoted: false, strict, negated, position: start, valuePosition: i });
      i = j;
      continue;
    }
    const command = bare.slice(0, colon);
    let k = i + colon + 1;
    // `email:+x` is exact and `tag:!x` negated, as in Mautic; a literal plus needs quotes: phone:"+33".
    while (k < j && (input[k] === '!' || input[k] === '+')) {
      if (input[k] === '+') strict = true; else negated = true;
      k++;
    }
    if (k < j) {
      const value = input.slice(k, j);
      tokens.push({ type: 'word', command, value, raw: `${command}:${value}`, quoted: false, strict, negated, position: start, valuePosition: k });
      i = j;
    } else if (input[j] === '"') {
      const { value, end } = quoted(input, j);
      if (value) tokens.push({ type: 'word', command, value, raw: `${command}:${value}`, quoted: true, strict, negated, position: start, valuePosition: j });
      i = end;
    } else if (input[j] === '(') {
      tokens.push({ type: 'open', position: start, negated, strict, command });
      i = j + 1;
    } else {
      // `cmd:` with nothing after it is ignored, as in Mautic.
      i = j;
    }
  }
  return tokens;
}

function quoted(input: string, open: number): { value: string; end: number } {
  const close = input.indexOf('"', open + 1);
  if (close < 0) throw syntax('this quote is never closed', open);
  return { value: collapse(input.slice(open + 1, close)), end: close + 1 };
}

interface Inherited {
  readonly command: string;
  readonly strict: boolean;
}

class Parser {
  private next = 0;
  private terms = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): SearchNode | null {
    const node = this.sequence(0, null);
    const stray = this.tokens[this.next];
    if (stray) throw syntax('")" has no matching "("', stray.position);
    return node;
  }

  /** Terms up to a ")" or the end: ORs of ANDs. */
  private sequence(depth: number, inherited: Inherited | null): SearchNode | null {
    const alternatives: SearchNode[][] = [[]];
    let pending: Token | null = null;
    let first = true;
    for (let token = this.tokens[this.next]; token && token.type !== 'close'; token = this.tokens[this.next]) {
      if (token.type === 'or' || token.type === 'and') {
        const name = token.type.toUpperCase();
        if (first) throw syntax(`"${name}" needs something before it`, token.position);
        if (pending) throw syntax(`"${name}" cannot follow "${pending.type.toUpperCase()}"`, token.position);
        if (token.type === 'or') alternatives.push([]);
        pending = token;
        this.next++;
        continue;
      }
      first = false;
      pending = null;
      const unit = this.unit(depth, inherited);
      if (unit) alternatives[alternatives.length - 1].push(unit);
    }
    if (pending) throw syntax(`"${pending.type.toUpperCase()}" needs something after it`, pending.position);
    const ands = alternatives.filter((terms) => terms.length > 0)
      .map((terms): SearchNode => (terms.length === 1 ? terms[0] : { kind: 'and', children: terms }));
    if (ands.length === 0) return null;
    return ands.length === 1 ? ands[0] : { kind: 'or', children: ands };
  }

  private unit(depth: number, inherited: Inherited | null): SearchNode | null {
    const token = this.tokens[this.next++];
    if (token.type === 'word') {
      if (++this.terms > SEARCH_LIMITS.terms) throw syntax(`a search has at most ${SEARCH_LIMITS.terms} terms`, token.position);
      const { type: _type, ...term } = token;
      if (!inherited || term.command !== null) return { kind: 'term', ...term };
      return {
        kind: 'term', ...term, command: inherited.command, raw: `${inherited.command}:${term.value}`, strict: term.strict || inherited.strict,
      };
    }
    if (token.type !== 'open') throw new Error(`unexpected ${token.type} token`);
    if (depth >= SEARCH_LIMITS.depth) throw syntax(`parentheses nest at most ${SEARCH_LIMITS.depth} deep`, token.position);
    const start = this.next;
    const inner = this.sequence(depth + 1, token.command === null ? inherited : { command: token.command, strict: token.strict });
    if (this.tokens[this.next]?.type !== 'close') throw syntax('this "(" is never closed', token.position);
    this.next++;
    if (this.next - start === 1) throw syntax('nothing between "(" and ")"', token.position);
    if (!inner) return null;
    return token.negated ? { kind: 'not', child: inner } : inner;
  }
}

/**
 * Parses a search; null when there is nothing to search for (blank, or only ignored terms).
 * Throws the `search_syntax` 400 with the position of what is wrong.
 */
export function parseSearch(input: string): SearchNode | null {
  if (input.length > SEARCH_LIMITS.length) throw syntax(`a search is at most ${SEARCH_LIMITS.length} characters`, SEARCH_LIMITS.length);
  return new Parser(lex(clean(input))).parseAll();
}
