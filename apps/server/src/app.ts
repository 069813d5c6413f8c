import { AggregationError } from '@crowdagg/local-aggregator';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { aggregationConflict } from './aggregate.js';
import { authenticate, type TokenMap } from './auth.js';
import { DEFAULT_LIMITS, type Limits } from './config.js';
import { ApiError, newRequestId, type ErrorBody } from './errors.js';
import type { AppEnv } from './http.js';
import { silentLogger, type Logger } from './logger.js';
import { openApiDocument } from './openapi.js';
import { QuotaTracker, type QuotaConfig } from './quotas.js';
import { aggregationRoutes } from './routes/aggregation.js';
import { entityRoutes } from './routes/entities.js';
import { operationRoutes } from './routes/operations.js';
import { taskRoutes } from './routes/tasks.js';
import type { Store } from './store/types.js';
import { SERVER_VERSION } from './version.js';

/** What {@link createApp} needs. */
export interface AppOptions {
  readonly store: Store;
  /** Token → account. */
  readonly tokens: TokenMap;
  readonly limits?: Partial<Limits>;
  /** Per-account quotas by name (`aggregate-by-pool`); none by default. */
  readonly quotas?: QuotaConfig;
  readonly logger?: Logger;
  /** Called after a pool operation is queued, e.g. to wake the worker. */
  readonly onOperationCreated?: () => void;
}

function errorResponse(requestId: string, error: ApiError): Response {
  const body: ErrorBody = error.toBody(requestId);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId };
  const retryAfter = (error.payload as { retry_after_seconds?: unknown } | undefined)?.retry_after_seconds;
  if (error.status === 429 && typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  return new Response(JSON.stringify(body), { status: error.status, headers });
}

/**
 * The Hono app of crowdagg-server: `/health`, `/api/v1/openapi.json`, and the
 * Toloka-compatible routes under `/api/v1` behind token auth. Every error is
 * Toloka's JSON body `{request_id, code, message, payload}`.
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const logger = options.logger ?? silentLogger;
  const quotas = new QuotaTracker(options.quotas ?? {});
  const app = new Hono<AppEnv>();
  let openApi: unknown;

  app.use('*', async (c, next) => {
    const started = performance.now();
    const requestId = newRequestId();
    c.set('requestId', requestId);
    c.set('maxBodyBytes', limits.maxBodyBytes);
    c.header('x-request-id', requestId);
    await next();
    logger.info(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`);
  });
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, allowed) => {
        const response = errorResponse(
          c.get('requestId'),
          new ApiError(405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allowed.join(', ')}`),
        );
        response.headers.set('allow', allowed.join(', '));
        return response;
      },
    }),
  );

  app.get('/health', async (c) => {
    await options.store.getOperation('', 'health-check');
    return c.json({ status: 'ok', store: options.store.kind, version: SERVER_VERSION }, 200);
  });
  app.get('/api/v1/openapi.json', (c) => {
    openApi ??= openApiDocument(SERVER_VERSION);
    return c.json(openApi, 200);
  });

  const api = new Hono<AppEnv>();
  api.use('*', async (c, next) => {
    c.set('account', authenticate(options.tokens, c.req.header('authorization')));
    await next();
  });
  const deps = { store: options.store, limits, quotas, logger, onOperationCreated: options.onOperationCreated ?? (() => {}) };
  aggregationRoutes(api, deps);
  operationRoutes(api, deps);
  entityRoutes(api, deps);
  taskRoutes(api, deps);
  app.route('/api/v1', api);

  app.notFound((c) => errorResponse(c.get('requestId'), new ApiError(404, 'DOES_NOT_EXIST', `No route ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? newRequestId();
    if (error instanceof ApiError) return errorResponse(requestId, error);
    if (error instanceof AggregationError) return errorResponse(requestId, aggregationConflict(error));
    if (error instanceof HTTPException && error.status < 500) {
      const status = error.status === 413 ? 413 : 400;
      const code = status === 413 ? 'ENTITY_TOO_LARGE' : 'VALIDATION_ERROR';
      return errorResponse(requestId, new ApiError(status, code, error.message || 'Bad request'));
    }
    logger.error(`request ${requestId} ${c.req.method} ${c.req.path} failed`, error);
    return errorResponse(requestId, new ApiError(500, 'INTERNAL_ERROR', `Internal error; quote request_id ${requestId}`));
  });
  return app;
}
