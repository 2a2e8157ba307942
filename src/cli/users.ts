import { validatorCompiler } from '../http/validation.js';
import { ROLES, UserCreateBody } from '../users/schema.js';
import { createUser } from '../users/service.js';
import { CliError, parse, UsageError } from './args.js';
import { openCliDatabase } from './database.js';
import { readPassword, readStdin } from './password.js';

export const help = `Usage: contactbase users create USERNAME [options]

Creates a user who can sign in to the admin UI and the API.

  --role ROLE         ${ROLES.join(' or ')} (user)
  --email EMAIL       the user's email address
  --first-name NAME
  --last-name NAME
  --password-stdin    read the password from standard input (one line) instead of asking
  -h, --help          this text

Without --password-stdin the password is asked for twice on the terminal, not echoed.
Example: printf '%s\\n' "$PASSWORD" | contactbase users create ada --role admin --password-stdin`;

const validate = validatorCompiler({ schema: UserCreateBody, httpPart: 'body', method: 'POST', url: '/api/v1/users' }) as
  (data: unknown) => { value?: unknown; error?: Error };

async function password(fromStdin: boolean): Promise<string> {
  if (fromStdin) return (await readStdin()).replace(/\r?\n$/, '');
  if (!process.stdin.isTTY) throw new UsageError('No terminal to ask for the password on: pipe it in with --password-stdin');
  const first = await readPassword('Password: ');
  const again = await readPassword('Password again: ');
  if (first !== again) throw new CliError('The two passwords differ; nothing was created');
  return first;
}

async function create(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    role: { type: 'string' },
    email: { type: 'string' },
    'first-name': { type: 'string' },
    'last-name': { type: 'string' },
    'password-stdin': { type: 'boolean' },
  }, true);
  if (values.help) {
    console.log(help);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'Name the user: contactbase users create USERNAME' : `One username only (got ${positionals.join(', ')})`);
  const input = {
    username: positionals[0],
    role: values.role ?? 'user',
    ...(values.email !== undefined ? { email: values.email } : {}),
    ...(values['first-name'] !== undefined ? { first_name: values['first-name'] } : {}),
    ...(values['last-name'] !== undefined ? { last_name: values['last-name'] } : {}),
    password: await password(Boolean(values['password-stdin'])),
  };
  const checked = validate(input);
  if (checked.error) throw checked.error;
  const database = await openCliDatabase();
  try {
    const user = await createUser(database.db, input as UserCreateBody);
    console.log(`Created ${user.role} "${user.username}" (id ${user.id})`);
  } finally {
    await database.close();
  }
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'create') return create(rest);
  if (sub === '--help' || sub === '-h') {
    console.log(help);
    return 0;
  }
  throw new UsageError(sub === undefined ? 'Name a subcommand: create' : `Unknown subcommand "${sub}"`);
}
