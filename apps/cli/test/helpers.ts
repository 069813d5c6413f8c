import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (apps/cli/test → ../../..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The built CLI entry point the tests run. */
export const CLI_BIN = path.join(REPO_ROOT, 'apps/cli/dist/bin.js');

/** Shared datasets: `../shared/datasets` beside the repository, or `CROWDAGG_DATASETS`. */
export const DATASETS = process.env.CROWDAGG_DATASETS ?? path.resolve(REPO_ROOT, '../shared/datasets');

/** Path of a dataset file, e.g. `dataset('dog', 'responses.tsv')`. */
export function dataset(name: string, file: string): string {
  return path.join(DATASETS, name, file);
}

/** Throws when the CLI has not been built (run `pnpm --filter @crowdagg/cli... build`). */
export function requireBuiltCli(): void {
  if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run pnpm --filter @crowdagg/cli... build first`);
}

/** What a CLI run produced. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/bin.js ...args`, optionally feeding `input` on stdin. */
export function runCli(
  args: readonly string[],
  options: { input?: string | Buffer; env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env, cwd: options.cwd ?? REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Parses TSV text (header + rows) into objects. */
export function parseTsv(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((line) => line !== '');
  const header = lines[0]!.split('\t');
  return lines.slice(1).map((line) => Object.fromEntries(line.split('\t').map((cell, i) => [header[i]!, cell])));
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'crowdagg-cli-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
