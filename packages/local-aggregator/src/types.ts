/**
 * The one in-memory form every method reads: answers interned to dense
 * integer ids and grouped per task (CSR) and per worker.
 *
 * Answer `a` (0 ≤ a < nAnswers) is stored in task-major order: the answers of
 * task `t` are `taskOffsets[t] … taskOffsets[t + 1] - 1`.
 */
export interface ResponseMatrix {
  /** Number of distinct tasks. */
  readonly nTasks: number;
  /** Number of distinct workers. */
  readonly nWorkers: number;
  /** Number of label options (Y); may exceed the labels actually seen. */
  readonly nLabels: number;
  /** Number of answers (rows). */
  readonly nAnswers: number;
  /** External task id of each dense task index. */
  readonly taskIds: readonly string[];
  /** External worker id of each dense worker index. */
  readonly workerIds: readonly string[];
  /**
   * External value of each dense label index. For joint answers over several
   * fields this is the canonical key of the tuple (see `jointLabelKey`).
   */
  readonly labelValues: readonly string[];
  /** Length nTasks + 1: answers of task t are [taskOffsets[t], taskOffsets[t+1]). */
  readonly taskOffsets: Int32Array;
  /** Task of each answer (length nAnswers). */
  readonly answerTask: Int32Array;
  /** Worker of each answer (length nAnswers). */
  readonly answerWorker: Int32Array;
  /** Label of each answer (length nAnswers). */
  readonly answerLabel: Int32Array;
  /** Length nWorkers + 1: worker w's answers are workerAnswers[workerOffsets[w] … workerOffsets[w+1]). */
  readonly workerOffsets: Int32Array;
  /** Answer indices grouped by worker (length nAnswers). */
  readonly workerAnswers: Int32Array;
  /** Golden label index per task, -1 where unknown (length nTasks), when golden labels were given. */
  readonly golden?: Int32Array;
}

/** How a method picks one label when several share the best score. */
export type TiePolicy =
  /** The label that comes first in the matrix's label order (default; deterministic). */
  | 'first'
  /** A seeded pseudo-random label among the tied ones (deterministic for a given seed). */
  | 'random';

/** Options every method accepts. */
export interface CommonOptions {
  /** Tie policy; default `'first'`. */
  readonly ties?: TiePolicy;
  /** Seed for anything random (tie breaking, random initialisation); default 0. */
  readonly seed?: number;
}

/**
 * What every method returns. Arrays are indexed by the matrix's dense ids;
 * `posteriors` is row-major `nTasks × nLabels`, each row summing to 1.
 * No value is ever NaN or ±Infinity.
 */
export interface AggregationResult<WorkerParams = unknown, Options = unknown> {
  /** Method name as in the registry (e.g. `'dawid-skene'`). */
  readonly method: string;
  /** Chosen label index per task (length nTasks). */
  readonly labels: Int32Array;
  /** Row-major nTasks × nLabels posterior (or normalised score) matrix. */
  readonly posteriors: Float64Array;
  /** Posterior of the chosen label per task (length nTasks). */
  readonly confidence: Float64Array;
  /** Method-specific worker parameters (skills, confusion matrices, …). */
  readonly workers: WorkerParams;
  /** Iterations run (1 for one-pass methods). */
  readonly iterations: number;
  /** Whether the stopping rule was met before the iteration cap (true for one-pass methods). */
  readonly converged: boolean;
  /** Objective per iteration (method-specific; empty for one-pass methods). */
  readonly lossHistory: readonly number[];
  /** The options actually used, defaults filled in. */
  readonly options: Options;
}

/** The shape every method has: `(matrix, options) → result`. */
export type AggregationMethod<Options extends CommonOptions = CommonOptions, WorkerParams = unknown> = (
  matrix: ResponseMatrix,
  options?: Options,
) => AggregationResult<WorkerParams, Options>;
