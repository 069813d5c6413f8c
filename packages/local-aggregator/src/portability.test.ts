/**
 * The package must run in browsers: no Node built-ins, globals or I/O in any
 * shipped source file (tests and test-support are not shipped).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));
const FORBIDDEN = [
  /from\s+['"]node:/,
  /from\s+['"](fs|path|url|os|crypto|child_process|worker_threads)['"]/,
  /\brequire\(/,
  /\bprocess\./,
  /\bBuffer\b/,
  /\b__dirname\b/,
  /\bsetImmediate\b/,
];

function shippedFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : shippedFiles(full);
    return entry.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(entry.name) ? [full] : [];
  });
}

describe('portability', () => {
  const files = shippedFiles(SRC);

  it('finds the shipped sources', () => {
    expect(files.map((file) => path.relative(SRC, file))).toContain('matrix.ts');
  });

  it.each(files.map((file) => [path.relative(SRC, file), file]))('%s uses no Node-only API', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const pattern of FORBIDDEN) expect(text).not.toMatch(pattern);
  });
});
