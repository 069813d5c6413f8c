/**
 * Label ordering and joint (multi-field) label keys.
 */
import { AggregationError, describeValue } from './errors.js';

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The comparator behind `labelOrder: 'sorted'`: labels that look like numbers
 * compare numerically ("2" < "10", as Crowd-Kit sorts labels it read as
 * integers) and come before all other labels; other labels compare by UTF-16
 * code units (locale-independent). Equal numbers fall back to the text.
 */
export function compareLabels(a: string, b: string): number {
  const aNumeric = NUMBER_PATTERN.test(a);
  const bNumeric = NUMBER_PATTERN.test(b);
  if (aNumeric && bNumeric) {
    const diff = Number(a) - Number(b);
    if (diff !== 0) return diff;
  } else if (aNumeric !== bNumeric) {
    return aNumeric ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A value allowed inside a joint label: a JSON primitive. */
export type JointLabelValue = string | number | boolean | null;

function checkJointValue(value: unknown, position: number): JointLabelValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return Object.is(value, -0) ? 0 : value;
  throw new AggregationError(
    'INVALID_INPUT',
    `joint label value #${position} must be a string, finite number, boolean or null, got ${describeValue(value)}`,
    { position, value },
  );
}

/**
 * Canonical key of several fields' values taken as one answer: the JSON text
 * of the tuple (`["OK",3,true]`, no spaces, -0 written as 0). Two answers
 * agree exactly when their keys are equal.
 */
export function jointLabelKey(values: readonly unknown[]): string {
  return JSON.stringify(values.map((value, i) => checkJointValue(value, i)));
}

/** Inverse of {@link jointLabelKey}. Throws `INVALID_INPUT` on a malformed key. */
export function parseJointLabelKey(key: string): JointLabelValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    throw new AggregationError('INVALID_INPUT', `not a joint label key: ${key}`, { key });
  }
  if (!Array.isArray(parsed)) throw new AggregationError('INVALID_INPUT', `not a joint label key: ${key}`, { key });
  return parsed.map((value, i) => checkJointValue(value, i));
}

/** Largest label list {@link jointLabelProduct} builds. */
export const MAX_JOINT_LABELS = 1_000_000;

/**
 * Every combination of the per-field option lists as joint keys, the first
 * field varying slowest (like nested loops in field order).
 */
export function jointLabelProduct(optionLists: readonly (readonly unknown[])[]): string[] {
  let total = 1;
  for (const list of optionLists) total *= list.length;
  if (total > MAX_JOINT_LABELS) {
    throw new AggregationError('INVALID_OPTION', `the joint label space has ${total} options (max ${MAX_JOINT_LABELS})`, {
      size: total,
    });
  }
  let tuples: unknown[][] = [[]];
  for (const list of optionLists) {
    const next: unknown[][] = [];
    for (const prefix of tuples) for (const value of list) next.push([...prefix, value]);
    tuples = next;
  }
  return optionLists.length === 0 ? [] : tuples.map((tuple) => jointLabelKey(tuple));
}
