/**
 * Helpers shared by the SQLite and PostgreSQL adapters: id generation,
 * timestamps, row → entity mapping and paging.
 */
import { randomBytes } from 'node:crypto';
import type { IdPageQuery, JsonObject, Operation, OperationStatus, Page, SolutionQuery, UserSkill } from './types.js';

/** Width of generated decimal ids: `000000000042`. */
export const ID_WIDTH = 12;

/** Zero-padded decimal id, so string order equals numeric (creation) order. */
export function padId(n: number | bigint): string {
  return String(n).padStart(ID_WIDTH, '0');
}

let lastUuidMs = 0;
let uuidSeq = 0;

/**
 * A time-ordered UUID (version 7 layout): 48 bits of milliseconds, then a
 * per-process counter in `rand_a`, then random bits. Lowercase hex, so plain
 * string order follows creation order (within one process, strictly).
 */
export function timeOrderedUuid(nowMs: number = Date.now()): string {
  if (nowMs <= lastUuidMs) {
    uuidSeq += 1;
    if (uuidSeq > 0xfff) {
      lastUuidMs += 1;
      uuidSeq = 0;
    }
  } else {
    lastUuidMs = nowMs;
    uuidSeq = 0;
  }
  const ms = lastUuidMs.toString(16).padStart(12, '0');
  const rand = randomBytes(8);
  const variant = ((rand[0] ?? 0) & 0x3f) | 0x80;
  const tail = rand.subarray(1).toString('hex'); // 14 hex digits
  return (
    `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${uuidSeq.toString(16).padStart(3, '0')}-` +
    `${variant.toString(16)}${tail.slice(0, 2)}-${tail.slice(2, 14)}`
  );
}

/** Formats epoch milliseconds as Toloka's `YYYY-MM-DDTHH:MM:SS.sss` (UTC, no `Z`). */
export function tolokaTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

/** Rounds half away from zero, as `UserSkill.value` needs. */
export function roundSkill(exact: number): number {
  return Math.sign(exact) * Math.round(Math.abs(exact));
}

/** Parses a JSON column that always holds an object. */
export function parseObject(text: string): JsonObject {
  return JSON.parse(text) as JsonObject;
}

/**
 * Parses JSON object texts, returning the same (frozen) object for a text seen
 * before. Answers repeat a handful of distinct `output_values`, so streaming a
 * pool parses each distinct text once. Holds at most `limit` texts.
 */
export class SharedObjectParser {
  private readonly seen = new Map<string, JsonObject>();
  constructor(private readonly limit = 10_000) {}

  /** The parsed object for `text`; shared between equal texts, so never mutate it. */
  parse(text: string): JsonObject {
    let obj = this.seen.get(text);
    if (obj === undefined) {
      obj = Object.freeze(parseObject(text));
      if (this.seen.size < this.limit) this.seen.set(text, obj);
    }
    return obj;
  }
}

/** A row of a table that stores an entity body as JSON text. */
export interface DataRow {
  id: string;
  /** Epoch ms (PostgreSQL returns bigint as a string). */
  created: number | string;
  data: string;
}

/** Maps a `DataRow` to the entity: `id`, the stored body, then `created`. */
export function entityFromRow<T>(r: DataRow): T {
  return { id: r.id, ...parseObject(r.data), created: tolokaTime(Number(r.created)) } as T;
}

/** A `user_skills` row. */
export interface UserSkillRow {
  id: string;
  skill_id: string;
  user_id: string;
  exact_value: number;
  created: number | string;
  modified: number | string;
}

/** Maps a `user_skills` row to a `UserSkill`. */
export function userSkillFromRow(r: UserSkillRow): UserSkill {
  return {
    id: r.id,
    skill_id: r.skill_id,
    user_id: r.user_id,
    value: roundSkill(r.exact_value),
    exact_value: r.exact_value,
    created: tolokaTime(Number(r.created)),
    modified: tolokaTime(Number(r.modified)),
  };
}

