import { toJsonSchema, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import {
  AggregateByPoolRequestSchema,
  AggregateByTaskRequestSchema,
  AggregatedSolutionListQuerySchema,
  AggregatedSolutionPageSchema,
  AggregatedSolutionSchema,
} from './aggregation.js';
import { AssignmentImportSchema, AssignmentSchema } from './assignment.js';
import { ApiErrorBodySchema } from './errors.js';
import { OperationListQuerySchema, OperationLogItemSchema, OperationPageSchema, OperationSchema } from './operation.js';
import { PoolCreateSchema, PoolSchema } from './pool.js';
import { JsonObjectSchema } from './primitives.js';
import { FieldSpecSchema, ProjectCreateSchema, ProjectSchema } from './project.js';
import { SkillCreateSchema, SkillSchema, UserSkillSchema, UserSkillSetSchema } from './skill.js';
import {
  TaskBatchCreateResultSchema,
  TaskCreateListSchema,
  TaskCreateQuerySchema,
  TaskCreateSchema,
  TaskListQuerySchema,
  TaskSchema,
} from './task.js';

/** Names of the request-body schemas. */
type RequestName =
  | 'AggregateByTaskRequest'
  | 'AggregateByPoolRequest'
  | 'SkillCreate'
  | 'UserSkillSet'
  | 'FieldSpec'
  | 'ProjectCreate'
  | 'PoolCreate'
  | 'TaskCreate'
  | 'TaskCreateList'
  | 'AssignmentImport';

/** Names of the query-string schemas. */
type QueryName =
  | 'AggregatedSolutionListQuery'
  | 'OperationListQuery'
  | 'TaskCreateQuery'
  | 'TaskListQuery';

/** Names of the response schemas. */
type ResponseName =
  | 'AggregatedSolution'
  | 'AggregatedSolutionPage'
  | 'Operation'
  | 'OperationPage'
  | 'OperationLogItem'
  | 'Skill'
  | 'UserSkill'
  | 'Project'
  | 'Pool'
  | 'Task'
  | 'TaskBatchCreateResult'
  | 'Assignment'
  | 'ApiErrorBody';

/** Bodies clients send: described in their input form (ids may be numbers). */
const requestSchemas = {
  AggregateByTaskRequest: AggregateByTaskRequestSchema,
  AggregateByPoolRequest: AggregateByPoolRequestSchema,
  SkillCreate: SkillCreateSchema,
  UserSkillSet: UserSkillSetSchema,
  FieldSpec: FieldSpecSchema,
  ProjectCreate: ProjectCreateSchema,
  PoolCreate: PoolCreateSchema,
  TaskCreate: TaskCreateSchema,
  TaskCreateList: TaskCreateListSchema,
  AssignmentImport: AssignmentImportSchema,
} satisfies Record<RequestName, v.GenericSchema>;

/**
 * Query strings: described in their parsed form (`limit` an integer,
 * booleans as booleans), which is how OpenAPI describes query parameters.
 */
const querySchemas = {
  AggregatedSolutionListQuery: AggregatedSolutionListQuerySchema,
  OperationListQuery: OperationListQuerySchema,
  TaskCreateQuery: TaskCreateQuerySchema,
  TaskListQuery: TaskListQuerySchema,
} satisfies Record<QueryName, v.GenericSchema>;

/** Schemas of what servers answer: described in their output form (ids are strings). */
const responseSchemas = {
  AggregatedSolution: AggregatedSolutionSchema,
  AggregatedSolutionPage: AggregatedSolutionPageSchema,
  Operation: OperationSchema,
  OperationPage: OperationPageSchema,
  OperationLogItem: OperationLogItemSchema,
  Skill: SkillSchema,
  UserSkill: UserSkillSchema,
  Project: ProjectSchema,
  Pool: PoolSchema,
  Task: TaskSchema,
  TaskBatchCreateResult: TaskBatchCreateResultSchema,
  Assignment: AssignmentSchema,
  ApiErrorBody: ApiErrorBodySchema,
} satisfies Record<ResponseName, v.GenericSchema>;

/** Names of the schemas in {@link jsonSchemas}. */
export type JsonSchemaName = RequestName | QueryName | ResponseName;

type Target = 'draft-07' | 'openapi-3.0';
type TypeMode = ConversionConfig['typeMode'];

/**
 * Removes empty `required` lists, which OpenAPI 3.0 schema objects forbid
 * (draft-07 allows them).
 */
function withoutEmptyRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutEmptyRequired);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node)
    .filter(([key, value]) => !(key === 'required' && Array.isArray(value) && value.length === 0))
    .map(([key, value]) => [key, withoutEmptyRequired(value)]);
  return Object.fromEntries(entries);
}

/**
 * Converts one schema. Actions without a JSON Schema form (transforms,
 * custom checks) are skipped: the JSON Schema is a description for
 * documentation and OpenAPI, the valibot schema stays the validator.
 */
function convert(schema: v.GenericSchema, typeMode: TypeMode, target: Target): JsonSchema {
  const converted = toJsonSchema(schema, {
    errorMode: 'ignore',
    typeMode,
    target,
    overrideSchema: ({ valibotSchema }) => (valibotSchema === JsonObjectSchema ? { type: 'object' } : undefined),
  });
  return target === 'openapi-3.0' ? (withoutEmptyRequired(converted) as JsonSchema) : converted;
}

/**
 * Defines one enumerable, cached getter per schema, so the conversion runs on
 * first access rather than when the package is imported.
 */
function defineLazy(
  record: Record<string, JsonSchema>,
  schemas: Record<string, v.GenericSchema>,
  typeMode: TypeMode,
  target: Target,
): void {
  for (const [name, schema] of Object.entries(schemas)) {
    let converted: JsonSchema | undefined;
    Object.defineProperty(record, name, {
      enumerable: true,
      get: () => (converted ??= convert(schema, typeMode, target)),
    });
  }
}

function buildSchemas(target: Target): Readonly<Record<JsonSchemaName, JsonSchema>> {
  const record: Record<string, JsonSchema> = {};
  defineLazy(record, requestSchemas, 'input', target);
  defineLazy(record, querySchemas, 'output', target);
  defineLazy(record, responseSchemas, 'output', target);
  return Object.freeze(record);
}

/**
 * JSON Schema (draft-07) of every top-level schema, generated from the
 * valibot source, keyed by name (e.g. `jsonSchemas.AggregateByTaskRequest`).
 * Request bodies are described as clients may send them; queries and
 * responses in their parsed form (ids are strings). Each entry is converted
 * on first access.
 */
export const jsonSchemas: Readonly<Record<JsonSchemaName, JsonSchema>> = buildSchemas('draft-07');

/**
 * The same schemas as {@link jsonSchemas} in OpenAPI 3.0's schema dialect
 * (`enum` instead of `const`, no `$schema`, no empty `required`), ready for
 * `components.schemas` of an OpenAPI 3.0 document.
 */
export const openApiSchemas: Readonly<Record<JsonSchemaName, JsonSchema>> = buildSchemas('openapi-3.0');
