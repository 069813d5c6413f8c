/**
 * Id aliases: clients that send numeric ids (`"pool_id": 1`, which the schema
 * turns into `"1"`) reach the objects whose generated ids are zero-padded
 * (`000000000001`). {@link withIdAliases} wraps a store so every adapter
 * behaves the same; the adapters themselves only ever see stored ids.
 */
import { ID_WIDTH } from './common.js';
import type {
  AggregatedSolution,
  AssignmentInput,
  ClaimOptions,
  IdPageQuery,
  JsonObject,
  OperationInput,
  PoolQuery,
  SolutionQuery,
  Store,
  TaskForAggregation,
  TaskInput,
  TaskQuery,
  UserSkillInput,
  UserSkillQuery,
  AssignmentQuery,
  OperationQuery,
  Task,
} from './types.js';

const SHORT_NUMBER = new RegExp(`^[0-9]{1,${ID_WIDTH - 1}}$`);

/**
 * The stored form of a generated id: an all-digit id shorter than
 * {@link ID_WIDTH} is zero-padded (`"42"` → `"000000000042"`); anything else
 * is returned unchanged.
 */
export function canonicalId(id: string): string {
  return SHORT_NUMBER.test(id) ? id.padStart(ID_WIDTH, '0') : id;
}

function canonicalOptional(id: string | undefined): string | undefined {
  return id === undefined ? undefined : canonicalId(id);
}

/**
 * Looks up by the id as given and, when nothing is found and the id is a
 * short number, by its padded form. Used for tasks, whose ids may be chosen
 * by the client (`"7"` stays reachable as `"7"`).
 */
async function exactThenPadded<T>(id: string, read: (id: string) => Promise<T | undefined>): Promise<T | undefined> {
  const found = await read(id);
  if (found !== undefined) return found;
  const padded = canonicalId(id);
  return padded === id ? undefined : read(padded);
}

/**
 * A store whose lookups accept short numeric ids of skills, projects, pools
 * and user skills (always generated, so always padded), and of tasks (the
 * exact id first, then the padded one). References inside written objects
 * (`pool_id`, `project_id`, `skill_id`) are stored in the padded form.
 */
export function withIdAliases(store: Store): Store {
  return new IdAliasStore(store);
}

class IdAliasStore implements Store {
  readonly kind: Store['kind'];
  constructor(private readonly inner: Store) {
    this.kind = inner.kind;
  }

  close() { return this.inner.close(); }
  migrate() { return this.inner.migrate(); }

  createSkill(account: string, skill: JsonObject & { name: string }) { return this.inner.createSkill(account, skill); }
  getSkill(account: string, id: string) { return this.inner.getSkill(account, canonicalId(id)); }
  listSkills(account: string, query: IdPageQuery) { return this.inner.listSkills(account, query); }

  setUserSkill(account: string, input: UserSkillInput) {
    return this.inner.setUserSkill(account, { ...input, skill_id: canonicalId(input.skill_id) });
  }
  getUserSkill(account: string, id: string) { return this.inner.getUserSkill(account, canonicalId(id)); }
  listUserSkills(account: string, query: UserSkillQuery) {
    return this.inner.listUserSkills(account, withCanonical(query, 'skill_id'));
  }
  userSkillValues(account: string, skillId: string, userIds: readonly string[]) {
    return this.inner.userSkillValues(account, canonicalId(skillId), userIds);
  }

  createProject(account: string, project: JsonObject) { return this.inner.createProject(account, project); }
  getProject(account: string, id: string) { return this.inner.getProject(account, canonicalId(id)); }
  listProjects(account: string, query: IdPageQuery) { return this.inner.listProjects(account, query); }

  createPool(account: string, pool: JsonObject & { project_id: string }) {
    return this.inner.createPool(account, { ...pool, project_id: canonicalId(pool.project_id) });
  }
  getPool(account: string, id: string) { return this.inner.getPool(account, canonicalId(id)); }
  listPools(account: string, query: PoolQuery) { return this.inner.listPools(account, withCanonical(query, 'project_id')); }

  createTasks(account: string, tasks: readonly TaskInput[]) {
    return this.inner.createTasks(account, tasks.map((t) => ({ ...t, pool_id: canonicalId(t.pool_id) })));
  }
  getTask(account: string, id: string): Promise<Task | undefined> {
    return exactThenPadded(id, (key) => this.inner.getTask(account, key));
  }
  listTasks(account: string, query: TaskQuery) { return this.inner.listTasks(account, withCanonical(query, 'pool_id')); }

  importAssignments(account: string, assignments: readonly AssignmentInput[]) {
    return this.inner.importAssignments(account, assignments.map((a) => canonicalPoolOf(a)));
  }
  getAssignment(account: string, id: string) { return this.inner.getAssignment(account, id); }
  listAssignments(account: string, query: AssignmentQuery) {
    return this.inner.listAssignments(account, withCanonical(query, 'pool_id'));
  }

  getTaskForAggregation(account: string, poolId: string, taskId: string): Promise<TaskForAggregation | undefined> {
    const pool = canonicalId(poolId);
    return exactThenPadded(taskId, (key) => this.inner.getTaskForAggregation(account, pool, key));
  }
  poolAnswers(account: string, poolId: string, chunkSize?: number) {
    return this.inner.poolAnswers(account, canonicalId(poolId), chunkSize);
  }

  createOperation(account: string, input: OperationInput) {
    const poolId = canonicalOptional(input.pool_id);
    return this.inner.createOperation(account, poolId === undefined ? input : { ...input, pool_id: poolId });
  }
  getOperation(account: string, id: string) { return this.inner.getOperation(account, id); }
  listOperations(account: string, query: OperationQuery) { return this.inner.listOperations(account, query); }
  getOperationLog(account: string, id: string) { return this.inner.getOperationLog(account, id); }
  claimOperation(owner: string, leaseMs: number, options?: ClaimOptions) { return this.inner.claimOperation(owner, leaseMs, options); }
  renewLease(id: string, owner: string, leaseMs: number, progress: number) {
    return this.inner.renewLease(id, owner, leaseMs, progress);
  }
  releaseOperation(id: string, owner: string, progress: number) { return this.inner.releaseOperation(id, owner, progress); }
  completeOperation(
    id: string,
    owner: string,
    results: Iterable<AggregatedSolution> | AsyncIterable<AggregatedSolution>,
    details?: JsonObject,
  ) {
    return this.inner.completeOperation(id, owner, results, details);
  }
  failOperation(id: string, owner: string, reason: string) { return this.inner.failOperation(id, owner, reason); }
  listAggregatedSolutions(account: string, operationId: string, query: SolutionQuery) {
    return this.inner.listAggregatedSolutions(account, operationId, query);
  }
}

/** A copy of `query` with its `key` filter in canonical form. */
function withCanonical<Q extends object, K extends keyof Q & string>(query: Q, key: K): Q {
  const value = query[key];
  return typeof value === 'string' ? { ...query, [key]: canonicalId(value) } : query;
}

/** The assignment with its `pool_id` in canonical form (the same object when already canonical). */
function canonicalPoolOf(a: AssignmentInput): AssignmentInput {
  const poolId = canonicalId(a.pool_id);
  return poolId === a.pool_id ? a : { ...a, pool_id: poolId };
}
