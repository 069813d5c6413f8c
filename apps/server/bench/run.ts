/**
 * Server benchmark: a real crowdagg-server process on SQLite, driven over
 * HTTP. Prints three figures:
 * 1. aggregate-by-task throughput and latency with autocannon, on tasks with
 *    5–10 answers and skill-weighted WDO;
 * 2. bulk import rate of answers (POST /assignments, batches of 20,000);
 * 3. a DAWID_SKENE pool operation over all imported answers (POST → SUCCESS).
 * Sizes: `--answers N` or BENCH_ANSWERS (default 1,000,000; the import is
 * generated as a stream, so 10,000,000 fits in memory), BENCH_SECONDS
 * (default 10), BENCH_CONNECTIONS (default 16), BENCH_SUITE (tasks per
 * imported assignment, default 10). `--store postgres` runs the server on
 * PostgreSQL (CROWDAGG_TEST_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/test; a fresh schema, dropped after);
 * `--skip-by-task` leaves out figure 1. BENCH_SERVER_NODE_ARGS
 * (space-separated) go to the server's node (e.g. `--cpu-prof`).
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createRng } from '@crowdagg/local-aggregator';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { cleanupTempDirs, startServer } from '../test/support/server-process.js';
import { syntheticAnswers } from '../test/support/synthetic.js';

const argv = process.argv.slice(2);
const { values: flags } = parseArgs({
  // `pnpm … bench -- --answers N` passes the `--` through.
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    answers: { type: 'string' },
    store: { type: 'string', default: 'sqlite' },
    'skip-by-task': { type: 'boolean', default: false },
  },
});
const TOKEN = 'bench-token';
const ANSWERS = Number(flags.answers ?? process.env.BENCH_ANSWERS ?? 1_000_000);
const PG_URL = process.env.CROWDAGG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SUITE = Number(process.env.BENCH_SUITE ?? 10);
const BATCH = 20_000;

/** The fields of created objects and operations the benchmark reads. */
interface Reply {
  id: string;
  status?: string;
  details?: { tasks?: number; iterations?: number };
}

/** POST/PUT with one retry on a network error (every write here is idempotent: client ids). */
async function post(url: string, path: string, body: string, method = 'POST'): Promise<Reply> {
  try {
    return await send(url, path, body, method);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return send(url, path, body, method);
  }
}

