import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import os from 'node:os';
import { CsvSplitter, type SplitOptions } from '../../src/imports/csv-splitter.js';
import { readRecords } from '../../src/imports/csv.js';

const RFC: SplitOptions = { delimiter: ',', quote: '"', escape: '"', maxRecordChars: 1000 };

/** The records of `text` fed in pieces of `size` characters (every size finds another cut). */
function split(text: string, size = text.length, options: SplitOptions = RFC) {
  const splitter = new CsvSplitter(options);
  const records = [];
  for (let at = 0; at < text.length; at += size) records.push(...splitter.push(text.slice(at, at + size)));
  records.push(...splitter.end());
  return records;
}

function everyCut(text: string, options: SplitOptions = RFC) {
  const whole = split(text, text.length, options);
  for (let size = 1; size < text.length; size++) assert.deepEqual(split(text, size, options), whole, `cut every ${size} characters`);
  return whole;
}

describe('the CSV splitter', () => {
  it('reads what csv-parse reads, with any cut of the text: quotes, doubled quotes, line breaks inside quotes, CRLF', () => {
    const text = 'a,b,c\r\n"x, y","he said ""hi""","two\nlines"\r\n,,\r\nplain,"",last\r\n"q"\r\n';
    const records = everyCut(text);
    assert.deepEqual(records.map((r) => r.cells), parse(text, { relax_column_count: true }));
    assert.deepEqual(records.map((r) => r.line), [1, 2, 4, 5, 6]);
  });

  it('keeps empty lines as a record of one empty cell, and reads a last line without a line break', () => {
    assert.deepEqual(everyCut('a,b\n\n\nc,d').map((r) => [r.line, r.cells]), [[1, ['a', 'b']], [2, ['']], [3, ['']], [4, ['c', 'd']]]);
  });

  it('ends lines at a lone CR as well, and counts lines across CR, LF and CRLF', () => {
    assert.deepEqual(everyCut('a\rb\r\nc\nd').map((r) => [r.line, r.cells]), [[1, ['a']], [2, ['b']], [3, ['c']], [4, ['d']]]);
    assert.deepEqual(everyCut('"x\ry",1\r\nz').map((r) => [r.line, r.cells]), [[1, ['x\ry', '1']], [3, ['z']]]);
  });

  it('reads a quote inside an unquoted value as a literal one', () => {
    assert.deepEqual(everyCut('Stark "Industries",5 " tall\n').map((r) => r.cells), [['Stark "Industries"', '5 " tall']]);
  });

  it('uses another delimiter, enclosure and escape', () => {
    const options = { delimiter: ';', quote: "'", escape: '\\', maxRecordChars: 1000 };
    assert.deepEqual(everyCut("'it\\'s; fine';b\\c;'back\\\\slash'\n", options).map((r) => r.cells), [["it's; fine", 'b\\c', 'back\\slash']]);
  });

  it('reports a record with text after its closing quote, and goes on with the next line', () => {
    const records = everyCut('a,b\n"x"y,2\nc,d\n');
    assert.equal(records[1].line, 2);
    assert.match(records[1].error!, /after a closing quote/);
    assert.deepEqual(records[1].cells, ['"x"y,2']);
    assert.deepEqual([records[2].line, records[2].cells], [3, ['c', 'd']]);
  });

  it('reports a quote never closed at its line, and reads the lines after it', () => {
    const records = everyCut('a,b\n"open,1\nc,d\ne,f');
    assert.deepEqual(records.map((r) => [r.line, r.error ? 'error' : r.cells]), [[1, ['a', 'b']], [2, 'error'], [3, ['c', 'd']], [4, ['e', 'f']]]);
  });

  it('stops waiting for a closing quote after maxRecordChars, and goes on with the next line', () => {
    const options = { ...RFC, maxRecordChars: 20 };
    const text = `"open\n${'x,y\n'.repeat(10)}`;
    const records = split(text, 7, options);
    assert.match(records[0].error!, /longer than 20 characters/);
    assert.deepEqual(records.slice(1).map((r) => [r.line, r.cells]), Array.from({ length: 10 }, (_, i) => [i + 2, ['x', 'y']]));
  });

  it('refuses a line that runs on past maxRecordChars without a line break', () => {
    const splitter = new CsvSplitter({ ...RFC, maxRecordChars: 20 });
    splitter.push('a,b\n');
    assert.throws(() => splitter.push('c'.repeat(30)), (error: Error & { code?: string; lines?: number }) => error.code === 'CSV_LINE_TOO_LONG' && error.lines === 2);
  });
});

describe('reading a file', () => {
  it('fails, rather than waits, when the file cannot be read, in any encoding', async () => {
    for (const encoding of ['utf-8', 'windows-1252']) {
      const records = readRecords(os.tmpdir(), { delimiter: ',', enclosure: '"', escape: '"', encoding });
      await assert.rejects(records.next(), (error: NodeJS.ErrnoException) => error.code === 'EISDIR', encoding);
    }
  });
});
