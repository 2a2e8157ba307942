/** One record as the splitter reads it: its cells and the line it starts on, or why it cannot be read. */
export interface SplitRecord {
  readonly line: number;
  readonly cells: string[];
  /** Set when the record cannot be read; `cells` then holds its raw text. */
  readonly error?: string;
}

export interface SplitOptions {
  /** One character each. */
  readonly delimiter: string;
  readonly quote: string;
  /** The character that, inside quotes, makes the quote after it a literal one (the quote itself for RFC 4180's doubled quote). */
  readonly escape: string;
  /** A longer record than this is a file whose quotes are broken, not a contact. */
  readonly maxRecordChars: number;
}

const LF = 10;
const CR = 13;

/**
 * Splits CSV text into records as it arrives, as RFC 4180 reads it with the leniency a
 * contact file needs: a quote inside an unquoted value is a literal one, records may have any
 * number of cells, a line ends with LF, CRLF or CR, and quoted values keep their line breaks.
 * A record that cannot be read (a quote left open up to the end of the file or past
 * maxRecordChars, text after a closing quote) comes as an error at its line, and reading
 * goes on with the line after it.
 */
export class CsvSplitter {
  private text = '';
  /** A CR that ended the text so far: whether it ends a line alone or starts a CRLF, the next text says. */
  private heldCr = false;
  private at = 0;
  private line = 1;
  private readonly delimiter: number;
  private readonly quote: number;
  private readonly escape: number;

  constructor(private readonly options: SplitOptions) {
    for (const key of ['delimiter', 'quote', 'escape'] as const) {
      if (options[key].length !== 1) throw new Error(`the CSV ${key} must be one character`);
    }
    this.delimiter = options.delimiter.charCodeAt(0);
    this.quote = options.quote.charCodeAt(0);
    this.escape = options.escape.charCodeAt(0);
  }

  /** The records that `more` completes. */
  push(more: string): SplitRecord[] {
    const text = (this.at < this.text.length ? this.text.slice(this.at) : '') + (this.heldCr ? '\r' : '') + more;
    this.heldCr = text.charCodeAt(text.length - 1) === CR;
    this.text = this.heldCr ? text.slice(0, -1) : text;
    this.at = 0;
    return this.drain(false);
  }

  /** The last records, once the text has all arrived. */
  end(): SplitRecord[] {
    if (this.heldCr) this.text = `${this.text.slice(this.at)}\r`;
    else this.text = this.text.slice(this.at);
    this.heldCr = false;
    this.at = 0;
    return this.drain(true);
  }

  private drain(final: boolean): SplitRecord[] {
    const records: SplitRecord[] = [];
    const { text } = this;
    // Where the next quote, LF and CR are: each is looked for again only once passed, so that
    // a file without one of them is not searched to its end for every line.
    const next = { quote: -1, lf: -1, cr: -1 };
    const find = (key: keyof typeof next, char: string, from: number) => {
      if (next[key] !== -1 && next[key] < from) next[key] = text.indexOf(char, from);
      return next[key];
    };
    next.quote = text.indexOf(this.options.quote, this.at);
    next.lf = text.indexOf('\n', this.at);
    next.cr = text.indexOf('\r', this.at);
    while (this.at < text.length) {
      const start = this.at;
      let lf = find('lf', '\n', start);
      const cr = find('cr', '\r', start);
      if (cr !== -1 && (lf === -1 || cr < lf - 1)) lf = cr; // a lone CR ends the line
      if (lf === -1 && !final) {
        if (text.length - start > this.options.maxRecordChars) throw tooLong(this.line, this.options.maxRecordChars);
        break;
      }
      const end = lf === -1 ? text.length : lf;
      const quote = find('quote', this.options.quote, start);
      if (quote === -1 || quote >= end) {
        // No quote on the line, as on most lines of most files: one native split.
        const lineEnd = end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
        records.push({ line: this.line++, cells: text.slice(start, lineEnd).split(this.options.delimiter) });
        this.at = end + 1;
        continue;
      }
      const record = this.quoted(start, final);
      if (!record) break;
      records.push(record);
    }
    if (final) this.text = '';
    return records;
  }

