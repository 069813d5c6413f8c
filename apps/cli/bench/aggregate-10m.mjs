#!/usr/bin/env node
// Benchmark (not a test): aggregates a seeded synthetic file of answer rows
// with majority vote through the built CLI, as a child process, and prints
// the wall time and the child's peak resident set size.
//
//   pnpm --filter @crowdagg/cli bench                 # 10,000,000 rows
//   BENCH_ROWS=1000000 pnpm --filter @crowdagg/cli bench
//
// Targets: <= 15 s and <= 1.5 GB peak RSS for 10M rows. The input is written
// once to the system temp dir (crowdagg-bench-<rows>-<seed>.tsv) and reused.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@crowdagg/local-aggregator';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const SEED = Number(process.env.BENCH_SEED ?? 42);
const ANSWERS_PER_TASK = 10;
const WORKERS = 5_000;
const LABELS = ['cat', 'dog', 'bird', 'fish', 'other'];
const TIME_TARGET_S = 15;
const RSS_TARGET_MB = 1536;

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../dist/bin.js');
if (!existsSync(bin)) {
  console.error(`${bin} is missing: build first (pnpm --filter @crowdagg/cli... build)`);
  process.exit(1);
}

async function generate(file) {
  const random = createRng(SEED);
  const accuracy = Array.from({ length: WORKERS }, () => 0.5 + 0.45 * random());
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp);
  const write = (text) => (out.write(text) ? undefined : new Promise((resolve) => out.once('drain', resolve)));
  let pending = ['worker\ttask\tlabel\n'];
  const tasks = Math.ceil(ROWS / ANSWERS_PER_TASK);
  let rows = 0;
  for (let t = 0; t < tasks && rows < ROWS; t += 1) {
    const truth = Math.floor(random() * LABELS.length);
    for (let k = 0; k < ANSWERS_PER_TASK && rows < ROWS; k += 1, rows += 1) {
      const w = Math.floor(random() * WORKERS);
      const label = random() < accuracy[w] ? truth : Math.floor(random() * LABELS.length);
      pending.push(`w${w}\tt${t}\t${LABELS[label]}\n`);
    }
    if (pending.length >= 50_000) {
      await write(pending.join(''));
      pending = [];
    }
  }
  await write(pending.join(''));
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  renameSync(tmp, file);
}

/** CPU seconds (user + system) of a running process, from /proc (clock ticks of 10 ms). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Peak RSS (VmHWM) of a running process in kB, or undefined once it is gone. */
function highWaterMark(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

const file = path.join(tmpdir(), `crowdagg-bench-${ROWS}-${SEED}.tsv`);
if (!existsSync(file)) {
  const started = Date.now();
  process.stderr.write(`generating ${ROWS.toLocaleString('en')} rows into ${file} …\n`);
  await generate(file);
  process.stderr.write(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
const sizeMb = statSync(file).size / 2 ** 20;

const started = process.hrtime.bigint();
const child = spawn(process.execPath, [bin, 'aggregate', file, '--method', 'majority-vote', '--out', '/dev/null', '--quiet'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
let peakKb = 0;
let cpu = 0;
const poll = setInterval(() => {
  const kb = highWaterMark(child.pid);
  if (kb !== undefined) peakKb = Math.max(peakKb, kb);
  cpu = cpuSeconds(child.pid) ?? cpu;
}, 20);
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
clearInterval(poll);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const peakMb = peakKb / 1024;

console.log(`rows            ${ROWS.toLocaleString('en')} (${sizeMb.toFixed(0)} MB TSV, seed ${SEED})`);
console.log(`method          majority-vote`);
console.log(`exit code       ${code}`);
console.log(`wall time       ${seconds.toFixed(2)} s (target ≤ ${TIME_TARGET_S} s)`);
const noProc = peakKb === 0;
console.log(`CPU time        ${noProc ? 'unavailable (no /proc)' : `${cpu.toFixed(2)} s user+system (sampled; load on the machine adds wall time, not CPU)`}`);
console.log(`peak RSS        ${noProc ? 'unavailable (no /proc)' : `${peakMb.toFixed(0)} MB (target ≤ ${RSS_TARGET_MB} MB; sampled from /proc every 20 ms)`}`);
console.log(`rate            ${((ROWS / seconds) / 1e6).toFixed(2)} M rows/s`);
// A benchmark reports; it fails only when the CLI itself failed (so `pnpm bench` goes on to the next one).
if (code !== 0) process.exit(1);
if (ROWS < 10_000_000) console.log('result          (targets apply to 10M rows)');
else if (seconds > TIME_TARGET_S || peakMb > RSS_TARGET_MB) console.log('result          OVER TARGET');
else console.log('result          within target');
