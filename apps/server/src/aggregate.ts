import {
  AggregationError,
  buildMatrix,
  dawidSkene,
  MatrixBuilder,
  weightedDynamicOverlap,
  type AggregationResult,
  type ResponseMatrix,
} from '@crowdagg/local-aggregator';
import { answerSpace, type AnswerSpace, type OutputFieldSpec } from './answer-space.js';
import type { ApiError} from './errors.js';
import { conflict, fieldError, notFound } from './errors.js';
import type { AggregatedSolution, Answer, JsonObject, Store, Task } from './store/types.js';

/** Toloka's two aggregation types. */
export type AggregationKind = 'WEIGHTED_DYNAMIC_OVERLAP' | 'DAWID_SKENE';

/** What a by-task or by-pool request asks for, after validation. */
export interface AggregationRequest {
  readonly type: AggregationKind;
  readonly pool_id: string;
  readonly answer_weight_skill_id?: string;
  readonly fields: readonly { readonly name: string }[];
}

/** A checked request: the pool exists, the fields can be aggregated, the skill exists. */
export interface AggregationPlan {
  readonly type: AggregationKind;
  readonly poolId: string;
  readonly projectId: string;
  /** Required for WDO. */
  readonly skillId?: string;
  /** Field names actually aggregated (for DS with no field given: the project's one aggregatable field). */
  readonly fieldNames: readonly string[];
  readonly space: AnswerSpace;
}

function outputSpecOf(project: JsonObject): Record<string, OutputFieldSpec> {
  const taskSpec = project.task_spec as { output_spec?: unknown } | undefined;
  const spec = taskSpec?.output_spec;
  return spec !== null && typeof spec === 'object' ? (spec as Record<string, OutputFieldSpec>) : {};
}

function defaultDsField(outputSpec: Record<string, OutputFieldSpec>): string {
  const candidates = Object.keys(outputSpec).filter((name) => {
    try {
      answerSpace(outputSpec, [name]);
      return true;
    } catch {
      return false;
    }
  });
  if (candidates.length !== 1) {
    throw fieldError(
      'fields',
      'VALUE_REQUIRED',
      `Name the field to aggregate: the project has ${candidates.length} aggregatable output fields (${candidates.join(', ')})`,
    );
  }
  return candidates[0] as string;
}

/**
 * Checks a request against the account's pool, project and skill. Errors:
 * 404 DOES_NOT_EXIST for the pool; 400 VALIDATION_ERROR for a field that is
 * not in the output spec or cannot be aggregated, and for an unknown
 * `answer_weight_skill_id` (code ENTITY_DOES_NOT_EXIST).
 */
export async function planAggregation(store: Store, account: string, request: AggregationRequest): Promise<AggregationPlan> {
  const pool = await store.getPool(account, request.pool_id);
  if (pool === undefined) throw notFound('Pool', request.pool_id);
  const project = await store.getProject(account, pool.project_id);
  if (project === undefined) throw conflict(`The project ${pool.project_id} of pool ${pool.id} no longer exists`);
  const outputSpec = outputSpecOf(project);
  let fieldNames = request.fields.map((f) => f.name);
  if (request.type === 'DAWID_SKENE' && fieldNames.length === 0) fieldNames = [defaultDsField(outputSpec)];
  const space = answerSpace(outputSpec, fieldNames);
  if (request.type === 'WEIGHTED_DYNAMIC_OVERLAP') {
    const skillId = request.answer_weight_skill_id;
    if (skillId === undefined) throw fieldError('answer_weight_skill_id', 'VALUE_REQUIRED', 'answer_weight_skill_id is required');
    if ((await store.getSkill(account, skillId)) === undefined) {
      throw fieldError('answer_weight_skill_id', 'ENTITY_DOES_NOT_EXIST', `Skill ${JSON.stringify(skillId)} does not exist`);
    }
    return { type: request.type, poolId: pool.id, projectId: project.id, skillId, fieldNames, space };
  }
  return { type: request.type, poolId: pool.id, projectId: project.id, fieldNames, space };
}

/** Baseline pseudo-answers of a task (`baseline_solutions`), encoded in the plan's answer space. */
export function baselineOf(task: Task, space: AnswerSpace): { task: string; label: string; weight: number }[] {
  const list = Array.isArray(task.baseline_solutions) ? (task.baseline_solutions as unknown[]) : [];
  const out: { task: string; label: string; weight: number }[] = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    const { output_values: values, confidence_weight: weight } = item as { output_values?: unknown; confidence_weight?: unknown };
    const label = space.encode(values);
    if (label !== undefined) out.push({ task: task.id, label, weight: typeof weight === 'number' ? weight : 1 });
  }
  return out;
}

/** Runs a method on a matrix (skills: worker → skill 0…100 for WDO; baseline: WDO pseudo-answers). */
export function runMethod(
  kind: AggregationKind,
  matrix: ResponseMatrix,
  skills: ReadonlyMap<string, number>,
  baseline: readonly { task: string; label: string; weight: number }[],
): AggregationResult {
  if (kind === 'DAWID_SKENE') return dawidSkene(matrix, {});
  return weightedDynamicOverlap(matrix, { skills, missingSkill: 'skip', baseline });
}

