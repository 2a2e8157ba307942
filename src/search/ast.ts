/** A parsed search (see parse.ts for the syntax, docs/api.md "Searching" for the user's view). */
export type SearchNode = TermNode | GroupNode | NotNode;

/** One word or quoted phrase, with or without a `command:`. */
export interface TermNode {
  readonly kind: 'term';
  /** The command as typed (case kept), or null for free text. */
  readonly command: string | null;
  /** The value, whitespace collapsed, case as typed (commands lowercase it as they match). */
  readonly value: string;
  /** The token as typed, for the free-text fallback of an unknown command. */
  readonly raw: string;
  readonly quoted: boolean;
  /** `+`: exact, no prefix and no wildcard. */
  readonly strict: boolean;
  /** `!` or `-`. */
  readonly negated: boolean;
  /** Where the token starts in the input (0-based). */
  readonly position: number;
  /** Where the value starts in the input (0-based). */
  readonly valuePosition: number;
}

export interface GroupNode {
  readonly kind: 'and' | 'or';
  readonly children: readonly SearchNode[];
}

export interface NotNode {
  readonly kind: 'not';
  readonly child: SearchNode;
}
