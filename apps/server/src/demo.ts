import { readFileSync } from 'node:fs';
import type { AssignmentInput, Store } from './store/types.js';

/** Account and token of the demo data. */
export const DEMO_ACCOUNT = 'demo';
/** The demo token (`Authorization: OAuth demo-token`). */
export const DEMO_TOKEN = 'demo-token';

/** Ids of the demo objects, for the printed `curl` calls. */
export interface DemoIds {
  readonly skillId: string;
  readonly projectId: string;
  readonly poolId: string;
  readonly taskId: string;
  /** False when the data was already there (restart). */
  readonly loaded: boolean;
}

const DEMO_DIR = new URL('../demo/', import.meta.url);

function readTsv(name: string): string[][] {
  return readFileSync(new URL(name, DEMO_DIR), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split('\t'));
}

/**
 * Loads the demo (a 60-task slice of the temp dataset: project, pool, tasks,
 * 600 accepted answers, a skill with each worker's value) into the demo
 * account, once: when the account already has a project, nothing is loaded.
 */
export async function loadDemo(store: Store): Promise<DemoIds> {
  const existing = await store.listProjects(DEMO_ACCOUNT, { limit: 1 });
  const responses = readTsv('responses.tsv');
  const firstTask = responses[0]?.[1] ?? '';
  if (existing.items[0] !== undefined) {
    const project = existing.items[0];
    const pool = (await store.listPools(DEMO_ACCOUNT, { limit: 1, project_id: project.id })).items[0];
    const skill = (await store.listSkills(DEMO_ACCOUNT, { limit: 1 })).items[0];
    if (pool !== undefined && skill !== undefined) {
      return { skillId: skill.id, projectId: project.id, poolId: pool.id, taskId: firstTask, loaded: false };
    }
  }
  const skill = await store.createSkill(DEMO_ACCOUNT, { name: 'demo accuracy', hidden: true });
  const project = await store.createProject(DEMO_ACCOUNT, {
    public_name: 'Temporal ordering (demo)',
    public_description: 'Does event A happen before (1) or after (2) event B?',
    task_spec: {
      input_spec: { id: { type: 'string', required: true, hidden: false } },
      output_spec: { result: { type: 'string', required: true, hidden: false, allowed_values: ['1', '2'] } },
      view_spec: { type: 'classic', markup: '', script: '', styles: '' },
    },
    assignments_issuing_type: 'AUTOMATED',
  });
  const pool = await store.createPool(DEMO_ACCOUNT, { project_id: project.id, private_name: 'temp, first 60 tasks' });
  if (pool === undefined) throw new Error('demo: the pool could not be created');
  const taskIds = [...new Set(responses.map((r) => r[1] ?? ''))];
  await store.createTasks(
    DEMO_ACCOUNT,
    taskIds.map((id) => ({ id, pool_id: pool.id, input_values: { id } })),
  );
  const assignments: AssignmentInput[] = responses.map(([worker = '', task = '', label = ''], row) => ({
    id: `demo-${String(row).padStart(4, '0')}`,
    pool_id: pool.id,
    user_id: worker,
    status: 'ACCEPTED',
    tasks: [{ id: task }],
    solutions: [{ output_values: { result: label } }],
  }));
  await store.importAssignments(DEMO_ACCOUNT, assignments);
  for (const [worker = '', value = '0'] of readTsv('skills.tsv')) {
    await store.setUserSkill(DEMO_ACCOUNT, { skill_id: skill.id, user_id: worker, value: Number(value) });
  }
  return { skillId: skill.id, projectId: project.id, poolId: pool.id, taskId: firstTask, loaded: true };
}

/** Ready-to-paste `curl` calls against the demo pool. */
export function demoCurls(baseUrl: string, ids: DemoIds): string {
  const auth = `-H 'Authorization: OAuth ${DEMO_TOKEN}'`;
  const json = `-H 'Content-Type: application/json'`;
  const api = `${baseUrl}/api/v1`;
  const byTask = JSON.stringify({
    type: 'WEIGHTED_DYNAMIC_OVERLAP',
    pool_id: ids.poolId,
    task_id: ids.taskId,
    answer_weight_skill_id: ids.skillId,
    fields: [{ name: 'result' }],
  });
  const byPool = JSON.stringify({ type: 'DAWID_SKENE', pool_id: ids.poolId, fields: [{ name: 'result' }] });
  return [
    '# aggregate one task (weighted dynamic overlap, skill-weighted):',
    `curl -s -X POST ${api}/aggregated-solutions/aggregate-by-task ${auth} ${json} -d '${byTask}'`,
    '',
    '# aggregate the whole pool (Dawid-Skene) as an operation; keep its id:',
    `OP=$(curl -s -X POST ${api}/aggregated-solutions/aggregate-by-pool ${auth} ${json} -d '${byPool}' | sed -E 's/.*"id":"([^"]+)".*/\\1/'); echo "$OP"`,
    '',
    '# the operation (PENDING → RUNNING → SUCCESS), then its results, paged by task id:',
    `curl -s ${api}/operations/$OP ${auth}`,
    `curl -s "${api}/aggregated-solutions/$OP?sort=task_id&limit=5" ${auth}`,
    '',
  ].join('\n');
}
