import type { AggregationResult, ResponseMatrix } from '@crowdagg/local-aggregator';

/** Figures of one class against golden labels. */
export interface ClassScore {
  readonly label: string;
  /** Golden tasks of this class. */
  readonly support: number;
  /** Scored tasks the method gave this class. */
  readonly predicted: number;
  /** Of those, correct. */
  readonly correct: number;
  /** correct / predicted (0 when nothing was predicted). */
  readonly precision: number;
  /** correct / support (0 when there is no support). */
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
  /** One entry per class seen in golden labels or predictions, in label order. */
  readonly perClass: readonly ClassScore[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Scores `result` against `golden` (task → label value); a golden label no one gave is simply never matched. */
export function scoreAgainstGolden(
  matrix: ResponseMatrix,
  result: AggregationResult,
  golden: ReadonlyMap<string, string>,
): GoldenScore {
  const taskIndex = new Map(matrix.taskIds.map((id, t) => [id, t]));
  const classes = new Map<string, { support: number; predicted: number; correct: number }>();
  const entry = (label: string): { support: number; predicted: number; correct: number } => {
    let found = classes.get(label);
    if (found === undefined) {
      found = { support: 0, predicted: 0, correct: 0 };
      classes.set(label, found);
    }
    return found;
  };
  let scored = 0;
  let missing = 0;
  let correct = 0;
  for (const [task, truth] of golden) {
    const t = taskIndex.get(task);
    if (t === undefined) {
      missing += 1;
      continue;
    }
    const chosen = matrix.labelValues[result.labels[t]!]!;
    scored += 1;
    entry(truth).support += 1;
    entry(chosen).predicted += 1;
    if (chosen === truth) {
      correct += 1;
      entry(truth).correct += 1;
    }
  }
  const order = new Map(matrix.labelValues.map((label, i) => [label, i]));
  const perClass = [...classes.entries()]
    .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, c]) => {
      const precision = ratio(c.correct, c.predicted);
      const recall = ratio(c.correct, c.support);
      return { label, ...c, precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
    });
  return { scored, missing, correct, accuracy: ratio(correct, scored), perClass };
}

/** The score as lines for stderr. */
export function formatScore(score: GoldenScore): string[] {
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  const lines = [
    `accuracy ${score.accuracy.toFixed(4)} (${score.correct}/${score.scored} golden tasks${score.missing > 0 ? `; ${score.missing} golden tasks have no answers` : ''})`,
  ];
  for (const c of score.perClass) {
    lines.push(
      `  ${c.label}: precision ${pct(c.precision)} recall ${pct(c.recall)} f1 ${c.f1.toFixed(4)} (support ${c.support}, predicted ${c.predicted})`,
    );
  }
  return lines;
}
