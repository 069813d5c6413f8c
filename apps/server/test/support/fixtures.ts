/** Seeding data into a running server over HTTP, as a client would. */
import { call } from './server-process.js';

/** One answer: worker `worker` gave `label` on task `task`. */
export interface AnswerRow {
  task: string;
  worker: string;
  label: string;
  /** Default ACCEPTED. */
  status?: string;
}

/** What {@link seedPool} created. */
export interface SeededPool {
  skillId: string;
  projectId: string;
  poolId: string;
}

/** Throws with the reply when the status is not the expected one. */
export function expectStatus(reply: { status: number; text: string }, status: number, what: string): void {
  if (reply.status !== status) throw new Error(`${what}: expected ${status}, got ${reply.status} ${reply.text.slice(0, 500)}`);
}

/** Output spec of a one-field project `result` with the given string options. */
export function stringField(labels: readonly string[]): Record<string, unknown> {
  return { result: { type: 'string', required: true, hidden: false, allowed_values: labels } };
}

/**
 * Creates a skill, a project with `outputSpec`, a pool, the tasks (client ids),
 * accepted assignments (one per answer, in batches) and the workers' skill values.
 */
export async function seedPool(
  url: string,
  token: string,
  data: {
    outputSpec: Record<string, unknown>;
    answers: readonly AnswerRow[];
    skills?: Record<string, number>;
    field?: string;
    batch?: number;
  },
): Promise<SeededPool> {
  const skill = await call(url, 'POST', '/skills', { token, json: { name: 'accuracy' } });
  expectStatus(skill, 201, 'POST /skills');
  const project = await call(url, 'POST', '/projects', {
    token,
    json: {
      public_name: 'test project',
      task_spec: {
        input_spec: { id: { type: 'string', required: true, hidden: false } },
        output_spec: data.outputSpec,
        view_spec: { type: 'classic', markup: '', script: '', styles: '' },
      },
      assignments_issuing_type: 'AUTOMATED',
    },
  });
  expectStatus(project, 201, 'POST /projects');
  const pool = await call(url, 'POST', '/pools', { token, json: { project_id: project.body.id, private_name: 'test pool' } });
  expectStatus(pool, 201, 'POST /pools');
  const poolId: string = pool.body.id;
  const batch = data.batch ?? 10_000;
  const taskIds = [...new Set(data.answers.map((a) => a.task))];
  for (let i = 0; i < taskIds.length; i += batch) {
    const reply = await call(url, 'POST', '/tasks', {
      token,
      query: { async_mode: false },
      json: taskIds.slice(i, i + batch).map((id) => ({ id, pool_id: poolId, input_values: { id } })),
    });
    expectStatus(reply, 201, 'POST /tasks');
  }
  await importAnswers(url, token, poolId, data.answers, data.field ?? 'result', batch);
  for (const [worker, value] of Object.entries(data.skills ?? {})) {
    const reply = await call(url, 'PUT', '/user-skills', { token, json: { skill_id: skill.body.id, user_id: worker, value } });
    expectStatus(reply, 201, 'PUT /user-skills');
  }
  return { skillId: skill.body.id, projectId: project.body.id, poolId };
}

/** Imports answers as one-task assignments with ids `<poolId>-a<row>` (row = position in `answers` + `offset`). */
export async function importAnswers(
  url: string,
  token: string,
  poolId: string,
  answers: readonly AnswerRow[],
  field = 'result',
  batch = 10_000,
  offset = 0,
): Promise<void> {
  for (let i = 0; i < answers.length; i += batch) {
    const body = answers.slice(i, i + batch).map((a, k) => ({
      id: assignmentId(poolId, offset + i + k),
      pool_id: poolId,
      user_id: a.worker,
      status: a.status ?? 'ACCEPTED',
      tasks: [{ id: a.task }],
      solutions: [{ output_values: { [field]: a.label } }],
    }));
    const reply = await call(url, 'POST', '/assignments', { token, json: body });
    expectStatus(reply, 201, 'POST /assignments');
    if (reply.body.failed !== 0) throw new Error(`POST /assignments: ${reply.text.slice(0, 500)}`);
  }
}

/** Id of the assignment {@link importAnswers} makes for answer `row`. */
export function assignmentId(poolId: string, row: number): string {
  return `${poolId}-a${String(row).padStart(9, '0')}`;
}
