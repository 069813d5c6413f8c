import { MatrixBuilder } from '@crowdagg/local-aggregator';
import type { ResponseMatrix } from '@crowdagg/local-aggregator';
import { describeCell } from './bench-datasets.js';
import { syntheticIds, syntheticTruth } from './bench-synthetic.js';
import { type FitCell, benchFit } from './fit.js';
import type { TruthOf } from './scoring.js';
import { type SyntheticSpec, type SyntheticTruth, streamSynthetic } from './synthetic.js';
import { type MemorySnapshot, type RunPolicy, canCollectGarbage, memorySnapshot, peakRss, timeOnce } from './timing.js';
import type { Variant } from './variants.js';

/** Memory budget of the matrix: 40 bytes per answer plus one K×K float64 table per worker. */
export const BYTES_PER_ANSWER_TARGET = 40;

/** Methods fitted on the 10M-answer case. */
export const TEN_MILLION_METHODS: readonly string[] = ['majority-vote', 'dawid-skene'];

/** A fit on the big case, with the memory its result holds and the peak reached. */
export interface BigFitCell extends FitCell {
  /** Σ byteLength of the typed arrays in the result (posteriors, labels, worker parameters …). */
  readonly resultTypedBytes?: number;
  /** Heap + ArrayBuffer growth while the result is alive, after a collection (bytes). */
  readonly resultHeldBytes?: number;
  /** Peak RSS of the process so far, above the RSS before the matrix was built (bytes). */
  readonly peakRssAboveStart: number;
}

/** Wall and CPU time of one phase (ms). */
export interface Phase {
  readonly ms: number;
  readonly cpuMs: number;
}

/** Figures of the 10M-answer case. */
export interface TenMillionReport {
  readonly case: string;
  readonly answers: number;
  readonly tasks: number;
  readonly workers: number;
  readonly labels: number;
  /** Generating the answers alone, into a no-op sink. */
  readonly generate: Phase;
  /** Generating and `MatrixBuilder.add` for every answer. */
  readonly add: Phase;
  /** `MatrixBuilder.build()`. */
  readonly build: Phase;
  /** Σ byteLength of the matrix's typed arrays. */
  readonly typedBytes: number;
  /** Heap growth (V8 objects and strings: ids) held by the matrix, after a collection. */
  readonly heapBytes: number;
  /** ArrayBuffer growth held by the matrix, after a collection. */
  readonly arrayBufferBytes: number;
  /** RSS growth held by the matrix, after a collection (allocator caches included). */
  readonly rssBytes: number;
  /** Peak RSS while streaming and building, above the RSS before. */
  readonly buildPeakRssAboveStart: number;
  /** The budget: 40 × answers + 8 × workers × labels² bytes. */
  readonly budgetBytes: number;
  /** (heap + ArrayBuffer) growth within the budget. */
  readonly pass: boolean;
  /** Whether `global.gc` was available (without it, the memory deltas are unreliable). */
  readonly gcExposed: boolean;
  readonly fits: BigFitCell[];
}

/** Σ byteLength of every typed array in `value`, looking one level into plain objects (e.g. `workers`). */
export function typedArrayBytes(value: object, depth = 1): number {
  let sum = 0;
  for (const field of Object.values(value)) {
    if (ArrayBuffer.isView(field)) sum += field.byteLength;
    else if (depth > 0 && typeof field === 'object' && field !== null && !Array.isArray(field)) sum += typedArrayBytes(field as object, depth - 1);
  }
  return sum;
}

/** Streams the case straight into a `MatrixBuilder` (no per-answer objects), then builds. */
function streamIntoMatrix(spec: SyntheticSpec): { matrix: ResponseMatrix; facts: SyntheticTruth; add: Phase; build: Phase } {
  const ids = syntheticIds(spec);
  const builder = new MatrixBuilder();
  let lastTask = -1;
  let taskId = '';
  const added = timeOnce(() =>
    streamSynthetic(spec, (t, w, k) => {
      if (t !== lastTask) {
        lastTask = t;
        taskId = ids.task(t);
      }
      builder.add(taskId, ids.workers[w] ?? '', ids.labels[k] ?? '');
    }),
  );
  const built = timeOnce(() => builder.build());
  return {
    matrix: built.result,
    facts: added.result,
    add: { ms: added.ms, cpuMs: added.cpuMs },
    build: { ms: built.ms, cpuMs: built.cpuMs },
  };
}

