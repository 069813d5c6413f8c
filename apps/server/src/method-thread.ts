/**
 * Runs one aggregation method off the main thread, so that the HTTP server
 * keeps answering and the operation lease keeps being renewed during a long
 * DS run. Input: the matrix (structured-cloned), the plan's kind, skills and
 * baseline; output: the chosen label index and confidence per task.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ResponseMatrix } from '@crowdagg/local-aggregator';
import { runMethod, type AggregationKind } from './aggregate.js';

/** What the main thread sends. */
export interface MethodJob {
  readonly kind: AggregationKind;
  readonly matrix: ResponseMatrix;
  readonly skills: ReadonlyMap<string, number>;
  readonly baseline: readonly { task: string; label: string; weight: number }[];
}

/** What the thread answers. */
export type MethodOutcome =
  | { ok: true; labels: Int32Array; confidence: Float64Array; iterations: number; converged: boolean }
  | { ok: false; name: string; code?: string; message: string; stack?: string };

if (parentPort !== null) {
  const job = workerData as MethodJob;
  let outcome: MethodOutcome;
  try {
    const result = runMethod(job.kind, job.matrix, job.skills, job.baseline);
    outcome = { ok: true, labels: result.labels, confidence: result.confidence, iterations: result.iterations, converged: result.converged };
  } catch (error) {
    const e = error as Error & { code?: string };
    outcome = { ok: false, name: e.name, message: e.message, ...(typeof e.code === 'string' ? { code: e.code } : {}), ...(e.stack === undefined ? {} : { stack: e.stack }) };
  }
  parentPort.postMessage(outcome);
}
