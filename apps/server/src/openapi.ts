import { openApiSchemas } from '@crowdagg/schema';

type Json = Record<string, unknown>;

/** One documented route: method, path under /api/v1, summary, request/response schema names and success status. */
interface RouteDoc {
  readonly method: 'get' | 'post' | 'put';
  readonly path: string;
  readonly summary: string;
  readonly body?: string;
  /** Name of the schema describing the query string. */
  readonly query?: string;
  readonly response?: string;
  readonly status: 200 | 201 | 202;
}

const ROUTES: readonly RouteDoc[] = [
  { method: 'post', path: '/aggregated-solutions/aggregate-by-task', summary: 'Aggregate one task', body: 'AggregateByTaskRequest', response: 'AggregatedSolution', status: 200 },
  { method: 'post', path: '/aggregated-solutions/aggregate-by-pool', summary: 'Start aggregating a pool', body: 'AggregateByPoolRequest', response: 'Operation', status: 202 },
  { method: 'get', path: '/aggregated-solutions/{operationId}', summary: 'Results of a pool aggregation', query: 'AggregatedSolutionListQuery', response: 'AggregatedSolutionPage', status: 200 },
  { method: 'get', path: '/operations/{id}', summary: 'An operation', response: 'Operation', status: 200 },
  { method: 'get', path: '/operations/{id}/log', summary: 'Log of a task batch creation', status: 200 },
  { method: 'get', path: '/operations', summary: 'Operations, filtered by type and status', query: 'OperationListQuery', response: 'OperationPage', status: 200 },
  { method: 'post', path: '/skills', summary: 'Create a skill', body: 'SkillCreate', response: 'Skill', status: 201 },
  { method: 'get', path: '/skills/{id}', summary: 'A skill', response: 'Skill', status: 200 },
  { method: 'get', path: '/skills', summary: 'Skills', status: 200 },
  { method: 'put', path: '/user-skills', summary: "Set a worker's skill (POST is an alias)", body: 'UserSkillSet', response: 'UserSkill', status: 201 },
  { method: 'get', path: '/user-skills/{id}', summary: 'A user skill', response: 'UserSkill', status: 200 },
  { method: 'get', path: '/user-skills', summary: 'User skills, filtered by skill_id and user_id', status: 200 },
  { method: 'post', path: '/projects', summary: 'Create a project', body: 'ProjectCreate', response: 'Project', status: 201 },
  { method: 'get', path: '/projects/{id}', summary: 'A project', response: 'Project', status: 200 },
  { method: 'get', path: '/projects', summary: 'Projects', status: 200 },
  { method: 'post', path: '/pools', summary: 'Create a pool', body: 'PoolCreate', response: 'Pool', status: 201 },
  { method: 'get', path: '/pools/{id}', summary: 'A pool', response: 'Pool', status: 200 },
  { method: 'get', path: '/pools', summary: 'Pools, filtered by project_id and status', status: 200 },
  { method: 'post', path: '/tasks', summary: 'Create a task or a batch (async_mode=true gives a TASK.BATCH_CREATE operation)', query: 'TaskCreateQuery', body: 'TaskCreateList', response: 'TaskBatchCreateResult', status: 201 },
  { method: 'get', path: '/tasks/{id}', summary: 'A task', response: 'Task', status: 200 },
  { method: 'get', path: '/tasks', summary: 'Tasks, filtered by pool_id, paged by id', status: 200 },
  { method: 'post', path: '/assignments', summary: 'Import completed assignments (crowdagg-server extension)', body: 'AssignmentImport', status: 201 },
  { method: 'get', path: '/assignments/{id}', summary: 'An assignment', status: 200 },
  { method: 'get', path: '/assignments', summary: 'Assignments, filtered by pool_id and status', status: 200 },
];

const ERROR_STATUSES = ['400', '401', '404', '405', '409', '413', '415', '429', '500'];

function ref(name: string): Json {
  return { $ref: `#/components/schemas/${name}` };
}

/** Query parameters described by the properties of a query schema. */
function queryParameters(name: string | undefined): Json[] {
  if (name === undefined) return [];
  const schema = (openApiSchemas as Record<string, { properties?: Record<string, unknown> } | undefined>)[name];
  return Object.entries(schema?.properties ?? {}).map(([key, property]) => ({ name: key, in: 'query', required: false, schema: property }));
}

/** The OpenAPI 3.0 document of `/api/v1`, with component schemas generated from `@crowdagg/schema`. */
export function openApiDocument(version: string): Json {
  const schemas = { ...openApiSchemas };
  const paths: Record<string, Json> = {};
  for (const route of ROUTES) {
    const responses: Json = {
      [String(route.status)]: {
        description: 'Success',
        ...(route.response === undefined ? {} : { content: { 'application/json': { schema: ref(route.response) } } }),
      },
    };
    for (const status of ERROR_STATUSES) {
      responses[status] = { description: 'Error', content: { 'application/json': { schema: ref('ApiErrorBody') } } };
    }
    const parameters: Json[] = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
      ...queryParameters(route.query),
    ];
    paths[route.path] = {
      ...(paths[route.path] ?? {}),
      [route.method]: {
        summary: route.summary,
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(route.body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: ref(route.body) } } } }),
        responses,
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'crowdagg-server', version, description: 'Toloka-compatible aggregated-solutions API, self-hosted.' },
    servers: [{ url: '/api/v1' }],
    security: [{ Authorization: [] }],
    components: {
      securitySchemes: {
        Authorization: { type: 'apiKey', in: 'header', name: 'Authorization', description: '"OAuth <token>" or "ApiKey <token>"' },
      },
      schemas,
    },
    paths,
  };
}
