/** LIKE patterns from search values: `*` is the wildcard, `%`, `_` and `\` are literal. */

export type TextMatch =
  | { readonly kind: 'exact'; readonly value: string }
  | { readonly kind: 'like'; readonly pattern: string };

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * How a value matches a text: exact when strict; free text (`contains`) anywhere in it;
 * a command value (`prefix`) at its start, or with a `*` the whole text against the pattern
 * (`email:*@acme.com` ends with @acme.com).
 */
export function textMatch(value: string, strict: boolean, mode: 'prefix' | 'contains'): TextMatch {
  if (strict) return { kind: 'exact', value };
  const pattern = value.split('*').map(escapeLike).join('%');
  if (mode === 'contains') return { kind: 'like', pattern: `%${pattern}%` };
  return { kind: 'like', pattern: value.includes('*') ? pattern : `${pattern}%` };
}

/** The LIKE pattern equivalent to a match (exact values escaped), e.g. for a prefilter. */
export function asPattern(match: TextMatch): string {
  return match.kind === 'exact' ? escapeLike(match.value) : match.pattern;
}
