import type { MethodEntry, ResponseMatrix } from '@crowdagg/local-aggregator';

/** A registered method run with particular options, under its own name in the tables. */
export interface Variant {
  /** Name in the tables: the registry name, or `<registry name>:<variant>`. */
  readonly name: string;
  readonly entry: MethodEntry;
  /** Options for a matrix (computed before timing starts); undefined = the method's defaults. */
  readonly options?: (matrix: ResponseMatrix) => Record<string, unknown>;
}

/** Suffix of the Dawid-Skene run with Crowd-Kit's stopping rule. */
export const CROWDKIT_SUFFIX = ':crowdkit';

/**
 * What to run for the selected methods: each method at its defaults, plus
 * Dawid-Skene with Crowd-Kit's stopping rule (when the method has that option),
 * and weighted dynamic overlap with skills it can use (it has no default).
 * `only` (registry or variant names) narrows the list.
 */
export function variantsOf(entries: readonly MethodEntry[], only?: readonly string[]): Variant[] {
  const variants: Variant[] = [];
  for (const entry of entries) {
    if (entry.name === 'weighted-dynamic-overlap') {
      variants.push({ name: entry.name, entry, options: (matrix) => ({ skills: majorityAgreementSkills(matrix) }) });
      continue;
    }
    variants.push({ name: entry.name, entry });
    if (entry.name === 'dawid-skene' && 'stopping' in entry.defaults) {
      variants.push({ name: `${entry.name}${CROWDKIT_SUFFIX}`, entry, options: () => ({ stopping: 'crowdkit' }) });
    }
  }
  return only === undefined ? variants : variants.filter((v) => only.includes(v.name) || only.includes(v.entry.name));
}

/** Registry name of a variant name (`dawid-skene:crowdkit` → `dawid-skene`). */
export function baseMethod(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(0, colon);
}

/**
 * Skills in percent for weighted dynamic overlap, which needs them and has no
 * default: 100 × each worker's agreement with plain majority vote (ties to
 * the first label), computed here so that no golden label leaks into it.
 */
export function majorityAgreementSkills(matrix: ResponseMatrix): Map<string, number> {
  const { nTasks, nWorkers, nLabels, taskOffsets, answerLabel, answerWorker } = matrix;
  const votes = new Int32Array(nLabels);
  const agreed = new Float64Array(nWorkers);
  const answered = new Float64Array(nWorkers);
  for (let t = 0; t < nTasks; t++) {
    votes.fill(0);
    const start = taskOffsets[t] ?? 0;
    const end = taskOffsets[t + 1] ?? 0;
    for (let a = start; a < end; a++) votes[answerLabel[a] ?? 0] = (votes[answerLabel[a] ?? 0] ?? 0) + 1;
    let winner = 0;
    for (let k = 1; k < nLabels; k++) if ((votes[k] ?? 0) > (votes[winner] ?? 0)) winner = k;
    for (let a = start; a < end; a++) {
      const w = answerWorker[a] ?? 0;
      answered[w] = (answered[w] ?? 0) + 1;
      if (answerLabel[a] === winner) agreed[w] = (agreed[w] ?? 0) + 1;
    }
  }
  const skills = new Map<string, number>();
  matrix.workerIds.forEach((id, w) => skills.set(id, (100 * (agreed[w] ?? 0)) / Math.max(answered[w] ?? 0, 1)));
  return skills;
}
