import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../src/errors.js';
import type { SearchNode } from '../../src/search/ast.js';
import { parseSearch, SEARCH_LIMITS } from '../../src/search/parse.js';

/** A compact picture of a tree: terms as [!][+]command:value, groups as (and ...) / (or ...). */
function show(node: SearchNode | null): string {
  if (!node) return '';
  switch (node.kind) {
    case 'term': return `${node.negated ? '!' : ''}${node.strict ? '+' : ''}${node.command === null ? '' : `${node.command}:`}${node.quoted ? `"${node.value}"` : node.value}`;
    case 'not': return `(not ${show(node.child)})`;
    default: return `(${node.kind} ${node.children.map(show).join(' ')})`;
  }
}

function syntaxError(input: string): { message: string; position: number } {
  try {
    parseSearch(input);
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, 'search_syntax');
    assert.ok(error.fields?.search);
    return { message: error.fields.search, position: error.extra?.position as number };
  }
  assert.fail(`"${input}" parsed`);
}

describe('tokenizing', () => {
  it('splits words and commands, keeps phrases whole and collapses their spaces', () => {
    assert.equal(show(parseSearch('jane  email:x@y.z')), '(and jane email:x@y.z)');
    assert.equal(show(parseSearch('name:"van   der" "a b"')), '(and name:"van der" "a b")');
    assert.equal(show(parseSearch('ip:2001:db8::1')), 'ip:2001:db8::1');
  });

  it('reads ! and - as negation and + as strict, before the token or after the colon', () => {
    assert.equal(show(parseSearch('!tag:lost -city:x +email:a +!b !+c')), '(and !tag:lost !city:x +email:a !+b !+c)');
    assert.equal(show(parseSearch('email:+jane@example.org tag:!x')), '(and +email:jane@example.org !tag:x)');
    assert.equal(show(parseSearch('points:-5 c++')), '(and points:-5 c++)');
    assert.equal(show(parseSearch('a - b -- !')), '(and a - b -- !)');
  });

  it('keeps positions pointing into the input', () => {
    const node = parseSearch('  !tag:vip');
    assert.ok(node?.kind === 'term');
    assert.equal(node.position, 2);
    assert.equal(node.valuePosition, 7);
  });

  it('ignores a command with nothing after the colon, and HTML tags', () => {
    assert.equal(parseSearch('tag:'), null);
    assert.equal(show(parseSearch('tag: jane')), 'jane');
    assert.equal(show(parseSearch('<b>jane</b>')), 'jane');
    assert.equal(parseSearch('   '), null);
  });

  it('turns control characters such as NUL into spaces', () => {
    assert.equal(show(parseSearch('a\u0000b')), '(and a b)');
  });
});

describe('combinators and groups', () => {
  it('ANDs by default, OR/AND in any case, AND binding tighter than OR', () => {
    assert.equal(show(parseSearch('a b')), '(and a b)');
    assert.equal(show(parseSearch('a or b OR c')), '(or a b c)');
    assert.equal(show(parseSearch('a b OR c')), '(or (and a b) c)');
    assert.equal(show(parseSearch('a AND b or c and d')), '(or (and a b) (and c d))');
  });

  it('groups with parentheses, negates a group, and carries a command inside', () => {
    assert.equal(show(parseSearch('(a OR b) c')), '(and (or a b) c)');
    assert.equal(show(parseSearch('!(a OR b)')), '(not (or a b))');
    assert.equal(show(parseSearch('tag:(vip OR +lead)')), '(or tag:vip +tag:lead)');
    assert.equal(show(parseSearch('+tag:(vip city:x)')), '(and +tag:vip city:x)');
    assert.equal(show(parseSearch('"or"')), '"or"');
  });
});

describe('syntax errors point at the position', () => {
  const cases: [string, number, RegExp][] = [
    ['name:"van der', 5, /quote/],
    ['a (b OR c', 2, /never closed/],
    ['a b)', 3, /no matching/],
    ['a OR', 2, /after/],
    ['OR a', 0, /before/],
    ['a OR AND b', 5, /cannot follow/],
    ['a ()', 2, /nothing between/],
    ['a !()', 2, /nothing between/],
    ['a tag:( )', 2, /nothing between/],
  ];
  for (const [input, position, message] of cases) {
    it(JSON.stringify(input), () => {
      const error = syntaxError(input);
      assert.equal(error.position, position);
      assert.match(error.message, message);
    });
  }

  it('refuses huge inputs: length, terms and depth', () => {
    assert.match(syntaxError('a'.repeat(SEARCH_LIMITS.length + 1)).message, /at most 2000 characters/);
    const many = Array.from({ length: SEARCH_LIMITS.terms + 1 }, (_, i) => `w${i}`).join(' ');
    const tooMany = syntaxError(many);
    assert.match(tooMany.message, /at most 100 terms/);
    assert.equal(tooMany.position, many.lastIndexOf('w100'));
    assert.match(syntaxError(`${'('.repeat(SEARCH_LIMITS.depth + 1)}a${')'.repeat(SEARCH_LIMITS.depth + 1)}`).message, /nest/);
    assert.equal(show(parseSearch(`${'('.repeat(SEARCH_LIMITS.depth)}a${')'.repeat(SEARCH_LIMITS.depth)}`)), 'a');
  });
});
