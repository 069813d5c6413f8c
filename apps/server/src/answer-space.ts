import { jointLabelKey } from '@crowdagg/local-aggregator';
import { ApiError } from './errors.js';

/** The largest number of joint answer options (product over the requested fields). */
export const MAX_JOINT_OPTIONS = 4096;
/** The largest integer range (max − min) Toloka aggregates. */
export const MAX_INTEGER_SPAN = 32;

/** A field spec as stored in a project's `task_spec.output_spec` (only what aggregation reads). */
export interface OutputFieldSpec {
  readonly type?: unknown;
  readonly required?: unknown;
  readonly allowed_values?: unknown;
  readonly min_value?: unknown;
  readonly max_value?: unknown;
}

/**
 * The option set Y of the requested fields: every joint answer as a label key
 * (the order is the product of the per-field option lists, first field
 * slowest), with the typed `output_values` each key stands for.
 */
export interface AnswerSpace {
  /** Requested field names, in request order. */
  readonly fields: readonly string[];
  /** Label keys in option order (the matrix's label list). */
  readonly labels: readonly string[];
  /** Label key of an answer's `output_values`, or undefined when a field is missing or outside its options. */
  encode(outputValues: unknown): string | undefined;
  /** Typed `output_values` of a label key (values as in the spec, not stringified). */
  decode(label: string): Record<string, unknown>;
}

/** A value's token for matching: numbers and numeric strings compare by number, booleans by name. */
function token(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return `#${value}`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

function numericToken(value: unknown): string | undefined {
  if (typeof value === 'number') return token(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return `#${Number(value)}`;
  return undefined;
}

/** Options of one field: typed values in order, or a reason why it cannot be aggregated. */
export function fieldOptions(spec: OutputFieldSpec): { values: unknown[] } | { reason: string } {
  const type = typeof spec.type === 'string' ? spec.type : '';
  if (Array.isArray(spec.allowed_values) && spec.allowed_values.length > 0) {
    if (!['string', 'integer', 'float', 'boolean', 'url'].includes(type)) {
      return { reason: `fields of type "${type}" cannot be aggregated` };
    }
    const values = spec.allowed_values as unknown[];
    if (!values.every((value) => token(value) !== undefined)) return { reason: 'allowed_values must be strings, finite numbers or booleans' };
    return { values: [...values] };
  }
  if (type === 'boolean') return { values: [false, true] };
  if (type === 'integer' && typeof spec.min_value === 'number' && typeof spec.max_value === 'number') {
    const { min_value: min, max_value: max } = spec;
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) return { reason: 'min_value/max_value are not an integer range' };
    if (max - min > MAX_INTEGER_SPAN) return { reason: `integer range ${min}..${max} spans more than ${MAX_INTEGER_SPAN}` };
    return { values: Array.from({ length: max - min + 1 }, (_, i) => min + i) };
  }
  return { reason: 'the field has no allowed_values (and is not a boolean or a bounded integer)' };
}

/**
 * Builds the answer space of `fieldNames` from a project's output spec.
 * Throws 400 VALIDATION_ERROR at `fields.<i>.name` for a field that is not in
 * the spec or cannot be aggregated.
 */
export function answerSpace(outputSpec: Readonly<Record<string, OutputFieldSpec>>, fieldNames: readonly string[]): AnswerSpace {
  const perField = fieldNames.map((name, index) => {
    const spec = Object.hasOwn(outputSpec, name) ? outputSpec[name] : undefined;
    const path = `fields.${index}.name`;
    if (spec === undefined) {
      throw new ApiError(400, 'VALIDATION_ERROR', 'Validation failed', {
        [path]: { code: 'VALUE_NOT_ALLOWED', message: `"${name}" is not a field of the project's output_spec` },
      });
    }
    const options = fieldOptions(spec);
    if ('reason' in options) {
      throw new ApiError(400, 'VALIDATION_ERROR', 'Validation failed', {
        [path]: { code: 'VALUE_NOT_ALLOWED', message: `"${name}" cannot be aggregated: ${options.reason}` },
      });
    }
    const numeric = spec.type === 'integer' || spec.type === 'float';
    const toToken = numeric ? numericToken : token;
    const byToken = new Map<string, number>();
    options.values.forEach((value, i) => {
      const t = toToken(value);
      if (t !== undefined && !byToken.has(t)) byToken.set(t, i);
    });
    return { name, values: options.values, byToken, toToken };
  });
  const total = perField.reduce((n, f) => n * f.values.length, 1);
  if (total > MAX_JOINT_OPTIONS) {
    throw new ApiError(400, 'VALIDATION_ERROR', 'Validation failed', {
      fields: { code: 'VALUE_NOT_ALLOWED', message: `the fields have ${total} joint options; at most ${MAX_JOINT_OPTIONS} are supported` },
    });
  }
  const labels: string[] = [];
  const decoded = new Map<string, Record<string, unknown>>();
  const walk = (depth: number, indices: number[]): void => {
    const field = perField[depth];
    if (field === undefined) {
      const key = jointLabelKey(indices.map((i, d) => perField[d]?.values[i]));
      labels.push(key);
      decoded.set(key, Object.fromEntries(indices.map((i, d) => [perField[d]?.name ?? '', perField[d]?.values[i]])));
      return;
    }
    for (let i = 0; i < field.values.length; i += 1) walk(depth + 1, [...indices, i]);
  };
  walk(0, []);

  return {
    fields: fieldNames,
    labels,
    encode(outputValues) {
      if (outputValues === null || typeof outputValues !== 'object') return undefined;
      const record = outputValues as Record<string, unknown>;
      let joint = 0;
      for (const field of perField) {
        const t = field.toToken(record[field.name]);
        const index = t === undefined ? undefined : field.byToken.get(t);
        if (index === undefined) return undefined;
        joint = joint * field.values.length + index;
      }
      return labels[joint];
    },
    decode(label) {
      const values = decoded.get(label);
      if (values === undefined) throw new Error(`label key ${label} is not in the answer space`);
      return values;
    },
  };
}