/** Columns of an operation row, identical in both adapters. */
export interface OperationRow {
  id: string;
  type: string;
  status: string;
  submitted: number | string;
  started: number | string | null;
  finished: number | string | null;
  progress: number;
  parameters: string | JsonObject;
  details: string | JsonObject;
}

function asObject(v: string | JsonObject): JsonObject {
  return typeof v === 'string' ? parseObject(v) : v;
}

/** Maps an operations row to Toloka's `Operation` shape. */
export function operationFromRow(row: OperationRow): Operation {
  const op: Operation = {
    id: row.id,
    type: row.type,
    status: row.status as OperationStatus,
    submitted: tolokaTime(Number(row.submitted)),
    progress: row.progress,
    parameters: asObject(row.parameters),
    details: asObject(row.details),
  };
  if (row.started !== null) op.started = tolokaTime(Number(row.started));
  if (row.finished !== null) op.finished = tolokaTime(Number(row.finished));
  return op;
}

/** Cuts a `limit + 1` result to a page with an exact `has_more`. */
export function toPage<T>(rows: T[], limit: number): Page<T> {
  const has_more = rows.length > limit;
  return { items: has_more ? rows.slice(0, limit) : rows, has_more };
}

/** A key range with an order, in adapter-neutral form. */
export interface KeyRange {
  desc: boolean;
  limit: number;
  gt?: string;
  gte?: string;
  lt?: string;
  lte?: string;
}

/** Normalises id paging parameters. */
export function idRange(q: IdPageQuery): KeyRange {
  return { desc: q.sort === '-id', limit: q.limit, gt: q.id_gt, gte: q.id_gte, lt: q.id_lt, lte: q.id_lte };
}

/** Normalises task-id paging parameters of aggregated solutions. */
export function taskIdRange(q: SolutionQuery): KeyRange {
  return {
    desc: q.sort === '-task_id',
    limit: q.limit,
    gt: q.task_id_gt,
    gte: q.task_id_gte,
    lt: q.task_id_lt,
    lte: q.task_id_lte,
  };
}

/** `[operator, value]` pairs of a key range, for building WHERE clauses. */
export function rangeBounds(r: KeyRange): [string, string][] {
  const out: [string, string][] = [];
  if (r.gt !== undefined) out.push(['>', r.gt]);
  if (r.gte !== undefined) out.push(['>=', r.gte]);
  if (r.lt !== undefined) out.push(['<', r.lt]);
  if (r.lte !== undefined) out.push(['<=', r.lte]);
  return out;
}

/** Reads `parameters.pool_id` as a string (Toloka sometimes sends a number). */
export function poolIdOf(parameters: JsonObject): string | undefined {
  const v = parameters.pool_id;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** Progress as an integer percentage in [0, 100]. */
export function clampProgress(progress: number): number {
  return Number.isFinite(progress) ? Math.max(0, Math.min(100, Math.round(progress))) : 0;
}

/** Default retry window of `createOperation`'s `dedupeKey`. */
export const DEFAULT_DEDUPE_WINDOW_MS = 60_000;

/** Default number of claims before an operation whose lease keeps expiring is failed. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Reason stored when an operation is failed for exhausting its attempts. */
export function abandonedReason(attempts: number): string {
  return `abandoned: the worker holding the lease stopped ${attempts} times`;
}

/** Collects an iterable or async iterable into an array. */
export async function collect<T>(items: Iterable<T> | AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Strips `created` and the given keys; used to store entity bodies as sent. */
export function bodyWithout(obj: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k !== 'created' && !keys.includes(k)) out[k] = v;
  }
  return out;
}

/**
 * Code-unit order of strings. It equals the stores' byte order (SQLite BINARY,
 * PostgreSQL `COLLATE "C"`) except for characters past U+D7FF; the stores
 * sort with it only to improve locality, so any order gives the same result.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders `answers` rows (pool_id, task_id, assignment_id, …) by that key. */
export function compareAnswerRows(x: readonly string[], y: readonly string[]): number {
  return compareText(x[0] ?? '', y[0] ?? '') || compareText(x[1] ?? '', y[1] ?? '') || compareText(x[2] ?? '', y[2] ?? '');
}
