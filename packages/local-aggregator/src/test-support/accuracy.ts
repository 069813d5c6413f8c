/** Test-only: accuracy of chosen labels on the matrix's golden tasks. */
import type { ResponseMatrix } from '../types.js';

/** Share of golden tasks whose chosen label equals the golden one. */
export function goldenAccuracy(matrix: ResponseMatrix, labels: Int32Array): number {
  const golden = matrix.golden;
  if (golden === undefined) throw new Error('the matrix has no golden labels');
  let correct = 0;
  let total = 0;
  for (let t = 0; t < matrix.nTasks; t++) {
    const g = golden[t] as number;
    if (g < 0) continue;
    total++;
    if (labels[t] === g) correct++;
  }
  return correct / total;
}
