import { describe, expect, it } from 'vitest';
import type * as v from 'valibot';
import {
  AggregateByPoolRequestSchema,
  AggregateByTaskRequestSchema,
  AggregatedSolutionListQuerySchema,
  AggregatedSolutionPageSchema,
  AggregatedSolutionSchema,
  ApiErrorBodySchema,
  AssignmentImportSchema,
  AssignmentSchema,
  OperationLogItemSchema,
  OperationSchema,
  PoolCreateSchema,
  ProjectCreateSchema,
  ProjectSchema,
  SkillCreateSchema,
  TaskBatchCreateResultSchema,
  TaskCreateListSchema,
  TaskCreateQuerySchema,
  TaskCreateSchema,
  TaskListQuerySchema,
  TaskSchema,
  UserSkillSchema,
  UserSkillSetSchema,
  validate,
} from './index.js';
import * as ex from './test-support/reference-examples.js';

/** Parses with the package's own `validate` and fails the test with the issues otherwise. */
function parse<TSchema extends v.GenericSchema>(schema: TSchema, input: unknown): v.InferOutput<TSchema> {
  const result = validate(schema, input);
  if (!result.success) throw new Error(`unexpected issues: ${JSON.stringify(result.issues)}`);
  return result.output;
}

describe('aggregation examples from the reference', () => {
  it('parses the by-task request and response of the method page', () => {
    expect(parse(AggregateByTaskRequestSchema, ex.byTaskRequestSeed)).toEqual(ex.byTaskRequestSeed);
    expect(parse(AggregatedSolutionSchema, ex.byTaskResponseSeed).confidence).toBe(0.937152);
  });

  it('accepts the shared OpenAPI examples as by-task and by-pool bodies, normalising the numeric pool id', () => {
    const ds = parse(AggregateByPoolRequestSchema, ex.byPoolRequestDsOas);
    expect(ds).toEqual({ ...ex.byPoolRequestDsOas, pool_id: '1491600' });
    expect(parse(AggregateByTaskRequestSchema, ex.byPoolRequestDsOas).pool_id).toBe('1491600');
    expect(parse(AggregateByPoolRequestSchema, ex.byPoolRequestWdoOas)).toEqual(ex.byPoolRequestWdoOas);
    expect(parse(AggregateByTaskRequestSchema, ex.byPoolRequestWdoOas).type).toBe('WEIGHTED_DYNAMIC_OVERLAP');
  });

  it('parses aggregated solutions with float, integer and boolean content', () => {
    expect(parse(AggregatedSolutionSchema, ex.aggregatedSolutionOas)).toEqual(ex.aggregatedSolutionOas);
    expect(parse(AggregatedSolutionSchema, ex.aggregatedSolutionSdkTests).output_values).toEqual({ out1: true });
    const page = parse(AggregatedSolutionPageSchema, ex.aggregatedSolutionPage);
    expect(page.has_more).toBe(true);
    expect(page.items[0]?.confidence).toBe(1);
  });

  it('clamps rounding noise in confidence into [0, 1]', () => {
    expect(parse(AggregatedSolutionSchema, { ...ex.aggregatedSolutionOas, confidence: 1 + 1e-12 }).confidence).toBe(1);
    expect(parse(AggregatedSolutionSchema, { ...ex.aggregatedSolutionOas, confidence: -1e-12 }).confidence).toBe(0);
  });

  it('parses both by-pool operations and keeps unknown parameters as sent', () => {
    const ds = parse(OperationSchema, ex.byPoolOperationDs);
    expect(ds).toEqual(ex.byPoolOperationDs);
    const wdo = parse(OperationSchema, ex.byPoolOperationWdo);
    expect(wdo.parameters.pool_id).toBe('1491600');
    expect(wdo.parameters['answer_weight_skill_id']).toBe(12648);
    expect(wdo.details).toBeUndefined();
    expect(wdo.progress).toBe(0);
  });

  it('fills a missing progress from the status and keeps details', () => {
    const failed = parse(OperationSchema, ex.taskBatchOperationFailed);
    expect(failed.progress).toBe(0);
    expect(failed.details).toEqual(ex.taskBatchOperationFailed.details);
    const { progress: _dropped, ...withoutProgress } = ex.operationSucceeded;
    expect(parse(OperationSchema, withoutProgress).progress).toBe(100);
    expect(parse(OperationSchema, ex.operationSucceeded).finished).toBe('2022-11-22T16:11:39.633');
  });

  it('reads null in optional response fields as absent', () => {
    const pending = parse(OperationSchema, { ...ex.byPoolOperationWdo, started: null, finished: null, progress: null });
    expect(pending.started).toBeUndefined();
    expect(pending.finished).toBeUndefined();
    expect(pending.progress).toBe(0);
    const task = parse(TaskSchema, { ...ex.taskWithSolutions, origin_task_id: null, overlap: null });
    expect(task.origin_task_id).toBeUndefined();
    expect(parse(AssignmentSchema, { ...ex.acceptedAssignment, rejected: null, solutions: null }).solutions).toBeUndefined();
    expect(parse(UserSkillSchema, { ...ex.userSkill, exact_value: null }).exact_value).toBeUndefined();
  });

  it('parses the documented error body', () => {
    expect(parse(ApiErrorBodySchema, ex.errorInappropriateStatus)).toEqual(ex.errorInappropriateStatus);
  });
});

