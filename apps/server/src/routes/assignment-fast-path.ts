import { ANSWERED_ASSIGNMENT_STATUSES } from '@crowdagg/schema';
import type { AssignmentInput, AssignmentStatus } from '../store/types.js';

/** Keys a fast-path assignment may have; anything else goes to the full schema. */
const ASSIGNMENT_KEYS = new Set(['id', 'pool_id', 'user_id', 'task_suite_id', 'status', 'tasks', 'solutions']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Only the keys in `allowed` (own keys of a JSON-parsed object). */
function hasOnlyKeys(obj: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key in obj) if (!allowed.has(key)) return false;
  return true;
}

const TASK_KEYS = new Set(['id', 'input_values']);

/** `{ id, input_values? }` rebuilt in schema key order, or undefined. */
function fastTask(task: unknown): AssignmentInput['tasks'][number] | undefined {
  if (!isPlainObject(task) || !hasOnlyKeys(task, TASK_KEYS) || !isId(task.id)) return undefined;
  if (!('input_values' in task)) return { id: task.id };
  return isPlainObject(task.input_values) ? { id: task.id, input_values: task.input_values } : undefined;
}

/** `{ output_values }` or undefined. */
function fastSolution(solution: unknown): AssignmentInput['solutions'][number] | undefined {
  if (!isPlainObject(solution) || !isPlainObject(solution.output_values)) return undefined;
  for (const key in solution) if (key !== 'output_values') return undefined;
  return { output_values: solution.output_values };
}

/**
 * The common shape of an answered assignment in a JSON body, checked without
 * valibot: string ids, an answered status, and one `{ output_values }` per
 * `{ id, input_values? }` task. Returns the same value `AssignmentImportSchema`
 * would (keys in the schema's order), or undefined when the item is anything
 * else — valid or not — so the caller runs the full schema, which alone
 * reports errors.
 */
export function fastAssignment(item: unknown): AssignmentInput | undefined {
  if (!isPlainObject(item) || !hasOnlyKeys(item, ASSIGNMENT_KEYS)) return undefined;
  const { id, pool_id: poolId, user_id: userId, status, tasks, solutions } = item;
  if (!isId(id) || !isId(poolId) || !isId(userId)) return undefined;
  if (!ANSWERED_ASSIGNMENT_STATUSES.includes(status as AssignmentStatus)) return undefined;
  if (!Array.isArray(tasks) || !Array.isArray(solutions) || tasks.length === 0 || solutions.length !== tasks.length) return undefined;
  const outTasks: AssignmentInput['tasks'] = new Array<AssignmentInput['tasks'][number]>(tasks.length);
  const outSolutions: AssignmentInput['solutions'] = new Array<AssignmentInput['solutions'][number]>(tasks.length);
  for (let k = 0; k < tasks.length; k += 1) {
    const task = fastTask(tasks[k]);
    const solution = fastSolution(solutions[k]);
    if (task === undefined || solution === undefined) return undefined;
    outTasks[k] = task;
    outSolutions[k] = solution;
  }
  const answered = status as AssignmentStatus;
  if (!('task_suite_id' in item)) return { id, pool_id: poolId, user_id: userId, status: answered, tasks: outTasks, solutions: outSolutions };
  const suite = item.task_suite_id;
  if (!isId(suite)) return undefined;
  return { id, pool_id: poolId, user_id: userId, task_suite_id: suite, status: answered, tasks: outTasks, solutions: outSolutions };
}

/** Every item through {@link fastAssignment}, or undefined if any one needs the full schema. */
export function fastAssignments(items: readonly unknown[]): AssignmentInput[] | undefined {
  const out: AssignmentInput[] = new Array<AssignmentInput>(items.length);
  for (let i = 0; i < items.length; i += 1) {
    const assignment = fastAssignment(items[i]);
    if (assignment === undefined) return undefined;
    out[i] = assignment;
  }
  return out;
}
