import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import type { Transform } from 'node:stream';
import iconv from 'iconv-lite';
import { errors } from '../errors.js';
import { CsvSplitter } from './csv-splitter.js';

/** What a first pass over an uploaded file finds: its text encoding, delimiter and size. */
export interface FileFacts {
  /** utf-8, utf-16le, utf-16be or windows-1252. */
  readonly encoding: string;
  readonly bom: boolean;
  readonly delimiter: string;
  /** Line breaks in the file: about one per row (a quoted value may hold more). */
  readonly lines: number;
  readonly bytes: number;
}

export interface CsvOptions {
  readonly delimiter: string;
  readonly enclosure: string;
  readonly escape: string;
  readonly encoding: string;
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;
const SAMPLE_BYTES = 64 * 1024;
/** A longer value than this is a file whose quotes are broken, not a contact's field. */
const MAX_RECORD_CHARS = 1_000_000;

/** The encodings a file may be read as; `auto` detects among the first three (and UTF-16 by its BOM). */
export const ENCODINGS = ['auto', 'utf-8', 'windows-1252', 'iso-8859-1', 'iso-8859-15', 'utf-16le', 'utf-16be'] as const;

function looksBinary(head: Buffer, utf16: boolean): string | undefined {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'is a zip or Excel file, not CSV: save it as CSV (comma-separated values) first';
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) return 'is an old Excel (.xls) file, not CSV: save it as CSV first';
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'is a PDF, not a CSV file';
  if (!utf16 && head.includes(0)) return 'is not a CSV text file (it holds binary data)';
  return undefined;
}

/** Quoted parts removed, so that a delimiter inside a quoted value does not count. */
function unquoted(line: string): string {
  return line.replace(/"(?:[^"]|"")*"/g, '""');
}

/**
 * The delimiter that splits the first lines into the same number of columns, most columns
 * first: a comma wins over a semicolon only if the lines agree on it.
 */
export function detectDelimiter(sample: string): string {
  const lines = sample.split(/\r?\n/).slice(0, 20).map(unquoted).filter((line) => line.trim() !== '');
  if (lines.length > 1 && !sample.endsWith('\n')) lines.pop(); // the sample may cut the last line short
  let best: { delimiter: string; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => line.split(delimiter).length - 1);
    if (counts.length === 0 || counts[0] === 0) continue;
    const agreeing = counts.filter((count) => count === counts[0]).length / counts.length;
    const score = agreeing * 1000 + counts[0];
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

const isContinuation = (byte: number) => (byte & 0xc0) === 0x80;

/** Where the first character that starts in `piece` starts (after continuation bytes of the one before). */
function firstBoundary(piece: Buffer): number {
  let at = 0;
  while (at < piece.length && at < 3 && isContinuation(piece[at])) at++;
  return at;
}

/** Where a character that the piece's end may cut starts: the piece's length when none is cut. */
function lastBoundary(piece: Buffer): number {
  for (let back = 1; back <= Math.min(4, piece.length); back++) {
    const byte = piece[piece.length - back];
    if (isContinuation(byte)) continue;
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return size > back ? piece.length - back : piece.length;
  }
  return piece.length;
}

/**
 * Reads the file once, in pieces (memory stays flat): a BOM, whether the bytes are valid
 * UTF-8 (else it is Windows-1252, what Excel writes on Western Windows), the line count, and
 * the delimiter from the first lines. A file that is not text is a 400 naming `file`.
 */
export async function inspectFile(file: string, wanted: { encoding?: string; delimiter?: string } = {}): Promise<FileFacts> {
  let validUtf8 = true;
  let carry = Buffer.alloc(0);
  let head: Buffer | undefined;
  let lines = 0;
  let bytes = 0;
  for await (const piece of fs.createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    if (!head) head = piece.subarray(0, SAMPLE_BYTES);
    else if (head.length < SAMPLE_BYTES) head = Buffer.concat([head, piece.subarray(0, SAMPLE_BYTES - head.length)]);
    bytes += piece.length;
    for (let at = piece.indexOf(10); at !== -1; at = piece.indexOf(10, at + 1)) lines++;
    if (validUtf8) {
      // Checked in place, without decoding: a character cut by the piece's end waits for the next piece.
      const first = firstBoundary(piece);
      const cut = lastBoundary(piece);
      if (first > cut) {
        carry = Buffer.concat([carry, piece]);
      } else {
        validUtf8 = isUtf8(Buffer.concat([carry, piece.subarray(0, first)])) && isUtf8(piece.subarray(first, cut));
        carry = Buffer.from(piece.subarray(cut));
      }
    }
  }
  if (validUtf8 && carry.length > 0) validUtf8 = isUtf8(carry);
  if (!head || bytes === 0) throw errors.validation({ file: 'is empty' });
  const utf16 = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : undefined;
  const binary = looksBinary(head, utf16 !== undefined);
  if (binary) throw errors.validation({ file: binary });
  const bom = utf16 !== undefined || (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf);
  const encoding = wanted.encoding && wanted.encoding !== 'auto' ? wanted.encoding : utf16 ?? (validUtf8 ? 'utf-8' : 'windows-1252');
  const sample = iconv.decode(head, encoding).replace(/^\uFEFF/, '');
  return { encoding, bom, delimiter: wanted.delimiter ?? detectDelimiter(sample), lines, bytes };
}

/** One parsed record: its cells, the file line it starts on, or why it could not be read. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
  readonly error?: string;
}

/**
 * The file's records, streamed: decoded from its encoding and split (csv-splitter.ts) with
 * the given delimiter, enclosure and escape. Quoted line breaks stay in their value; a record
 * that cannot be read (a broken quote) comes as an error at its line rather than stopping the rest.
 */
export async function* readRecords(file: string, options: CsvOptions, signal?: AbortSignal): AsyncGenerator<CsvRecord> {
  for await (const batch of readRecordBatches(file, options, signal)) yield* batch;
}

/**
 * readRecords in the batches that each piece of the file completes (hundreds of records): a
 * reader of millions of records does not pay an asynchronous step for each one.
 */
export async function* readRecordBatches(file: string, options: CsvOptions, signal?: AbortSignal): AsyncGenerator<CsvRecord[]> {
  const splitter = new CsvSplitter({ delimiter: options.delimiter, quote: options.enclosure, escape: options.escape, maxRecordChars: MAX_RECORD_CHARS });
  const utf8 = options.encoding === 'utf-8';
  // Pieces small enough that their text stays out of V8's large-object space, which only a full
  // collection frees: a line or cell sliced from a piece keeps all of it alive.
  const source = fs.createReadStream(file, { highWaterMark: 32 * 1024, ...(utf8 ? { encoding: 'utf8' } : {}) });
  let text: AsyncIterable<string> = source as AsyncIterable<string>; // the read stream has an encoding
  if (!utf8) {
    const decoder = iconv.decodeStream(options.encoding, { stripBOM: true }) as unknown as Transform;
    source.on('error', (error: Error) => decoder.destroy(error)); // pipe() does not pass a read error on
    text = source.pipe(decoder);
  }
  try {
    let first = true;
    for await (const piece of text) {
      signal?.throwIfAborted();
      const records = splitter.push(first && piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece);
      first = false;
      if (records.length > 0) yield records;
    }
    const last = splitter.end();
    if (last.length > 0) yield last;
  } finally {
    source.destroy();
  }
}

/** Whether an encoding name is one iconv-lite can decode. */
export function knownEncoding(name: string): boolean {
  return (ENCODINGS as readonly string[]).includes(name.toLowerCase()) && (name === 'auto' || iconv.encodingExists(name));
}
