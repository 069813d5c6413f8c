import { describe, expect, it } from 'vitest';
import { CsvRecordParser, CsvSyntaxError, csvField } from './csv.js';
import { formatFromContent, formatFromName, TabSplitter } from './table.js';

describe('TabSplitter', () => {
  it('splits like String.split and reuses strings of repeated values', () => {
    const splitter = new TabSplitter();
    const lines = ['w1\tt1\tA', 'w2\tt1\tA', 'w22\tt1x\tAB', 'w2\tt1\t', '\t\t', 'only', 'w1\tt1\tA\textra'];
    const seen: string[][] = [];
    for (const line of lines) {
      const cells = splitter.split(line);
      expect(cells).toEqual(line.split('\t'));
      seen.push([...cells]);
    }
    // Same value on consecutive rows: the identical string object comes back.
    expect(Object.is(seen[0]![1], seen[1]![1])).toBe(true);
  });

  it('splits ranges of a chunk of lines, with or without tabs', () => {
    const chunk = 'a\tb\nc\nd\te\tf\n\ng';
    const splitter = new TabSplitter();
    const ranges = [
      [0, 3],
      [4, 5],
      [6, 11],
      [12, 12],
      [13, 14],
    ] as const;
    const got = ranges.map(([from, to]) => [...splitter.split(chunk, from, to, 1)]);
    expect(got).toEqual([['a', 'b'], ['c'], ['d', 'e', 'f'], [''], ['g']]);
  });

  it('never confuses a value with its prefix or extension', () => {
    const splitter = new TabSplitter();
    expect([...splitter.split('abc\tx')]).toEqual(['abc', 'x']);
    expect([...splitter.split('ab\tx')]).toEqual(['ab', 'x']);
    expect([...splitter.split('abcd\tx')]).toEqual(['abcd', 'x']);
    expect([...splitter.split('abc\txy')]).toEqual(['abc', 'xy']);
  });
});

describe('CsvRecordParser', () => {
  const parse = (lines: string[]): (string[] | undefined)[] => {
    const parser = new CsvRecordParser();
    return lines.map((line, i) => parser.push(line, i + 1));
  };

  it('handles quotes, escaped quotes, empty fields and CRLF', () => {
    expect(parse(['a,"b,c","say ""hi""",\r'])).toEqual([['a', 'b,c', 'say "hi"', '']]);
    expect(parse(['"",x'])).toEqual([['', 'x']]);
  });

  it('joins a quoted field across lines, keeping the line break it had', () => {
    const parser = new CsvRecordParser();
    expect(parser.push('1,"two\r', 1)).toBeUndefined();
    expect(parser.pending).toBe(true);
    expect(parser.push('lines",3\r', 2)).toEqual(['1', 'two\r\nlines', '3']);
    expect(parser.recordLine).toBe(1);
  });

  it('rejects text after a closing quote and an unclosed quote at the end', () => {
    expect(() => parse(['"a"b,c'])).toThrow(CsvSyntaxError);
    const parser = new CsvRecordParser();
    parser.push('"open', 4);
    expect(() => parser.finish()).toThrow(/not closed/);
  });

  it('quotes output fields only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
  });
});

describe('format detection', () => {
  it('uses the name, then the content', () => {
    expect(formatFromName('x.CSV.gz')).toBe('csv');
    expect(formatFromName('x.ndjson')).toBe('jsonl');
    expect(formatFromName('x.dat')).toBeUndefined();
    expect(formatFromContent('{"worker":1}', undefined)).toBe('jsonl');
    expect(formatFromContent('INPUT:url\tOUTPUT:result\tASSIGNMENT:worker_id', 'tsv')).toBe('toloka');
    expect(formatFromContent('worker\ttask\tlabel', undefined)).toBe('tsv');
    expect(formatFromContent('worker,task,label', undefined)).toBe('csv');
  });
});
