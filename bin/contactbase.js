#!/usr/bin/env node
// The `contactbase` command. It runs the TypeScript sources through tsx, so that it works from
// a fresh clone after `npm install`, with nothing to build first.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
// The embedded PostgreSQL's exit hooks and idle sockets must not keep the process alive.
process.exit(await main(process.argv.slice(2)));
