// Store throughput: bulk import and pool-answer streaming of N answers on
// SQLite and (when reachable) PostgreSQL. A measurement, not a test.
//
//   pnpm --filter @crowdagg/server build
//   node apps/server/bench/store-throughput.mjs [--answers 1000000] [--per-task 10]
//        [--tasks-per-assignment 5] [--batch 2000] [--only sqlite|postgres] [--random]
//
// --random: each assignment covers random tasks (as real exports do) instead
// of consecutive ones, so its answers land at random places in the key.
//
// PostgreSQL: CROWDAGG_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test);
// the run uses a fresh schema and drops it afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRng } from '@crowdagg/local-aggregator';
import postgres from 'postgres';
import { PostgresStore } from '../dist/store/postgres.js';
import { SqliteStore } from '../dist/store/sqlite.js';

const { values: args } = parseArgs({
  options: {
    answers: { type: 'string', default: '1000000' },
    'per-task': { type: 'string', default: '10' },
    'tasks-per-assignment': { type: 'string', default: '5' },
    batch: { type: 'string', default: '2000' },
    only: { type: 'string' },
    random: { type: 'boolean', default: false },
  },
});
const totalAnswers = Number(args.answers);
const perTask = Number(args['per-task']);
const perAssignment = Number(args['tasks-per-assignment']);
const batchSize = Number(args.batch);
const taskCount = Math.ceil(totalAnswers / perTask);
const labels = ['cat', 'dog', 'bird'];
const account = 'bench';

const taskId = (i) => `t${String(i).padStart(8, '0')}`;

/** Fisher–Yates shuffle in place. */
function shuffle(array, random) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [array[i], array[j]] = [array[j], array[i]];
  }
}

/** Assignments in batches: worker w answers tasks in groups of `perAssignment`. */
function* assignmentBatches(poolId) {
  const random = createRng(42);
  const order = Int32Array.from({ length: taskCount }, (_, i) => i);
  let batch = [];
  let n = 0;
  for (let w = 0; w < perTask; w++) {
    if (args.random) shuffle(order, random);
    for (let start = 0; start < taskCount; start += perAssignment) {
      const tasks = [];
      const solutions = [];
      for (let i = start; i < Math.min(taskCount, start + perAssignment); i++) {
        tasks.push({ id: taskId(order[i]) });
        solutions.push({ output_values: { result: labels[Math.floor(random() * labels.length)] } });
      }
      batch.push({ id: `a${w}-${start}`, pool_id: poolId, user_id: `w${w}`, status: 'ACCEPTED', tasks, solutions });
      n += tasks.length;
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
  return n;
}

async function measure(name, store) {
  const project = await store.createProject(account, { public_name: 'bench' });
  const pool = await store.createPool(account, { project_id: project.id });
  let t0 = performance.now();
  for (let i = 0; i < taskCount; i += 10_000) {
    const part = [];
    for (let j = i; j < Math.min(taskCount, i + 10_000); j++) {
      part.push({ id: taskId(j), pool_id: pool.id, input_values: { url: `https://example.com/${j}.jpg` } });
    }
    await store.createTasks(account, part);
  }
  const taskSeconds = (performance.now() - t0) / 1000;

  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let imported = 0;
  for (const batch of assignmentBatches(pool.id)) {
    const results = await store.importAssignments(account, batch);
    for (const r of results) if (r.outcome !== 'created') throw new Error(`${r.id}: ${r.outcome}`);
    for (const a of batch) imported += a.tasks.length;
  }
  const importSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const importCpuSeconds = (cpu.user + cpu.system) / 1e6;

  t0 = performance.now();
  let streamed = 0;
  for await (const chunk of store.poolAnswers(account, pool.id)) streamed += chunk.length;
  const streamSeconds = (performance.now() - t0) / 1000;
  if (streamed !== imported) throw new Error(`streamed ${streamed} of ${imported}`);

  t0 = performance.now();
  const reads = 6000;
  let nextRead = 0;
  const reader = async () => {
    while (nextRead < reads) {
      const i = nextRead++;
      const found = await store.getTaskForAggregation(account, pool.id, taskId((i * 7919) % taskCount));
      if (found?.answers.length !== perTask) throw new Error(`task ${taskId((i * 7919) % taskCount)}: wrong answers`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, reader));
  const readSeconds = (performance.now() - t0) / 1000;

  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  console.log(
    `${name}: ${fmt(taskCount)} tasks in ${taskSeconds.toFixed(1)} s (${fmt(taskCount / taskSeconds)}/s); ` +
      `${fmt(imported)} answers imported in ${importSeconds.toFixed(1)} s (${fmt(imported / importSeconds)} answers/s; ` +
      `${fmt(imported / importCpuSeconds)} per CPU-second of this process); ` +
      `streamed in ${streamSeconds.toFixed(1)} s (${fmt(streamed / streamSeconds)} answers/s); ` +
      `getTaskForAggregation ${fmt(reads / readSeconds)}/s (16 concurrent callers)`,
  );
}

if (args.only !== 'postgres') {
  const dir = mkdtempSync(path.join(tmpdir(), 'crowdagg-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  const store = new SqliteStore(file);
  try {
    await measure('SQLite', store);
    console.log(`SQLite file: ${(statSync(file).size / 1e6).toFixed(0)} MB`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (args.only !== 'sqlite') {
  const url = process.env.CROWDAGG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `crowdagg_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE SCHEMA ${schema}`);
    const store = await PostgresStore.open(url, { schema });
    try {
      await measure('PostgreSQL', store);
    } finally {
      await store.close();
    }
  } catch (err) {
    console.log(`PostgreSQL: skipped (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    await admin.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await admin.end({ timeout: 1 });
  }
}
