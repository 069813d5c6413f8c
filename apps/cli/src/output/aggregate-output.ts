import { writeFileSync } from 'node:fs';
import { parseJointLabelKey } from '@crowdagg/local-aggregator';
import type { AggregationResult, ResponseMatrix } from '@crowdagg/local-aggregator';
import { choiceFlag, stringFlag } from '../cli/args.js';
import type { ParsedArgs } from '../cli/args.js';
import { CliError } from '../cli/errors.js';
import type { AnswersSummary } from '../input/answers.js';
import { openSink } from '../io/sink.js';
import type { GoldenScore } from '../scoring.js';
import { OUTPUT_FORMATS, outputFormatFromName } from './formats.js';
import type { OutputFormat } from './formats.js';
import { createResultWriter } from './results.js';

/** Where results go and in which format (`--out`, `--format`); shared by `aggregate` and `remote`. */
export interface OutputChoice {
  readonly out: string | undefined;
  readonly format: OutputFormat;
}

/** Output destination and format from `--out` / `--format`. */
export function outputChoice(args: ParsedArgs): OutputChoice {
  const out = stringFlag(args, 'out');
  const format = choiceFlag(args, 'format', OUTPUT_FORMATS) ?? (out !== undefined ? outputFormatFromName(out) : undefined) ?? 'tsv';
  return { out, format };
}

/** Writes one row per task: the chosen label (or one value per joint field), confidence and, if asked, posteriors. */
export async function writeResults(
  matrix: ResponseMatrix,
  result: AggregationResult,
  summary: AnswersSummary,
  output: OutputChoice,
  posteriors: boolean,
): Promise<void> {
  const joint = summary.fields.length > 1;
  const fields = joint ? summary.fields : ['label'];
  const sink = openSink(output.out);
  const writer = createResultWriter(output.format, { fields, posteriorLabels: posteriors ? matrix.labelValues : undefined }, (t) =>
    sink.write(t),
  );
  const nLabels = matrix.nLabels;
  await writer.start();
  for (let t = 0; t < matrix.nTasks; t += 1) {
    const label = matrix.labelValues[result.labels[t]!]!;
    const pending = writer.add({
      task: matrix.taskIds[t]!,
      values: joint ? parseJointLabelKey(label) : [label],
      confidence: result.confidence[t]!,
      posteriors: posteriors ? result.posteriors.subarray(t * nLabels, (t + 1) * nLabels) : undefined,
    });
    if (pending !== undefined) await pending;
  }
  await writer.end();
  await sink.close();
}

/** Writes the `--report` JSON: input counts, method, options, iterations, convergence and the golden score. */
export function writeReport(
  path: string,
  data: { name: string; matrix: ResponseMatrix; summary: AnswersSummary; badRows: number; result: AggregationResult; score: GoldenScore | undefined },
): void {
  const { name, matrix, summary, badRows, result, score } = data;
  const report = {
    input: {
      file: name,
      format: summary.format,
      fields: summary.fields,
      answers: matrix.nAnswers,
      tasks: matrix.nTasks,
      workers: matrix.nWorkers,
      labels: matrix.labelValues,
      badRows,
      notAccepted: summary.notAccepted,
      emptyOutputs: summary.emptyOutputs,
    },
    method: result.method,
    options: result.options,
    iterations: result.iterations,
    converged: result.converged,
    lossHistory: result.lossHistory,
    golden: score ?? null,
  };
  try {
    writeFileSync(path, `${JSON.stringify(report, (_key, value: unknown): unknown => (value instanceof Map ? (Object.fromEntries(value) as unknown) : value), 2)}\n`);
  } catch (error) {
    throw new CliError(`${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
