import { MatrixBuilder } from '@crowdagg/local-aggregator';
import type { ResponseMatrix } from '@crowdagg/local-aggregator';
import { describeCell } from './bench-datasets.js';
import { syntheticIds, syntheticTruth } from './bench-synthetic.js';
import { type FitCell, benchFit } from './fit.js';
import type { Variant } from './variants.js';
import { type SyntheticSpec, type SyntheticTruth, streamSynthetic } from './synthetic.js';
import { type MemorySnapshot, type RunPolicy, canCollectGarbage, memorySnapshot, peakRss, timeOnce } from './timing.js';

/** Memory budget of the matrix: 40 bytes per answer plus one K×K float64 table per worker. */
export const BYTES_PER_ANSWER_TARGET = 40;

/** Methods fitted on the 10M-answer case. */
export const TEN_MILLION_METHODS: readonly string[] = ['majority-vote', 'dawid-skene'];

/** A fit on the big case, with the memory it held on to and the peak it reached. */
export interface BigFitCell extends FitCell {
  /** Heap + ArrayBuffer growth while the result is alive, after a collection (bytes). */
  readonly resultBytes?: number;
  /** Peak RSS of the process during the case so far, above the RSS before the build (bytes). */
  readonly peakRssAboveStart: number;
}

/** Figures of the 10M-answer case. */
export interface TenMillionReport {
  readonly case: string;
  readonly answers: number;
  readonly tasks: number;
  readonly workers: number;
  readonly labels: number;
  /** Generating the answers alone, into a no-op sink (ms). */
  readonly generateMs: number;
  /** Generating and `MatrixBuilder.add` for every answer (ms). */
  readonly addMs: number;
  /** `MatrixBuilder.build()` (ms). */
  readonly buildMs: number;
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

/** Sum of the byte lengths of every typed array the matrix holds. */
export function typedArrayBytes(matrix: ResponseMatrix): number {
  return Object.values(matrix).reduce<number>((sum, value) => (ArrayBuffer.isView(value) ? sum + value.byteLength : sum), 0);
}

/** Streams the case straight into a `MatrixBuilder` (no per-answer objects), then builds. */
function streamIntoMatrix(spec: SyntheticSpec): { matrix: ResponseMatrix; facts: SyntheticTruth; addMs: number; buildMs: number } {
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
  return { matrix: built.result, facts: added.result, addMs: added.ms, buildMs: built.ms };
}

function growth(after: MemorySnapshot, before: MemorySnapshot): MemorySnapshot {
  return {
    heapUsed: after.heapUsed - before.heapUsed,
    arrayBuffers: after.arrayBuffers - before.arrayBuffers,
    rss: after.rss - before.rss,
  };
}

/** Builds the 10M-answer case, measures its memory, and fits majority vote and Dawid-Skene on it. */
export function benchTenMillion(
  spec: SyntheticSpec,
  variants: readonly Variant[],
  policy: RunPolicy,
  log: (line: string) => void,
): TenMillionReport {
  const generateMs = timeOnce(() => streamSynthetic(spec, () => undefined)).ms;
  log(`  ${spec.name}: generated in ${generateMs.toFixed(0)} ms (no sink)`);
  const start = memorySnapshot();
  const { matrix, facts, addMs, buildMs } = streamIntoMatrix(spec);
  const buildPeakRssAboveStart = peakRss() - start.rss;
  const held = growth(memorySnapshot(), start);
  const truthBytes = facts.truth.byteLength + facts.workerKind.byteLength + facts.classPrior.byteLength;
  const heapBytes = held.heapUsed;
  const arrayBufferBytes = held.arrayBuffers - truthBytes;
  const n = matrix.nAnswers;
  const budgetBytes = BYTES_PER_ANSWER_TARGET * n + 8 * matrix.nWorkers * matrix.nLabels ** 2;
  log(
    `  ${spec.name}: add ${addMs.toFixed(0)} ms, build ${buildMs.toFixed(0)} ms, ` +
      `held ${((heapBytes + arrayBufferBytes) / n).toFixed(1)} B/answer`,
  );
  const truthOf = syntheticTruth(matrix, facts.truth);
  const fits: BigFitCell[] = [];
  for (const variant of variants.filter((v) => TEN_MILLION_METHODS.includes(v.name))) {
    const before = memorySnapshot();
    const { cell, result } = benchFit(spec.name, variant, matrix, truthOf, policy);
    const resultBytes = result === undefined ? undefined : heldBytes(growth(memorySnapshot(), before));
    const big: BigFitCell = {
      ...cell,
      ...(resultBytes === undefined ? {} : { resultBytes }),
      peakRssAboveStart: peakRss() - start.rss,
    };
    fits.push(big);
    log(describeCell(big));
  }
  return {
    case: spec.name,
    answers: n,
    tasks: matrix.nTasks,
    workers: matrix.nWorkers,
    labels: matrix.nLabels,
    generateMs,
    addMs,
    buildMs,
    typedBytes: typedArrayBytes(matrix),
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

function heldBytes(delta: MemorySnapshot): number {
  return delta.heapUsed + delta.arrayBuffers;
}
