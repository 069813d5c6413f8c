import type { AggregatedSolution, AggregatedSolutionPage } from '@crowdagg/schema';

/** Range filters on `task_id`, compared as plain strings by the server. */
export interface TaskIdRange {
  task_id_gt?: string;
  task_id_gte?: string;
  task_id_lt?: string;
  task_id_lte?: string;
}

/** Query of one page of aggregated solutions. */
export interface AggregatedSolutionPageQuery extends TaskIdRange {
  /** `task_id` (ascending) or `-task_id` (descending). */
  sort?: 'task_id' | '-task_id';
  /** Page size; the server's default (50 on Toloka) applies when absent. */
  limit?: number;
}

/** Options of the `aggregatedSolutions` iterator. */
export interface AggregatedSolutionsIterationOptions extends TaskIdRange {
  /** Page size (`limit`); absent means the server's default. */
  batchSize?: number;
  /** Aborts the iteration between and during page requests. */
  signal?: AbortSignal;
}

/** Thrown when a server's pages do not advance in `task_id` order, which would loop or lose results. */
export class PagingError extends Error {
  override name = 'PagingError';
}

/**
 * Yields every aggregated solution of an operation: pages sorted by `task_id`,
 * each next page asked with `task_id_gt=<last task_id>`, while `has_more` is
 * true and the page was not empty (the only paging that loses nothing).
 */
export async function* iterateAggregatedSolutions(
  fetchPage: (query: AggregatedSolutionPageQuery, signal: AbortSignal | undefined) => Promise<AggregatedSolutionPage>,
  options: AggregatedSolutionsIterationOptions = {},
): AsyncGenerator<AggregatedSolution, void, undefined> {
  const { batchSize, signal, task_id_lt, task_id_lte } = options;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new TypeError(`batchSize: must be a positive integer, got ${String(batchSize)}`);
  }
  let lower: TaskIdRange = { task_id_gt: options.task_id_gt, task_id_gte: options.task_id_gte };
  let cursor: string | undefined;
  for (;;) {
    const query: AggregatedSolutionPageQuery = { sort: 'task_id', ...lower, task_id_lt, task_id_lte };
    if (batchSize !== undefined) query.limit = batchSize;
    const page = await fetchPage(query, signal);
    const first = page.items[0]?.task_id;
    if (cursor !== undefined && first !== undefined && first <= cursor) {
      throw new PagingError(
        `asked for task_id > ${JSON.stringify(cursor)} but got ${JSON.stringify(first)}: the server does not page in task_id order`,
      );
    }
    yield* page.items;
    const last = page.items.at(-1)?.task_id;
    if (!page.has_more || last === undefined) return;
    cursor = last;
    lower = { task_id_gt: last };
  }
}
