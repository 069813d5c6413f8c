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
  OperationListQuerySchema,
  OperationSchema,
  PoolCreateSchema,
  ProjectCreateSchema,
  SkillCreateSchema,
  TaskCreateListSchema,
  TaskCreateQuerySchema,
  TaskCreateSchema,
  TaskListQuerySchema,
  UserSkillSetSchema,
  validate,
  type FieldErrorCode,
} from './index.js';
import * as ex from './test-support/reference-examples.js';

type Expected = Array<[path: string, code: FieldErrorCode]>;
type Case = [name: string, schema: v.GenericSchema, input: unknown, expected: Expected];

const wdo = ex.tolokaKit.aggregateByTask;
const dsPool = ex.tolokaKit.aggregateByPoolDs;
const project = ex.tolokaKit.createProject;
const pool = ex.tolokaKit.createPool;
const task = ex.tolokaKit.createTask;
const assignment = {
  id: 'a1',
  pool_id: '4',
  user_id: 'w1',
  status: 'ACCEPTED',
  tasks: [{ id: 't1' }, { id: 't2' }],
  solutions: [{ output_values: { result: 'cat' } }, { output_values: { result: 'dog' } }],
};
const outputSpec = (spec: Record<string, unknown>) => ({
  ...project,
  task_spec: { ...project.task_spec, output_spec: { result: { ...project.task_spec.output_spec.result, ...spec } } },
});

