/**
 * The storage test suite every {@link Store} adapter must pass. Called from
 * `sqlite.test.ts` and `postgres.test.ts`; each test gets a fresh, empty
 * database from the harness.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AggregatedSolution, AssignmentInput, Store } from './types.js';

/** A fresh, empty database that can be opened more than once. */
export interface StoreLocation {
  /** Opens a store on this database (running migrations). */
  open(): Promise<Store>;
  /** Deletes the database; called after the test's stores are closed. */
  destroy(): Promise<void>;
}

const A = 'account-a';
const B = 'account-b';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function assignment(id: string, poolId: string, user: string, status: AssignmentInput['status'], answers: [string, string][]): AssignmentInput {
  return {
    id,
    pool_id: poolId,
    user_id: user,
    status,
    tasks: answers.map(([taskId]) => ({ id: taskId })),
    solutions: answers.map(([, value]) => ({ output_values: { result: value } })),
  };
}

/** Byte-wise string comparison, as the stores order ids. */
function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Registers the shared storage tests for one adapter. */
export function runStoreSuite(name: string, fresh: () => Promise<StoreLocation>): void {
  describe(`Store contract: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];

    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function location(): Promise<StoreLocation> {
      const loc = await fresh();
      cleanups.push(() => loc.destroy());
      return loc;
    }

    async function openAt(loc: StoreLocation): Promise<Store> {
      const store = await loc.open();
      let closed = false;
      cleanups.push(async () => {
        if (!closed) await store.close();
      });
      const close = store.close.bind(store);
      store.close = async () => {
        closed = true;
        await close();
      };
      return store;
    }

    async function newStore(): Promise<Store> {
      return openAt(await location());
    }

    /** A project and a pool of `account`. */
    async function poolOf(store: Store, account: string): Promise<string> {
      const project = await store.createProject(account, { public_name: 'p', task_spec: { output_spec: {} } });
      const pool = await store.createPool(account, { project_id: project.id, private_name: 'pool' });
      if (pool === undefined) throw new Error('pool not created');
      return pool.id;
    }

    async function tasksIn(store: Store, account: string, poolId: string, ids: string[]): Promise<void> {
      const res = await store.createTasks(
        account,
        ids.map((id) => ({ id, pool_id: poolId, input_values: { url: id } })),
      );
      expect(res.every((r) => r.outcome === 'created')).toBe(true);
    }

    it('stores skills and pages them by id, newest last', async () => {
      const store = await newStore();
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await store.createSkill(A, { name: `s${i}`, hidden: true }));
      expect(made[0]).toMatchObject({ name: 's0', hidden: true });
      expect(made[0]?.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
      const ids = made.map((s) => s.id);
      expect([...ids].sort(byteCompare)).toEqual(ids);
      expect(await store.getSkill(A, ids[2]!)).toEqual(made[2]);

      const first = await store.listSkills(A, { limit: 2 });
      expect(first.items.map((s) => s.id)).toEqual(ids.slice(0, 2));
      expect(first.has_more).toBe(true);
      const rest = await store.listSkills(A, { limit: 10, id_gt: ids[1] });
      expect(rest.items.map((s) => s.id)).toEqual(ids.slice(2));
      expect(rest.has_more).toBe(false);
      const desc = await store.listSkills(A, { limit: 2, sort: '-id', id_lte: ids[3] });
      expect(desc.items.map((s) => s.id)).toEqual([ids[3], ids[2]]);
      const window = await store.listSkills(A, { limit: 10, id_gte: ids[1], id_lt: ids[3] });
      expect(window.items.map((s) => s.id)).toEqual([ids[1], ids[2]]);
    });

    it('keeps accounts apart: B never sees what A stored', async () => {
      const store = await newStore();
      const skill = await store.createSkill(A, { name: 'a' });
      const poolId = await poolOf(store, A);
      await tasksIn(store, A, poolId, ['t1']);
      await store.importAssignments(A, [assignment('as1', poolId, 'w1', 'ACCEPTED', [['t1', 'x']])]);
      const op = await store.createOperation(A, { type: 'SOLUTION.AGGREGATE', parameters: { pool_id: poolId } });
      const pool = await store.getPool(A, poolId);

      expect(await store.getSkill(B, skill.id)).toBeUndefined();
      expect((await store.listSkills(B, { limit: 10 })).items).toEqual([]);
      expect(await store.getProject(B, pool!.project_id)).toBeUndefined();
      expect((await store.listProjects(B, { limit: 10 })).items).toEqual([]);
      expect(await store.getPool(B, poolId)).toBeUndefined();
      expect((await store.listPools(B, { limit: 10 })).items).toEqual([]);
      expect(await store.getTask(B, 't1')).toBeUndefined();
      expect((await store.listTasks(B, { limit: 10 })).items).toEqual([]);
      expect((await store.listTasks(B, { limit: 10, pool_id: poolId })).items).toEqual([]);
      expect(await store.getAssignment(B, 'as1')).toBeUndefined();
      expect((await store.listAssignments(B, { limit: 10, pool_id: poolId })).items).toEqual([]);
      expect(await store.getTaskForAggregation(B, poolId, 't1')).toBeUndefined();
      const chunks = [];
      for await (const c of store.poolAnswers(B, poolId)) chunks.push(c);
      expect(chunks).toEqual([]);
      expect(await store.getOperation(B, op.operation.id)).toBeUndefined();
      expect(await store.getOperationLog(B, op.operation.id)).toBeUndefined();
      expect((await store.listOperations(B, { limit: 10 })).items).toEqual([]);
      expect(await store.listAggregatedSolutions(B, op.operation.id, { limit: 10 })).toBeUndefined();
      expect(await store.setUserSkill(B, { skill_id: skill.id, user_id: 'w1', value: 50 })).toBeUndefined();
      expect(await store.createPool(B, { project_id: pool!.project_id })).toBeUndefined();
      const tasks = await store.createTasks(B, [{ pool_id: poolId, input_values: {} }]);
      expect(tasks[0]?.outcome).toBe('pool_not_found');
      const imported = await store.importAssignments(B, [assignment('as2', poolId, 'w1', 'ACCEPTED', [['t1', 'x']])]);
      expect(imported[0]?.outcome).toBe('pool_not_found');
      // A still sees everything.
      expect(await store.getTask(A, 't1')).toMatchObject({ id: 't1', pool_id: poolId });
    });

    it('answers "not found" for keys no stored object can have (U+0000)', async () => {
      const store = await newStore();
      const poolId = await poolOf(store, A);
      expect(await store.getOperation('\u0000health', '\u0000')).toBeUndefined();
      expect(await store.getOperationLog(A, 'x\u0000')).toBeUndefined();
      expect(await store.getTask(A, '\u0000')).toBeUndefined();
      expect(await store.getPool('\u0000', poolId)).toBeUndefined();
      expect(await store.getUserSkill(A, '\u0000')).toBeUndefined();
      expect(await store.getTaskForAggregation(A, poolId, '\u0000')).toBeUndefined();
      expect(await store.listAggregatedSolutions(A, '\u0000', { limit: 1 })).toBeUndefined();
    });

    it('upserts user skills per (skill, user), rounding value and keeping exact_value', async () => {
      const store = await newStore();
      const skill = await store.createSkill(A, { name: 'acc' });
      const first = await store.setUserSkill(A, { skill_id: skill.id, user_id: 'w1', value: 72.5 });
      expect(first).toMatchObject({ skill_id: skill.id, user_id: 'w1', value: 73, exact_value: 72.5 });
      await sleep(5);
      const second = await store.setUserSkill(A, { skill_id: skill.id, user_id: 'w1', value: 40.4 });
      expect(second).toMatchObject({ id: first!.id, value: 40, exact_value: 40.4, created: first!.created });
      expect(second!.modified > first!.modified).toBe(true);
      await store.setUserSkill(A, { skill_id: skill.id, user_id: 'w2', value: 90 });
      expect(await store.getUserSkill(A, first!.id)).toEqual(second);
      expect(await store.getUserSkill(B, first!.id)).toBeUndefined();
      const values = await store.userSkillValues(A, skill.id, ['w1', 'w2', 'w3']);
      expect([...values.entries()].sort()).toEqual([
        ['w1', 40.4],
        ['w2', 90],
      ]);
      expect((await store.userSkillValues(B, skill.id, ['w1'])).size).toBe(0);
      const byUser = await store.listUserSkills(A, { limit: 10, user_id: 'w2' });
      expect(byUser.items.map((u) => u.user_id)).toEqual(['w2']);
      expect((await store.listUserSkills(A, { limit: 1, skill_id: skill.id })).has_more).toBe(true);
      expect(await store.setUserSkill(A, { skill_id: 'missing', user_id: 'w1', value: 1 })).toBeUndefined();
    });

    it('stores projects and pools (OPEN by default) and filters pools', async () => {
      const store = await newStore();
      const project = await store.createProject(A, {
        public_name: 'cats',
        task_spec: { output_spec: { result: { type: 'string', allowed_values: ['cat', 'dog'] } } },
      });
      expect(await store.getProject(A, project.id)).toEqual(project);
      const open = await store.createPool(A, { project_id: project.id, private_name: 'one' });
      const closed = await store.createPool(A, { project_id: project.id, private_name: 'two', status: 'CLOSED' });
      expect(open).toMatchObject({ status: 'OPEN', project_id: project.id, private_name: 'one' });
      expect(await store.getPool(A, open!.id)).toEqual(open);
      expect(await store.createPool(A, { project_id: 'nope' })).toBeUndefined();
      const other = await store.createProject(A, { public_name: 'other' });
      await store.createPool(A, { project_id: other.id });
      const ofProject = await store.listPools(A, { limit: 10, project_id: project.id });
      expect(ofProject.items.map((p) => p.id)).toEqual([open!.id, closed!.id]);
      const closedOnly = await store.listPools(A, { limit: 10, status: 'CLOSED' });
      expect(closedOnly.items.map((p) => p.id)).toEqual([closed!.id]);
    });

    it('generates task ids that sort in creation order and pages tasks by string order', async () => {
      const store = await newStore();
      const poolId = await poolOf(store, A);
      const made = await store.createTasks(
        A,
        Array.from({ length: 12 }, (_, i) => ({ pool_id: poolId, input_values: { n: i } })),
      );
      const ids = made.map((r) => (r.outcome === 'created' ? r.task.id : ''));
      expect(new Set(ids).size).toBe(12);
      expect([...ids].sort(byteCompare)).toEqual(ids);
      const more = await store.createTasks(A, [{ pool_id: poolId, input_values: { n: 12 } }]);
      const later = more[0]?.outcome === 'created' ? more[0].task.id : '';
      expect(byteCompare(later, ids[11]!)).toBeGreaterThan(0);

      const other = await poolOf(store, A);
      await tasksIn(store, A, other, ['9', '10', '1', 'b', 'B']);
      const page1 = await store.listTasks(A, { limit: 3, pool_id: other });
      expect(page1.items.map((t) => t.id)).toEqual(['1', '10', '9']);
      expect(page1.has_more).toBe(true);
      const page2 = await store.listTasks(A, { limit: 3, pool_id: other, id_gt: '9' });
      expect(page2.items.map((t) => t.id)).toEqual(['B', 'b']);
      expect(page2.has_more).toBe(false);
      const all = await store.listTasks(A, { limit: 100 });
      expect(all.items).toHaveLength(18);
      expect(await store.getTask(A, '10')).toMatchObject({ id: '10', pool_id: other, input_values: { url: '10' } });
    });

    it('imports tasks with client ids idempotently and refuses a changed body', async () => {
      const store = await newStore();
      const poolId = await poolOf(store, A);
      const task = { id: 'x1', pool_id: poolId, input_values: { url: 'a' }, baseline_solutions: [] };
      const [first] = await store.createTasks(A, [task]);
      const [again] = await store.createTasks(A, [{ ...task }]);
      const [changed] = await store.createTasks(A, [{ ...task, input_values: { url: 'b' } }]);
      expect(first?.outcome).toBe('created');
      expect(again?.outcome).toBe('existing');
      if (first?.outcome === 'created' && again?.outcome === 'existing') expect(again.task).toEqual(first.task);
      expect(changed?.outcome).toBe('conflict');
      const other = await poolOf(store, A);
      const [elsewhere] = await store.createTasks(A, [{ ...task, pool_id: other }]);
      expect(elsewhere?.outcome).toBe('conflict');
      expect((await store.listTasks(A, { limit: 10 })).items).toHaveLength(1);
      // Another account may use the same client id in its own pool.
      const poolB = await poolOf(store, B);
      const [mine] = await store.createTasks(B, [{ ...task, pool_id: poolB }]);
      expect(mine?.outcome).toBe('created');
    });

    it('imports assignments once, updates a changed one and aggregates only ACCEPTED answers', async () => {
      const store = await newStore();
      const poolId = await poolOf(store, A);
      await tasksIn(store, A, poolId, ['t1', 't2']);
      const batch = [
        assignment('a1', poolId, 'w1', 'ACCEPTED', [['t1', 'cat'], ['t2', 'dog']]),
        assignment('a2', poolId, 'w2', 'ACCEPTED', [['t1', 'dog']]),
        assignment('a3', poolId, 'w3', 'REJECTED', [['t1', 'cat']]),
        assignment('a4', poolId, 'w4', 'SUBMITTED', [['t1', 'cat']]),
      ];
      expect((await store.importAssignments(A, batch)).map((r) => r.outcome)).toEqual([
        'created',
        'created',
        'created',
        'created',
      ]);
      expect((await store.importAssignments(A, batch)).map((r) => r.outcome)).toEqual([
        'unchanged',
        'unchanged',
        'unchanged',
        'unchanged',
      ]);
      const t1 = await store.getTaskForAggregation(A, poolId, 't1');
      expect(t1?.task).toMatchObject({ id: 't1', pool_id: poolId });
      expect(t1?.answers).toEqual([
        { user_id: 'w1', output_values: { result: 'cat' } },
        { user_id: 'w2', output_values: { result: 'dog' } },
      ]);

      const [upd] = await store.importAssignments(A, [assignment('a4', poolId, 'w4', 'ACCEPTED', [['t1', 'bird']])]);
      expect(upd?.outcome).toBe('updated');
      expect((await store.getTaskForAggregation(A, poolId, 't1'))?.answers).toHaveLength(3);
      expect(await store.getAssignment(A, 'a4')).toMatchObject({ status: 'ACCEPTED', user_id: 'w4' });

      const [missing] = await store.importAssignments(A, [assignment('a5', poolId, 'w5', 'ACCEPTED', [['t9', 'x']])]);
      expect(missing?.outcome).toBe('task_not_found');
      expect(await store.getAssignment(A, 'a5')).toBeUndefined();
      const other = await poolOf(store, A);
      await tasksIn(store, A, other, ['u1']);
      // t1 exists in the first pool only: knowing it there says nothing of this one.
      const [elsewhere] = await store.importAssignments(A, [assignment('a7', other, 'w7', 'ACCEPTED', [['u1', 'x'], ['t1', 'x']])]);
      expect(elsewhere?.outcome).toBe('task_not_found');
      const [moved] = await store.importAssignments(A, [assignment('a1', other, 'w1', 'ACCEPTED', [['u1', 'x']])]);
      expect(moved?.outcome).toBe('conflict');

      const [twice] = await store.importAssignments(A, [
        assignment('a6', poolId, 'w6', 'ACCEPTED', [['t2', 'first'], ['t2', 'second']]),
      ]);
      expect(twice?.outcome).toBe('created');
      expect((await store.getTaskForAggregation(A, poolId, 't2'))?.answers).toEqual([
        { user_id: 'w1', output_values: { result: 'dog' } },
        { user_id: 'w6', output_values: { result: 'second' } },
      ]);

      const accepted = await store.listAssignments(A, { limit: 10, pool_id: poolId, status: 'ACCEPTED' });
      expect(accepted.items.map((a) => a.id)).toEqual(['a1', 'a2', 'a4', 'a6']);
      expect(await store.getTaskForAggregation(A, poolId, 'nope')).toBeUndefined();
      expect(await store.getTaskForAggregation(A, other, 't2')).toBeUndefined();
    });

    it('round-trips tabs, newlines, backslashes and quotes in bulk-written values', async () => {
      const store = await newStore();
      const poolId = await poolOf(store, A);
      const odd = 'a\tb\nc\\d"e\r\\N ü 😀';
      const taskId = `task\\${odd}`;
      await tasksIn(store, A, poolId, [taskId]);
      expect(await store.getTask(A, taskId)).toMatchObject({ id: taskId, input_values: { url: taskId } });
      const [res] = await store.importAssignments(A, [assignment(`as\t${odd}`, poolId, `user\n${odd}`, 'ACCEPTED', [[taskId, odd]])]);
      expect(res?.outcome).toBe('created');
      expect((await store.getTaskForAggregation(A, poolId, taskId))?.answers).toEqual([
        { user_id: `user\n${odd}`, output_values: { result: odd } },
      ]);
      expect(await store.getAssignment(A, `as\t${odd}`)).toMatchObject({ user_id: `user\n${odd}` });
      const { operation } = await store.createOperation(A, { type: 'SOLUTION.AGGREGATE', parameters: { pool_id: poolId } });
      await store.claimOperation('w', 60_000);
      const solution = { pool_id: poolId, task_id: taskId, confidence: 0.5, output_values: { result: odd } };
      expect(await store.completeOperation(operation.id, 'w', [solution])).toBe(true);
      expect((await store.listAggregatedSolutions(A, operation.id, { limit: 5 }))?.items).toEqual([solution]);
    });

    it('streams a pool’s accepted answers in task order, in chunks', async () => {
      const store = await newStore();
      const poolId = await poolOf(store, A);
      const taskIds = ['t3', 't1', 't2', 't10'];
      await tasksIn(store, A, poolId, taskIds);
      // Accepted assignments' ids in byte order (U+E000 sorts before U+1F600 in UTF-8,
      // after it in UTF-16 code units), imported last first, one at a time.
      const assignmentIds = ['as0', 'as1', 'as\uE000', 'as\u{1F600}', 'as4'];
      for (let w = 4; w >= 0; w--) {
        const status = w === 4 ? 'REJECTED' : 'ACCEPTED';
        const [res] = await store.importAssignments(A, [
          assignment(assignmentIds[w] as string, poolId, `w${w}`, status, taskIds.map((t) => [t, `${t}-${w}`])),
        ]);
        expect(res?.outcome).toBe('created');
      }
      const seen: string[] = [];
      let chunks = 0;
      for await (const chunk of store.poolAnswers(A, poolId, 3)) {
        chunks += 1;
        expect(chunk.length).toBeLessThanOrEqual(3);
        for (const a of chunk) seen.push(`${a.task_id}/${a.user_id}/${String(a.output_values.result)}`);
      }
      expect(chunks).toBeGreaterThanOrEqual(4);
      const expected = [...taskIds]
        .sort(byteCompare)
        .flatMap((t) => [0, 1, 2, 3].map((w) => `${t}/w${w}/${t}-${w}`));
      expect(seen).toEqual(expected);
    });

    it('keeps one set of answers per assignment when two stores import it at once', async () => {
      const loc = await location();
      const [one, two] = await Promise.all([openAt(loc), openAt(loc)]);
      const poolId = await poolOf(one, A);
      const taskIds = Array.from({ length: 20 }, (_, i) => `t${i}`);
      await tasksIn(one, A, poolId, taskIds);
      const version = (v: string, tasks: string[]) =>
        assignment('shared', poolId, 'w1', 'ACCEPTED', tasks.map((t) => [t, `${v}-${t}`]));
      // New on both sides, then changed on both sides (different task sets).
      const created = await Promise.all([
        one.importAssignments(A, [version('a', taskIds.slice(0, 10))]),
        two.importAssignments(A, [version('a', taskIds.slice(0, 10))]),
      ]);
      expect(created.map(([r]) => r?.outcome).sort()).toEqual(['created', 'unchanged']);
      for (let round = 0; round < 5; round++) {
        const tasks = [taskIds.slice(round, round + 10), taskIds.slice(round + 5, round + 15)];
        const outcomes = await Promise.all([
          one.importAssignments(A, [version(`b${round}`, tasks[0] as string[])]),
          two.importAssignments(A, [version(`c${round}`, tasks[1] as string[])]),
        ]);
        expect(outcomes.map(([r]) => r?.outcome)).toEqual(['updated', 'updated']);
        // Whichever import went last, the answers are exactly its tasks, once each.
        const stored = await one.getAssignment(A, 'shared');
        const expected = (stored?.tasks ?? []).map((t, k) => `${t.id}=${String(stored?.solutions[k]?.output_values.result)}`);
        const seen: string[] = [];
        for await (const chunk of two.poolAnswers(A, poolId)) for (const a of chunk) seen.push(`${a.task_id}=${String(a.output_values.result)}`);
        expect(seen.sort(byteCompare)).toEqual(expected.sort(byteCompare));
      }
    });

    it('runs the operation lifecycle: create, dedupe, list, finished with a log', async () => {
      const store = await newStore();
      const params = { pool_id: '1', algorithm: 'DAWID_SKENE' };
      const op = await store.createOperation(A, { type: 'SOLUTION.AGGREGATE', parameters: params, dedupeKey: 'k' });
      expect(op.created).toBe(true);
      expect(op.operation).toMatchObject({ type: 'SOLUTION.AGGREGATE', status: 'PENDING', progress: 0, parameters: params });
      expect(op.operation.started).toBeUndefined();
      expect(op.operation.finished).toBeUndefined();
      expect(op.operation.details).toEqual({});
      const retry = await store.createOperation(A, { type: 'SOLUTION.AGGREGATE', parameters: params, dedupeKey: 'k' });
      expect(retry).toEqual({ operation: op.operation, created: false });
      const otherAccount = await store.createOperation(B, { type: 'SOLUTION.AGGREGATE', parameters: params, dedupeKey: 'k' });
      expect(otherAccount.created).toBe(true);
      const expiredWindow = await store.createOperation(A, {
        type: 'SOLUTION.AGGREGATE',
        parameters: params,
        dedupeKey: 'k',
        dedupeWindowMs: -1,
      });
      expect(expiredWindow.created).toBe(true);

      const log = [{ type: 'TASK_CREATE', success: true, input: { __item_idx: '0' }, output: { task_id: '7' } }];
      const batch = await store.createOperation(A, {
        id: 'c2f3a0aa-0000-4000-8000-000000000001',
        type: 'TASK.BATCH_CREATE',
        parameters: { skip_invalid_items: false },
        finished: { status: 'SUCCESS', details: { total_count: 1, success_count: 1 }, log },
      });
      expect(batch.operation).toMatchObject({
        id: 'c2f3a0aa-0000-4000-8000-000000000001',
        status: 'SUCCESS',
        progress: 100,
        details: { total_count: 1, success_count: 1 },
      });
      expect(batch.operation.started).toBeDefined();
      expect(batch.operation.finished).toBeDefined();
      const sameId = await store.createOperation(A, {
        id: 'c2f3a0aa-0000-4000-8000-000000000001',
        type: 'TASK.BATCH_CREATE',
        parameters: {},
      });
      expect(sameId).toEqual({ operation: batch.operation, created: false });
      expect(await store.getOperationLog(A, batch.operation.id)).toEqual(log);
      expect(await store.getOperationLog(A, op.operation.id)).toEqual([]);
      expect(await store.getOperation(A, op.operation.id)).toEqual(op.operation);

      const aggregations = await store.listOperations(A, { limit: 10, type: 'SOLUTION.AGGREGATE' });
      expect(aggregations.items.map((o) => o.id)).toEqual([op.operation.id, expiredWindow.operation.id]);
      const done = await store.listOperations(A, { limit: 10, status: 'SUCCESS' });
      expect(done.items.map((o) => o.id)).toEqual([batch.operation.id]);
      const paged = await store.listOperations(A, { limit: 1 });
      expect(paged.has_more).toBe(true);
      // Once the first one is no longer pending, a retry joins the newest pending one.
      const claim = await store.claimOperation('w', 60_000, { types: ['SOLUTION.AGGREGATE'] });
      expect(claim?.operation.id).toBe(op.operation.id);
      expect(await store.completeOperation(op.operation.id, 'w', [])).toBe(true);
      const joined = await store.createOperation(A, { type: 'SOLUTION.AGGREGATE', parameters: params, dedupeKey: 'k' });
      expect(joined).toEqual({ operation: expiredWindow.operation, created: false });
    });

    it('leases: claim, renew, expiry takeover, exactly-once completion', async () => {
      const store = await newStore();
      const { operation } = await store.createOperation(A, { type: 'SOLUTION.AGGREGATE', parameters: { pool_id: '1' } });
      const [c1, c2] = await Promise.all([store.claimOperation('one', 300), store.claimOperation('two', 300)]);
      const winners = [c1, c2].filter((c) => c !== undefined);
      expect(winners).toHaveLength(1);
      const holder = c1 !== undefined ? 'one' : 'two';
      const other = holder === 'one' ? 'two' : 'one';
      expect(winners[0]).toMatchObject({ account: A, attempt: 1, operation: { id: operation.id, status: 'RUNNING' } });
      expect(winners[0]?.operation.started).toBeDefined();

      expect(await store.renewLease(operation.id, holder, 300, 40)).toBe(true);
      expect(await store.renewLease(operation.id, other, 300, 90)).toBe(false);
      expect(await store.getOperation(A, operation.id)).toMatchObject({ status: 'RUNNING', progress: 40 });
      expect(await store.claimOperation(other, 300)).toBeUndefined();

      await sleep(400); // the holder stops renewing
      const takeover = await store.claimOperation(other, 60_000);
      expect(takeover).toMatchObject({ attempt: 2, operation: { id: operation.id, status: 'RUNNING', progress: 40 } });
      expect(takeover?.operation.started).toBe(winners[0]?.operation.started);
      expect(await store.renewLease(operation.id, holder, 300, 50)).toBe(false);

      const stale: AggregatedSolution[] = [{ pool_id: '1', task_id: 'stale', confidence: 1, output_values: { r: 'x' } }];
      expect(await store.completeOperation(operation.id, holder, stale)).toBe(false);
      expect(await store.failOperation(operation.id, holder, 'late')).toBe(false);

      async function* results(): AsyncIterable<AggregatedSolution> {
        await Promise.resolve();
        yield { pool_id: '1', task_id: 't1', confidence: 0.75, output_values: { result: 'cat' } };
        yield { pool_id: '1', task_id: 't2', confidence: 1, output_values: { result: 'dog' } };
      }
      expect(await store.completeOperation(operation.id, other, results(), { items_count: 2 })).toBe(true);
      expect(await store.completeOperation(operation.id, other, stale)).toBe(false);
      const done = await store.getOperation(A, operation.id);
      expect(done).toMatchObject({ status: 'SUCCESS', progress: 100, details: { items_count: 2 } });
      expect(done?.finished).toBeDefined();
      const page = await store.listAggregatedSolutions(A, operation.id, { limit: 10 });
      expect(page).toEqual({
        items: [
          { pool_id: '1', task_id: 't1', confidence: 0.75, output_values: { result: 'cat' } },
          { pool_id: '1', task_id: 't2', confidence: 1, output_values: { result: 'dog' } },
        ],
        has_more: false,
      });
      expect(await store.claimOperation('three', 300)).toBeUndefined();
    });

    it('releases an operation on shutdown without counting the attempt', async () => {
      const store = await newStore();
      const { operation } = await store.createOperation(A, { type: 'SOLUTION.AGGREGATE', parameters: { pool_id: '1' } });
      for (let i = 0; i < 4; i++) {
        const claim = await store.claimOperation(`w${i}`, 60_000, { maxAttempts: 2 });
        expect(claim).toMatchObject({ attempt: 1, operation: { id: operation.id, status: 'RUNNING' } });
        expect(await store.releaseOperation(operation.id, 'other', 10)).toBe(false);
        expect(await store.releaseOperation(operation.id, `w${i}`, 10 + i)).toBe(true);
        expect(await store.renewLease(operation.id, `w${i}`, 60_000, 50)).toBe(false);
      }
      expect(await store.getOperation(A, operation.id)).toMatchObject({ status: 'RUNNING', progress: 13 });
      expect(await store.claimOperation('last', 60_000, { maxAttempts: 2 })).toMatchObject({ attempt: 1 });
      expect(await store.completeOperation(operation.id, 'last', [])).toBe(true);
      expect(await store.releaseOperation(operation.id, 'last', 0)).toBe(false);
    });

    it('shares leases between two stores on one database (two processes)', async () => {
      const loc = await location();
      // Both open at once on an empty database: migrations must not collide.
      const [one, two] = await Promise.all([openAt(loc), openAt(loc)]);
      expect(await one.migrate()).toEqual([]);
      const { operation } = await one.createOperation(A, { type: 'SOLUTION.AGGREGATE', parameters: { pool_id: '1' } });
      const claims = await Promise.all([one.claimOperation('p1', 200), two.claimOperation('p2', 200)]);
      expect(claims.filter((c) => c !== undefined)).toHaveLength(1);
      const [holder, other, otherOwner] = claims[0] !== undefined ? [one, two, 'p2'] : [two, one, 'p1'];
      const holderOwner = otherOwner === 'p1' ? 'p2' : 'p1';
      expect(await holder.renewLease(operation.id, holderOwner, 200, 30)).toBe(true);
      expect(await other.getOperation(A, operation.id)).toMatchObject({ status: 'RUNNING', progress: 30 });
      await sleep(300);
      expect((await other.claimOperation(otherOwner, 60_000))?.attempt).toBe(2);
      const result = [{ pool_id: '1', task_id: 't', confidence: 1, output_values: { result: 'a' } }];
      const done = await Promise.all([
        holder.completeOperation(operation.id, holderOwner, result),
        other.completeOperation(operation.id, otherOwner, result),
      ]);
      expect(done).toEqual([false, true]);
      expect((await holder.listAggregatedSolutions(A, operation.id, { limit: 10 }))?.items).toEqual(result);
    });

    it('writes nothing when a completion fails midway, and fails abandoned operations', async () => {
      const store = await newStore();
      const { operation } = await store.createOperation(A, { type: 'SOLUTION.AGGREGATE', parameters: { pool_id: '1' } });
      await store.claimOperation('w', 60_000);
      const dup = { pool_id: '1', task_id: 'same', confidence: 1, output_values: {} };
      await expect(store.completeOperation(operation.id, 'w', [dup, dup])).rejects.toThrow();
      expect(await store.getOperation(A, operation.id)).toMatchObject({ status: 'RUNNING' });
      expect((await store.listAggregatedSolutions(A, operation.id, { limit: 10 }))?.items).toEqual([]);
      expect(await store.failOperation(operation.id, 'w', 'field result has no allowed values')).toBe(true);
      expect(await store.getOperation(A, operation.id)).toMatchObject({
        status: 'FAIL',
        details: { reason: 'field result has no allowed values' },
      });

      const second = await store.createOperation(A, { type: 'SOLUTION.AGGREGATE', parameters: { pool_id: '1' } });
      expect(await store.claimOperation('x', 1, { maxAttempts: 2 })).toBeDefined();
      await sleep(20);
      expect((await store.claimOperation('y', 1, { maxAttempts: 2 }))?.attempt).toBe(2);
      await sleep(20);
      expect(await store.claimOperation('z', 1, { maxAttempts: 2 })).toBeUndefined();
      const failed = await store.getOperation(A, second.operation.id);
      expect(failed?.status).toBe('FAIL');
      expect(String(failed?.details.reason)).toMatch(/abandoned/);
      expect(failed?.finished).toBeDefined();

      await store.createOperation(A, { type: 'TASK.BATCH_CREATE', parameters: {} });
      expect(await store.claimOperation('w', 1000, { types: ['SOLUTION.AGGREGATE'] })).toBeUndefined();
      expect((await store.claimOperation('w', 1000, { types: ['TASK.BATCH_CREATE'] }))?.operation.type).toBe(
        'TASK.BATCH_CREATE',
      );
    });

    it('pages 10k aggregated solutions by task id with nothing lost or repeated', async () => {
      const store = await newStore();
      const { operation } = await store.createOperation(A, { type: 'SOLUTION.AGGREGATE', parameters: { pool_id: '7' } });
      await store.claimOperation('w', 60_000);
      const ids = Array.from({ length: 10_000 }, (_, i) => `t${i}`);
      const results = ids.map((task_id, i) => ({
        pool_id: '7',
        task_id,
        confidence: (i % 100) / 100,
        output_values: { result: i % 2 === 0 ? 'a' : 'b' },
      }));
      expect(await store.completeOperation(operation.id, 'w', results)).toBe(true);
      const sorted = [...ids].sort(byteCompare);

      const forward: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await store.listAggregatedSolutions(A, operation.id, {
          sort: 'task_id',
          limit: 300,
          ...(cursor === undefined ? {} : { task_id_gt: cursor }),
        });
        forward.push(...page!.items.map((s) => s.task_id));
        if (!page!.has_more) break;
        cursor = page!.items.at(-1)!.task_id;
      }
      expect(forward).toEqual(sorted);

      const backward: string[] = [];
      cursor = undefined;
      for (;;) {
        const page = await store.listAggregatedSolutions(A, operation.id, {
          sort: '-task_id',
          limit: 1000,
          ...(cursor === undefined ? {} : { task_id_lt: cursor }),
        });
        backward.push(...page!.items.map((s) => s.task_id));
        if (!page!.has_more) break;
        cursor = page!.items.at(-1)!.task_id;
      }
      expect(backward).toEqual([...sorted].reverse());

      const range = await store.listAggregatedSolutions(A, operation.id, {
        limit: 100,
        task_id_gte: 't10',
        task_id_lte: 't1000',
      });
      expect(range?.items.map((s) => s.task_id)).toEqual(['t10', 't100', 't1000']);
      const t5 = results[5]!;
      const one = await store.listAggregatedSolutions(A, operation.id, { limit: 1, task_id_gte: 't5', task_id_lte: 't5' });
      expect(one?.items).toEqual([t5]);
    });

    it('re-runs migrations as no-ops and keeps data across close and reopen', async () => {
      const loc = await location();
      const first = await openAt(loc);
      expect(await first.migrate()).toEqual([]);
      const skill = await first.createSkill(A, { name: 'kept' });
      const poolId = await poolOf(first, A);
      await tasksIn(first, A, poolId, ['t1']);
      await first.importAssignments(A, [assignment('a1', poolId, 'w1', 'ACCEPTED', [['t1', 'yes']])]);
      await first.close();

      const second = await openAt(loc);
      expect(await second.migrate()).toEqual([]);
      expect(await second.getSkill(A, skill.id)).toEqual(skill);
      expect((await second.getTaskForAggregation(A, poolId, 't1'))?.answers).toEqual([
        { user_id: 'w1', output_values: { result: 'yes' } },
      ]);
      const next = await second.createSkill(A, { name: 'after' });
      expect(byteCompare(next.id, skill.id)).toBeGreaterThan(0);
      await second.close();
    });
  });
}