async function send(url: string, path: string, body: string, method: string): Promise<Reply> {
  const response = await fetch(`${url}/api/v1${path}`, { method, body, headers: { authorization: `OAuth ${TOKEN}`, 'content-type': 'application/json' } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Reply;
}

async function get(url: string, path: string): Promise<Reply> {
  const response = await fetch(`${url}/api/v1${path}`, { headers: { authorization: `OAuth ${TOKEN}` } });
  return (await response.json()) as Reply;
}

async function makePool(url: string, labels: string[]): Promise<{ poolId: string; skillId: string }> {
  const skill = await post(url, '/skills', JSON.stringify({ name: 'accuracy' }));
  const project = await post(
    url,
    '/projects',
    JSON.stringify({ public_name: 'bench', task_spec: { input_spec: {}, output_spec: { result: { type: 'string', allowed_values: labels } }, view_spec: { type: 'classic' } } }),
  );
  const pool = await post(url, '/pools', JSON.stringify({ project_id: project.id, private_name: 'bench' }));
  return { poolId: pool.id, skillId: skill.id };
}

/**
 * Request bodies of POST /assignments holding about BATCH answers each. With
 * `suite` = 1 every answer is its own assignment; with `suite` = k a worker's
 * answers are grouped k tasks per assignment, like Toloka task suites.
 */
function assignmentBatches(poolId: string, rows: { task: string; worker: string; label: string }[], suite = 1): string[] {
  const byWorker = new Map<string, { task: string; label: string }[]>();
  for (const r of rows) {
    let list = byWorker.get(r.worker);
    if (list === undefined) byWorker.set(r.worker, (list = []));
    list.push(r);
  }
  const assignments: unknown[] = [];
  for (const [worker, list] of byWorker) {
    for (let i = 0; i < list.length; i += suite) {
      const part = list.slice(i, i + suite);
      assignments.push({
        id: `${poolId}-${worker}-${i}`,
        pool_id: poolId,
        user_id: worker,
        status: 'ACCEPTED',
        tasks: part.map((r) => ({ id: r.task })),
        solutions: part.map((r) => ({ output_values: { result: r.label } })),
      });
    }
  }
  const perBatch = Math.max(1, Math.floor(BATCH / suite));
  const batches: string[] = [];
  for (let i = 0; i < assignments.length; i += perBatch) batches.push(JSON.stringify(assignments.slice(i, i + perBatch)));
  return batches;
}

async function createTasks(url: string, poolId: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 50_000) {
    await post(url, '/tasks', JSON.stringify(ids.slice(i, i + 50_000).map((id) => ({ id, pool_id: poolId, input_values: {} }))));
  }
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Sends the batches with `parallel` requests in flight (SQLite writes one at a time; parsing overlaps). */
async function sendAll(url: string, batches: readonly string[], parallel: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < batches.length) {
      const body = batches[next++] as string;
      await post(url, '/assignments', body);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

/** aggregate-by-task under autocannon on a pool of tasks with 5–10 answers. */
async function benchByTask(url: string, labels: string[]): Promise<string> {
  const small = await makePool(url, labels);
  const taskRows = syntheticAnswers({ tasks: 5000, answersPerTask: [5, 10], workers: 211, labels, seed: 5, taskId: (i) => `bt${i}` });
  await createTasks(url, small.poolId, [...new Set(taskRows.map((r) => r.task))]);
  await sendAll(url, assignmentBatches(small.poolId, taskRows), 1);
  for (const worker of new Set(taskRows.map((r) => r.worker))) {
    await post(url, '/user-skills', JSON.stringify({ skill_id: small.skillId, user_id: worker, value: 55 + (worker.charCodeAt(worker.length - 1) % 40) }), 'PUT');
  }
  const bodies = Array.from({ length: 5000 }, (_, i) =>
    JSON.stringify({ type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: small.poolId, task_id: `bt${i}`, answer_weight_skill_id: small.skillId, fields: [{ name: 'result' }] }),
  );
  let next = 0;
  const result = await autocannon({
    url: `${url}/api/v1/aggregated-solutions/aggregate-by-task`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { authorization: `OAuth ${TOKEN}`, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
  return (
    `aggregate-by-task (WDO, 5–10 answers, ${CONNECTIONS} connections, ${SECONDS} s): ${fmt(result.requests.average)} req/s, ` +
    `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx} (target ≥ 3,000 req/s, p99 ≤ 20 ms)`
  );
}

/** Task id of index i in the import pool. */
function importTaskId(i: number): string {
  return `t${String(i).padStart(9, '0')}`;
}

/** POST /tasks bodies for `count` tasks, 50,000 per request, built one at a time. */
function* taskBodies(poolId: string, count: number): Generator<string> {
  for (let i = 0; i < count; i += 50_000) {
    const ids = Array.from({ length: Math.min(50_000, count - i) }, (_, k) => importTaskId(i + k));
    yield JSON.stringify(ids.map((id) => ({ id, pool_id: poolId, input_values: {} })));
  }
}

/**
 * POST /assignments bodies of about BATCH answers, generated as a stream:
 * `answers` answers, 5 per task, `suite` tasks per assignment. Each of the
 * 5 rounds walks the tasks in a fresh random order, so an assignment covers
 * random tasks (as real exports do). A worker (one of 1,009, accuracy
 * 0.55–0.95) answers correctly with its accuracy; truth is drawn per task.
 */
function* answerBodies(poolId: string, answers: number, suite: number, labels: readonly string[]): Generator<string> {
  const rounds = 5;
  const tasks = Math.ceil(answers / rounds);
  const random = createRng(11);
  const accuracy = Float64Array.from({ length: 1009 }, () => 0.55 + 0.4 * random());
  const truth = Uint8Array.from({ length: tasks }, () => Math.floor(random() * labels.length));
  const order = Int32Array.from({ length: tasks }, (_, i) => i);
  const perBatch = Math.max(1, Math.floor(BATCH / suite));
  let batch: string[] = [];
  let left = answers;
  for (let round = 0; round < rounds && left > 0; round += 1) {
    for (let i = tasks - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    for (let start = 0, n = 0; start < tasks && left > 0; start += suite, n += 1) {
      const worker = (n * 7 + round * 211) % accuracy.length;
      const picked = Array.from(order.subarray(start, Math.min(tasks, start + suite, start + left)));
      left -= picked.length;
      const label = (task: number): string => {
        const right = truth[task] as number;
        const k = random() < (accuracy[worker] as number) ? right : (right + 1 + Math.floor(random() * (labels.length - 1))) % labels.length;
        return labels[k] as string;
      };
      batch.push(
        JSON.stringify({
          id: `${poolId}-r${round}-${n}`,
          pool_id: poolId,
          user_id: `w${String(worker).padStart(5, '0')}`,
          status: 'ACCEPTED',
          tasks: picked.map((task) => ({ id: importTaskId(task) })),
          solutions: picked.map((task) => ({ output_values: { result: label(task) } })),
        }),
      );
      if (batch.length >= perBatch) {
        yield `[${batch.join(',')}]`;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield `[${batch.join(',')}]`;
}

/** Sends the bodies of a stream with `parallel` requests in flight. */
async function sendStream(url: string, path: string, bodies: Iterator<string>, parallel: number): Promise<void> {
  const lane = async (): Promise<void> => {
    for (let next = bodies.next(); next.done !== true; next = bodies.next()) await post(url, path, next.value);
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

/**
 * Bulk import of ANSWERS answers (5 per task) in assignments of SUITE tasks
 * (default 10, as Toloka task suites), timed from the first to the last
 * POST /assignments (task creation before it is not counted).
 */
async function benchImport(url: string, labels: string[]): Promise<{ figure: string; poolId: string; answers: number }> {
  const big = await makePool(url, labels);
  const started0 = performance.now();
  await sendStream(url, '/tasks', taskBodies(big.poolId, Math.ceil(ANSWERS / 5)), 1);
  const taskSeconds = (performance.now() - started0) / 1000;
  const started = performance.now();
  await sendStream(url, '/assignments', answerBodies(big.poolId, ANSWERS, SUITE, labels), 2);
  const seconds = (performance.now() - started) / 1000;
  return {
    figure:
      `bulk import: ${fmt(ANSWERS)} answers (${SUITE} random tasks per assignment) in ${fmt(seconds, 2)} s = ${fmt(ANSWERS / seconds)} answers/s, ` +
      `2 requests in flight (target ${flags.store === 'postgres' ? '≥ 200,000' : '≥ 100,000'}; the ${fmt(Math.ceil(ANSWERS / 5))} tasks before took ${fmt(taskSeconds, 1)} s)`,
    poolId: big.poolId,
    answers: ANSWERS,
  };
}

/** A DS pool operation, timed from the POST to SUCCESS. */
async function benchPoolDs(url: string, poolId: string, answers: number, serverOutput: () => string): Promise<string> {
  const started = performance.now();
  const op = await post(url, '/aggregated-solutions/aggregate-by-pool', JSON.stringify({ type: 'DAWID_SKENE', pool_id: poolId, fields: [{ name: 'result' }] }));
  let status = op;
  while (status.status !== 'SUCCESS' && status.status !== 'FAIL') {
    await new Promise((r) => setTimeout(r, 50));
    status = await get(url, `/operations/${op.id}`);
  }
  const seconds = (performance.now() - started) / 1000;
  if (status.status !== 'SUCCESS') throw new Error(`DS operation failed: ${JSON.stringify(status.details)}`);
  const split = new RegExp(`operation ${op.id} succeeded in \\d+ms \\(([^)]*)\\)`).exec(serverOutput())?.[1] ?? 'phases not logged';
  return `DS pool operation: ${fmt(answers)} answers, ${fmt(Number(status.details?.tasks))} tasks, ${String(status.details?.iterations)} iterations, POST → SUCCESS in ${fmt(seconds, 2)} s [${split}] (target ${answers > 1_000_000 ? '≤ 60 s for 10M' : '≤ 10 s for 1M'})`;
}

/** A fresh PostgreSQL schema for the server, and how to drop it. */
async function pgSchema(): Promise<{ db: string; drop: () => Promise<void> }> {
  const schema = `crowdagg_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE SCHEMA ${schema}`);
  const db = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}search_path=${schema}`;
  return {
    db,
    drop: async () => {
      await admin.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end({ timeout: 1 });
    },
  };
}

async function main(): Promise<void> {
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean);
  const pg = flags.store === 'postgres' ? await pgSchema() : undefined;
  const server = await startServer({
    tokens: { [TOKEN]: 'bench' },
    args: ['--quiet', '--max-batch', '100000'],
    ...(pg === undefined ? {} : { db: pg.db }),
    ...(nodeArgs === undefined ? {} : { nodeArgs }),
  });
  const { url } = server;
  const labels = ['a', 'b', 'c'];
  const figures: string[] = [];
  const report = (figure: string): void => {
    figures.push(figure);
    console.log(figure);
  };
  try {
    if (flags['skip-by-task'] !== true) report(await benchByTask(url, labels));
    const imported = await benchImport(url, labels);
    report(imported.figure);
    report(await benchPoolDs(url, imported.poolId, imported.answers, () => server.output()));
  } finally {
    await server.stop();
    cleanupTempDirs();
    await pg?.drop();
  }
  const load = loadavg().map((n) => n.toFixed(1)).join(' ');
  console.log(`\ncrowdagg-server benchmark (${pg === undefined ? 'SQLite' : 'PostgreSQL'}, Node ${process.version}, ${cpus().length} CPUs, load average ${load}):\n${figures.map((f) => `- ${f}`).join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
