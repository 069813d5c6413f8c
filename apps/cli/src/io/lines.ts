/**
 * Receives one line as a range of a decoded text chunk: the line is
 * `text.slice(start, end)`, without its `\n` but with a trailing `\r` if it
 * had one. `textId` changes whenever `text` is another string. Valid only
 * during the call.
 */
export type LineRangeHandler = (text: string, start: number, end: number, lineNumber: number, textId: number) => void;

/**
 * Cuts decoded text into lines without building the whole file as one string
 * and without allocating a string per line: chunks are decoded as UTF-8 one
 * at a time and each line is handed on as a range of its chunk (a line split
 * across chunks is joined first). Line numbers start at 1; a leading
 * byte-order mark is dropped.
 */
export async function forEachLineRange(chunks: AsyncIterable<Uint8Array>, onLine: LineRangeHandler): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let lineNumber = 0;
  let textId = 0;
  const feed = (text: string): void => {
    let end = text.indexOf('\n');
    if (end === -1) {
      carry += text;
      return;
    }
    let start = 0;
    if (carry !== '') {
      const joined = carry + text.slice(0, end);
      carry = '';
      lineNumber += 1;
      textId += 1;
      onLine(joined, 0, joined.length, lineNumber, textId);
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    textId += 1;
    while (end !== -1) {
      lineNumber += 1;
      onLine(text, start, end, lineNumber, textId);
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    carry = text.slice(start);
  };
  for await (const chunk of chunks) feed(decoder.decode(chunk, { stream: true }));
  feed(decoder.decode());
  if (carry !== '') onLine(carry, 0, carry.length, lineNumber + 1, textId + 1);
}

/** End of the range `start…end` of `text` without one trailing `\r`. */
export function endWithoutCr(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}
