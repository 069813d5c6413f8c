/** Deterministic synthetic crowdsourcing data for tests and the server benchmark. */
import { createRng } from '@crowdagg/local-aggregator';


/** Options of {@link syntheticAnswers}. */
export interface SyntheticOptions {
  tasks: number;
  /** Answers per task, or a [min, max] range drawn uniformly per task. */
  answersPerTask: number | readonly [number, number];
  workers: number;
  labels: readonly string[];
  seed?: number;
  /** Task id of index i; default zero-padded `t000000042`. */
  taskId?: (i: number) => string;
}

/**
 * Answers where each worker has an accuracy in [0.55, 0.95]; a wrong answer
 * is a uniformly chosen other label. Each task gets distinct workers.
 */
export function syntheticAnswers(options: SyntheticOptions): { task: string; worker: string; label: string }[] {
  const random = createRng(options.seed ?? 1);
  const accuracy = Array.from({ length: options.workers }, () => 0.55 + 0.4 * random());
  const k = options.labels.length;
  const taskId = options.taskId ?? ((i: number) => `t${String(i).padStart(9, '0')}`);
  const rows: { task: string; worker: string; label: string }[] = [];
  for (let t = 0; t < options.tasks; t += 1) {
    const truth = Math.floor(random() * k);
    const start = Math.floor(random() * options.workers);
    const range = options.answersPerTask;
    const count = typeof range === 'number' ? range : range[0] + Math.floor(random() * (range[1] - range[0] + 1));
    for (let j = 0; j < count; j += 1) {
      const w = (start + j * 7) % options.workers;
      const correct = random() < (accuracy[w] ?? 0.7);
      const label = correct ? truth : (truth + 1 + Math.floor(random() * (k - 1))) % k;
      rows.push({ task: taskId(t), worker: `w${String(w).padStart(5, '0')}`, label: options.labels[label] ?? '' });
    }
  }
  return rows;
}
