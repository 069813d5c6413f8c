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
} satisfies Record<string, v.GenericSchema>;

/**
 * Query strings: described in their parsed form (`limit` an integer,
 * booleans as booleans), which is how OpenAPI describes query parameters.
 */
const querySchemas = {
  AggregatedSolutionListQuery: AggregatedSolutionListQuerySchema,
  OperationListQuery: OperationListQuerySchema,
  TaskCreateQuery: TaskCreateQuerySchema,
  TaskListQuery: TaskListQuerySchema,
} satisfies Record<string, v.GenericSchema>;

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
} satisfies Record<string, v.GenericSchema>;

/** Names of the schemas in {@link jsonSchemas}. */
export type JsonSchemaName = keyof typeof requestSchemas | keyof typeof querySchemas | keyof typeof responseSchemas;

/**
 * Converts one schema. Actions without a JSON Schema form (transforms,
 * custom checks) are skipped: the JSON Schema is a description for
 * documentation and OpenAPI, the valibot schema stays the validator.
 */
function convert(schema: v.GenericSchema, typeMode: ConversionConfig['typeMode']): JsonSchema {
  return toJsonSchema(schema, { errorMode: 'ignore', typeMode });
}

/**
 * Defines one enumerable, cached getter per schema, so the conversion runs on
 * first access rather than when the package is imported.
 */
function defineLazy(
  target: Record<string, JsonSchema>,
  schemas: Record<string, v.GenericSchema>,
  typeMode: ConversionConfig['typeMode'],
): void {
  for (const [name, schema] of Object.entries(schemas)) {
    let converted: JsonSchema | undefined;
    Object.defineProperty(target, name, { enumerable: true, get: () => (converted ??= convert(schema, typeMode)) });
  }
}

function buildJsonSchemas(): Readonly<Record<JsonSchemaName, JsonSchema>> {
  const target: Record<string, JsonSchema> = {};
  defineLazy(target, requestSchemas, 'input');
  defineLazy(target, querySchemas, 'output');
  defineLazy(target, responseSchemas, 'output');
  return Object.freeze(target);
}

/**
 * JSON Schema (draft-07) of every top-level schema, generated from the
 * valibot source, keyed by name (e.g. `jsonSchemas.AggregateByTaskRequest`).
 * Request bodies are described as clients may send them; queries and
 * responses in their parsed form (ids are strings). Each entry is converted
 * on first access.
 */
export const jsonSchemas: Readonly<Record<JsonSchemaName, JsonSchema>> = buildJsonSchemas();
