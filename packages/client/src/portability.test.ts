import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));

/** Library sources: everything but tests and test support. */
function librarySources(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(file) && !file.startsWith('test-support'))
    .map((file) => join(SRC, file));
}

const NODE_ONLY = [
  { what: 'a node: import', pattern: /from\s+['"]node:/ },
  { what: 'a Node builtin import', pattern: /from\s+['"](fs|path|http|https|net|url|util|crypto|stream|buffer|events)['"]/ },
  { what: 'process', pattern: /\bprocess\./ },
  { what: 'Buffer', pattern: /\bBuffer\b/ },
  { what: 'require()', pattern: /\brequire\(/ },
];

describe('browser portability', () => {
  it('library code uses no Node-only API (only fetch, AbortSignal, URL, Headers, crypto.randomUUID)', () => {
    const files = librarySources();
    expect(files.length).toBeGreaterThan(5);
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const { what, pattern } of NODE_ONLY) if (pattern.test(text)) found.push(`${file}: ${what}`);
    }
    expect(found).toEqual([]);
  });
});
