/**
 * Reads the PHP `serialize()` output that Mautic's WordPress plugin puts in the pixel's `d`
 * parameter: arrays of strings, numbers, booleans and nulls. Objects are refused (they are
 * how PHP deserialisation attacks work), and so is anything malformed or deeper than 8 levels.
 */
export function parsePhpArray(input: string): Record<string, unknown> | undefined {
  let pos = 0;
  const fail = (): never => {
    throw new Error('malformed');
  };
  const readUntil = (char: string) => {
    const end = input.indexOf(char, pos);
    if (end < 0) fail();
    const text = input.slice(pos, end);
    pos = end + 1;
    return text;
  };
  const value = (depth: number): unknown => {
    const type = input[pos];
    if (input[pos + 1] !== ':' && type !== 'N') fail();
    switch (type) {
      case 'N':
        if (input[pos + 1] !== ';') fail();
        pos += 2;
        return null;
      case 'b':
        pos += 2;
        return readUntil(';') === '1';
      case 'i':
      case 'd': {
        pos += 2;
        const number = Number(readUntil(';'));
        if (!Number.isFinite(number)) fail();
        return number;
      }
      case 's': {
        pos += 2;
        const length = Number(readUntil(':'));
        if (!Number.isInteger(length) || length < 0 || input[pos] !== '"') fail();
        // PHP counts bytes; take as many characters as make up that many UTF-8 bytes.
        let end = pos + 1;
        let bytes = 0;
        while (bytes < length && end < input.length) bytes += Buffer.byteLength(input[end++]);
        if (bytes !== length || input.slice(end, end + 2) !== '";') fail();
        const text = input.slice(pos + 1, end);
        pos = end + 2;
        return text;
      }
      case 'a': {
        if (depth > 8) fail();
        pos += 2;
        const count = Number(readUntil(':'));
        if (!Number.isInteger(count) || count < 0 || count > 10_000 || input[pos] !== '{') fail();
        pos++;
        const result: Record<string, unknown> = {};
        for (let i = 0; i < count; i++) {
          const key = value(depth + 1);
          if (typeof key !== 'string' && typeof key !== 'number') fail();
          result[String(key)] = value(depth + 1);
        }
        if (input[pos] !== '}') fail();
        pos++;
        return result;
      }
      default:
        return fail();
    }
  };
  try {
    if (input[0] !== 'a') return undefined;
    const result = value(0) as Record<string, unknown>;
    return pos === input.length ? result : undefined;
  } catch {
    return undefined;
  }
}