  /**
   * Reads the record at `start`, whose line holds a quote, a character at a time. Answers
   * undefined when the text so far ends inside it (and more may come).
   */
  private quoted(start: number, final: boolean): SplitRecord | undefined {
    const { text, delimiter, quote, escape } = this;
    const max = start + this.options.maxRecordChars;
    const cells: string[] = [];
    let breaks = 0;
    let i = start;
    for (;;) {
      // At the start of a cell.
      if (text.charCodeAt(i) === quote) {
        let value = '';
        let from = i + 1;
        let j = from;
        for (;;) {
          if (j >= text.length || j > max) {
            if (!final && j <= max) return undefined;
            return this.broken(start, start, 0, j > max ? `a record longer than ${this.options.maxRecordChars.toLocaleString('en-US')} characters: is a quote left open?` : 'a quote opened here is never closed');
          }
          const c = text.charCodeAt(j);
          if (c === escape && escape !== quote && j + 1 < text.length && (text.charCodeAt(j + 1) === quote || text.charCodeAt(j + 1) === escape)) {
            value += text.slice(from, j);
            from = j + 1;
            j += 2;
          } else if (c === quote) {
            if (escape === quote && text.charCodeAt(j + 1) === quote) {
              value += text.slice(from, j + 1);
              j += 2;
              from = j;
            } else break;
          } else {
            if (c === LF || (c === CR && text.charCodeAt(j + 1) !== LF)) breaks++;
            j++;
          }
        }
        if (j + 1 >= text.length && !final) return undefined;
        cells.push(value + text.slice(from, j));
        i = j + 1;
        const next = text.charCodeAt(i);
        if (next === delimiter) {
          i++;
          continue;
        }
        if (i >= text.length || next === LF || next === CR) return this.finish(i, cells, breaks);
        return this.broken(start, i, breaks, `text after a closing quote: ${JSON.stringify(text[i])} where a delimiter or the end of the line belongs`);
      }
      // An unquoted cell: up to the next delimiter or the end of the line.
      let j = i;
      for (; j < text.length; j++) {
        const c = text.charCodeAt(j);
        if (c === delimiter || c === LF || c === CR) break;
      }
      if (j >= text.length && !final) return undefined;
      cells.push(text.slice(i, j));
      if (text.charCodeAt(j) === delimiter) {
        i = j + 1;
        continue;
      }
      return this.finish(j, cells, breaks);
    }
  }

  /** Ends a record whose last cell ends at `at` (a line break or the end of the text). */
  private finish(at: number, cells: string[], breaks: number): SplitRecord {
    const record = { line: this.line, cells };
    this.line += breaks + 1;
    this.at = this.text.charCodeAt(at) === CR && this.text.charCodeAt(at + 1) === LF ? at + 2 : at + 1;
    return record;
  }

  /**
   * A record that cannot be read, reported with its raw text up to the end of the line that
   * holds `from` (`breaks` line breaks after its start); reading goes on with the next line.
   */
  private broken(start: number, from: number, breaks: number, reason: string): SplitRecord {
    const { text } = this;
    let end = from;
    while (end < text.length && text.charCodeAt(end) !== LF && text.charCodeAt(end) !== CR) end++;
    const record = { line: this.line, cells: [text.slice(start, end)], error: reason };
    this.line += breaks + 1;
    this.at = text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
    return record;
  }
}

/** A line with no line break for longer than a record may be: no file a contact list comes in. */
function tooLong(line: number, max: number): Error {
  return Object.assign(new Error(`line ${line} runs on for more than ${max.toLocaleString('en-US')} characters without a line break`), { code: 'CSV_LINE_TOO_LONG', lines: line });
}
