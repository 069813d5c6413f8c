import type { DatasetShape } from './bench-datasets.js';
import type { TenMillionReport } from './bench-10m.js';
import type { SyntheticReport } from './bench-synthetic.js';
import { CROWDKIT_NAMES, PUBLISHED_ROUNDING, accuracyBar, crowdKitBest, crowdKitFigure } from './crowdkit-baseline.js';
import type { FitCell } from './fit.js';
import { CROWDKIT_SUFFIX } from './variants.js';
import { type Align, formatAccuracy, formatPoints, formatBytes, formatMs, formatSpeedup, markdownTable } from './table.js';

const NA = '-';

/** The first `left` columns aligned left, the rest right. */
function leftThenRight(left: number, total: number): Align[] {
  return Array.from({ length: total }, (_, i) => (i < left ? 'left' : 'right'));
}

/** "5", or "1*" when the single warm-up run is the measurement. */
function runsText(cell: FitCell): string {
  return cell.runs === undefined ? NA : cell.runs === 0 ? '1*' : String(cell.runs);
}

function outcome(cell: FitCell): string | undefined {
  if (cell.error !== undefined) return cell.refused === true ? `n/a (${cell.error})` : `ERROR: ${cell.error}`;
  return undefined;
}

function problemsText(cell: FitCell): string {
  return cell.problems.length === 0 ? '' : ` ⚠ ${cell.problems.join('; ')}`;
}

/** Parity bar of the Crowd-Kit-compatible Dawid-Skene: its labels equal Crowd-Kit's on ≥ 99.5 % of tasks. */
const PARITY_BAR = 0.995;

function parityText(cell: FitCell): string {
  const share = cell.crowdkitDsAgreement;
  if (share === undefined) return '';
  const flag = cell.method.endsWith(CROWDKIT_SUFFIX) && share < PARITY_BAR ? ' BELOW 0.995' : '';
  return formatAccuracy(share) + flag;
}

/** Per dataset × method: our figures beside Crowd-Kit's, with the issue's accuracy bar. */
export function datasetsTable(cells: readonly FitCell[]): string {
  const headers = ['dataset', 'method', 'answers', 'fit (median)', 'CPU', 'runs', 'it', 'accuracy', 'Crowd-Kit acc', 'Δ pp', 'Crowd-Kit fit', 'speed-up', 'bar', 'vs CK DS labels'];
  const align = [...leftThenRight(2, 12), 'left', 'right'] as const;
  const rows = cells.map((cell) => {
    const ck = crowdKitFigure(cell.case, cell.method);
    const failed = outcome(cell);
    if (failed !== undefined) return [cell.case, cell.method, String(cell.answers), failed, NA, NA, NA, NA, formatAccuracy(ck?.accuracy), NA, NA, NA, NA, NA];
    const acc = cell.accuracy;
    const bar = accuracyBar(cell.case, cell.method);
    const verdict = bar === undefined || acc === undefined ? NA : `${acc >= bar ? 'ok' : 'BELOW'} (${bar.toFixed(4)})`;
    return [
      cell.case,
      cell.method,
      String(cell.answers),
      formatMs(cell.fitMs ?? 0) + problemsText(cell),
      formatMs(cell.cpuMs ?? 0),
      runsText(cell),
      cell.iterations === undefined ? NA : `${cell.iterations}${cell.converged === false ? '!' : ''}`,
      formatAccuracy(acc),
      formatAccuracy(ck?.accuracy),
      acc === undefined || ck === undefined ? NA : formatPoints(acc - ck.accuracy),
      ck === undefined ? NA : `${ck.seconds} s${ck.iterations === undefined ? '' : `, ${ck.iterations} it`}`,
      formatSpeedup(cell.fitMs ?? 0, ck === undefined ? undefined : ck.seconds * 1000),
      verdict,
      parityText(cell),
    ];
  });
  return markdownTable(headers, rows, align);
}

/** Per dataset: our best method against Crowd-Kit's best (every column, DS for 100 iterations included). */
export function bestTable(cells: readonly FitCell[]): string {
  const byCase = new Map<string, FitCell>();
  for (const cell of cells) {
    if (cell.accuracy === undefined || cell.problems.length > 0) continue;
    const best = byCase.get(cell.case);
    if (best === undefined || cell.accuracy > (best.accuracy ?? -1)) byCase.set(cell.case, cell);
  }
  const rows = [...new Set(cells.map((cell) => cell.case))].map((name) => {
    const ours = byCase.get(name);
    const theirs = crowdKitBest(name);
    const ok = ours?.accuracy !== undefined && theirs !== undefined ? (ours.accuracy >= theirs.accuracy - PUBLISHED_ROUNDING ? 'ok' : 'BELOW') : NA;
    return [
      name,
      ours?.method ?? NA,
      formatAccuracy(ours?.accuracy),
      theirs === undefined ? NA : (CROWDKIT_NAMES[theirs.method] ?? theirs.method),
      formatAccuracy(theirs?.accuracy),
      ok,
    ];
  });
  return markdownTable(['dataset', 'our best', 'accuracy', 'Crowd-Kit best', 'accuracy', 'ours ≥ theirs'], rows);
}

