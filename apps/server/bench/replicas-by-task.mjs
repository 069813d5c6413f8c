// aggregate-by-task throughput: two crowdagg-server replicas on one
// PostgreSQL database, beside one process on SQLite. A measurement, not a test.
//
//   pnpm --filter @crowdagg/server build
//   node apps/server/bench/replicas-by-task.mjs [--seconds 10] [--connections 16]
//
// PostgreSQL: CROWDAGG_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test);
// a fresh schema is used and dropped afterwards.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { createRng } from '@crowdagg/local-aggregator';

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '16' } },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');
const TOKEN = 'bench-token';
const TASKS = 5000;
const WORKERS = 211;
const LABELS = ['cat', 'dog', 'bird'];

/** Starts a server process and resolves with its URL once /health answers. */
async function startServer(db) {
  const child = spawn(process.execPath, [BIN, '--host', '127.0.0.1', '--port', '0', '--db', db, '--quiet'], {
    env: { ...process.env, CROWDAGG_TOKENS: `${TOKEN}:bench` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start:\n${output}`)), 30_000);
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
  for (let i = 0; !(await fetch(`${url}/health`).then((r) => r.ok, () => false)); i++) {
    if (i > 200) throw new Error(`/health never answered:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, stop: () => child.kill('SIGTERM') };
}

async function call(url, method, apiPath, body) {
  const res = await fetch(`${url}/api/v1${apiPath}`, {
    method,
    body: JSON.stringify(body),
    headers: { authorization: `OAuth ${TOKEN}`, 'content-type': 'application/json' },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${apiPath}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** A pool of TASKS tasks with 5–10 answers each and skill values; returns the request bodies. */
async function seed(url) {
  const skill = await call(url, 'POST', '/skills', { name: 'accuracy' });
  const project = await call(url, 'POST', '/projects', {
    public_name: 'bench',
    task_spec: { input_spec: {}, output_spec: { result: { type: 'string', allowed_values: LABELS } } },
  });
  const pool = await call(url, 'POST', '/pools', { project_id: project.id, private_name: 'bench' });
  const ids = Array.from({ length: TASKS }, (_, i) => `bt${String(i).padStart(5, '0')}`);
  await call(url, 'POST', '/tasks?async_mode=false', ids.map((id) => ({ id, pool_id: pool.id, input_values: {} })));
  const random = createRng(5);
  const assignments = [];
  ids.forEach((id, t) => {
    const n = 5 + Math.floor(random() * 6);
    for (let k = 0; k < n; k++) {
      const worker = `w${(t * 7 + k * 13) % WORKERS}`;
      assignments.push({
        id: `${id}-${k}`,
        pool_id: pool.id,
        user_id: worker,
        status: 'ACCEPTED',
        tasks: [{ id }],
        solutions: [{ output_values: { result: LABELS[Math.floor(random() * LABELS.length)] } }],
      });
    }
  });
  await call(url, 'POST', '/assignments', assignments);
  for (let w = 0; w < WORKERS; w++) {
    await call(url, 'PUT', '/user-skills', { skill_id: skill.id, user_id: `w${w}`, value: 55 + (w % 40) });
  }
  return ids.map((task_id) =>
    JSON.stringify({
      type: 'WEIGHTED_DYNAMIC_OVERLAP',
      pool_id: pool.id,
      task_id,
      answer_weight_skill_id: skill.id,
      fields: [{ name: 'result' }],
    }),
  );
}

/** Runs autocannon against each URL at once (connections split evenly) and sums the results. */
async function load(urls, bodies) {
  let next = 0;
  const runs = await Promise.all(
    urls.map((url) =>
      autocannon({
        url: `${url}/api/v1/aggregated-solutions/aggregate-by-task`,
        connections: Math.max(1, Math.round(CONNECTIONS / urls.length)),
        duration: SECONDS,
        requests: [
          {
            method: 'POST',
            headers: { authorization: `OAuth ${TOKEN}`, 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
          },
        ],
      }),
    ),
  );
  const rps = runs.reduce((s, r) => s + r.requests.average, 0);
  const p99 = Math.max(...runs.map((r) => r.latency.p99));
  const bad = runs.reduce((s, r) => s + r.errors + r.non2xx, 0);
  return `${Math.round(rps).toLocaleString('en-US')} req/s, worst p99 ${p99} ms, errors + non-2xx ${bad}`;
}

const dir = mkdtempSync(path.join(tmpdir(), 'crowdagg-replicas-'));
const single = await startServer(path.join(dir, 'bench.sqlite'));
try {
  const bodies = await seed(single.url);
  console.log(`SQLite, 1 process, ${CONNECTIONS} connections, ${SECONDS} s: ${await load([single.url], bodies)}`);
} finally {
  single.stop();
}

const pgUrl = process.env.CROWDAGG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `crowdagg_bench_${randomBytes(4).toString('hex')}`;
const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
const replicas = [];
try {
  await admin.unsafe(`CREATE SCHEMA ${schema}`);
  const db = new URL(pgUrl);
  db.searchParams.set('search_path', schema);
  replicas.push(await startServer(db.toString()));
  replicas.push(await startServer(db.toString()));
  const bodies = await seed(replicas[0].url);
  console.log(`PostgreSQL, 1 of the replicas alone: ${await load([replicas[0].url], bodies)}`);
  console.log(`PostgreSQL, 2 replicas, ${CONNECTIONS} connections, ${SECONDS} s: ${await load(replicas.map((r) => r.url), bodies)}`);
} finally {
  for (const r of replicas) r.stop();
  await admin.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
  await admin.end({ timeout: 1 });
  rmSync(dir, { recursive: true, force: true });
}
