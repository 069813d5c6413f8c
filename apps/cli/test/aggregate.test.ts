import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, dataset, parseTsv, requireBuiltCli, runCli, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir();
beforeAll(requireBuiltCli);
afterAll(cleanup);

interface Report {
  input: { answers: number; tasks: number; workers: number; labels: string[]; badRows: number; notAccepted: number; format: string };
  method: string;
  iterations: number;
  golden: { accuracy: number; scored: number; correct: number; perClass: { label: string; support: number; recall: number }[] } | null;
}

function readReport(file: string): Report {
  return JSON.parse(readFileSync(file, 'utf8')) as Report;
}

/** Accuracy of an output TSV against a golden TSV, computed here independently of the CLI. */
function accuracyOf(outputTsv: string, goldenPath: string): number {
  const golden = new Map(parseTsv(readFileSync(goldenPath, 'utf8')).map((r) => [r.task!, r.label!]));
  const rows = parseTsv(outputTsv);
  let correct = 0;
  let scored = 0;
  for (const row of rows) {
    const truth = golden.get(row.task!);
    if (truth === undefined) continue;
    scored += 1;
    if (truth === row.label) correct += 1;
  }
  return correct / scored;
}

// Crowd-Kit 1.4.1 accuracies (shared/reference/crowdkit-baseline.md) minus a small margin.
const EXPECTED: { dataset: string; method: string; atLeast: number }[] = [
  { dataset: 'dog', method: 'majority-vote', atLeast: 0.81 },
  { dataset: 'duck', method: 'majority-vote', atLeast: 0.75 },
  { dataset: 'dog', method: 'dawid-skene', atLeast: 0.83 },
  { dataset: 'duck', method: 'dawid-skene', atLeast: 0.85 },
  { dataset: 'dog', method: 'wawa', atLeast: 0.82 },
  { dataset: 'dog', method: 'zero-based-skill', atLeast: 0.82 },
];

