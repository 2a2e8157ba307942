import { ApiError } from '../api/client';

/** Where in the query the server says the problem is (0-based), if it says. */
export function errorPosition(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || !error.body) return undefined;
  const body = error.body as Record<string, unknown>;
  for (const candidate of [body.position, (body.details as Record<string, unknown> | undefined)?.position, body.offset, body.column]) {
    if (typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 0) return candidate;
  }
  return undefined;
}

/** A 400 about the query itself (not a broken server): shown under the search box. */
export function isQueryError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 400;
}

export interface SearchCommand {
  readonly example: string;
  readonly description: string;
}

/** The search language, as the hint lists it. */
export const SEARCH_COMMANDS: readonly { title: string; commands: readonly SearchCommand[] }[] = [
  {
    title: 'Fields',
    commands: [
      { example: 'email:*@acme.com', description: 'Email; * matches any text' },
      { example: 'name:ada', description: 'First, middle or last name' },
      { example: 'company:"Acme Labs"', description: 'Company; quotes keep words together' },
      { example: 'owner:maria', description: 'Owned by a user (username or name)' },
      { example: 'tag:webinar', description: 'Has a tag' },
      { example: 'ip:203.0.113.*', description: 'Seen from an IP address' },
      { example: 'status:vip', description: 'Has a status' },
      { example: 'points:>10', description: 'Points, with >, >=, <, <= or a range 5..20' },
      { example: 'last_active_at:>2026-01-01', description: 'Dates: a day, a period, >, < or a range a..b (UTC)' },
      { example: 'city:lyon', description: 'Any field by its alias, custom fields too' },
      { example: 'ids:12,40,41', description: 'These contact ids' },
    ],
  },
  {
    title: 'Who',
    commands: [
      { example: 'is:anonymous', description: 'Visitors not identified yet' },
      { example: 'is:unowned', description: 'Contacts without an owner' },
      { example: 'is:mine', description: 'Contacts you own' },
    ],
  },
  {
    title: 'Combining',
    commands: [
      { example: '!tag:customer', description: '! (or -) excludes what follows' },
      { example: '+email:ada@example.com', description: '+ matches exactly, not as a prefix' },
      { example: 'tag:trial OR tag:webinar', description: 'Either one; words side by side must all match' },
      { example: '(city:lyon OR city:paris) points:>5', description: 'Parentheses group' },
      { example: 'tag:(vip OR lead)', description: 'One command, several values' },
    ],
  },
];
