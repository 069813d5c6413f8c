import type { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { Context, Hono } from 'hono';
import { toValidationPayload, validate, type AnySchema } from '@crowdagg/schema';
import type * as v from 'valibot';
import { ApiError, fieldError, notFound } from './errors.js';
import type { IdPageQuery } from './store/types.js';

/** Hono environment of every route: the request id and the authenticated account. */
export interface AppEnv {
  Variables: {
    requestId: string;
    account: string;
    /** Largest accepted body (413 above). */
    maxBodyBytes: number;
  };
  /** Set by @hono/node-server; absent when the app is called with `app.fetch` directly. */
  Bindings: Partial<HttpBindings>;
}

/** A route context with {@link AppEnv}. */
export type AppContext = Context<AppEnv>;

function tooLarge(max: number): ApiError {
  return new ApiError(413, 'ENTITY_TOO_LARGE', `The request body exceeds ${max} bytes`, { max_bytes: max });
}

/** Reads a Node request stream, stopping with 413 once it passes `max` bytes. */
async function readIncoming(incoming: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      incoming.resume();
      throw tooLarge(max);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** The body as text, within the size limit (read from the Node stream when there is one). */
async function bodyText(c: AppContext): Promise<string> {
  const max = c.get('maxBodyBytes');
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > max) throw tooLarge(max);
  const incoming = c.env?.incoming;
  if (incoming !== undefined) return readIncoming(incoming, max);
  const text = await c.req.text();
  if (Buffer.byteLength(text) > max) throw tooLarge(max);
  return text;
}

/**
 * Reads the request body as JSON. A non-empty body must be sent as
 * `application/json` (415 otherwise); an empty body yields `undefined`; bad
 * JSON is 400 VALIDATION_ERROR at the root path; over the limit is 413.
 */
export async function readJson(c: AppContext): Promise<unknown> {
  const text = await bodyText(c);
  if (text.trim() === '') return undefined;
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON sent with "Content-Type: application/json"');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw fieldError('', 'INVALID_FORMAT', `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Validates `input` with a schema; 400 VALIDATION_ERROR with per-field payload on failure. */
export function parseWith<TSchema extends AnySchema>(schema: TSchema, input: unknown, prefix = ''): v.InferOutput<TSchema> {
  const result = validate(schema, input);
  if (result.success) return result.output;
  const issues = prefix === '' ? result.issues : result.issues.map((i) => ({ ...i, path: i.path === '' ? prefix : `${prefix}.${i.path}` }));
  throw new ApiError(400, 'VALIDATION_ERROR', 'Validation failed', toValidationPayload(issues));
}

/** The query string as a flat record (the last value wins for repeated keys). */
export function queryOf(c: AppContext): Record<string, string> {
  return c.req.query();
}

/** The common keyset-paging keys of list endpoints. */
const PAGE_KEYS = ['sort', 'limit', 'id_gt', 'id_gte', 'id_lt', 'id_lte'] as const;

/**
 * Parses a list query: `sort` (`id` | `-id`), `limit` (1…max, default 50),
 * `id_gt|gte|lt|lte`, plus the route's own string `filters`. Unknown keys are
 * 400 UNKNOWN_PARAMETER.
 */
export function parseListQuery<F extends string>(
  query: Record<string, string>,
  filters: readonly F[],
  maxLimit: number,
): IdPageQuery & Partial<Record<F, string>> {
  const allowed = new Set<string>([...PAGE_KEYS, ...filters]);
  for (const key of Object.keys(query)) {
    if (!allowed.has(key)) throw fieldError(key, 'UNKNOWN_PARAMETER', `Unknown parameter ${key}`);
  }
  const result: IdPageQuery & Record<string, unknown> = { limit: parseLimit(query.limit, maxLimit) };
  if (query.sort !== undefined) {
    if (query.sort !== 'id' && query.sort !== '-id') throw fieldError('sort', 'UNKNOWN_ENUM_VALUE', 'sort must be "id" or "-id"');
    result.sort = query.sort;
  }
  for (const key of ['id_gt', 'id_gte', 'id_lt', 'id_lte', ...filters]) {
    const value = query[key];
    if (value !== undefined) result[key] = value;
  }
  return result as IdPageQuery & Partial<Record<F, string>>;
}

/** Default page size of every list endpoint (Toloka's). */
export const DEFAULT_PAGE_SIZE = 50;

/** Parses `limit`: an integer from 1 to `max`, default {@link DEFAULT_PAGE_SIZE}. */
export function parseLimit(text: string | undefined, max: number): number {
  if (text === undefined) return Math.min(DEFAULT_PAGE_SIZE, max);
  if (!/^\d+$/.test(text)) throw fieldError('limit', 'INTEGER_EXPECTED', 'limit must be an integer');
  const limit = Number(text);
  if (limit < 1) throw fieldError('limit', 'VALUE_LESS_THAN_MIN', 'limit must be at least 1');
  if (limit > max) throw fieldError('limit', 'VALUE_GREATER_THAN_MAX', `limit must be at most ${max}`);
  return limit;
}

/** Throws 413 ENTITY_TOO_LARGE when a batch has more than `max` items. */
export function checkBatchSize(items: readonly unknown[], max: number): void {
  if (items.length > max) {
    throw new ApiError(413, 'ENTITY_TOO_LARGE', `A batch may hold at most ${max} items, got ${items.length}`, {
      max_items: max,
      items: items.length,
    });
  }
}

/** Registers `GET <path>/:id` answering the object, or 404 DOES_NOT_EXIST naming `what`. */
export function getById(
  app: Hono<AppEnv>,
  path: string,
  what: string,
  read: (account: string, id: string) => Promise<object | undefined>,
): void {
  app.get(`${path}/:id`, async (c) => {
    const found = await read(c.get('account'), c.req.param('id'));
    if (found === undefined) throw notFound(what, c.req.param('id'));
    return c.json(found, 200);
  });
}
