import { accuracy, isAggregationError } from '@crowdagg/local-aggregator';
import type { AggregationResult, ResponseMatrix } from '@crowdagg/local-aggregator';

/** Figures of one class against golden labels. */
export interface ClassScore {
  readonly label: string;
  /** Golden tasks of this class. */
  readonly support: number;
  /** Correct predictions of this label / predictions of it among golden tasks. */
  readonly precision: number;
  /** Correct predictions of this label / golden tasks with this label. */
  readonly recall: number;
  /** Harmonic mean of precision and recall (0 when both are 0). */
  readonly f1: number;
}

/** Accuracy of an aggregation against golden labels. */
export interface GoldenScore {
  /** Golden tasks present in the answers (the ones scored). */
  readonly scored: number;
  /** Golden tasks with no answers (not scored). */
  readonly missing: number;
  readonly correct: number;
  /** correct / scored (0 when nothing was scored). */
  readonly accuracy: number;
  /** One entry per label option, in label order. */
  readonly perClass: readonly ClassScore[];
}

/**
 * Scores `result` against `golden` (task → label value) with the
 * aggregator's `accuracy`; golden tasks nobody answered are counted apart.
 */
export function scoreAgainstGolden(
  matrix: ResponseMatrix,
  result: AggregationResult,
  golden: ReadonlyMap<string, string>,
): GoldenScore {
  const known = new Set(matrix.taskIds);
  let missing = 0;
  for (const task of golden.keys()) if (!known.has(task)) missing += 1;
  try {
    const report = accuracy(matrix, result, golden);
    return {
      scored: report.total,
      missing,
      correct: report.correct,
      accuracy: report.accuracy,
      perClass: report.perClass.map((c) => ({
        ...c,
        f1: c.precision + c.recall > 0 ? (2 * c.precision * c.recall) / (c.precision + c.recall) : 0,
      })),
    };
  } catch (error) {
    if (!isAggregationError(error, 'INVALID_INPUT')) throw error;
    return { scored: 0, missing, correct: 0, accuracy: 0, perClass: [] };
  }
}

/** The score as lines for stderr. */
export function formatScore(score: GoldenScore): string[] {
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  const missing = score.missing > 0 ? `; ${score.missing} golden tasks have no answers` : '';
  const lines = [`accuracy ${score.accuracy.toFixed(4)} (${score.correct}/${score.scored} golden tasks${missing})`];
  for (const c of score.perClass) {
    lines.push(`  ${c.label}: precision ${pct(c.precision)} recall ${pct(c.recall)} f1 ${c.f1.toFixed(4)} (support ${c.support})`);
  }
  return lines;
}
