import { describe, expectTypeOf, it } from 'vitest';
import type * as v from 'valibot';
import type {
  AggregateByPoolRequest,
  AggregateByTaskRequest,
  AggregateByTaskRequestSchema,
  AggregatedSolution,
  AggregatedSolutionListQuery,
  AggregatedSolutionPage,
  ApiErrorBody,
  AssignmentImport,
  ErrorCode,
  FieldErrorCode,
  FieldSpec,
  FieldType,
  FieldIssue,
  Operation,
  OperationListQuery,
  TaskCreate,
  TaskCreateQuery,
  UserSkillSet,
  ValidationResult,
 pageSchema} from './index.js';
import { ERROR_CODES, OPERATION_TYPES, validate, AggregatedSolutionSchema } from './index.js';

describe('inferred request types', () => {
  it('narrows the by-task request on type', () => {
    expectTypeOf<AggregateByTaskRequest['type']>().toEqualTypeOf<'WEIGHTED_DYNAMIC_OVERLAP' | 'DAWID_SKENE'>();
    expectTypeOf<Extract<AggregateByTaskRequest, { type: 'WEIGHTED_DYNAMIC_OVERLAP' }>['answer_weight_skill_id']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<AggregateByTaskRequest, { type: 'DAWID_SKENE' }>['answer_weight_skill_id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AggregateByTaskRequest['task_id']>().toEqualTypeOf<string>();
    expectTypeOf<AggregateByPoolRequest['task_id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AggregateByTaskRequest['fields']>().toEqualTypeOf<Array<{ name: string }>>();
  });

  it('accepts numeric ids on input and yields strings on output', () => {
    expectTypeOf<v.InferInput<typeof AggregateByTaskRequestSchema>['pool_id']>().toEqualTypeOf<string | number>();
    expectTypeOf<AggregateByTaskRequest['pool_id']>().toEqualTypeOf<string>();
    expectTypeOf<UserSkillSet>().toEqualTypeOf<{ skill_id: string; user_id: string; value: number; reason?: string | undefined }>();
    expectTypeOf<FieldSpec['type']>().toEqualTypeOf<FieldType>();
    expectTypeOf<AssignmentImport['tasks'][number]['id']>().toEqualTypeOf<string>();
    expectTypeOf<TaskCreate['__item_idx']>().toEqualTypeOf<string | undefined>();
  });

  it('parses query strings into numbers and booleans', () => {
    expectTypeOf<AggregatedSolutionListQuery['limit']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AggregatedSolutionListQuery['sort']>().toEqualTypeOf<'task_id' | '-task_id' | undefined>();
    expectTypeOf<OperationListQuery['limit']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TaskCreateQuery['async_mode']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<AggregatedSolutionListQuery['task_id_gt']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<OperationListQuery['submitted_lte']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<keyof AggregatedSolutionListQuery>().toEqualTypeOf<
      'sort' | 'limit' | 'task_id_gt' | 'task_id_gte' | 'task_id_lt' | 'task_id_lte'
    >();
  });
});

describe('inferred response types', () => {
  it('types aggregated solutions and pages', () => {
    expectTypeOf<AggregatedSolution['confidence']>().toEqualTypeOf<number>();
    expectTypeOf<AggregatedSolution['task_id']>().toEqualTypeOf<string>();
    expectTypeOf<AggregatedSolution['output_values']>().toEqualTypeOf<{ [key: string]: unknown }>();
    expectTypeOf<AggregatedSolutionPage['items']>().toEqualTypeOf<AggregatedSolution[]>();
    expectTypeOf<AggregatedSolutionPage['has_more']>().toEqualTypeOf<boolean>();
    expectTypeOf<v.InferOutput<ReturnType<typeof pageSchema<typeof AggregatedSolutionSchema>>>>().toEqualTypeOf<AggregatedSolutionPage>();
  });

  it('types operations with a required progress and string ids', () => {
    expectTypeOf<Operation['status']>().toEqualTypeOf<'PENDING' | 'RUNNING' | 'SUCCESS' | 'FAIL'>();
    expectTypeOf<Operation['progress']>().toEqualTypeOf<number>();
    expectTypeOf<Operation['id']>().toEqualTypeOf<string>();
    expectTypeOf<Operation['started']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Operation['parameters']['pool_id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf(OPERATION_TYPES.SOLUTION_AGGREGATE).toEqualTypeOf<'SOLUTION.AGGREGATE'>();
  });

  it('types error bodies and codes', () => {
    expectTypeOf<ApiErrorBody['code']>().toEqualTypeOf<string>();
    expectTypeOf<ApiErrorBody['payload']>().toEqualTypeOf<unknown>();
    expectTypeOf(ERROR_CODES.DOES_NOT_EXIST).toEqualTypeOf<'DOES_NOT_EXIST'>();
    expectTypeOf<'CONFLICT_STATE'>().toExtend<ErrorCode>();
    expectTypeOf<'VALUE_REQUIRED'>().toExtend<FieldErrorCode>();
  });
});

describe('validation helpers', () => {
  it('returns a discriminated result with typed output', () => {
    const result = validate(AggregatedSolutionSchema, {});
    expectTypeOf(result).toEqualTypeOf<ValidationResult<AggregatedSolution>>();
    if (result.success) expectTypeOf(result.output.confidence).toEqualTypeOf<number>();
    else expectTypeOf(result.issues).toEqualTypeOf<FieldIssue[]>();
  });
});