/** Turns chosen label indices and confidences (per dense task) into Toloka `AggregatedSolution`s with typed `output_values`. */
export function* solutionsOf(
  plan: AggregationPlan,
  matrix: ResponseMatrix,
  result: { readonly labels: Int32Array; readonly confidence: Float64Array },
): Generator<AggregatedSolution> {
  for (let t = 0; t < matrix.nTasks; t += 1) {
    const label = matrix.labelValues[result.labels[t] ?? -1];
    const taskId = matrix.taskIds[t];
    if (label === undefined || taskId === undefined) throw new Error(`the aggregator returned no label for task #${t}`);
    yield { pool_id: plan.poolId, task_id: taskId, confidence: result.confidence[t] ?? 0, output_values: plan.space.decode(label) };
  }
}

/** 409 CONFLICT_STATE for an input the method cannot aggregate (the aggregator's code is in the payload). */
export function aggregationConflict(error: AggregationError): ApiError {
  return conflict(`Cannot aggregate: ${error.message}`, { reason: error.code });
}

/**
 * Aggregates one task (aggregate-by-task). Answers whose values are outside
 * the options, and (WDO) answers of workers without a value of the skill,
 * are left out. 404 when the task is not in the pool; 409 CONFLICT_STATE when
 * nothing is left to aggregate.
 */
export async function aggregateTask(store: Store, account: string, plan: AggregationPlan, taskId: string): Promise<AggregatedSolution> {
  const data = await store.getTaskForAggregation(account, plan.poolId, taskId);
  if (data === undefined) throw notFound('Task', taskId);
  let answers: Answer[] = data.answers;
  let skills: Map<string, number> = new Map();
  if (plan.type === 'WEIGHTED_DYNAMIC_OVERLAP' && plan.skillId !== undefined && answers.length > 0) {
    skills = await store.userSkillValues(account, plan.skillId, [...new Set(answers.map((a) => a.user_id))]);
    answers = answers.filter((a) => skills.has(a.user_id));
    if (answers.length === 0) {
      throw conflict(`No worker who answered task ${taskId} has a value of skill ${plan.skillId}`, { reason: 'MISSING_SKILL' });
    }
  }
  const rows: { task: string; worker: string; label: string }[] = [];
  for (const answer of answers) {
    const label = plan.space.encode(answer.output_values);
    if (label !== undefined) rows.push({ task: taskId, worker: answer.user_id, label });
  }
  if (rows.length === 0) {
    throw conflict(`Task ${taskId} has no accepted answers with values among the options of ${plan.fieldNames.join(', ')}`, {
      reason: 'NO_ANSWERS',
    });
  }
  try {
    const matrix = buildMatrix(rows, { labels: plan.space.labels });
    const result = runMethod(plan.type, matrix, skills, plan.type === 'WEIGHTED_DYNAMIC_OVERLAP' ? baselineOf(data.task, plan.space) : []);
    const [solution] = solutionsOf(plan, matrix, result);
    if (solution === undefined) throw new Error('the aggregator returned no row for the task');
    return solution;
  } catch (error) {
    if (error instanceof AggregationError) throw aggregationConflict(error);
    throw error;
  }
}

/** A streaming matrix builder for a pool in the plan's answer space, plus the set of answering workers. */
export function poolMatrixBuilder(plan: AggregationPlan): {
  add(taskId: string, userId: string, outputValues: unknown): void;
  workers: Set<string>;
  builder: MatrixBuilder;
  skipped: () => number;
} {
  const builder = new MatrixBuilder({ labels: plan.space.labels });
  const workers = new Set<string>();
  // The store hands out one shared object per distinct output_values, so a
  // small identity cache saves re-encoding the same answer.
  const encoded = new Map<unknown, string | undefined>();
  let skipped = 0;
  return {
    builder,
    workers,
    skipped: () => skipped,
    add(taskId, userId, outputValues) {
      let label = encoded.get(outputValues);
      if (label === undefined && !encoded.has(outputValues)) {
        label = plan.space.encode(outputValues);
        if (encoded.size < 10_000) encoded.set(outputValues, label);
      }
      if (label === undefined) {
        skipped += 1;
        return;
      }
      workers.add(userId);
      builder.add(taskId, userId, label);
    },
  };
}

/**
 * Caches checked plans per (account, request without task_id). Pools,
 * projects and skills cannot be changed or deleted through the API, so a plan
 * stays valid; the cache only saves the three lookups of every by-task call.
 */
export class PlanCache {
  private readonly plans = new Map<string, AggregationPlan>();

  constructor(private readonly capacity = 1000) {}

  /** The cached plan, or a freshly checked one (errors are not cached). */
  async get(store: Store, account: string, request: AggregationRequest): Promise<AggregationPlan> {
    const key = `${account}\u0000${request.type}\u0000${request.pool_id}\u0000${request.answer_weight_skill_id ?? ''}\u0000${request.fields.map((f) => f.name).join('\u0000')}`;
    const cached = this.plans.get(key);
    if (cached !== undefined) return cached;
    const plan = await planAggregation(store, account, request);
    if (this.plans.size >= this.capacity) this.plans.delete(this.plans.keys().next().value as string);
    this.plans.set(key, plan);
    return plan;
  }
}
