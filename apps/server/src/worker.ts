import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AggregationError, type AggregationErrorCode } from '@crowdagg/local-aggregator';
import { baselineOf, planAggregation, poolMatrixBuilder, solutionsOf, type AggregationKind, type AggregationPlan } from './aggregate.js';
import type { MethodJob, MethodOutcome } from './method-thread.js';
import { ApiError } from './errors.js';
import type { Logger } from './logger.js';
import { SOLUTION_AGGREGATE } from './routes/aggregation.js';
import type { ClaimedOperation, JsonObject, Store } from './store/types.js';

/** Settings of {@link OperationWorker}. */
export interface WorkerOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** Lease length; renewed every third of it while the operation runs. */
  readonly leaseMs: number;
  /** Idle poll interval. */
  readonly pollMs: number;
  /** After `stop()`, how long a running operation may continue before it is released; default 10 s. */
  readonly graceMs?: number;
  /** Lease owner name; default `<host>:<pid>:<random>`. */
  readonly owner?: string;
  /** Users per skill lookup; default 500. */
  readonly skillBatch?: number;
}

/** Thrown inside a run when the lease was lost or the worker is shutting down. */
class Abandoned extends Error {}

/**
 * The operation worker loop: claims SOLUTION.AGGREGATE operations under a
 * lease, streams the pool's accepted answers into a matrix, runs DS or WDO
 * and completes the operation with its results (exactly once: the store
 * refuses a completion from an owner that lost the lease). On `stop()` it
 * claims nothing more and lets the running operation finish within the
 * grace period, or releases it (claimable at once, the attempt not counted)
 * so another process takes it over.
 */
export class OperationWorker {
  readonly owner: string;
  private stopping = false;
  private stopDeadline: number | undefined;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private lastRenewal = 0;
  private progress = 0;

