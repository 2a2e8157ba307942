/**
 * `contactbase <command> [options]`: the command line. Each command is a module of this folder
 * exporting `help` and `run(argv)`, loaded only when it is the one asked for.
 */
import { AppError } from '../errors.js';
import { CliError, UsageError } from './args.js';

export interface Command {
  readonly help: string;
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Readonly<Record<string, string>> = {
  import: 'import contacts from a CSV file, with a progress bar and a report of bad rows',
  export: 'export contacts (everything, a search or ids) to a CSV or xlsx file',
  seed: 'add synthetic contacts and events, for demos and benchmarks',
  users: 'manage users: users create USERNAME',
  migrate: 'bring the database schema up to date',
};

export const HELP = `Usage: contactbase <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, summary]) => `  ${name.padEnd(8)} ${summary}`).join('\n')}

Run "contactbase <command> --help" for a command's options. Every command works on the
database the server uses: DATABASE_URL, or else the embedded PostgreSQL in DATA_DIR (./data),
which only one process at a time can open: stop the server first, or use DATABASE_URL.`;

async function load(name: string): Promise<Command | undefined> {
  try {
    // A variable specifier: a command whose file is missing must not break the others.
    const path = `./${name}.js`;
    return (await import(path)) as Command;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(`${name}.`)) return undefined;
    throw error;
  }
}

/** Runs one command and answers its exit code: 0 done, 1 failed, 2 wrong usage, 130 interrupted. */
export async function runCommand(name: string, argv: string[]): Promise<number> {
  const command = await load(name);
  if (!command) {
    process.stderr.write(`contactbase ${name} is not available in this version\n`);
    return 1;
  }
  return execute(command, argv);
}

/** Runs a command's module, turning its errors into messages and exit codes. */
export async function execute(command: Command, argv: string[]): Promise<number> {
  try {
    return await command.run(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${command.help}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof AppError) {
      const fields = Object.entries(error.fields ?? {}).map(([field, message]) => `\n  ${field}: ${message}`).join('');
      process.stderr.write(`${error.message}${fields}\n`);
      return error.status === 400 ? 2 : 1;
    }
    throw error;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (name === undefined || !Object.hasOwn(COMMANDS, name)) {
    process.stderr.write(`${name === undefined ? 'Name a command.' : `Unknown command "${name}".`}\n\n${HELP}\n`);
    return 2;
  }
  try {
    return await runCommand(name, rest);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 1;
  }
}
