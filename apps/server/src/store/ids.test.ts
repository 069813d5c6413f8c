import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalId, openStore } from './index.js';
import type { Store } from './types.js';

describe('canonicalId', () => {
  it('pads short all-digit ids and leaves everything else alone', () => {
    expect(canonicalId('1')).toBe('000000000001');
    expect(canonicalId('0042')).toBe('000000000042');
    expect(canonicalId('000000000042')).toBe('000000000042');
    expect(canonicalId('1234567890123')).toBe('1234567890123');
    expect(canonicalId('t1')).toBe('t1');
    expect(canonicalId('-1')).toBe('-1');
    expect(canonicalId('')).toBe('');
  });
});

describe('a store opened by openStore accepts numeric ids', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'crowdagg-ids-'));
  let store: Store;
  let poolId = '';
  let projectId = '';
  let skillId = '';
  const A = 'acct';
  const short = (id: string): string => String(Number(id));

  beforeAll(async () => {
    store = await openStore(path.join(dir, 'ids.sqlite'));
    const skill = await store.createSkill(A, { name: 's' });
    const project = await store.createProject(A, { public_name: 'p' });
    const pool = await store.createPool(A, { project_id: short(project.id) });
    if (pool === undefined) throw new Error('pool not created from a short project id');
    [poolId, projectId, skillId] = [pool.id, project.id, skill.id];
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds skills, projects and pools by their number', async () => {
    expect(poolId).toHaveLength(12);
    expect((await store.getPool(A, short(poolId)))?.id).toBe(poolId);
    expect((await store.getPool(A, short(poolId)))?.project_id).toBe(projectId);
    expect((await store.getProject(A, short(projectId)))?.id).toBe(projectId);
    expect((await store.getSkill(A, short(skillId)))?.id).toBe(skillId);
    expect(await store.getPool(A, '999')).toBeUndefined();
    expect(await store.getPool('other', short(poolId))).toBeUndefined();
  });

  it('writes tasks and assignments under the padded pool id and reads them back by number', async () => {
    const [generated, chosen] = await store.createTasks(A, [
      { pool_id: short(poolId), input_values: {} },
      { id: '7', pool_id: short(poolId), input_values: {} },
    ]);
    expect(generated?.outcome).toBe('created');
    expect(chosen?.outcome).toBe('created');
    const generatedId = generated !== undefined && 'task' in generated ? generated.task.id : '';
    expect(generatedId).toHaveLength(12);
    // A client-chosen id is found as given; a generated one also by its number.
    expect((await store.getTask(A, '7'))?.id).toBe('7');
    expect((await store.getTask(A, short(generatedId)))?.id).toBe(generatedId);

    const [imported] = await store.importAssignments(A, [
      {
        id: 'as1',
        pool_id: short(poolId),
        user_id: 'w1',
        status: 'ACCEPTED',
        tasks: [{ id: generatedId }, { id: '7' }],
        solutions: [{ output_values: { r: 'x' } }, { output_values: { r: 'y' } }],
      },
    ]);
    expect(imported?.outcome).toBe('created');
    expect((await store.getAssignment(A, 'as1'))?.pool_id).toBe(poolId);
    expect((await store.listTasks(A, { pool_id: short(poolId), limit: 10 })).items).toHaveLength(2);

    const forAggregation = await store.getTaskForAggregation(A, short(poolId), short(generatedId));
    expect(forAggregation?.task.id).toBe(generatedId);
    expect(forAggregation?.answers).toEqual([{ user_id: 'w1', output_values: { r: 'x' } }]);
    let streamed = 0;
    for await (const chunk of store.poolAnswers(A, short(poolId))) streamed += chunk.length;
    expect(streamed).toBe(2);
  });

  it('sets user skills by a numeric skill id', async () => {
    const set = await store.setUserSkill(A, { skill_id: short(skillId), user_id: 'w1', value: 80 });
    expect(set?.skill_id).toBe(skillId);
    expect(await store.userSkillValues(A, short(skillId), ['w1'])).toEqual(new Map([['w1', 80]]));
  });
});