const cases: Case[] = [
  // aggregate-by-task
  ['by-task without type', AggregateByTaskRequestSchema, { ...wdo, type: undefined }, [['type', 'VALUE_REQUIRED']]],
  ['by-task with an unknown type', AggregateByTaskRequestSchema, { ...wdo, type: 'MAJORITY_VOTE' }, [['type', 'UNKNOWN_ENUM_VALUE']]],
  ['WDO without a skill', AggregateByTaskRequestSchema, { ...wdo, answer_weight_skill_id: undefined }, [['answer_weight_skill_id', 'VALUE_REQUIRED']]],
  ['WDO without fields', AggregateByTaskRequestSchema, { ...wdo, fields: [] }, [['fields', 'ARRAY_SIZE_LESS_THAN_MIN']]],
  ['DS by task with two fields', AggregateByTaskRequestSchema, { ...dsPool, task_id: 't', fields: [{ name: 'a' }, { name: 'b' }] }, [['fields', 'ARRAY_SIZE_GREATER_THAN_MAX']]],
  ['field without a name', AggregateByTaskRequestSchema, { ...wdo, fields: [{}] }, [['fields.0.name', 'VALUE_REQUIRED']]],
  ['field name not a string', AggregateByTaskRequestSchema, { ...wdo, fields: [{ name: 'a' }, { name: 7 }] }, [['fields.1.name', 'STRING_EXPECTED']]],
  ['fields not a list', AggregateByTaskRequestSchema, { ...wdo, fields: 'result' }, [['fields', 'ARRAY_EXPECTED']]],
  ['field listed twice', AggregateByTaskRequestSchema, { ...wdo, fields: [{ name: 'a' }, { name: 'a' }] }, [['fields', 'DUPLICATE_VALUE_IN_ARRAY']]],
  ['field with an unknown key', AggregateByTaskRequestSchema, { ...wdo, fields: [{ name: 'a', label: 'x' }] }, [['fields.0.label', 'UNKNOWN_PARAMETER']]],
  ['by-task with an unknown key', AggregateByTaskRequestSchema, { ...wdo, algorithm: 'x' }, [['algorithm', 'UNKNOWN_PARAMETER']]],
  ['by-task without task_id', AggregateByTaskRequestSchema, { ...wdo, task_id: undefined }, [['task_id', 'VALUE_REQUIRED']]],
  ['pool id of the wrong type', AggregateByTaskRequestSchema, { ...wdo, pool_id: true }, [['pool_id', 'STRING_EXPECTED']]],
  ['fractional numeric pool id', AggregateByTaskRequestSchema, { ...wdo, pool_id: 1.5 }, [['pool_id', 'INTEGER_EXPECTED']]],
  ['empty pool id', AggregateByTaskRequestSchema, { ...wdo, pool_id: '' }, [['pool_id', 'VALUE_REQUIRED']]],
  ['body is a list', AggregateByTaskRequestSchema, [wdo], [['', 'OBJECT_EXPECTED']]],
  ['body is null', AggregateByTaskRequestSchema, null, [['', 'VALUE_REQUIRED']]],
  ['several problems at once', AggregateByTaskRequestSchema, { type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: 4, fields: [{}], extra: 1 },
    [['answer_weight_skill_id', 'VALUE_REQUIRED'], ['fields.0.name', 'VALUE_REQUIRED'], ['task_id', 'VALUE_REQUIRED'], ['extra', 'UNKNOWN_PARAMETER']]],
  // aggregate-by-pool
  ['by-pool task_id null', AggregateByPoolRequestSchema, { ...dsPool, task_id: null }, [['task_id', 'VALUE_REQUIRED']]],
  ['by-pool DS skill of the wrong type', AggregateByPoolRequestSchema, { ...dsPool, answer_weight_skill_id: [] }, [['answer_weight_skill_id', 'STRING_EXPECTED']]],
  // list queries
  ['limit 0', AggregatedSolutionListQuerySchema, { limit: '0' }, [['limit', 'VALUE_LESS_THAN_MIN']]],
  ['limit above 100000', AggregatedSolutionListQuerySchema, { limit: '100001' }, [['limit', 'VALUE_GREATER_THAN_MAX']]],
  ['limit not a number', AggregatedSolutionListQuerySchema, { limit: 'ten' }, [['limit', 'INTEGER_EXPECTED']]],
  ['sort on another key', AggregatedSolutionListQuerySchema, { sort: 'pool_id' }, [['sort', 'UNKNOWN_ENUM_VALUE']]],
  ['unknown query parameter', AggregatedSolutionListQuerySchema, { offset: '10' }, [['offset', 'UNKNOWN_PARAMETER']]],
  ['operation status unknown', OperationListQuerySchema, { status: 'DONE' }, [['status', 'UNKNOWN_ENUM_VALUE']]],
  ['operation sort key unknown', OperationListQuerySchema, { sort: 'id,created' }, [['sort', 'PATTERN_MISMATCH']]],
  ['operation time filter with month 22', OperationListQuerySchema, { submitted_gte: '2018-22-10T14:18:35' }, [['submitted_gte', 'INVALID_DATE_TIME_SYNTAX']]],
  ['operation limit above 500', OperationListQuerySchema, { limit: '501' }, [['limit', 'VALUE_GREATER_THAN_MAX']]],
  ['async_mode not a boolean', TaskCreateQuerySchema, { async_mode: 'yes' }, [['async_mode', 'BOOLEAN_EXPECTED']]],
  ['operation_id not a UUID', TaskCreateQuerySchema, { operation_id: 'abc' }, [['operation_id', 'INVALID_FORMAT']]],
  ['task list sorted by overlap', TaskListQuerySchema, { pool_id: '4', sort: 'overlap' }, [['sort', 'UNKNOWN_ENUM_VALUE']]],
  ['negative numeric id', AggregateByTaskRequestSchema, { ...wdo, pool_id: -4 }, [['pool_id', 'VALUE_LESS_THAN_MIN']]],
  // skills
  ['skill without a name', SkillCreateSchema, { hidden: true }, [['name', 'VALUE_REQUIRED']]],
  ['skill value above 100', UserSkillSetSchema, { ...ex.tolokaKit.setUserSkillDecimal, value: 100.5 }, [['value', 'VALUE_GREATER_THAN_MAX']]],
  ['skill value below 0', UserSkillSetSchema, { ...ex.tolokaKit.setUserSkillDecimal, value: -1 }, [['value', 'VALUE_LESS_THAN_MIN']]],
  ['skill value as a string', UserSkillSetSchema, { ...ex.tolokaKit.setUserSkillDecimal, value: '72' }, [['value', 'NUMBER_EXPECTED']]],
  // projects
  ['unknown output field type', ProjectCreateSchema, outputSpec({ type: 'enum' }), [['task_spec.output_spec.result.type', 'UNKNOWN_ENUM_VALUE']]],
  ['bounds out of order', ProjectCreateSchema, outputSpec({ type: 'integer', allowed_values: undefined, min_value: 5, max_value: 1 }), [['task_spec.output_spec.result.max_value', 'VALUE_LESS_THAN_MIN']]],
  ['allowed value that is an object', ProjectCreateSchema, outputSpec({ allowed_values: ['cat', { label: 'dog' }] }), [['task_spec.output_spec.result.allowed_values.1', 'SIMPLE_VALUE_EXPECTED']]],
  ['negative max_length', ProjectCreateSchema, outputSpec({ max_length: -1 }), [['task_spec.output_spec.result.max_length', 'VALUE_LESS_THAN_MIN']]],
  ['project without task_spec', ProjectCreateSchema, { ...project, task_spec: undefined }, [['task_spec', 'VALUE_REQUIRED']]],
  ['view spec of an unknown kind', ProjectCreateSchema, { ...project, task_spec: { ...project.task_spec, view_spec: { type: 'html' } } }, [['task_spec.view_spec.type', 'UNKNOWN_ENUM_VALUE']]],
  ['input spec flag not a boolean', ProjectCreateSchema, { ...project, task_spec: { ...project.task_spec, input_spec: { id: { type: 'string', required: 'yes' } } } }, [['task_spec.input_spec.id.required', 'BOOLEAN_EXPECTED']]],
  // pools
  ['pool expiry with month 13', PoolCreateSchema, { ...pool, will_expire: '2026-13-01T00:00:00' }, [['will_expire', 'INVALID_DATE_TIME_SYNTAX']]],
  ['dynamic overlap confidence above 1', PoolCreateSchema, { ...pool, dynamic_overlap_config: { ...pool.dynamic_overlap_config, min_confidence: 1.5 } }, [['dynamic_overlap_config.min_confidence', 'VALUE_GREATER_THAN_MAX']]],
  ['negative mixer count', PoolCreateSchema, { ...pool, mixer_config: { ...pool.mixer_config, real_tasks_count: -1 } }, [['mixer_config.real_tasks_count', 'VALUE_LESS_THAN_MIN']]],
  ['misspelt pool key', PoolCreateSchema, { ...pool, private_name: undefined, private_nmae: 'x' }, [['private_name', 'VALUE_REQUIRED'], ['private_nmae', 'UNKNOWN_PARAMETER']]],
  ['fractional default overlap', PoolCreateSchema, { ...pool, defaults: { default_overlap_for_new_tasks: 1.5 } }, [['defaults.default_overlap_for_new_tasks', 'INTEGER_EXPECTED']]],
  // tasks
  ['baseline weight above 1', TaskCreateSchema, { ...task, baseline_solutions: [{ output_values: {}, confidence_weight: 2 }] }, [['baseline_solutions.0.confidence_weight', 'VALUE_GREATER_THAN_MAX']]],
  ['known solution values not an object', TaskCreateSchema, { ...task, known_solutions: [{ output_values: {} }, { output_values: 'OK' }] }, [['known_solutions.1.output_values', 'OBJECT_EXPECTED']]],
  ['task without input values', TaskCreateSchema, { pool_id: '4' }, [['input_values', 'VALUE_REQUIRED']]],
  ['second task of a list without pool', TaskCreateListSchema, [task, { input_values: {} }], [['1.pool_id', 'VALUE_REQUIRED']]],
  ['input values as a list', TaskCreateSchema, { ...task, input_values: [] }, [['input_values', 'OBJECT_EXPECTED']]],
  ['pool filter as a list', PoolCreateSchema, { ...pool, filter: [] }, [['filter', 'OBJECT_EXPECTED']]],
  ['task overlap 0', TaskCreateSchema, { ...task, overlap: 0 }, [['overlap', 'VALUE_LESS_THAN_MIN']]],
  // assignments
  ['fewer solutions than tasks', AssignmentImportSchema, { ...assignment, solutions: assignment.solutions.slice(1) }, [['solutions', 'ARRAY_SIZE_LESS_THAN_MIN']]],
  ['more solutions than tasks', AssignmentImportSchema, { ...assignment, tasks: assignment.tasks.slice(1) }, [['solutions', 'ARRAY_SIZE_GREATER_THAN_MAX']]],
  ['count mismatch reported beside another problem', AssignmentImportSchema, { ...assignment, user_id: undefined, tasks: assignment.tasks.slice(1) },
    [['user_id', 'VALUE_REQUIRED'], ['solutions', 'ARRAY_SIZE_GREATER_THAN_MAX']]],
  ['accepted without solutions', AssignmentImportSchema, { ...assignment, solutions: undefined }, [['solutions', 'VALUE_REQUIRED']]],
  ['unknown assignment status', AssignmentImportSchema, { ...assignment, status: 'DONE' }, [['status', 'UNKNOWN_ENUM_VALUE']]],
  ['assignment without tasks', AssignmentImportSchema, { ...assignment, tasks: [], solutions: [] }, [['tasks', 'ARRAY_SIZE_LESS_THAN_MIN']]],
  ['solution without values', AssignmentImportSchema, { ...assignment, solutions: [{ output_values: {} }, {}] }, [['solutions.1.output_values', 'VALUE_REQUIRED']]],
  // responses: tolerant of unknown keys, not of wrong known ones
  ['confidence as a percentage', AggregatedSolutionSchema, { ...ex.aggregatedSolutionOas, confidence: 93.7 }, [['confidence', 'VALUE_GREATER_THAN_MAX']]],
  ['negative confidence', AggregatedSolutionSchema, { ...ex.aggregatedSolutionOas, confidence: -0.01 }, [['confidence', 'VALUE_LESS_THAN_MIN']]],
  ['misspelt operation status', OperationSchema, { ...ex.byPoolOperationWdo, status: 'PEDNDING' }, [['status', 'UNKNOWN_ENUM_VALUE']]],
  ['operation submitted in month 22', OperationSchema, { ...ex.byPoolOperationWdo, submitted: '2018-22-10T14:18:35' }, [['submitted', 'INVALID_DATE_TIME_SYNTAX']]],
  ['fractional progress', OperationSchema, { ...ex.byPoolOperationDs, progress: 40.5 }, [['progress', 'INTEGER_EXPECTED']]],
  ['page without has_more', AggregatedSolutionPageSchema, { items: [] }, [['has_more', 'VALUE_REQUIRED']]],
  ['error body without code', ApiErrorBodySchema, { request_id: 'r', message: 'm' }, [['code', 'VALUE_REQUIRED']]],
];

describe('malformed inputs are rejected with the field path and code', () => {
  it('covers at least 30 bodies', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', (_name, schema, input, expected) => {
    const result = validate(schema, input);
    expect(result.success).toBe(false);
    const found = result.success ? [] : result.issues.map((issue) => [issue.path, issue.code]);
    expect(found).toEqual(expected);
    if (!result.success) {
      for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(0);
    }
  });
});
