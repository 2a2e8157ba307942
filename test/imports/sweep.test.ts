import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sweepUploads } from '../../src/imports/sweep.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-uploads-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A file in the uploads folder, last written `hoursAgo` hours ago. */
function upload(name: string, hoursAgo: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, 'email\nada@example.com\n');
  const at = new Date(Date.now() - hoursAgo * 3_600_000);
  fs.utimesSync(file, at, at);
  return file;
}

const importJob = (file: string, state: string) =>
  t.db.insertInto('jobs').values({ kind: 'import', state, payload: JSON.stringify({ file }) } as never).execute();

describe('the uploads clean-up', () => {
  it('deletes the uploads of failed, cancelled and never-created imports, and keeps those still to be read', async () => {
    const queued = upload('queued.csv', 5);
    const running = upload('running.csv', 5);
    const failed = upload('failed.csv', 5);
    const cancelled = upload('cancelled.csv', 5);
    const orphan = upload('orphan.csv', 5);
    const arriving = upload('arriving.csv', 0.1);
    await importJob(queued, 'queued');
    await importJob(running, 'running');
    await importJob(failed, 'failed');
    await importJob(cancelled, 'cancelled');

    assert.equal(await sweepUploads(t.db, dir), 3);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['arriving.csv', 'queued.csv', 'running.csv']);
    assert.ok(fs.existsSync(arriving), 'an upload of the last hour may still be on its way to a job');
    assert.ok(!fs.existsSync(orphan) && !fs.existsSync(failed) && !fs.existsSync(cancelled));
  });

  it('does nothing when there is no uploads folder yet', async () => {
    assert.equal(await sweepUploads(t.db, path.join(dir, 'missing')), 0);
  });
});
