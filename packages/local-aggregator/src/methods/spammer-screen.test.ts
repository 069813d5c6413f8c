import { describe, expect, it } from 'vitest';
import { buildMatrix, type AnswerRow } from '../matrix.js';
import { createRng } from '../ties.js';
import { goldenAccuracy } from '../test-support/accuracy.js';
import { datasetMatrix, syntheticCrowd } from '../test-support/family-datasets.js';
import { glad } from './glad.js';
import { screenSpammers } from './spammer-screen.js';

/**
 * 4 labels, every worker answers every task: informative workers (errors
 * uniform; default eight, accuracy 0.45–0.9), `constants` workers who always
 * answer "0" and two who answer uniformly at random.
 */
function crowdWithSpammers(nTasks: number, seed: number, accuracies = [0.9, 0.85, 0.8, 0.7, 0.65, 0.55, 0.5, 0.45], constants = 2) {
  const rng = createRng(seed);
  const rows: AnswerRow[] = [];
  const golden: Record<string, string> = {};
  for (let t = 0; t < nTasks; t++) {
    const truth = Math.floor(rng() * 4);
    golden[`t${t}`] = String(truth);
    accuracies.forEach((accuracy, w) => {
      const label = rng() < accuracy ? truth : (truth + 1 + Math.floor(rng() * 3)) % 4;
      rows.push({ task: `t${t}`, worker: `good${w}`, label: String(label) });
    });
    for (let c = 0; c < constants; c++) rows.push({ task: `t${t}`, worker: `constant${c}`, label: '0' });
    rows.push({ task: `t${t}`, worker: 'random0', label: String(Math.floor(rng() * 4)) });
    rows.push({ task: `t${t}`, worker: 'random1', label: String(Math.floor(rng() * 4)) });
  }
  return buildMatrix(rows, { labels: ['0', '1', '2', '3'], golden });
}

function flagged(matrix: ReturnType<typeof buildMatrix>, spammer: Uint8Array): string[] {
  return matrix.workerIds.filter((_, w) => spammer[w] === 1).sort();
}

describe('screenSpammers', () => {
  it('flags constant and random answerers and keeps every informative worker, the weakest included', () => {
    const matrix = crowdWithSpammers(400, 3);
    const screen = screenSpammers(matrix);
    expect(flagged(matrix, screen.spammer)).toEqual(['constant0', 'constant1', 'random0', 'random1']);
    expect(screen.droppedAnswers).toBe(4 * 400);
    matrix.workerIds.forEach((id, w) => {
      if (id.startsWith('good')) expect(screen.agreement[w]!).toBeGreaterThan(0.1);
      else expect(Math.abs(screen.agreement[w]!)).toBeLessThan(0.1);
    });
    expect(screen.population.spamShare).toBeCloseTo(4 / 12, 2);
    for (let a = 0; a < matrix.nAnswers; a++) {
      expect(screen.keptAnswers[a]).toBe(screen.spammer[matrix.answerWorker[a]!] === 1 ? 0 : 1);
    }
  });

  it('flags nobody in a crowd without spammers, a contrarian included', () => {
    const { matrix } = syntheticCrowd(300, 3, [0.9, 0.8, 0.7, 0.6, 0.55, 0.05], 5);
    const screen = screenSpammers(matrix);
    expect(flagged(matrix, screen.spammer)).toEqual([]);
    expect(screen.droppedAnswers).toBe(0);
    expect(Array.from(screen.keptAnswers).every((k) => k === 1)).toBe(true);
  });

  it('keeps every answer of a task only spammers answered', () => {
    const rows: AnswerRow[] = [];
    const base = crowdWithSpammers(200, 4);
    for (let a = 0; a < base.nAnswers; a++) {
      rows.push({
        task: base.taskIds[base.answerTask[a]!]!,
        worker: base.workerIds[base.answerWorker[a]!]!,
        label: base.labelValues[base.answerLabel[a]!]!,
      });
    }
    rows.push({ task: 'lonely', worker: 'constant0', label: '0' }, { task: 'lonely', worker: 'random0', label: '2' });
    const matrix = buildMatrix(rows);
    const screen = screenSpammers(matrix);
    const lonely = matrix.taskIds.indexOf('lonely');
    expect(screen.spammer[matrix.workerIds.indexOf('constant0')]).toBe(1);
    for (let a = matrix.taskOffsets[lonely]!; a < matrix.taskOffsets[lonely + 1]!; a++) expect(screen.keptAnswers[a]).toBe(1);
  });

  it('screens nobody when fewer than two workers can be tested', () => {
    const matrix = buildMatrix([
      { task: 't1', worker: 'A', label: 'x' },
      { task: 't2', worker: 'B', label: 'y' },
      { task: 't2', worker: 'A', label: 'x' },
    ]);
    const screen = screenSpammers(matrix);
    expect(Array.from(screen.spammer)).toEqual([0, 0]);
    expect(Array.from(screen.spamProbability).every(Number.isFinite)).toBe(true);
  });

  it('lets GLAD recover from constant answerers that the unscreened model follows', () => {
    const matrix = crowdWithSpammers(400, 7, [0.75, 0.65, 0.55], 3);
    const screened = glad(matrix);
    const kept = glad(matrix, { spammers: 'keep' });
    expect(flagged(matrix, screened.workers.spammer)).toEqual(['constant0', 'constant1', 'constant2', 'random0', 'random1']);
    expect(Array.from(kept.workers.spammer).every((s) => s === 0)).toBe(true);
    const [withScreen, without] = [goldenAccuracy(matrix, screened.labels), goldenAccuracy(matrix, kept.labels)];
    expect(withScreen, `screened ${withScreen}, all answers ${without}`).toBeGreaterThan(without + 0.05);
  });

  it('finds the grade-1 answerers of relevance (no golden labels used)', () => {
    const matrix = datasetMatrix('relevance');
    const screen = screenSpammers(matrix);
    // The two busiest workers who answer grade 1 on > 97 % of their tasks (see the README).
    const answers = (w: number) => matrix.workerOffsets[w + 1]! - matrix.workerOffsets[w]!;
    const busiest = Array.from({ length: matrix.nWorkers }, (_, w) => w).sort((x, y) => answers(y) - answers(x));
    expect(screen.spammer[busiest[0]!]).toBe(1);
    expect(screen.agreement[busiest[0]!]!).toBeLessThan(0.01);
    expect(Array.from(screen.spamProbability).every((p) => p >= 0 && p <= 1)).toBe(true);
  });
});
