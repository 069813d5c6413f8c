/**
 * @crowdagg/client: a typed client of the aggregated-solutions API, for
 * Toloka (production, sandbox) and for crowdagg-server. Runs in Node ≥ 20 and
 * in browsers: it only needs fetch, AbortSignal and URL.
 */
export { createClient } from './client.js';
export type { CrowdaggClient } from './client.js';
export type { ClientOptions, QueryValue } from './transport.js';
export type {
  AggregateByPoolInput,
  AggregateByTaskInput,
  AggregationCalls,
  CallOptions,
  OperationListQueryInput,
  OperationPage,
} from './aggregation-calls.js';
export { AssignmentImportSummarySchema } from './loading-calls.js';
export type {
  AssignmentImportInput,
  AssignmentImportSummary,
  CreateTasksOptions,
  LoadingCalls,
  PoolCreateInput,
  ProjectCreateInput,
  SkillCreateInput,
  TaskCreateInput,
  TaskListQuery,
  TaskPage,
  UserSkillSetInput,
} from './loading-calls.js';
export { authorizationHeader, detectAuthScheme } from './auth.js';
export type { AuthScheme } from './auth.js';
export { ENVIRONMENT_URLS, resolveApiRoot } from './environment.js';
export type { Environment } from './environment.js';
export { RETRY_STATUS_CODES, tolokaBackoff } from './retry.js';
export type { RetryEvent, RetryOptions, RetryReason } from './retry.js';
export type { QuotaInterval } from './error-body.js';
export { PagingError } from './paging.js';
export type { AggregatedSolutionPageQuery, AggregatedSolutionsIterationOptions, TaskIdRange } from './paging.js';
export { isOperationFinished } from './wait-operation.js';
export type { WaitOperationOptions } from './wait-operation.js';
export * from './errors.js';
