import { getMethod, isAggregationError, jointLabelKey, MatrixBuilder, METHOD_NAMES } from '@crowdagg/local-aggregator';
import type { AggregationResult, MethodEntry, ResponseMatrix } from '@crowdagg/local-aggregator';
import { booleanFlag, choiceFlag, commaListFlag, listFlag, onePositional, startCommand, stringFlag } from '../cli/args.js';
import type { OptionSpecs, ParsedArgs } from '../cli/args.js';
import { CliError, UsageError } from '../cli/errors.js';
import { buildMethodOptions } from '../cli/method-options.js';
import { ProgressBar } from '../cli/progress.js';
import type { Terminal } from '../cli/terminal.js';
import { readAnswers } from '../input/answers.js';
import type { AnswersSummary } from '../input/answers.js';
import { ANSWER_INPUT_OPTIONS, openAnswerInput } from '../input/answer-flags.js';
import type { BadRows } from '../input/bad-rows.js';
import { readGolden, readSkills } from '../input/side-files.js';
import { outputChoice, writeReport, writeResults } from '../output/aggregate-output.js';
import { writeWorkers } from '../output/workers.js';
import { formatScore, scoreAgainstGolden } from '../scoring.js';
import type { GoldenScore } from '../scoring.js';

/** The method used when `--method` is not given (see the README for why). */
export const DEFAULT_METHOD = 'dawid-skene';

const OPTIONS: OptionSpecs = {
  ...ANSWER_INPUT_OPTIONS,
  labels: { type: 'string' },
  method: { type: 'string' },
  iterations: { type: 'string' },
  tol: { type: 'string' },
  seed: { type: 'string' },
  ties: { type: 'string' },
  stopping: { type: 'string' },
  restarts: { type: 'string' },
  option: { type: 'string', short: 'O', multiple: true },
  skills: { type: 'string' },
  'on-missing-skill': { type: 'string' },
  'default-skill': { type: 'string' },
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  posteriors: { type: 'boolean' },
  workers: { type: 'string' },
  golden: { type: 'string' },
  report: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
};

function resolveMethod(name: string): MethodEntry {
  try {
    return getMethod(name);
  } catch (error) {
    if (isAggregationError(error)) throw new UsageError(`--method: unknown method ${JSON.stringify(name)}; methods: ${METHOD_NAMES.join(', ')}`);
    throw error;
  }
}

function numberText(args: ParsedArgs, name: string): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} needs a number, got ${JSON.stringify(text)}`);
  return n;
}

/**
 * The matrix with its `golden` column filled from `golden` (task → label),
 * for methods that clamp golden tasks; golden labels no one gave are left out
 * with a warning.
 */
function withGolden(matrix: ResponseMatrix, golden: ReadonlyMap<string, string>, terminal: Terminal): ResponseMatrix {
  const labelIndex = new Map(matrix.labelValues.map((label, k) => [label, k]));
  const column = new Int32Array(matrix.nTasks).fill(-1);
  let unusable = 0;
  matrix.taskIds.forEach((task, t) => {
    const label = golden.get(task);
    if (label === undefined) return;
    const k = labelIndex.get(label);
    if (k === undefined) unusable += 1;
    else column[t] = k;
  });
  if (unusable > 0) terminal.warn(`${unusable} golden labels are not among the answers' labels and are not clamped`);
  return { ...matrix, golden: column };
}

/** Runs the method, turning the aggregator's errors into one-line failures. */
function runMethod(method: MethodEntry, matrix: ResponseMatrix, options: Record<string, unknown>): AggregationResult {
  try {
    return method.run(matrix, options);
  } catch (error) {
    if (isAggregationError(error)) {
      const usage = error.code === 'INVALID_OPTION';
      const message = error.message.startsWith(method.name) ? error.message : `${method.name}: ${error.message}`;
      throw new CliError(message, usage ? 2 : 1);
    }
    throw error;
  }
}

/** Reads the answers into a matrix, with a progress bar over the input bytes. */
async function loadMatrix(
  args: ParsedArgs,
  file: string,
  terminal: Terminal,
): Promise<{ matrix: ResponseMatrix; summary: AnswersSummary; badRows: BadRows; name: string }> {
  const labels = commaListFlag(args, 'labels');
  if (labels !== undefined && new Set(labels).size !== labels.length) throw new UsageError('--labels lists a label twice');
  const { source, format, columns, badRows } = openAnswerInput(args, file, terminal);
  const builder = new MatrixBuilder(labels !== undefined ? { labels } : { labelOrder: 'sorted' });
  let answers = 0;
  const progress = new ProgressBar(
    terminal,
    `reading ${source.name}`,
    { done: () => source.bytesRead(), total: () => source.size, items: () => answers },
    'answers',
  ).start();
  let summary: AnswersSummary;
  try {
    summary = await readAnswers({
      source,
      format,
      columns,
      badRows,
      jointKey: jointLabelKey,
      allowedLabels: labels !== undefined ? new Set(labels) : undefined,
      onAnswer: (task, worker, label) => {
        builder.add(task, worker, label);
        answers += 1;
      },
    });
  } finally {
    progress.stop();
  }
  if (summary.answers === 0) throw new CliError(`${source.name}: no answers to aggregate`);
  return { matrix: builder.build(), summary, badRows, name: source.name };
}