/** Build time and shape of each dataset's matrix. */
export function shapesTable(shapes: readonly DatasetShape[]): string {
  const rows = shapes.map((s) => [s.dataset, String(s.answers), String(s.tasks), String(s.workers), String(s.labels), String(s.goldenTasks), formatMs(s.buildMs)]);
  return markdownTable(['dataset', 'answers', 'tasks', 'workers', 'labels', 'golden tasks', 'buildMatrix'], rows, leftThenRight(1, 7));
}

/** The 500k-answer case: fit time against the targets and against Crowd-Kit. */
export function syntheticTable(report: SyntheticReport): string {
  const headers = ['method', 'fit (median)', 'CPU', 'runs', 'it', 'accuracy', 'Crowd-Kit acc†', 'Crowd-Kit fit†', 'speed-up', 'target (CPU)', 'result'];
  const align = [...leftThenRight(1, 10), 'left'] as const;
  const rows = report.cells.map((cell) => {
    const ck = crowdKitFigure('synth_100k', cell.method);
    const failed = outcome(cell);
    const target = cell.targetMs === undefined ? NA : `≤ ${formatMs(cell.targetMs)}`;
    if (failed !== undefined) return [cell.method, failed, NA, NA, NA, NA, formatAccuracy(ck?.accuracy), NA, NA, target, cell.targetMs === undefined ? NA : 'MISS'];
    return [
      cell.method,
      formatMs(cell.fitMs ?? 0) + problemsText(cell),
      formatMs(cell.cpuMs ?? 0),
      runsText(cell),
      cell.iterations === undefined ? NA : `${cell.iterations}${cell.converged === false ? '!' : ''}`,
      formatAccuracy(cell.accuracy),
      formatAccuracy(ck?.accuracy),
      ck === undefined ? NA : `${ck.seconds} s${ck.runs === 1 ? ' (1 run)' : ''}`,
      formatSpeedup(cell.fitMs ?? 0, ck === undefined ? undefined : ck.seconds * 1000),
      target,
      cell.pass === undefined ? NA : cell.pass ? 'PASS' : 'MISS',
    ];
  });
  return markdownTable(headers, rows, align);
}

const perAnswer = (bytes: number, n: number): string => `${(bytes / n).toFixed(2)} B/answer (${formatBytes(bytes)})`;

/** The 10M-answer case: build, memory against the budget, and the two fits. */
export function tenMillionTables(r: TenMillionReport): string {
  const n = r.answers;
  const facts: [string, string][] = [
    ['answers / tasks / workers / labels', `${n} / ${r.tasks} / ${r.workers} / ${r.labels}`],
    ['generate only (no sink): wall / CPU', `${formatMs(r.generate.ms)} / ${formatMs(r.generate.cpuMs)}`],
    ['generate + MatrixBuilder.add: wall / CPU', `${formatMs(r.add.ms)} / ${formatMs(r.add.cpuMs)}`],
    ['MatrixBuilder.build(): wall / CPU', `${formatMs(r.build.ms)} / ${formatMs(r.build.cpuMs)}`],
    ['typed arrays of the matrix (Σ byteLength)', perAnswer(r.typedBytes, n)],
    ['held after gc: ArrayBuffers', perAnswer(r.arrayBufferBytes, n)],
    ['held after gc: V8 heap (id strings, arrays)', perAnswer(r.heapBytes, n)],
    ['held after gc: heap + ArrayBuffers', perAnswer(r.heapBytes + r.arrayBufferBytes, n)],
    ['held after gc: RSS', perAnswer(r.rssBytes, n)],
    ['peak RSS while adding + building, above start', perAnswer(r.buildPeakRssAboveStart, n)],
    ['budget: 40 B/answer + 8·workers·labels²', perAnswer(r.budgetBytes, n)],
    ['matrix within budget (heap + ArrayBuffers)', `${r.pass ? 'PASS' : 'MISS'}${r.gcExposed ? '' : ' (no --expose-gc: unreliable)'}`],
  ];
  const fitRows = r.fits.map((cell) => {
    const failed = outcome(cell);
    if (failed !== undefined) return [cell.method, failed, NA, NA, NA, NA, NA, NA, NA];
    return [
      cell.method,
      formatMs(cell.fitMs ?? 0) + problemsText(cell),
      formatMs(cell.cpuMs ?? 0),
      runsText(cell),
      cell.iterations === undefined ? NA : String(cell.iterations),
      formatAccuracy(cell.accuracy),
      cell.resultTypedBytes === undefined ? NA : perAnswer(cell.resultTypedBytes, n),
      cell.resultHeldBytes === undefined ? NA : perAnswer(cell.resultHeldBytes, n),
      perAnswer(cell.peakRssAboveStart, n),
    ];
  });
  return [
    markdownTable(['10M-answer case', 'value'], facts),
    '',
    markdownTable(
      ['method', 'fit (median)', 'CPU', 'runs', 'it', 'accuracy', 'result typed arrays', 'result held after gc', 'peak RSS above start'],
      fitRows,
      leftThenRight(1, 9),
    ),
  ].join('\n');
}
