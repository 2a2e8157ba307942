import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { IMPORT_JOB } from './job.js';

/** An upload younger than this may still be arriving, or waiting for its job to be created. */
const GRACE_MS = 3_600_000;

/**
 * Deletes the uploaded files that no import will read again: those of imports that failed or
 * were cancelled (one that succeeds deletes its own), and those whose import was never
 * created (a refused form, a server stopped mid-upload). Answers how many it deleted.
 */
export async function sweepUploads(db: Db, dir: string, now = Date.now()): Promise<number> {
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  const old: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat?.isFile() && now - stat.mtimeMs > GRACE_MS) old.push(file);
  }
  if (old.length === 0) return 0;
  const { rows } = await sql<{ file: string }>`
    SELECT payload->>'file' AS file FROM jobs
    WHERE kind = ${IMPORT_JOB} AND state IN ('queued', 'running') AND payload->>'file' = ANY(${old}::text[])`.execute(db);
  const inUse = new Set(rows.map((row) => row.file));
  const unused = old.filter((file) => !inUse.has(file));
  for (const file of unused) await fs.promises.rm(file, { force: true });
  return unused.length;
}
