import {
  AssignmentImportSchema,
  PoolCreateSchema,
  ProjectCreateSchema,
  SkillCreateSchema,
  UserSkillSetSchema,
} from '@crowdagg/schema';
import * as v from 'valibot';
import type { Hono } from 'hono';
import { ApiError, fieldError } from '../errors.js';
import { checkBatchSize, getById, parseListQuery, parseWith, queryOf, readJson, type AppContext, type AppEnv } from '../http.js';
import type { AssignmentInput, AssignmentStatus, JsonObject } from '../store/types.js';
import { fastAssignments } from './assignment-fast-path.js';
import type { RouteDeps } from './deps.js';

const ASSIGNMENT_LIST_SCHEMA = v.array(AssignmentImportSchema);

/** Skills, user skills, projects, pools and the assignment import: create, read, list. */
export function entityRoutes(app: Hono<AppEnv>, deps: RouteDeps): void {
  const { store } = deps;
  const max = deps.limits.maxPageSize;

  app.post('/skills', async (c) => {
    const body = parseWith(SkillCreateSchema, await readJson(c));
    return c.json(await store.createSkill(c.get('account'), body), 201);
  });
  getById(app, '/skills', 'Skill', (account, id) => store.getSkill(account, id));
  app.get('/skills', async (c) => c.json(await store.listSkills(c.get('account'), parseListQuery(queryOf(c), [], max)), 200));

  const setUserSkill = async (c: AppContext): Promise<Response> => {
    const body = parseWith(UserSkillSetSchema, await readJson(c));
    const userSkill = await store.setUserSkill(c.get('account'), body);
    if (userSkill === undefined) throw fieldError('skill_id', 'ENTITY_DOES_NOT_EXIST', `Skill ${JSON.stringify(body.skill_id)} does not exist`);
    return c.json(userSkill, 201);
  };
  app.put('/user-skills', setUserSkill);
  app.post('/user-skills', setUserSkill);
  getById(app, '/user-skills', 'User skill', (account, id) => store.getUserSkill(account, id));
  app.get('/user-skills', async (c) =>
    c.json(await store.listUserSkills(c.get('account'), parseListQuery(queryOf(c), ['skill_id', 'user_id'], max)), 200),
  );

  app.post('/projects', async (c) => {
    const body = parseWith(ProjectCreateSchema, await readJson(c));
    return c.json(await store.createProject(c.get('account'), body as JsonObject), 201);
  });
  getById(app, '/projects', 'Project', (account, id) => store.getProject(account, id));
  app.get('/projects', async (c) => c.json(await store.listProjects(c.get('account'), parseListQuery(queryOf(c), [], max)), 200));

  app.post('/pools', async (c) => {
    const body = parseWith(PoolCreateSchema, await readJson(c));
    const pool = await store.createPool(c.get('account'), { type: 'REGULAR', ...body });
    if (pool === undefined) throw fieldError('project_id', 'ENTITY_DOES_NOT_EXIST', `Project ${JSON.stringify(body.project_id)} does not exist`);
    return c.json(pool, 201);
  });
  getById(app, '/pools', 'Pool', (account, id) => store.getPool(account, id));
  app.get('/pools', async (c) =>
    c.json(await store.listPools(c.get('account'), parseListQuery(queryOf(c), ['project_id', 'status'], max)), 200),
  );

  app.post('/assignments', async (c) => {
    const body = await readJson(c);
    const single = body !== null && typeof body === 'object' && !Array.isArray(body);
    if (!single) checkBatchSize(Array.isArray(body) ? body : [], deps.limits.maxBatchItems);
    // Common, valid bodies skip valibot; anything else gets the schema's exact errors.
    const fast = single ? fastAssignments([body]) : Array.isArray(body) ? fastAssignments(body) : undefined;
    const items = fast ?? (single ? [parseWith(AssignmentImportSchema, body)] : parseWith(ASSIGNMENT_LIST_SCHEMA, body));
    const results = await store.importAssignments(c.get('account'), items as AssignmentInput[]);
    const errors: Record<string, { code: string; message: string }> = {};
    const counts = { created: 0, unchanged: 0, updated: 0 };
    results.forEach((result, index) => {
      if ('message' in result) errors[String(index)] = { code: result.outcome.toUpperCase(), message: result.message };
      else counts[result.outcome] += 1;
    });
    const failed = Object.keys(errors).length;
    if (single && failed > 0) {
      const first = results[0];
      if (first?.outcome === 'conflict') throw new ApiError(409, 'CONFLICT_STATE', errors['0']?.message ?? 'Conflict');
      throw new ApiError(404, 'DOES_NOT_EXIST', errors['0']?.message ?? 'Does not exist');
    }
    return c.json({ ...counts, failed, ...(failed > 0 ? { errors } : {}) }, 201);
  });
  getById(app, '/assignments', 'Assignment', (account, id) => store.getAssignment(account, id));
  app.get('/assignments', async (c) => {
    const query = parseListQuery(queryOf(c), ['pool_id', 'status'], max);
    return c.json(await store.listAssignments(c.get('account'), { ...query, status: query.status as AssignmentStatus | undefined }), 200);
  });
}
