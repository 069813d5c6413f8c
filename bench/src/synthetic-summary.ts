import { checksum } from './prng.js';
import { type SyntheticCase, WORKER_KINDS } from './synthetic.js';

/** Summary used by the bench's self-check: fingerprint, kind mix, activity tail, class shares. */
export interface SyntheticSummary {
  readonly checksum: string;
  /** Workers of each kind, in `WORKER_KINDS` order. */
  readonly kindCounts: readonly number[];
  /** Share of answers given by each kind. */
  readonly kindAnswerShares: readonly number[];
  /** Share of answers given by the most active 1 % of workers. */
  readonly top1PercentShare: number;
  /** Observed share of each true class. */
  readonly classShares: readonly number[];
  /** Accuracy of plain majority vote (ties to the smallest class) against the truth. */
  readonly majorityVoteAccuracy: number;
  /** Accuracy of the Bayes-optimal rule that knows every worker's confusion matrix and the prior: a ceiling. */
  readonly oracleAccuracy: number;
}

/** Summarises a case for the self-check and the report. */
export function summarize(c: SyntheticCase): SyntheticSummary {
  const { nWorkers, nClasses: K, answersPerTask } = c.spec;
  const perWorker = new Float64Array(nWorkers);
  for (const w of c.answerWorker) perWorker[w] = (perWorker[w] ?? 0) + 1;
  const kindCounts = WORKER_KINDS.map(() => 0);
  const kindAnswers = WORKER_KINDS.map(() => 0);
  for (let w = 0; w < nWorkers; w++) {
    const kind = c.workerKind[w] ?? 0;
    kindCounts[kind] = (kindCounts[kind] ?? 0) + 1;
    kindAnswers[kind] = (kindAnswers[kind] ?? 0) + (perWorker[w] ?? 0);
  }
  const sorted = Float64Array.from(perWorker).sort().reverse();
  const top = Math.max(1, Math.round(nWorkers / 100));
  let topAnswers = 0;
  for (let i = 0; i < top; i++) topAnswers += sorted[i] ?? 0;
  const classCounts = new Float64Array(K);
  for (const y of c.truth) classCounts[y] = (classCounts[y] ?? 0) + 1;
  const n = c.answerLabel.length;
  return {
    checksum: checksum(c.truth, c.answerTask, c.answerWorker, c.answerLabel, c.workerKind),
    kindCounts,
    kindAnswerShares: kindAnswers.map((x) => x / n),
    top1PercentShare: topAnswers / n,
    classShares: Array.from(classCounts, (x) => x / c.truth.length),
    majorityVoteAccuracy: majorityVoteAccuracy(c, K, answersPerTask),
    oracleAccuracy: oracleAccuracy(c, K, answersPerTask),
  };
}

function majorityVoteAccuracy(c: SyntheticCase, K: number, overlap: number): number {
  const votes = new Int32Array(K);
  let right = 0;
  for (let t = 0; t < c.truth.length; t++) {
    votes.fill(0);
    for (let a = t * overlap; a < (t + 1) * overlap; a++) {
      const y = c.answerLabel[a] ?? 0;
      votes[y] = (votes[y] ?? 0) + 1;
    }
    let best = 0;
    for (let k = 1; k < K; k++) if ((votes[k] ?? 0) > (votes[best] ?? 0)) best = k;
    if (best === c.truth[t]) right++;
  }
  return right / c.truth.length;
}

function oracleAccuracy(c: SyntheticCase, K: number, overlap: number): number {
  const probability = (w: number, trueClass: number, observed: number): number => {
    const base = (w * K + trueClass) * K;
    const upper = c.cumulativeConfusion[base + observed] ?? 1;
    return observed === 0 ? upper : upper - (c.cumulativeConfusion[base + observed - 1] ?? 0);
  };
  const scores = new Float64Array(K);
  let right = 0;
  for (let t = 0; t < c.truth.length; t++) {
    for (let k = 0; k < K; k++) scores[k] = Math.log(c.classPrior[k] ?? 0);
    for (let a = t * overlap; a < (t + 1) * overlap; a++) {
      const w = c.answerWorker[a] ?? 0;
      const y = c.answerLabel[a] ?? 0;
      for (let k = 0; k < K; k++) scores[k] = (scores[k] ?? 0) + Math.log(Math.max(probability(w, k, y), 1e-300));
    }
    let best = 0;
    for (let k = 1; k < K; k++) if ((scores[k] ?? 0) > (scores[best] ?? 0)) best = k;
    if (best === c.truth[t]) right++;
  }
  return right / c.truth.length;
}
