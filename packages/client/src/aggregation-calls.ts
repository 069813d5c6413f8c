import {
  AggregatedSolutionPageSchema,
  AggregatedSolutionSchema,
  OperationLogItemSchema,
  OperationSchema,
  pageSchema,
} from '@crowdagg/schema';
import type {
  AggregateByPoolRequestSchema,
  AggregateByTaskRequestSchema,
  AggregatedSolution,
  AggregatedSolutionPage,
  Operation,
  OperationListQuerySchema,
  OperationLogItem,
} from '@crowdagg/schema';
import * as v from 'valibot';
import { iterateAggregatedSolutions } from './paging.js';
import type { AggregatedSolutionPageQuery, AggregatedSolutionsIterationOptions } from './paging.js';
import type { Transport } from './transport.js';
import { pollOperation } from './wait-operation.js';
import type { WaitOperationOptions } from './wait-operation.js';

const OperationPageSchema = pageSchema(OperationSchema);
const OperationLogSchema = v.array(OperationLogItemSchema);

/** Per-call options every method accepts. */
export interface CallOptions {
  /** Aborts this call (and its retries). */
  signal?: AbortSignal;
}

/** Body of aggregate-by-task, as the caller may write it (ids may be numbers). */
export type AggregateByTaskInput = v.InferInput<typeof AggregateByTaskRequestSchema>;
/** Body of aggregate-by-pool, as the caller may write it (ids may be numbers). */
export type AggregateByPoolInput = v.InferInput<typeof AggregateByPoolRequestSchema>;
/** Filters of `GET /operations`. */
export type OperationListQueryInput = v.InferInput<typeof OperationListQuerySchema>;
/** One page of operations. */
export type OperationPage = v.InferOutput<typeof OperationPageSchema>;

/** The aggregated-solutions and operations calls of the API. */
export interface AggregationCalls {
  /** `POST /aggregated-solutions/aggregate-by-task`: aggregates one task synchronously (either algorithm). */
  aggregateByTask(this: void, request: AggregateByTaskInput, options?: CallOptions): Promise<AggregatedSolution>;
  /** `POST /aggregated-solutions/aggregate-by-pool`: starts aggregating a pool; returns the `SOLUTION.AGGREGATE` operation. */
  aggregateByPool(this: void, request: AggregateByPoolInput, options?: CallOptions): Promise<Operation>;
  /** `GET /operations/{id}`. */
  getOperation(this: void, operationId: string, options?: CallOptions): Promise<Operation>;
  /** `GET /operations`: one page of operations matching the filters. */
  findOperations(this: void, query?: OperationListQueryInput, options?: CallOptions): Promise<OperationPage>;
  /** `GET /operations/{id}/log`: per-item results of a batch operation (e.g. async task creation). */
  getOperationLog(this: void, operationId: string, options?: CallOptions): Promise<OperationLogItem[]>;
  /**
   * Polls an operation until SUCCESS (resolves) or FAIL (rejects with
   * OperationFailedError unless `throwOnFail: false`); see {@link WaitOperationOptions}.
   */
  waitOperation(this: void, operation: string | Operation, options?: WaitOperationOptions): Promise<Operation>;
  /** `GET /aggregated-solutions/{operationId}`: one page, with any sort, range filter and limit. */
  findAggregatedSolutions(
    this: void,
    operationId: string,
    query?: AggregatedSolutionPageQuery,
    options?: CallOptions,
  ): Promise<AggregatedSolutionPage>;
  /** Every result of a by-pool operation, paged by `task_id` so nothing is lost or repeated. */
  aggregatedSolutions(this: void, operationId: string, options?: AggregatedSolutionsIterationOptions): AsyncIterableIterator<AggregatedSolution>;
}

/** Binds the aggregation and operation calls to a transport. */
export function aggregationCalls(transport: Transport): AggregationCalls {
  const getOperation = (operationId: string, options?: CallOptions): Promise<Operation> =>
    transport.call({ method: 'GET', path: ['operations', operationId], schema: OperationSchema, signal: options?.signal });

  const findAggregatedSolutions = (
    operationId: string,
    query: AggregatedSolutionPageQuery = {},
    options?: CallOptions,
  ): Promise<AggregatedSolutionPage> =>
    transport.call({
      method: 'GET',
      path: ['aggregated-solutions', operationId],
      query: { ...query },
      schema: AggregatedSolutionPageSchema,
      signal: options?.signal,
    });

  return {
    aggregateByTask: (request, options) =>
      transport.call({
        method: 'POST',
        path: ['aggregated-solutions', 'aggregate-by-task'],
        json: request,
        schema: AggregatedSolutionSchema,
        signal: options?.signal,
      }),
    aggregateByPool: (request, options) =>
      transport.call({
        method: 'POST',
        path: ['aggregated-solutions', 'aggregate-by-pool'],
        json: request,
        schema: OperationSchema,
        signal: options?.signal,
      }),
    getOperation,
    findOperations: (query = {}, options) =>
      transport.call({ method: 'GET', path: ['operations'], query: { ...query }, schema: OperationPageSchema, signal: options?.signal }),
    getOperationLog: (operationId, options) =>
      transport.call({
        method: 'GET',
        path: ['operations', operationId, 'log'],
        schema: OperationLogSchema,
        signal: options?.signal,
      }),
    waitOperation: (operation, options) => pollOperation((id, signal) => getOperation(id, { signal }), operation, options),
    findAggregatedSolutions,
    aggregatedSolutions: (operationId, options) =>
      iterateAggregatedSolutions((query, signal) => findAggregatedSolutions(operationId, query, { signal }), options),
  };
}
