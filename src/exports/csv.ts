import fs from 'node:fs';
import { once } from 'node:events';

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: quoted when it holds a quote, a comma or a line break, quotes doubled. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes an export's CSV file: the header row, then pages of records as PostgreSQL made them. */
export interface CsvFile {
  write(records: string): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * RFC 4180 CSV: UTF-8 without a byte order mark, CRLF line ends, a header row of aliases, fields
 * quoted only when they hold a comma, a quote or a line break, quotes doubled. The records
 * themselves are written by PostgreSQL (repo.csvLines).
 */
export function csvFile(file: string, header: readonly string[]): CsvFile {
  const stream = fs.createWriteStream(file, { highWaterMark: 1024 * 1024 });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
    stream.emit('drain');
  });
  const put = async (chunk: string) => {
    if (failure) throw failure;
    if (!stream.write(chunk)) await once(stream, 'drain');
    if (failure) throw failure;
  };
  const start = put(`${header.map(csvField).join(',')}\r\n`);
  return {
    async write(records) {
      await start;
      if (records) await put(records);
    },
    async close() {
      await start;
      stream.end();
      await once(stream, 'finish');
      if (failure) throw failure;
    },
    async abort() {
      stream.destroy();
      await fs.promises.rm(file, { force: true });
    },
  };
}
