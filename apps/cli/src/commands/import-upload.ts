import { createHash } from 'node:crypto';
import type { AssignmentImportInput, CrowdaggClient, TaskCreateInput } from '@crowdagg/client';
import { parseJointLabelKey } from '@crowdagg/local-aggregator';
import { callApi } from '../cli/connection.js';

/** Answers held in memory for the upload: tasks in first-seen order, answers as parallel arrays. */
export interface LoadedAnswers {
  readonly fields: readonly string[];
  readonly tasks: string[];
  readonly answerTask: number[];
  readonly answerWorker: string[];
  readonly answerLabel: string[];
  readonly labels: string[];
  readonly maxOverlap: number;
}

/** What an import did, printed as JSON on stdout. */
export interface ImportSummary {
  project_id: string | null;
  pool_id: string;
  skill_id: string | null;
  tasks: { sent: number; stored: number };
  assignments: { sent: number; created: number; unchanged: number; updated: number; failed: number };
  user_skills: number;
  bad_rows: number;
}

/** Where and how the upload goes, and where it reports. */
export interface UploadContext {
  readonly client: CrowdaggClient;
  readonly poolId: string;
  /** Prefix of task ids (and assignment ids). */
  readonly prefix: string;
  readonly batchSize: number;
  readonly summary: ImportSummary;
  /** One line per item the server refused. */
  readonly failures: string[];
  /** Advances the progress bar by `n` items. */
  advance(n: number): void;
}

/** Deterministic assignment id: a hash of pool, task, worker and the occurrence of that (worker, task) pair. */
export function assignmentId(prefix: string, pool: string, task: string, worker: string, occurrence: number): string {
  const digest = createHash('sha256').update(`${pool}\u0000${task}\u0000${worker}\u0000${occurrence}`).digest('hex');
  return `${prefix}a-${digest.slice(0, 32)}`;
}

/** Output values of one answer: one entry per field. */
export function outputValues(fields: readonly string[], label: string): Record<string, unknown> {
  if (fields.length === 1) return { [fields[0]!]: label };
  const values = parseJointLabelKey(label);
  return Object.fromEntries(fields.map((field, i) => [field, values[i]]));
}

/** Requests kept in flight at once, so the CLI builds the next batch while the server stores one. */
const IN_FLIGHT = 2;

/**
 * Sends `count` items in batches of `batchSize` (built by `build`), with up to
 * {@link IN_FLIGHT} requests pending; the first failure stops the upload.
 */
async function sendBatches<T>(
  count: number,
  batchSize: number,
  build: (first: number, end: number) => T[],
  send: (batch: T[]) => Promise<void>,
): Promise<void> {
  const pending = new Set<Promise<void>>();
  let failure: Error | undefined;
  for (let first = 0; first < count && failure === undefined; first += batchSize) {
    const request: Promise<void> = send(build(first, Math.min(count, first + batchSize))).then(
      () => void pending.delete(request),
      (error: unknown) => {
        failure ??= error instanceof Error ? error : new Error(String(error));
        pending.delete(request);
      },
    );
    pending.add(request);
    if (pending.size >= IN_FLIGHT) await Promise.race(pending);
  }
  await Promise.all(pending);
  if (failure !== undefined) throw failure;
}

/** Creates one task per task id (`prefix` + id, input `{task}`); existing identical tasks count as stored. */
export async function uploadTasks(context: UploadContext, loaded: LoadedAnswers): Promise<void> {
  const { client, poolId, prefix, batchSize, summary } = context;
  const build = (first: number, end: number): TaskCreateInput[] =>
    loaded.tasks.slice(first, end).map((task) => ({ id: `${prefix}${task}`, pool_id: poolId, input_values: { task } }));
  await sendBatches(loaded.tasks.length, batchSize, build, async (batch) => {
    const result = await callApi(() => client.createTasks(batch, { allowDefaults: true }));
    summary.tasks.sent += batch.length;
    summary.tasks.stored += Object.keys(result.items).length;
    context.advance(batch.length);
  });
}

/** Imports one ACCEPTED assignment per answer, built batch by batch. */
export async function uploadAssignments(context: UploadContext, loaded: LoadedAnswers): Promise<void> {
  const { client, poolId, prefix, batchSize, summary, failures } = context;
  const occurrences = new Map<string, number>();
  const assignmentOf = (a: number): AssignmentImportInput => {
    const task = loaded.tasks[loaded.answerTask[a]!]!;
    const worker = loaded.answerWorker[a]!;
    const pair = `${task}\u0000${worker}`;
    const occurrence = occurrences.get(pair) ?? 0;
    occurrences.set(pair, occurrence + 1);
    return {
      id: assignmentId(prefix, poolId, task, worker, occurrence),
      pool_id: poolId,
      user_id: worker,
      status: 'ACCEPTED',
      tasks: [{ id: `${prefix}${task}` }],
      solutions: [{ output_values: outputValues(loaded.fields, loaded.answerLabel[a]!) }],
    };
  };
  const build = (first: number, end: number): AssignmentImportInput[] => Array.from({ length: end - first }, (_, k) => assignmentOf(first + k));
  await sendBatches(loaded.answerTask.length, batchSize, build, async (batch) => {
    const result = await callApi(() => client.importAssignments(batch));
    summary.assignments.sent += batch.length;
    summary.assignments.created += result.created;
    summary.assignments.unchanged += result.unchanged;
    summary.assignments.updated += result.updated;
    summary.assignments.failed += result.failed;
    for (const [index, error] of Object.entries(result.errors ?? {})) {
      failures.push(`assignment ${batch[Number(index)]?.id ?? index}: ${error.code}: ${error.message}`);
    }
    context.advance(batch.length);
  });
}

/** Sets each worker's value of skill `skillId`. */
export async function uploadSkills(context: UploadContext, skillId: string, skills: ReadonlyMap<string, number>): Promise<void> {
  context.summary.skill_id = skillId;
  for (const [worker, value] of skills) {
    await callApi(() => context.client.setUserSkill({ skill_id: skillId, user_id: worker, value }));
    context.summary.user_skills += 1;
    context.advance(1);
  }
}
