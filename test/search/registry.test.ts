import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { listCommands, registerSearchCommand } from '../../src/search/registry.js';
import { registerSearchCommands } from '../../src/search/setup.js';

describe('search command registry', () => {
  registerSearchCommands();

  it('has every domain\'s commands, each documented in docs/api.md', () => {
    const names = listCommands().map((c) => c.name);
    for (const expected of ['ids:', 'name:', 'email:', 'company:', 'owner:', 'status:', 'tag:', 'ip:', 'is:anonymous', 'is:mine', 'is:unowned']) {
      assert.ok(names.includes(expected), expected);
    }
    const docs = fs.readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    const searching = docs.slice(docs.indexOf('## Searching'), docs.indexOf('\n## ', docs.indexOf('## Searching') + 1));
    for (const name of names) assert.ok(searching.includes(`\`${name}`), `${name} is documented`);
  });

  it('refuses a command registered twice, and registering all again is harmless', () => {
    assert.throws(() => registerSearchCommand('tag', { summary: '', match: () => { throw new Error('unused'); } }), /registered twice/);
    registerSearchCommands();
  });
});