describe('aggregate on the shared datasets', () => {
  it.each(EXPECTED)('$method on $dataset scores at least $atLeast against golden labels', async ({ dataset: name, method, atLeast }) => {
    const report = path.join(dir, `${name}-${method}.json`);
    const golden = dataset(name, 'golden.tsv');
    const run = await runCli(['aggregate', dataset(name, 'responses.tsv'), '--method', method, '--golden', golden, '--report', report]);
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.code).toBe(0);
    const measured = accuracyOf(run.stdout, golden);
    const written = readReport(report);
    expect(written.method).toBe(method);
    expect(written.golden!.accuracy).toBeCloseTo(measured, 10);
    expect(measured).toBeGreaterThanOrEqual(atLeast);
    expect(run.stderr).toMatch(new RegExp(`accuracy ${measured.toFixed(4)}`));
    expect(written.golden!.perClass.reduce((n, c) => n + c.support, 0)).toBe(written.golden!.scored);
  });

  it('majority vote on dog reproduces Crowd-Kit exactly (0.8178, 660 of 807) with per-class figures', async () => {
    const report = path.join(dir, 'dog-mv.json');
    const run = await runCli([
      'aggregate',
      dataset('dog', 'responses.tsv'),
      '--method',
      'majority-vote',
      '--golden',
      dataset('dog', 'golden.tsv'),
      '--report',
      report,
      '--quiet',
    ]);
    expect(run.code).toBe(0);
    const written = readReport(report);
    expect(written.input).toMatchObject({ answers: 8070, tasks: 807, workers: 109, labels: ['0', '1', '2', '3'], format: 'tsv' });
    expect(written.golden).toMatchObject({ scored: 807, correct: 660 });
    expect(written.golden!.perClass.map((c) => c.label)).toEqual(['0', '1', '2', '3']);
    expect(run.stderr).toMatch(/^accuracy 0\.8178 \(660\/807 golden tasks\)$/m);
    expect(run.stderr).toMatch(/^ {2}3: precision/m);
    // --quiet drops the summary but keeps the score.
    expect(run.stderr).not.toMatch(/answers, 807 tasks/);
  });

  it.each(['dog', 'duck'])('--stopping crowdkit reproduces Crowd-Kit DawidSkene labels on %s task for task', async (name) => {
    const run = await runCli(['aggregate', dataset(name, 'responses.tsv'), '--stopping', 'crowdkit', '-q']);
    expect(run.code).toBe(0);
    const ours = new Map(parseTsv(run.stdout).map((r) => [r.task!, r.label!]));
    const theirs = parseTsv(readFileSync(dataset(name, 'crowdkit-ds.tsv'), 'utf8'));
    expect(theirs.length).toBeGreaterThan(100);
    expect(theirs.filter((r) => ours.get(r.task!) !== r.label)).toEqual([]);
  });

  it('method options as flags reach the method (--iterations, --tol, -O) and show in the report', async () => {
    const report = path.join(dir, 'options.json');
    const run = await runCli(['aggregate', dataset('dog', 'responses.tsv'), '--iterations', '3', '--tol', '1e-9', '-O', 'stopping=crowdkit', '--report', report]);
    expect(run.code).toBe(0);
    const written = JSON.parse(readFileSync(report, 'utf8')) as { iterations: number; options: Record<string, unknown> };
    expect(written.options).toMatchObject({ maxIterations: 3, tolerance: 1e-9, stopping: 'crowdkit' });
    expect(written.iterations).toBe(3);
    expect(run.stderr).toMatch(/not converged/);
  });

  it('--skills feeds weighted dynamic overlap; a worker without a skill is an error unless a policy is given', async () => {
    const responses = parseTsv(readFileSync(dataset('dog', 'responses.tsv'), 'utf8'));
    const workers = [...new Set(responses.map((r) => r.worker!))];
    const skills = path.join(dir, 'dog-skills.csv');
    writeFileSync(skills, `worker,skill\n${workers.slice(1).map((w, i) => `${w},${60 + (i % 4) * 10}`).join('\n')}\n`);
    const missing = await runCli(['aggregate', dataset('dog', 'responses.tsv'), '--method', 'weighted-dynamic-overlap', '--skills', skills]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/weighted-dynamic-overlap: .*skill/i);
    const run = await runCli([
      'aggregate',
      dataset('dog', 'responses.tsv'),
      '--method',
      'weighted-dynamic-overlap',
      '--skills',
      skills,
      '--on-missing-skill',
      'value',
      '--default-skill',
      '50',
      '--golden',
      dataset('dog', 'golden.tsv'),
      '-q',
    ]);
    expect(run.code).toBe(0);
    expect(accuracyOf(run.stdout, dataset('dog', 'golden.tsv'))).toBeGreaterThan(0.75);
  });

  it('-O golden=clamp clamps golden tasks in Dawid-Skene; JSON-valued options parse', async () => {
    const report = path.join(dir, 'clamp.json');
    const clamp = await runCli(['aggregate', dataset('dog', 'responses.tsv'), '-O', 'golden=clamp', '--golden', dataset('dog', 'golden.tsv'), '--report', report, '-q']);
    expect(clamp.code).toBe(0);
    expect(readReport(report).golden).toMatchObject({ accuracy: 1, scored: 807 });
    const prior = path.join(dir, 'prior.json');
    const run = await runCli(['aggregate', dataset('duck', 'responses.tsv'), '--method', 'one-coin-dawid-skene', '-O', 'skillPrior=[8,2]', '--report', prior]);
    expect(run.code).toBe(0);
    expect((JSON.parse(readFileSync(prior, 'utf8')) as { options: { skillPrior: number[] } }).options.skillPrior).toEqual([8, 2]);
  });

  it.each([
    [['-O', 'golden=clamp'], /needs golden labels/],
    [['--skills', 'skills.tsv'], /--skills does not apply to dawid-skene/],
    [['--iterations', '5', '--method', 'majority-vote'], /--iterations does not apply to majority-vote/],
    [['-O', 'nosuch=1'], /dawid-skene has no option "nosuch"/],
    [['-O', 'maxIterations=many'], /needs a number/],
  ])('method option mistakes are usage errors: %j', async (extra, message) => {
    const run = await runCli(['aggregate', dataset('duck', 'responses.tsv'), ...extra]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('defaults to dawid-skene', async () => {
    const report = path.join(dir, 'default.json');
    const run = await runCli(['aggregate', dataset('duck', 'responses.tsv'), '--report', report, '-q']);
    expect(run.code).toBe(0);
    expect(readReport(report).method).toBe('dawid-skene');
  });
});

describe('input formats', () => {
  const tsv = readFileSync(dataset('dog', 'responses.tsv'));
  let reference: string;

  beforeAll(async () => {
    const run = await runCli(['aggregate', dataset('dog', 'responses.tsv'), '--method', 'majority-vote', '-q']);
    expect(run.code).toBe(0);
    reference = run.stdout;
  });

  it('reads gzip input by its magic bytes, whatever the name', async () => {
    const file = path.join(dir, 'dog-responses.data');
    writeFileSync(file, gzipSync(tsv));
    const run = await runCli(['aggregate', file, '--method', 'majority-vote', '-q']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(reference);
  });

  it('reads stdin with -, gzip or not', async () => {
    const plain = await runCli(['aggregate', '-', '--method', 'majority-vote', '-q'], { input: tsv });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(reference);
    const zipped = await runCli(['aggregate', '-', '--method', 'majority-vote', '-q'], { input: gzipSync(tsv) });
    expect(zipped.stdout).toBe(reference);
  });

  it('parses RFC 4180 CSV: quoted delimiters, escaped quotes, CRLF and line breaks inside quotes', async () => {
    const file = path.join(dir, 'quoted.csv');
    const rows = [
      'annotator,item,answer',
      'w1,"t,1","say ""yes"""',
      'w2,"t,1","say ""yes"""',
      'w3,"t,1",no',
      'w1,t2,"two\r\nlines"',
      'w2,t2,"two\r\nlines"',
      'w3,t2,other',
    ];
    writeFileSync(file, `${rows.join('\r\n')}\r\n`);
    const run = await runCli([
      'aggregate',
      file,
      '--method',
      'majority-vote',
      '--worker-col',
      'annotator',
      '--task-col',
      'item',
      '--label-col',
      'answer',
      '--format',
      'jsonl',
      '-q',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { task: string; label: string; confidence: number });
    expect(out.map((r) => [r.task, r.label])).toEqual([
      ['t,1', 'say "yes"'],
      ['t2', 'two\r\nlines'],
    ]);
    expect(out[0]!.confidence).toBeCloseTo(2 / 3, 12);
  });

  it('reads JSONL with string, number and boolean values', async () => {
    const file = path.join(dir, 'answers.jsonl');
    const lines = [
      { worker: 'a', task: 1, label: true },
      { worker: 'b', task: 1, label: true },
      { worker: 'c', task: 1, label: false },
      { worker: 'a', task: 2, label: false },
    ];
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const run = await runCli(['aggregate', file, '--method', 'majority-vote', '-q']);
    expect(run.code).toBe(0);
    expect(parseTsv(run.stdout).map((r) => [r.task, r.label])).toEqual([
      ['1', 'true'],
      ['2', 'false'],
    ]);
  });

  const tolokaHeader = ['INPUT:image', 'OUTPUT:breed', 'OUTPUT:size', 'GOLDEN:breed', 'GOLDEN:size', 'ASSIGNMENT:worker_id', 'ASSIGNMENT:status'];
  const tolokaRows = [
    ['img1', 'pug', 'small', 'pug', 'small', 'u1', 'APPROVED'],
    ['img1', 'pug', 'small', 'pug', 'small', 'u2', 'ACCEPTED'],
    ['img1', 'husky', 'big', 'pug', 'small', 'u3', 'SUBMITTED'],
    ['img1', 'husky', 'big', 'pug', 'small', 'u4', 'REJECTED'],
    ['img1', 'husky', 'big', 'pug', 'small', 'u5', 'REJECTED'],
    ['img2', 'husky', 'big', '', '', 'u1', 'APPROVED'],
    ['img2', 'husky', 'small', '', '', 'u2', 'APPROVED'],
    ['img2', 'husky', 'big', '', '', 'u3', 'APPROVED'],
  ];

  it('reads a Toloka export: only accepted assignments count, two fields aggregate jointly', async () => {
    const file = path.join(dir, 'assignments_from_pool.tsv');
    writeFileSync(file, [tolokaHeader, ...tolokaRows].map((r) => r.join('\t')).join('\n'));
    const report = path.join(dir, 'toloka.json');
    const run = await runCli(['aggregate', file, '--method', 'majority-vote', '--report', report]);
    expect(run.code).toBe(0);
    const rows = parseTsv(run.stdout);
    expect(Object.keys(rows[0]!)).toEqual(['task', 'breed', 'size', 'confidence']);
    // The two rejected "husky/big" answers and the submitted one would outvote "pug/small" if they counted.
    expect(rows.map((r) => [r.breed, r.size, r.confidence])).toEqual([
      ['pug', 'small', '1'],
      ['husky', 'big', String(2 / 3)],
    ]);
    const written = readReport(report);
    expect(written.input).toMatchObject({ format: 'toloka', notAccepted: 3, answers: 5 });
    // GOLDEN: columns score the result when --golden is not given.
    expect(written.golden).toMatchObject({ scored: 1, correct: 1 });
  });

  it('--fields picks one Toloka field; without a status column every row counts', async () => {
    const file = path.join(dir, 'no-status.tsv');
    const noStatus = [tolokaHeader.slice(0, -1), ...tolokaRows.map((r) => r.slice(0, -1))];
    writeFileSync(file, noStatus.map((r) => r.join('\t')).join('\n'));
    const run = await runCli(['aggregate', file, '--method', 'majority-vote', '--fields', 'breed']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/no ASSIGNMENT:status column, so every row counts/);
    const rows = parseTsv(run.stdout);
    expect(rows.map((r) => [r.task, r.label])).toEqual([
      ['img1', 'husky'],
      ['img2', 'husky'],
    ]);
  });

  it('Toloka: ASSIGNMENT:task_id names tasks; joint answers come out as one key per field in JSON and score against a joint golden file', async () => {
    const file = path.join(dir, 'with-task-id.tsv');
    const header = ['ASSIGNMENT:task_id', ...tolokaHeader];
    const rows = tolokaRows.map((r) => [r[0] === 'img1' ? 'task-a' : 'task-b', ...r]);
    writeFileSync(file, [header, ...rows].map((r) => r.join('\t')).join('\r\n'));
    const golden = path.join(dir, 'joint-golden.tsv');
    writeFileSync(golden, 'task\tbreed\tsize\ntask-a\tpug\tsmall\ntask-b\thusky\tsmall\n');
    const report = path.join(dir, 'joint.json');
    const run = await runCli(['aggregate', file, '--method', 'majority-vote', '--format', 'json', '--golden', golden, '--report', report, '--posteriors']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { task: string; breed: string; size: string; confidence: number; posteriors: Record<string, number> }[];
    expect(out.map((r) => [r.task, r.breed, r.size])).toEqual([
      ['task-a', 'pug', 'small'],
      ['task-b', 'husky', 'big'],
    ]);
    expect(Object.keys(out[0]!.posteriors)).toContain('["pug","small"]');
    expect(readReport(report).golden).toMatchObject({ scored: 2, correct: 1, accuracy: 0.5 });
  });

  it('--input-format forces the format', async () => {
    const file = path.join(dir, 'answers.txt');
    writeFileSync(file, 'worker;task;label\n');
    const forced = await runCli(['aggregate', file, '--input-format', 'csv']);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/no column "worker"/);
  });
});

describe('output', () => {
  const args = ['aggregate', dataset('duck', 'responses.tsv'), '--method', 'majority-vote', '-q'];

  it('TSV by default: a header and three clean columns on stdout, nothing else', async () => {
    const run = await runCli(args.filter((a) => a !== '-q'));
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('task\tlabel\tconfidence');
    expect(lines.every((line) => line.split('\t').length === 3)).toBe(true);
    expect(lines.length).toBe(109);
    expect(run.stderr).toMatch(/answers, 108 tasks/);
  });

  it('CSV, JSON and JSONL parse back to the same answers', async () => {
    const tsv = parseTsv((await runCli(args)).stdout);
    const csv = (await runCli([...args, '--format', 'csv'])).stdout.trimEnd().split('\n');
    expect(csv[0]).toBe('task,label,confidence');
    expect(csv.slice(1).map((line) => line.split(','))).toEqual(tsv.map((r) => [r.task, r.label, r.confidence]));
    const json = JSON.parse((await runCli([...args, '--format', 'json'])).stdout) as { task: string; label: string; confidence: number }[];
    expect(json.map((r) => [r.task, r.label, String(r.confidence)])).toEqual(tsv.map((r) => [r.task, r.label, r.confidence]));
    const out = path.join(dir, 'duck.jsonl');
    const jsonl = await runCli([...args, '--out', out]);
    expect(jsonl.stdout).toBe('');
    const parsed = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { task: string });
    expect(parsed.map((r) => r.task)).toEqual(tsv.map((r) => r.task));
  });

  it('stops quietly with exit code 0 when the reader of stdout goes away (| head)', async () => {
    const big = path.join(dir, 'big.tsv');
    const lines = ['worker\ttask\tlabel'];
    for (let t = 0; t < 200_000; t += 1) lines.push(`w${t % 7}\tt${t}\tx`);
    writeFileSync(big, `${lines.join('\n')}\n`);
    const child = spawn(process.execPath, [CLI_BIN, 'aggregate', big, '--method', 'majority-vote', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('--posteriors adds one column per label; each row sums to 1 and the chosen label has the confidence', async () => {
    const run = await runCli([...args, '--posteriors']);
    const rows = parseTsv(run.stdout);
    expect(Object.keys(rows[0]!)).toEqual(['task', 'label', 'confidence', 'posterior:0', 'posterior:1']);
    for (const row of rows) {
      const p0 = Number(row['posterior:0']);
      const p1 = Number(row['posterior:1']);
      expect(p0 + p1).toBeCloseTo(1, 12);
      expect(Number(row[`posterior:${row.label}`])).toBe(Number(row.confidence));
    }
    const json = JSON.parse((await runCli([...args, '--posteriors', '--format', 'json'])).stdout) as { posteriors: Record<string, number> }[];
    expect(Object.keys(json[0]!.posteriors)).toEqual(['0', '1']);
  });

  it('--labels fixes the label options and their order; another label is a bad row', async () => {
    const run = await runCli([...args, '--posteriors', '--labels', '1,0,maybe']);
    expect(run.code).toBe(0);
    const rows = parseTsv(run.stdout);
    expect(Object.keys(rows[0]!)).toEqual(['task', 'label', 'confidence', 'posterior:1', 'posterior:0', 'posterior:maybe']);
    expect(rows.every((r) => r['posterior:maybe'] === '0')).toBe(true);
    const strict = await runCli([...args, '--labels', '1']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/responses\.tsv:\d+: label "0" is not one of --labels/);
  });

  it('--workers writes worker parameters as TSV or JSON', async () => {
    const tsvPath = path.join(dir, 'workers.tsv');
    const jsonPath = path.join(dir, 'workers.json');
    expect((await runCli([...args, '--workers', tsvPath])).code).toBe(0);
    expect((await runCli([...args, '--workers', jsonPath])).code).toBe(0);
    const rows = parseTsv(readFileSync(tsvPath, 'utf8'));
    expect(rows.length).toBe(39);
    expect(Object.keys(rows[0]!)[0]).toBe('worker');
    const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as { method: string; labels: string[]; workers: { worker: string }[] };
    expect(json.method).toBe('majority-vote');
    expect(json.workers.map((w) => w.worker)).toEqual(rows.map((r) => r.worker));
  });

  it('--workers nests confusion matrices per worker (Dawid-Skene) and keys per-task parameters by task (GLAD)', async () => {
    const ds = path.join(dir, 'ds-workers.json');
    expect((await runCli(['aggregate', dataset('duck', 'responses.tsv'), '--workers', ds, '-q'])).code).toBe(0);
    const dsJson = JSON.parse(readFileSync(ds, 'utf8')) as { priors: number[]; workers: { confusion: number[][] }[] };
    expect(dsJson.priors).toHaveLength(2);
    expect(dsJson.workers).toHaveLength(39);
    expect(dsJson.workers[0]!.confusion.map((row) => row.length)).toEqual([2, 2]);
    const glad = path.join(dir, 'glad-workers.json');
    expect((await runCli(['aggregate', dataset('duck', 'responses.tsv'), '--method', 'glad', '--workers', glad, '-q'])).code).toBe(0);
    const gladJson = JSON.parse(readFileSync(glad, 'utf8')) as { betas: Record<string, number>; workers: { alphas: number }[] };
    expect(Object.keys(gladJson.betas)).toHaveLength(108);
    expect(typeof gladJson.workers[0]!.alphas).toBe('number');
  });
});

describe('bad rows and usage errors', () => {
  const bad = path.join(dir, 'bad.tsv');
  writeFileSync(bad, 'worker\ttask\tlabel\nw1\tt1\tA\nw2\tt1\nw3\tt1\tB\nw4\t\tA\n');

  it('stops at the first bad row with file:line and exit code 1', async () => {
    const run = await runCli(['aggregate', bad, '--method', 'majority-vote']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${bad}:3: expected 3 columns, found 2`);
    expect(run.stdout).toBe('');
  });

  it('--on-bad-row skip drops them silently, warn names each one', async () => {
    const skip = await runCli(['aggregate', bad, '--method', 'majority-vote', '--on-bad-row', 'skip']);
    expect(skip.code).toBe(0);
    expect(skip.stderr).toMatch(/2 bad rows skipped/);
    expect(parseTsv(skip.stdout)).toHaveLength(1);
    const warn = await runCli(['aggregate', bad, '--method', 'majority-vote', '--on-bad-row', 'warn']);
    expect(warn.code).toBe(0);
    expect(warn.stderr).toContain(`warning: ${bad}:3: expected 3 columns, found 2 (skipped)`);
    expect(warn.stderr).toContain(`warning: ${bad}:5: empty task (skipped)`);
  });

  it('reports CSV syntax and JSON errors with file:line', async () => {
    const csv = path.join(dir, 'open-quote.csv');
    writeFileSync(csv, 'worker,task,label\nw1,t1,A\nw2,t1,"B\nw3,t1,A\n');
    const open = await runCli(['aggregate', csv]);
    expect(open.code).toBe(1);
    expect(open.stderr).toContain(`${csv}:3: quoted field is not closed before the end of the input`);
    const jsonl = path.join(dir, 'broken.jsonl');
    writeFileSync(jsonl, '{"worker":"a","task":"t","label":"x"}\n{"worker":\n');
    const broken = await runCli(['aggregate', jsonl]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(new RegExp(`${jsonl.replaceAll('.', '\\.')}:2: invalid JSON`));
  });

  it.each([
    [['aggregate'], /missing the answers file/],
    [['aggregate', 'x.tsv', '--no-such-flag'], /Unknown option '--no-such-flag'/],
    [['aggregate', 'x.tsv', '--format', 'xml'], /--format must be one of tsv, csv, json, jsonl/],
    [['aggregate', 'x.tsv', '--method', 'nope'], /unknown method "nope"/],
    [['aggregate', 'x.tsv', '--on-bad-row', 'ignore'], /--on-bad-row must be one of error, skip, warn/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('exit code 2 for %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('\u001b[');
  });

  it('a missing file is a failure (exit 1), not a usage error', async () => {
    const run = await runCli(['aggregate', path.join(dir, 'absent.tsv'), '--method', 'majority-vote']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/absent\.tsv: cannot open \(ENOENT\)/);
  });
});

describe('help and version', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${pkg.version}\n`);
  });

  it('without a command, prints the usage on stderr and exits with 2', async () => {
    for (const args of [[], ['remote']]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^Usage: crowdagg/);
    }
  });

  it.each([[[]], [['aggregate']], [['remote']], [['remote', 'aggregate-task']], [['remote', 'aggregate-pool']], [['remote', 'operation']], [['remote', 'results']], [['import']]])(
    '%j --help prints usage with an example on stdout',
    async (command) => {
      const run = await runCli([...command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: crowdagg/);
      expect(run.stdout).toMatch(/Examples?:\n {2}crowdagg /);
    },
  );
});
