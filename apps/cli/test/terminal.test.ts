import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, dataset, requireBuiltCli, runCli, tempDir } from './helpers.js';

// Progress bars and colours appear only on a terminal: util-linux `script` gives the CLI a pseudo-terminal.
const hasScript = spawnSync('script', ['--version']).status === 0;
const { dir, cleanup } = tempDir();
beforeAll(requireBuiltCli);
afterAll(cleanup);

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

/** Runs a shell command line under a pseudo-terminal; returns everything the terminal showed. */
function onTerminal(commandLine: string, env: Record<string, string> = {}): string {
  const result = spawnSync('script', ['-qec', commandLine, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', ...env },
    timeout: 60_000,
  });
  return result.stdout;
}

/** Answers fed to stdin with a pause in the middle, so the progress bar gets time to draw. */
function slowInput(): string {
  const file = quote(dataset('dog', 'responses.tsv'));
  return `(head -n 2000 ${file}; sleep 1; tail -n +2001 ${file})`;
}

describe.runIf(hasScript)('on a terminal', () => {
  it('draws a progress bar with a rate on stderr, then erases it', () => {
    const out = path.join(dir, 'tty.tsv');
    const shown = onTerminal(`${slowInput()} | node ${quote(CLI_BIN)} aggregate - --method majority-vote --out ${quote(out)}`);
    expect(shown).toMatch(/reading <stdin> \d+ answers [\d.]+k?\/s/);
    expect(shown).toContain('\r\u001b[2K');
    expect(shown).toMatch(/8070 answers, 807 tasks/);
  });

  it('--quiet draws nothing', () => {
    const out = path.join(dir, 'quiet.tsv');
    const shown = onTerminal(`${slowInput()} | node ${quote(CLI_BIN)} aggregate - --method majority-vote --out ${quote(out)} --quiet`);
    expect(shown).toBe('');
  });

  it('colours "error:" unless NO_COLOR is set', () => {
    const command = `node ${quote(CLI_BIN)} aggregate`;
    expect(onTerminal(command)).toContain('\u001b[31merror:\u001b[0m');
    const plain = onTerminal(command, { NO_COLOR: '1' });
    expect(plain).toContain('error: aggregate: missing the answers file');
    expect(plain).not.toContain('\u001b[');
  });
});

describe('in a pipe', () => {
  it('stderr has no progress bar and no escape codes', async () => {
    const run = await runCli(['aggregate', dataset('dog', 'responses.tsv'), '--method', 'majority-vote'], { env: { NO_COLOR: undefined } });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr).not.toContain('\u001b[');
  });
});
