import { describe, expect, it } from 'vitest';
import { jsonSchemas, openApiSchemas, type JsonSchemaName } from './index.js';
import { checkJsonSchema } from './test-support/json-schema-check.js';
import * as ex from './test-support/reference-examples.js';

const kit = ex.tolokaKit;

/** A documented example for every exported JSON Schema. */
const examples: Record<JsonSchemaName, unknown> = {
  AggregateByTaskRequest: ex.byPoolRequestDsOas,
  AggregateByPoolRequest: kit.aggregateByPoolWdo,
  AggregatedSolutionListQuery: { sort: 'task_id', limit: 100, task_id_gt: '000000000100' },
  OperationListQuery: { status: 'SUCCESS', sort: '-submitted,id', limit: 50, submitted_gte: '2023-04-13T16:39:12.422' },
  SkillCreate: kit.createSkill,
  UserSkillSet: kit.setUserSkillDecimal,
  FieldSpec: kit.createProject.task_spec.output_spec.result,
  ProjectCreate: kit.createProject,
  PoolCreate: kit.createPool,
  TaskCreate: kit.createTask,
  TaskCreateList: kit.createTasksAsync,
  TaskCreateQuery: { operation_id: kit.createTasksQueryAsync.operation_id, async_mode: true, allow_defaults: true },
  TaskListQuery: kit.tasksAfterAsyncCreate,
  AssignmentImport: ex.acceptedAssignment,
  AggregatedSolution: ex.aggregatedSolutionOas,
  AggregatedSolutionPage: ex.aggregatedSolutionPage,
  Operation: ex.byPoolOperationDs,
  OperationPage: { items: [ex.byPoolOperationDs, ex.operationSucceeded], has_more: false },
  OperationLogItem: kit.operationLogItem,
  Skill: { id: '1', name: 'Accuracy', hidden: true },
  UserSkill: ex.userSkill,
  Project: { ...kit.createProject, id: '7' },
  Pool: { ...kit.createPool, id: '9', status: 'OPEN' },
  Task: ex.taskWithSolutions,
  TaskBatchCreateResult: ex.taskBatchResult,
  Assignment: ex.acceptedAssignment,
  ApiErrorBody: ex.errorInappropriateStatus,
};

describe('jsonSchemas', () => {
  const names = Object.keys(jsonSchemas) as JsonSchemaName[];

  it('has one draft-07 object schema per top-level schema, each with an example here', () => {
    expect(names.sort()).toEqual(Object.keys(examples).sort());
    for (const name of names) {
      const schema = jsonSchemas[name];
      expect(schema.$schema, name).toBe('http://json-schema.org/draft-07/schema#');
      expect(JSON.parse(JSON.stringify(schema)), name).toEqual(schema);
    }
  });

  it.each(Object.entries(examples))('%s: the documented example conforms', (name, example) => {
    expect(checkJsonSchema(jsonSchemas[name as JsonSchemaName], example)).toEqual([]);
  });

  it('describes the by-task request as two strict forms discriminated by type', () => {
    const schema = jsonSchemas.AggregateByTaskRequest as { oneOf: Array<Record<string, unknown>> };
    expect(schema.oneOf).toHaveLength(2);
    expect(schema.oneOf.map((form) => (form['properties'] as { type: { const: string } }).type.const)).toEqual([
      'WEIGHTED_DYNAMIC_OVERLAP',
      'DAWID_SKENE',
    ]);
    expect(schema.oneOf.every((form) => form['additionalProperties'] === false)).toBe(true);
    expect(schema.oneOf[0]?.['required']).toEqual(['type', 'pool_id', 'answer_weight_skill_id', 'fields', 'task_id']);
  });

  it('accepts numeric ids in requests and describes them as strings in responses', () => {
    expect(checkJsonSchema(jsonSchemas.AggregateByPoolRequest, { ...kit.aggregateByPoolDs, pool_id: 4 })).toEqual([]);
    expect(checkJsonSchema(jsonSchemas.AggregatedSolution, { ...ex.aggregatedSolutionOas, pool_id: 4 })).toEqual([
      '$.pool_id: expected string',
    ]);
  });

  it('rejects what the valibot schemas reject structurally', () => {
    expect(checkJsonSchema(jsonSchemas.AggregateByTaskRequest, { ...kit.aggregateByTask, extra: 1 })).not.toEqual([]);
    expect(checkJsonSchema(jsonSchemas.AggregatedSolutionListQuery, { limit: 100_001 })).toEqual(['$.limit: above maximum']);
    expect(checkJsonSchema(jsonSchemas.Operation, { ...ex.byPoolOperationDs, status: 'DONE' })).toEqual(['$.status: not in enum']);
  });
});

describe('openApiSchemas', () => {
  const names = Object.keys(jsonSchemas) as JsonSchemaName[];

  /** Every key used anywhere in a schema tree. */
  function keysOf(node: unknown, found = new Set<string>()): Set<string> {
    if (Array.isArray(node)) node.forEach((item) => keysOf(item, found));
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        found.add(key);
        if (key !== 'properties' || typeof value !== 'object') keysOf(value, found);
        else Object.values(value as object).forEach((item) => keysOf(item, found));
      }
    }
    return found;
  }

  it('covers the same names and avoids keywords OpenAPI 3.0 lacks', () => {
    expect(Object.keys(openApiSchemas)).toEqual(names);
    for (const name of names) {
      const keys = keysOf(openApiSchemas[name]);
      for (const keyword of ['$schema', 'const', 'propertyNames']) expect(keys.has(keyword), `${name} ${keyword}`).toBe(false);
      expect(JSON.stringify(openApiSchemas[name]), name).not.toContain('"required":[]');
    }
  });

  it.each(Object.entries(examples))('%s: the documented example conforms', (name, example) => {
    expect(checkJsonSchema(openApiSchemas[name as JsonSchemaName], example)).toEqual([]);
  });
});
