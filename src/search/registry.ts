/**
 * The commands of the contact search. Each domain registers its own (tags `tag:`, users
 * `owner:` and `is:mine`, ...) from its `registerSearchCommands()`, which src/search/setup.ts
 * calls once; the compiler only looks them up. A command name nobody registered degrades to
 * free text, as in Mautic.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import { errors } from '../errors.js';
import type { FieldSet } from '../fields/registry.js';

export type ContactsBuilder = ExpressionBuilder<Database, 'contacts'>;

/** A command's value as the compiler hands it over. */
export interface SearchValue {
  /** Lowercased, whitespace collapsed. */
  readonly value: string;
  /** `+`: exact match, `*` is then a plain character. */
  readonly strict: boolean;
  /** Given as a "quoted phrase". */
  readonly quoted: boolean;
  /** Where the value starts in the search, for errors. */
  readonly position: number;
  /** The command as typed, for messages. */
  readonly command: string;
}

/** What a command may look at besides its value. */
export interface SearchScope {
  readonly fields: FieldSet;
  /** The signed-in user (`is:mine`); null outside a request. */
  readonly userId: number | null;
}

export interface SearchCommand {
  /** One line for the docs and error messages. */
  readonly summary: string;
  /**
   * The condition a matching contact meets. Negation is `(condition) IS NOT TRUE`, so a
   * condition over related rows should be an EXISTS: `!tag:x` then means "no tag x".
   */
  match(eb: ContactsBuilder, value: SearchValue, scope: SearchScope): Expression<SqlBool>;
}

/** Commands that exist per field rather than by name (one per field alias). */
export type CommandResolver = (name: string, scope: SearchScope) => SearchCommand | undefined;

const commands = new Map<string, SearchCommand>();
const flags = new Map<string, SearchCommand>();
const resolvers: CommandResolver[] = [];
let freeText: SearchCommand | undefined;

function once<T>(map: Map<string, T>, key: string, value: T, what: string) {
  if (map.has(key)) throw new Error(`search ${what} "${key}" is registered twice`);
  map.set(key, value);
}

/** `name:value`. Names are case-sensitive, as in Mautic (`Email:x` is free text). */
export function registerSearchCommand(name: string, command: SearchCommand): void {
  if (name === 'is') throw new Error('register is: values with registerSearchFlag');
  once(commands, name, command, 'command');
}

/** `is:name` (is:anonymous, is:mine, ...); the value is ignored by `match`. */
export function registerSearchFlag(name: string, command: SearchCommand): void {
  once(flags, name, command, 'flag is:');
}

/** Consulted, in order of registration, for names no command took. */
export function registerCommandResolver(resolver: CommandResolver): void {
  resolvers.push(resolver);
}

/** Words without a command, and commands nobody knows (with the whole token as the word). */
export function registerFreeText(command: SearchCommand): void {
  if (freeText) throw new Error('search free text is registered twice');
  freeText = command;
}

const isCommand: SearchCommand = {
  summary: 'is:<flag>',
  match(eb, value, scope) {
    const flag = flags.get(value.value);
    if (!flag) throw errors.searchSyntax(`"is:${value.value}" is not known; use one of: ${[...flags.keys()].map((f) => `is:${f}`).join(', ')}`, value.position);
    return flag.match(eb, value, scope);
  },
};

export function findCommand(name: string, scope: SearchScope): SearchCommand | undefined {
  if (name === 'is') return flags.size > 0 ? isCommand : undefined;
  const command = commands.get(name);
  if (command) return command;
  for (const resolve of resolvers) {
    const resolved = resolve(name, scope);
    if (resolved) return resolved;
  }
  return undefined;
}

export function freeTextCommand(): SearchCommand {
  if (!freeText) throw new Error('no free-text search registered: call registerSearchCommands() at start-up');
  return freeText;
}

/** Every registered command and flag name with its summary, for the docs and tests. */
export function listCommands(): { name: string; summary: string }[] {
  return [
    ...[...commands].map(([name, c]) => ({ name: `${name}:`, summary: c.summary })),
    ...[...flags].map(([name, c]) => ({ name: `is:${name}`, summary: c.summary })),
  ];
}