  constructor(private readonly options: WorkerOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** Starts the loop (idempotent). */
  start(): void {
    this.loop ??= this.run();
  }

  /** Looks for work now instead of at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops claiming; resolves once the running operation has finished or been released. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopDeadline = Date.now() + (this.options.graceMs ?? 10_000);
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { store, logger } = this.options;
    while (!this.stopping) {
      let claimed: ClaimedOperation | undefined;
      try {
        claimed = await store.claimOperation(this.owner, this.options.leaseMs, { types: [SOLUTION_AGGREGATE] });
      } catch (error) {
        logger.error('claiming an operation failed', error);
      }
      if (claimed === undefined) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.pollMs);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
        continue;
      }
      await this.execute(claimed);
    }
  }

  private async checkpoint(id: string, progress: number, force = false): Promise<void> {
    const { store, leaseMs } = this.options;
    this.progress = Math.max(this.progress, Math.min(99, Math.floor(progress)));
    if (this.stopDeadline !== undefined && Date.now() > this.stopDeadline) {
      await store.releaseOperation(id, this.owner, this.progress);
      throw new Abandoned(`released on shutdown at ${this.progress}%`);
    }
    if (!force && Date.now() - this.lastRenewal < leaseMs / 3) return;
    if (!(await store.renewLease(id, this.owner, leaseMs, this.progress))) throw new Abandoned('lease lost');
    this.lastRenewal = Date.now();
  }

  private async execute(claimed: ClaimedOperation): Promise<void> {
    const { store, logger } = this.options;
    const { operation, account } = claimed;
    this.lastRenewal = Date.now();
    this.progress = 0;
    const started = performance.now();
    logger.info(`operation ${operation.id} claimed (attempt ${claimed.attempt})`);
    try {
      const phases: Record<string, number> = {};
      const details = await this.aggregatePool(operation.id, account, operation.parameters, phases);
      const ms = Math.round(performance.now() - started);
      const split = Object.entries(phases)
        .map(([phase, t]) => `${phase} ${Math.round(t)}ms`)
        .join(', ');
      logger.info(`operation ${operation.id} ${details === undefined ? 'lost its lease' : 'succeeded'} in ${ms}ms (${split})`);
    } catch (error) {
      if (error instanceof Abandoned) {
        logger.info(`operation ${operation.id} ${error.message}`);
        return;
      }
      let reason: string;
      if (error instanceof ApiError || error instanceof AggregationError) reason = `${error.code}: ${error.message}`;
      else {
        logger.error(`operation ${operation.id} failed`, error);
        reason = 'OPERATION_EXECUTION_ERROR: internal error while aggregating (see the server log)';
      }
      try {
        await store.failOperation(operation.id, this.owner, reason);
        logger.info(`operation ${operation.id} FAIL: ${reason}`);
      } catch (failError) {
        logger.error(`marking operation ${operation.id} FAIL failed`, failError);
      }
    }
  }

  private async skillsFor(account: string, plan: AggregationPlan, users: string[], into: Map<string, number>): Promise<void> {
    if (plan.skillId === undefined) return;
    const batch = this.options.skillBatch ?? 500;
    for (let i = 0; i < users.length; i += batch) {
      const values = await this.options.store.userSkillValues(account, plan.skillId, users.slice(i, i + batch));
      for (const [user, value] of values) into.set(user, value);
    }
  }

  private async baselineFor(account: string, plan: AggregationPlan): Promise<{ task: string; label: string; weight: number }[]> {
    const out: { task: string; label: string; weight: number }[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.options.store.listTasks(account, { pool_id: plan.poolId, limit: 5000, ...(after === undefined ? {} : { id_gt: after }) });
      for (const task of page.items) out.push(...baselineOf(task, plan.space));
      const last = page.items.at(-1);
      if (!page.has_more || last === undefined) return out;
      after = last.id;
    }
  }

  /**
   * Runs the method in a worker thread while this thread keeps renewing the
   * lease; the thread is terminated when the lease is lost or on shutdown.
   */
  private async runInThread(id: string, job: MethodJob): Promise<{ labels: Int32Array; confidence: Float64Array; iterations: number; converged: boolean }> {
    const thread = new Worker(new URL('./method-thread.js', import.meta.url), { workerData: job });
    let stopReason: Error | undefined;
    const outcome = new Promise<MethodOutcome>((resolve, reject) => {
      thread.once('message', (message: MethodOutcome) => resolve(message));
      thread.once('error', reject);
      thread.once('exit', (code) => reject(stopReason ?? new Error(`the aggregation thread exited with code ${code}`)));
    });
    const renew = setInterval(() => {
      this.checkpoint(id, 60).catch((error: unknown) => {
        stopReason = error instanceof Error ? error : new Error(String(error));
        void thread.terminate();
      });
    }, Math.max(50, Math.floor(this.options.leaseMs / 3)));
    try {
      const result = await outcome;
      if (result.ok) return result;
      if (result.name === 'AggregationError' && result.code !== undefined) {
        throw new AggregationError(result.code as AggregationErrorCode, result.message);
      }
      const error = new Error(result.message);
      if (result.stack !== undefined) error.stack = result.stack;
      throw error;
    } finally {
      clearInterval(renew);
      void thread.terminate();
    }
  }

  /** Runs one pool aggregation; the details written with SUCCESS, or undefined when the lease was lost at completion. */
  private async aggregatePool(id: string, account: string, parameters: JsonObject, phases: Record<string, number>): Promise<JsonObject | undefined> {
    let mark = performance.now();
    const phase = (name: string): void => {
      const now = performance.now();
      phases[name] = now - mark;
      mark = now;
    };
    const { store } = this.options;
    const fields = Array.isArray(parameters.aggregated_fields) ? (parameters.aggregated_fields as { name: string }[]) : [];
    const plan = await planAggregation(store, account, {
      type: parameters.algorithm as AggregationKind,
      pool_id: String(parameters.pool_id),
      ...(typeof parameters.answer_weight_skill_id === 'string' ? { answer_weight_skill_id: parameters.answer_weight_skill_id } : {}),
      fields,
    });
    const wdo = plan.type === 'WEIGHTED_DYNAMIC_OVERLAP';
    const collector = poolMatrixBuilder(plan);
    const skills = new Map<string, number>();
    const looked = new Set<string>();
    let read = 0;
    let withoutSkill = 0;
    await this.checkpoint(id, 1, true);
    for await (const chunk of store.poolAnswers(account, plan.poolId)) {
      if (wdo) {
        const fresh = [...new Set(chunk.map((a) => a.user_id))].filter((u) => !looked.has(u));
        fresh.forEach((u) => looked.add(u));
        await this.skillsFor(account, plan, fresh, skills);
      }
      for (const answer of chunk) {
        if (wdo && !skills.has(answer.user_id)) {
          withoutSkill += 1;
          continue;
        }
        collector.add(answer.task_id, answer.user_id, answer.output_values);
      }
      read += chunk.length;
      await this.checkpoint(id, 5 + 45 * (1 - 1 / (1 + read / 200_000)));
    }
    if (collector.builder.size === 0) {
      throw new ApiError(409, 'EMPTY_POOL', `Pool ${plan.poolId} has no accepted answers to aggregate` + (withoutSkill > 0 ? ` (${withoutSkill} answers of workers without skill ${plan.skillId})` : ''));
    }
    const matrix = collector.builder.build();
    phase('read');
    const baseline = wdo ? await this.baselineFor(account, plan) : [];
    await this.checkpoint(id, 55, true);
    const result = await this.runInThread(id, { kind: plan.type, matrix, skills, baseline });
    phase('method');
    await this.checkpoint(id, 90, true);
    const details: JsonObject = {
      tasks: matrix.nTasks,
      answers: matrix.nAnswers,
      workers: matrix.nWorkers,
      skipped_answers: collector.skipped() + withoutSkill,
      iterations: result.iterations,
      converged: result.converged,
    };
    const done = await store.completeOperation(id, this.owner, solutionsOf(plan, matrix, result), details);
    phase('write');
    return done ? details : undefined;
  }
}