describe('entity examples from the reference', () => {
  it('parses a user skill, a task with known and baseline solutions, a batch result and an assignment', () => {
    expect(parse(UserSkillSchema, ex.userSkill).exact_value).toBe(100);
    expect(parse(TaskSchema, ex.taskWithSolutions)).toEqual(ex.taskWithSolutions);
    const batch = parse(TaskBatchCreateResultSchema, ex.taskBatchResult);
    expect(Object.keys(batch.items)).toEqual(['0']);
    expect(batch.validation_errors).toEqual(ex.taskBatchResult.validation_errors);
    expect(parse(AssignmentSchema, ex.acceptedAssignment)).toEqual(ex.acceptedAssignment);
  });

  it('imports an assignment exactly as Toloka returns it', () => {
    const imported = parse(AssignmentImportSchema, ex.acceptedAssignment);
    expect(imported.solutions?.[0]?.output_values).toEqual({ result: 'cat' });
    expect(imported.tasks[0]?.id).toBe('00022cfa46--637cf3fb6e13181a0164e7e6');
  });

  it('accepts the documented skill, user-skill and project bodies', () => {
    expect(parse(SkillCreateSchema, ex.skillBody)).toEqual(ex.skillBody);
    expect(parse(UserSkillSetSchema, ex.userSkillBody)).toEqual({ ...ex.userSkillBody, skill_id: '11051' });
    const project = parse(ProjectCreateSchema, ex.projectBody);
    expect(project.task_spec.input_spec['image']?.type).toBe('url');
    expect(project.task_spec.view_spec).toEqual(ex.projectBody.task_spec.view_spec);
  });

  it('accepts the documented pool and task creation bodies', () => {
    expect(parse(PoolCreateSchema, ex.poolBodyMinimal)).toEqual(ex.poolBodyMinimal);
    expect(parse(PoolCreateSchema, ex.poolBodyExtended)).toEqual(ex.poolBodyExtended);
    expect(parse(TaskCreateSchema, ex.taskBody)).toEqual(ex.taskBody);
    expect(parse(TaskCreateListSchema, [ex.taskBody, { ...ex.taskBody, id: 'client-chosen-1' }])[1]?.id).toBe('client-chosen-1');
  });

  it('accepts a task creation body built from a stored task without its read-only keys', () => {
    const { id: _id, created: _created, remaining_overlap: _remaining, ...form } = ex.taskWithSolutions;
    expect(parse(TaskCreateSchema, form).baseline_solutions?.[0]?.confidence_weight).toBe(0.8);
  });
});

describe('bodies toloka-kit sends', () => {
  const kit = ex.tolokaKit;

  it('creates a skill and sets decimal and integer user skills', () => {
    expect(parse(SkillCreateSchema, kit.createSkill)).toEqual(kit.createSkill);
    expect(parse(UserSkillSetSchema, kit.setUserSkillDecimal).value).toBe(72.5);
    expect(parse(UserSkillSetSchema, kit.setUserSkillInteger).value).toBe(80);
  });

  it('creates a project and echoes it back as a stored project', () => {
    const project = parse(ProjectCreateSchema, kit.createProject);
    expect(project).toEqual(kit.createProject);
    const stored = parse(ProjectSchema, { ...kit.createProject, id: 7 });
    expect(stored.id).toBe('7');
    expect(stored.task_spec.output_spec['result']?.type).toBe('string');
  });

  it('creates a pool with every default toloka-kit sends', () => {
    expect(parse(PoolCreateSchema, kit.createPool)).toEqual(kit.createPool);
  });

  it('creates tasks in sync and async mode, with the query strings it sends', () => {
    expect(parse(TaskCreateListSchema, kit.createTasksSync)).toHaveLength(2);
    expect(parse(TaskCreateSchema, kit.createTask).pool_id).toBe('4');
    expect(parse(TaskCreateListSchema, kit.createTasksAsync).map((task) => task.__item_idx)).toEqual(['0', '1']);
    expect(parse(TaskCreateQuerySchema, kit.createTasksQuerySync)).toEqual({
      operation_id: kit.createTasksQuerySync.operation_id,
      async_mode: false,
      allow_defaults: true,
    });
    expect(parse(TaskCreateQuerySchema, kit.createTasksQueryAsync)).toMatchObject({
      async_mode: true,
      skip_invalid_items: false,
      open_pool: true,
    });
    expect(parse(OperationLogItemSchema, kit.operationLogItem).success).toBe(true);
    expect(parse(TaskListQuerySchema, kit.tasksAfterAsyncCreate)).toEqual(kit.tasksAfterAsyncCreate);
    expect(parse(TaskListQuerySchema, kit.tasksNextPage).id_gt).toBe('000000000001');
  });

  it('aggregates by task and by pool', () => {
    expect(parse(AggregateByTaskRequestSchema, kit.aggregateByTask)).toEqual(kit.aggregateByTask);
    const ds = parse(AggregateByPoolRequestSchema, kit.aggregateByPoolDs);
    expect(ds).toEqual(kit.aggregateByPoolDs);
    expect('answer_weight_skill_id' in ds).toBe(false);
    expect(parse(AggregateByPoolRequestSchema, kit.aggregateByPoolWdo)).toEqual(kit.aggregateByPoolWdo);
  });

  it('pages through results with the query strings it sends', () => {
    expect(parse(AggregatedSolutionListQuerySchema, kit.resultsFirstPage)).toEqual({ sort: 'task_id', limit: 100 });
    expect(parse(AggregatedSolutionListQuerySchema, kit.resultsNextPage).task_id_gt).toBe('000000000100');
    expect(parse(AggregatedSolutionListQuerySchema, kit.resultsNoBatchSize)).toEqual({ sort: 'task_id' });
    expect(parse(AggregatedSolutionListQuerySchema, kit.findResults)).toEqual({
      task_id_gte: '000000000010',
      sort: '-task_id',
      limit: 2,
    });
    expect(parse(AggregatedSolutionListQuerySchema, kit.resultsLargeLimit).limit).toBe(100_000);
  });
});
