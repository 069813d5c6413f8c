import { describe, expect, it } from 'vitest';
import { PagingError } from './paging.js';
import { ok, sequence } from './test-support/scripted-server.js';
import { useScriptedServer } from './test-support/harness.js';
import { aggregatedSolutionsHandler, solution } from './test-support/toloka-fixtures.js';

const OP = 'op-1';
const PATH = `/aggregated-solutions/${OP}`;

/** Deterministic shuffle (LCG) so the server's unsorted order differs from task_id order. */
function shuffled<T>(items: T[], seed = 7): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('aggregatedSolutions (iterator)', () => {
  const h = useScriptedServer();

  it('pages over 1,234 results with no loss or duplicate, ids sorting as strings', async () => {
    // Plain numbers as ids: '10' < '9' in string order, which is the server's order.
    const ids = Array.from({ length: 1234 }, (_, i) => String(i));
    h.server.on('GET', PATH, aggregatedSolutionsHandler(shuffled(ids).map((id) => solution(id))));
    const got = (await collect(h.client.aggregatedSolutions(OP, { batchSize: 100 }))).map((s) => s.task_id);
    expect(got).toHaveLength(1234);
    expect(new Set(got).size).toBe(1234);
    expect(got).toEqual([...ids].sort());
    const requests = h.server.seen('GET', PATH);
    expect(requests).toHaveLength(13);
    expect(requests.every((r) => r.query.get('sort') === 'task_id' && r.query.get('limit') === '100')).toBe(true);
    expect(requests[0]?.query.has('task_id_gt')).toBe(false);
    expect(requests[1]?.query.get('task_id_gt')).toBe(got[99]);
    expect(requests[12]?.query.get('task_id_gt')).toBe(got[1199]);
  });

  it('stops on an exact page boundary and without batchSize uses the server default', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `task-${String(i).padStart(4, '0')}`);
    h.server.on('GET', PATH, aggregatedSolutionsHandler(ids.map((id) => solution(id))));
    expect(await collect(h.client.aggregatedSolutions(OP))).toHaveLength(150);
    const requests = h.server.seen('GET', PATH);
    expect(requests).toHaveLength(3); // 50 + 50 + 50, the last with has_more false
    expect(requests.some((r) => r.query.has('limit'))).toBe(false);
  });

  it('keeps the caller’s range: upper bounds on every page, lower bound only on the first', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    h.server.on('GET', PATH, aggregatedSolutionsHandler(ids.map((id) => solution(id))));
    const got = await collect(h.client.aggregatedSolutions(OP, { batchSize: 7, task_id_gte: 't05', task_id_lt: 't30' }));
    expect(got.map((s) => s.task_id)).toEqual(ids.slice(5, 30));
    const requests = h.server.seen('GET', PATH);
    expect(requests[0]?.query.get('task_id_gte')).toBe('t05');
    expect(requests.slice(1).every((r) => !r.query.has('task_id_gte') && r.query.has('task_id_gt'))).toBe(true);
    expect(requests.every((r) => r.query.get('task_id_lt') === 't30')).toBe(true);
  });

  it('never trusts has_more with an empty page', async () => {
    h.server.on('GET', PATH, sequence(ok({ items: [solution('a')], has_more: true }), ok({ items: [], has_more: true })));
    expect(await collect(h.client.aggregatedSolutions(OP))).toHaveLength(1);
    expect(h.server.seen('GET', PATH)).toHaveLength(2);
  });

  it('fails with PagingError when the server ignores task_id_gt', async () => {
    h.server.on('GET', PATH, ok({ items: [solution('a'), solution('b')], has_more: true }));
    const iterator = h.client.aggregatedSolutions(OP);
    await expect(collect(iterator)).rejects.toBeInstanceOf(PagingError);
    expect(h.server.seen('GET', PATH)).toHaveLength(2);
  });

  it('rejects a batchSize that is not a positive integer before any request', async () => {
    await expect(collect(h.client.aggregatedSolutions(OP, { batchSize: 0 }))).rejects.toThrow(/batchSize: must be a positive integer/);
    await expect(collect(h.client.aggregatedSolutions(OP, { batchSize: 2.5 }))).rejects.toThrow(TypeError);
    expect(h.server.requests).toHaveLength(0);
  });

  it('stops when aborted', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `t${String(i).padStart(3, '0')}`);
    h.server.on('GET', PATH, aggregatedSolutionsHandler(ids.map((id) => solution(id))));
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const item of h.client.aggregatedSolutions(OP, { batchSize: 10, signal: controller.signal })) {
        seen.push(item.task_id);
        if (seen.length === 15) controller.abort(new Error('enough'));
      }
    })();
    await expect(run).rejects.toThrow('enough');
    expect(seen).toHaveLength(20); // the second page was already in hand
    expect(h.server.seen('GET', PATH)).toHaveLength(2);
  });
});

describe('findAggregatedSolutions (one page)', () => {
  const h = useScriptedServer();

  it('sends every filter, sort and limit and returns the page', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    h.server.on('GET', PATH, aggregatedSolutionsHandler(ids.map((id) => solution(id))));
    const page = await h.client.findAggregatedSolutions(OP, {
      sort: '-task_id',
      limit: 2,
      task_id_gt: 'a',
      task_id_gte: 'a',
      task_id_lt: 'e',
      task_id_lte: 'e',
    });
    expect(page.items.map((s) => s.task_id)).toEqual(['d', 'c']);
    expect(page.has_more).toBe(true);
    expect(Object.fromEntries(h.server.seen('GET', PATH)[0]!.query)).toEqual({
      sort: '-task_id',
      limit: '2',
      task_id_gt: 'a',
      task_id_gte: 'a',
      task_id_lt: 'e',
      task_id_lte: 'e',
    });
  });

  it('percent-encodes the operation id in the path', async () => {
    h.server.on('GET', '/aggregated-solutions/a%2Fb', ok({ items: [], has_more: false }));
    await expect(h.client.findAggregatedSolutions('a/b')).resolves.toEqual({ items: [], has_more: false });
  });
});