/** `crowdagg aggregate`: local aggregation of a file of answers. */
export async function runAggregate(argv: readonly string[], makeTerminal: (quiet: boolean) => Terminal): Promise<number> {
  const started = await startCommand(argv, OPTIONS, 'aggregate', makeTerminal, async () => (await import('./aggregate-help.js')).AGGREGATE_HELP);
  if (started === undefined) return 0;
  const { args, terminal } = started;
  const file = onePositional(args, 'the answers file (or - for stdin)', 'aggregate');
  const method = resolveMethod(stringFlag(args, 'method') ?? DEFAULT_METHOD);
  const output = outputChoice(args);
  const skillsPath = stringFlag(args, 'skills');
  const typed = {
    seed: numberText(args, 'seed'),
    ties: choiceFlag(args, 'ties', ['first', 'random'] as const),
    defaultSkill: numberText(args, 'default-skill'),
  };
  const aliases = {
    iterations: stringFlag(args, 'iterations'),
    tol: stringFlag(args, 'tol'),
    stopping: stringFlag(args, 'stopping'),
    restarts: stringFlag(args, 'restarts'),
    'on-missing-skill': choiceFlag(args, 'on-missing-skill', ['error', 'ignore', 'value', 'skip', 'default'] as const),
  };
  const methodOptions = buildMethodOptions(method, { aliases, generic: listFlag(args, 'option'), typed });
  if (skillsPath !== undefined) {
    const takesSkills = ['onMissingSkill', 'missingSkill'].some((key) => key in method.defaults);
    if (!takesSkills) throw new UsageError(`--skills does not apply to ${method.name} (it learns worker skills itself)`);
    methodOptions.skills = await readSkills(skillsPath);
  }

  const { matrix, summary, badRows, name } = await loadMatrix(args, file, terminal);
  const goldenPath = stringFlag(args, 'golden');
  const inputGolden = summary.golden.size > 0 ? summary.golden : undefined;
  const golden = goldenPath !== undefined ? await readGolden(goldenPath, summary.fields, jointLabelKey) : inputGolden;
  const joint = summary.fields.length > 1;
  terminal.info(
    `${name}: ${matrix.nAnswers} answers, ${matrix.nTasks} tasks, ${matrix.nWorkers} workers, ${matrix.nLabels} labels (${summary.format}` +
      `${joint ? `, fields ${summary.fields.join('+')} jointly` : ''})` +
      `${badRows.count > 0 ? `; ${badRows.count} bad rows skipped` : ''}` +
      `${summary.notAccepted > 0 ? `; ${summary.notAccepted} rows of non-accepted assignments ignored` : ''}` +
      `${summary.emptyOutputs > 0 ? `; ${summary.emptyOutputs} rows with empty outputs ignored` : ''}`,
  );
  if (summary.format === 'toloka' && !summary.hasStatus) terminal.info(`${name}: no ASSIGNMENT:status column, so every row counts`);

  const clampGolden = methodOptions.golden === 'clamp';
  if (clampGolden && golden === undefined) throw new UsageError('-O golden=clamp needs golden labels: give --golden <file>');
  const result = runMethod(method, clampGolden ? withGolden(matrix, golden!, terminal) : matrix, methodOptions);
  terminal.info(
    `${method.name}: ${result.iterations} iteration${result.iterations === 1 ? '' : 's'}${result.converged ? '' : ' (not converged: iteration cap reached)'}`,
  );
  await writeResults(matrix, result, summary, output, booleanFlag(args, 'posteriors'));

  const workersPath = stringFlag(args, 'workers');
  if (workersPath !== undefined) writeWorkers(workersPath, matrix, result);

  let score: GoldenScore | undefined;
  if (golden !== undefined) {
    score = scoreAgainstGolden(matrix, result, golden);
    for (const line of formatScore(score)) process.stderr.write(`${line}\n`);
  }
  const reportPath = stringFlag(args, 'report');
  if (reportPath !== undefined) writeReport(reportPath, { name, matrix, summary, badRows: badRows.count, result, score });
  return 0;
}
