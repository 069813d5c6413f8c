/**
 * Server benchmark: a real crowdagg-server process on SQLite, driven over
 * HTTP. Prints three figures:
 * 1. bulk import rate of answers (POST /assignments, batches of 20,000);
 * 2. a DAWID_SKENE pool operation over all imported answers (POST → SUCCESS);
 * 3. aggregate-by-task throughput and latency with autocannon, on tasks with
 *    5–10 answers and skill-weighted WDO.
 * Sizes: BENCH_ANSWERS (default 1,000,000), BENCH_SECONDS (default 10),
 * BENCH_CONNECTIONS (default 16). BENCH_SERVER_NODE_ARGS (space-separated)
 * go to the server's node (e.g. `--cpu-prof` for a profile).
 */
import autocannon from 'autocannon';
import { cleanupTempDirs, startServer } from '../test/support/server-process.js';
import { syntheticAnswers } from '../test/support/synthetic.js';

const TOKEN = 'bench-token';
const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const BATCH = 20_000;

/** The fields of created objects and operations the benchmark reads. */
interface Reply {
  id: string;
  status?: string;
  details?: { tasks?: number; iterations?: number };
}

async function post(url: string, path: string, body: string, method = 'POST'): Promise<Reply> {
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

function assignmentBatches(poolId: string, rows: { task: string; worker: string; label: string }[]): string[] {
  const batches: string[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const items = rows.slice(i, i + BATCH).map((r, k) => ({
      id: `${poolId}-${i + k}`,
      pool_id: poolId,
      user_id: r.worker,
      status: 'ACCEPTED',
      tasks: [{ id: r.task }],
      solutions: [{ output_values: { result: r.label } }],
    }));
    batches.push(JSON.stringify(items));
  }
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

async function main(): Promise<void> {
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean);
  const server = await startServer({
    tokens: { [TOKEN]: 'bench' },
    args: ['--quiet', '--max-batch', '100000'],
    ...(nodeArgs === undefined ? {} : { nodeArgs }),
  });
  const { url } = server;
  const figures: string[] = [];
  try {
    // 1. bulk import
    const labels = ['a', 'b', 'c'];
    const big = await makePool(url, labels);
    const rows = syntheticAnswers({ tasks: Math.ceil(ANSWERS / 5), answersPerTask: 5, workers: 1009, labels, seed: 11 });
    await createTasks(url, big.poolId, [...new Set(rows.map((r) => r.task))]);
    const batches = assignmentBatches(big.poolId, rows);
    let started = performance.now();
    for (const body of batches) await post(url, '/assignments', body);
    const importSeconds = (performance.now() - started) / 1000;
    figures.push(`bulk import: ${fmt(rows.length)} answers in ${fmt(importSeconds, 2)} s = ${fmt(rows.length / importSeconds)} answers/s (target ≥ 100,000)`);
    console.log(figures.at(-1));

    // 2. DS pool operation
    started = performance.now();
    const op = await post(url, '/aggregated-solutions/aggregate-by-pool', JSON.stringify({ type: 'DAWID_SKENE', pool_id: big.poolId, fields: [{ name: 'result' }] }));
    let status = op;
    while (status.status !== 'SUCCESS' && status.status !== 'FAIL') {
      await new Promise((r) => setTimeout(r, 50));
      status = await get(url, `/operations/${op.id}`);
    }
    const dsSeconds = (performance.now() - started) / 1000;
    if (status.status !== 'SUCCESS') throw new Error(`DS operation failed: ${JSON.stringify(status.details)}`);
    figures.push(`DS pool operation: ${fmt(rows.length)} answers, ${fmt(Number(status.details?.tasks))} tasks, ${String(status.details?.iterations)} iterations, POST → SUCCESS in ${fmt(dsSeconds, 2)} s (target ≤ 10 s)`);
    console.log(figures.at(-1));

    // 3. aggregate-by-task under load
    const small = await makePool(url, labels);
    const taskRows = syntheticAnswers({ tasks: 5000, answersPerTask: [5, 10], workers: 211, labels, seed: 5, taskId: (i) => `bt${i}` });
    await createTasks(url, small.poolId, [...new Set(taskRows.map((r) => r.task))]);
    for (const body of assignmentBatches(small.poolId, taskRows)) await post(url, '/assignments', body);
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
          setupRequest: (request) => ({ ...request, body: bodies[(next++) % bodies.length] }),
        },
      ],
    });
    figures.push(
      `aggregate-by-task (WDO, 5–10 answers, ${CONNECTIONS} connections, ${SECONDS} s): ${fmt(result.requests.average)} req/s, ` +
        `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx} (target ≥ 3,000 req/s, p99 ≤ 20 ms)`,
    );
    console.log(figures.at(-1));
  } finally {
    await server.stop();
    cleanupTempDirs();
  }
  console.log(`\ncrowdagg-server benchmark (SQLite, ${process.version}):\n${figures.map((f) => `- ${f}`).join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
