import type { Operation } from '@crowdagg/schema';
import { OperationFailedError, OperationTimeoutError } from './errors.js';
import { abortReason, sleep } from './sleep.js';

/** Options of `waitOperation`. */
export interface WaitOperationOptions {
  /** Give up after this many ms with {@link OperationTimeoutError}. Default 600 000 (10 min, like the SDKs). */
  timeoutMs?: number;
  /** Called with every polled state, e.g. to show `progress`. */
  onProgress?: (operation: Operation) => void;
  /** Stops waiting at once (also mid-sleep); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Delay before the first poll, in ms. Default 500. */
  initialDelayMs?: number;
  /** Delay between polls, in ms (fixed, no backoff). Default 1000. */
  intervalMs?: number;
  /** Reject with {@link OperationFailedError} when the operation ends in FAIL (default true); otherwise return it. */
  throwOnFail?: boolean;
}

/** True for the two terminal statuses. */
export function isOperationFinished(operation: Operation): boolean {
  return operation.status === 'SUCCESS' || operation.status === 'FAIL';
}

function finish(operation: Operation, throwOnFail: boolean): Operation {
  if (operation.status === 'FAIL' && throwOnFail) throw new OperationFailedError(operation);
  return operation;
}

/**
 * Polls `fetchOperation` until the operation is SUCCESS or FAIL: first after
 * `initialDelayMs`, then every `intervalMs`. The deadline also cuts short a
 * poll in flight. A finished operation passed in is returned (or thrown)
 * without polling.
 */
export async function pollOperation(
  fetchOperation: (id: string, signal: AbortSignal) => Promise<Operation>,
  target: string | Operation,
  options: WaitOperationOptions = {},
): Promise<Operation> {
  const { signal, onProgress } = options;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const throwOnFail = options.throwOnFail ?? true;
  let last = typeof target === 'string' ? undefined : target;
  const id = typeof target === 'string' ? target : target.id;
  if (last !== undefined && isOperationFinished(last)) return finish(last, throwOnFail);
  if (signal?.aborted === true) throw abortReason(signal);

  const deadline = AbortSignal.timeout(timeoutMs);
  const stop = signal === undefined ? deadline : AbortSignal.any([signal, deadline]);
  try {
    await sleep(options.initialDelayMs ?? 500, stop);
    for (;;) {
      last = await fetchOperation(id, stop);
      onProgress?.(last);
      if (isOperationFinished(last)) return finish(last, throwOnFail);
      await sleep(options.intervalMs ?? 1000, stop);
    }
  } catch (error) {
    // The deadline, not the caller's signal, stopped the wait: report a timeout.
    if (deadline.aborted && stop.reason === deadline.reason) throw new OperationTimeoutError(id, timeoutMs, last);
    throw error;
  }
}
