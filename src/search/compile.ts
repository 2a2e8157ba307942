import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SearchNode, TermNode } from './ast.js';
import { findCommand, freeTextCommand, type ContactsBuilder, type SearchScope } from './registry.js';

/** Null-safe negation: a contact with no city is among `!city:prague`. */
export const not = (condition: Expression<SqlBool>) => sql<SqlBool>`(${condition}) IS NOT TRUE`;

function term(eb: ContactsBuilder, node: TermNode, scope: SearchScope): Expression<SqlBool> {
  const command = node.command === null ? undefined : findCommand(node.command, scope);
  // An unknown command is free text for the whole token, as Mautic does.
  const [matcher, value] = command ? [command, node.value] : [freeTextCommand(), node.command === null ? node.value : node.raw];
  const condition = matcher.match(eb, {
    value: value.toLowerCase(),
    strict: node.strict,
    quoted: node.quoted,
    position: command ? node.valuePosition : node.position,
    command: command ? node.command! : '',
  }, scope);
  return node.negated ? not(condition) : condition;
}

function compile(eb: ContactsBuilder, node: SearchNode, scope: SearchScope): Expression<SqlBool> {
  switch (node.kind) {
    case 'term': return term(eb, node, scope);
    case 'not': return not(compile(eb, node.child, scope));
    case 'and': return eb.and(node.children.map((child) => compile(eb, child, scope)));
    case 'or': return eb.or(node.children.map((child) => compile(eb, child, scope)));
  }
}

/**
 * The WHERE condition of a parsed search over `contacts`, every value a bound parameter.
 * Built at once, so that a bad value (`points:abc`) throws its 400 here, not mid-query.
 */
export function compileSearch(node: SearchNode, scope: SearchScope): Expression<SqlBool> {
  return compile(expressionBuilder<Database, 'contacts'>(), node, scope);
}