function growth(after: MemorySnapshot, before: MemorySnapshot): MemorySnapshot {
  return {
    heapUsed: after.heapUsed - before.heapUsed,
    arrayBuffers: after.arrayBuffers - before.arrayBuffers,
    rss: after.rss - before.rss,
  };
}

/** Generation alone, into a no-op sink (a sync function: its garbage is not held by the async caller's frame). */
function timeGenerationOnly(spec: SyntheticSpec): Phase {
  const { ms, cpuMs } = timeOnce(() => streamSynthetic(spec, () => undefined));
  return { ms, cpuMs };
}

/** Holds a fit's result while its memory is measured (an optimising compiler may drop a dead local). */
const keepAlive: unknown[] = [];

/**
 * One fit with its memory figures. A function of its own so that nothing of
 * the result outlives it (an async caller keeps its locals in a suspended
 * frame, which would count one fit's result in the next fit's baseline).
 */
async function measureFit(
  caseName: string,
  variant: Variant,
  matrix: ResponseMatrix,
  truthOf: TruthOf,
  policy: RunPolicy,
  startRss: number,
): Promise<BigFitCell> {
  const before = await memorySnapshot();
  const { cell, result } = benchFit(caseName, variant, matrix, truthOf, policy);
  keepAlive.push(result);
  const after = await memorySnapshot();
  keepAlive.length = 0;
  const delta = growth(after, before);
  return {
    ...cell,
    ...(result === undefined ? {} : { resultTypedBytes: typedArrayBytes(result), resultHeldBytes: delta.heapUsed + delta.arrayBuffers }),
    peakRssAboveStart: peakRss() - startRss,
  };
}

/** Builds the 10M-answer case, measures its memory, and fits majority vote and Dawid-Skene on it. */
export async function benchTenMillion(
  spec: SyntheticSpec,
  variants: readonly Variant[],
  policy: RunPolicy,
  log: (line: string) => void,
): Promise<TenMillionReport> {
  const generate = timeGenerationOnly(spec);
  log(`  ${spec.name}: generated in ${generate.ms.toFixed(0)} ms (no sink)`);
  const start = await memorySnapshot();
  const { matrix, facts, add, build } = streamIntoMatrix(spec);
  const buildPeakRssAboveStart = peakRss() - start.rss;
  const held = growth(await memorySnapshot(), start);
  const factBytes = typedArrayBytes(facts, 0);
  const heapBytes = held.heapUsed;
  const arrayBufferBytes = held.arrayBuffers - factBytes;
  const n = matrix.nAnswers;
  const budgetBytes = BYTES_PER_ANSWER_TARGET * n + 8 * matrix.nWorkers * matrix.nLabels ** 2;
  log(`  ${spec.name}: add ${add.ms.toFixed(0)} ms, build ${build.ms.toFixed(0)} ms, held ${((heapBytes + arrayBufferBytes) / n).toFixed(1)} B/answer`);
  const truthOf = syntheticTruth(matrix, facts.truth);
  const fits: BigFitCell[] = [];
  for (const variant of variants.filter((v) => TEN_MILLION_METHODS.includes(v.name))) {
    const big = await measureFit(spec.name, variant, matrix, truthOf, policy, start.rss);
    fits.push(big);
    log(describeCell(big));
  }
  return {
    case: spec.name,
    answers: n,
    tasks: matrix.nTasks,
    workers: matrix.nWorkers,
    labels: matrix.nLabels,
    generate,
    add,
    build,
    typedBytes: typedArrayBytes(matrix, 0),
    heapBytes,
    arrayBufferBytes,
    rssBytes: held.rss,
    buildPeakRssAboveStart,
    budgetBytes,
    pass: heapBytes + arrayBufferBytes <= budgetBytes,
    gcExposed: canCollectGarbage(),
    fits,
  };
}
