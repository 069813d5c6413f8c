/**
 * Splits decoded text into lines without building the whole file as one
 * string: chunks are decoded as UTF-8 one at a time and cut at `\n`. The line
 * handed on keeps a trailing `\r` (CSV needs it inside quoted fields); line
 * numbers start at 1. A leading byte-order mark is dropped.
 */
export async function forEachLine(
  chunks: AsyncIterable<Uint8Array>,
  onLine: (line: string, lineNumber: number) => void,
): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let lineNumber = 0;
  const feed = (text: string): void => {
    let start = 0;
    let end = text.indexOf('\n');
    if (end === -1) {
      carry += text;
      return;
    }
    let first = true;
    while (end !== -1) {
      const piece = text.slice(start, end);
      lineNumber += 1;
      if (first) {
        onLine(carry + piece, lineNumber);
        carry = '';
        first = false;
      } else {
        onLine(piece, lineNumber);
      }
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    carry = text.slice(start);
  };
  for await (const chunk of chunks) feed(decoder.decode(chunk, { stream: true }));
  feed(decoder.decode());
  if (carry.length > 0) onLine(carry, lineNumber + 1);
}

/** `line` without one trailing `\r`. */
export function stripCr(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}
