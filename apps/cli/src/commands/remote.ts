import type { AggregatedSolution } from '@crowdagg/schema';
import type { CrowdaggClient } from '@crowdagg/client';
import { booleanFlag, commaListFlag, integerFlag, onePositional, parseCommandArgs, stringFlag } from '../cli/args.js';
import type { OptionSpecs, ParsedArgs } from '../cli/args.js';
import { callApi, connect, CONNECTION_OPTIONS } from '../cli/connection.js';
import { UsageError } from '../cli/errors.js';
import { ProgressBar } from '../cli/progress.js';
import type { Terminal } from '../cli/terminal.js';
import { openSink } from '../io/sink.js';
import { createResultWriter } from '../output/results.js';
import { outputChoice } from '../output/aggregate-output.js';
import type { OutputChoice } from '../output/aggregate-output.js';
import { REMOTE_HELP } from './remote-help.js';

const OPTIONS: OptionSpecs = {
  ...CONNECTION_OPTIONS,
  pool: { type: 'string' },
  task: { type: 'string' },
  fields: { type: 'string' },
  'skill-id': { type: 'string' },
  type: { type: 'string' },
  wait: { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  'batch-size': { type: 'string' },
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
};

/** Results per page when reading aggregated solutions (toloka-kit documents up to 100,000 for this call). */
const DEFAULT_PAGE_SIZE = 1000;

type AggregationType = 'WEIGHTED_DYNAMIC_OVERLAP' | 'DAWID_SKENE';

function required(args: ParsedArgs, name: string): string {
  const value = stringFlag(args, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** The request body shared by aggregate-task and aggregate-pool. */
type PoolRequest =
  | { type: 'WEIGHTED_DYNAMIC_OVERLAP'; pool_id: string; fields: { name: string }[]; answer_weight_skill_id: string }
  | { type: 'DAWID_SKENE'; pool_id: string; fields: { name: string }[] };

/** `--type`, defaulting to WDO when a skill is given and DS otherwise. */
function aggregationType(args: ParsedArgs, skill: string | undefined): AggregationType {
  const text = stringFlag(args, 'type')?.toUpperCase();
  if (text === undefined) return skill !== undefined ? 'WEIGHTED_DYNAMIC_OVERLAP' : 'DAWID_SKENE';
  if (text === 'WDO' || text === 'WEIGHTED_DYNAMIC_OVERLAP') return 'WEIGHTED_DYNAMIC_OVERLAP';
  if (text === 'DS' || text === 'DAWID_SKENE') return 'DAWID_SKENE';
  throw new UsageError(`--type must be WEIGHTED_DYNAMIC_OVERLAP or DAWID_SKENE, got ${JSON.stringify(text)}`);
}

function aggregationRequest(args: ParsedArgs): PoolRequest {
  const pool_id = required(args, 'pool');
  const names = commaListFlag(args, 'fields');
  if (names === undefined) throw new UsageError('--fields is required (the output fields to aggregate)');
  const fields = names.map((name) => ({ name }));
  const skill = stringFlag(args, 'skill-id');
  const type = aggregationType(args, skill);
  if (type === 'DAWID_SKENE') return { type, pool_id, fields };
  if (skill === undefined) throw new UsageError('WEIGHTED_DYNAMIC_OVERLAP needs --skill-id');
  return { type, pool_id, fields, answer_weight_skill_id: skill };
}

/** Prints solutions as `aggregate` prints results: task, value(s), confidence. */
async function printSolutions(
  solutions: AsyncIterable<AggregatedSolution> | Iterable<AggregatedSolution>,
  output: OutputChoice,
  wanted: readonly string[] | undefined,
): Promise<number> {
  const sink = openSink(output.out);
  let fields = wanted;
  let writer: ReturnType<typeof createResultWriter> | undefined;
  let count = 0;
  for await (const solution of solutions) {
    if (writer === undefined) {
      fields ??= Object.keys(solution.output_values);
      writer = createResultWriter(output.format, { fields: fields.length === 1 ? ['label'] : fields }, (t) => sink.write(t));
      await writer.start();
    }
    count += 1;
    const pending = writer.add({
      task: solution.task_id,
      values: fields!.map((field) => solution.output_values[field]),
      confidence: solution.confidence,
    });
    if (pending !== undefined) await pending;
  }
  if (writer === undefined) {
    writer = createResultWriter(output.format, { fields: fields === undefined || fields.length === 1 ? ['label'] : fields }, (t) =>
      sink.write(t),
    );
    await writer.start();
  }
  await writer.end();
  await sink.close();
  return count;
}

async function printJson(value: unknown, output: OutputChoice): Promise<void> {
  const sink = openSink(output.out);
  await sink.write(`${JSON.stringify(value, null, 2)}\n`);
  await sink.close();
}

async function aggregatePool(client: CrowdaggClient, args: ParsedArgs, terminal: Terminal): Promise<number> {
  const request = aggregationRequest(args);
  const output = outputChoice(args);
  const batchSize = integerFlag(args, 'batch-size') ?? DEFAULT_PAGE_SIZE;
  const waitText = stringFlag(args, 'wait-timeout');
  const waitSeconds = waitText === undefined ? 600 : Number(waitText);
  if (!(Number.isFinite(waitSeconds) && waitSeconds > 0)) throw new UsageError(`--wait-timeout needs seconds, got ${JSON.stringify(waitText)}`);
  const started = await callApi(() => client.aggregateByPool(request));
  if (!booleanFlag(args, 'wait')) {
    await printJson(started, output);
    return 0;
  }
  terminal.info(`operation ${started.id} ${started.status}`);
  let progress = started.progress;
  const bar = new ProgressBar(terminal, `aggregating pool ${request.pool_id}`, { done: () => progress, total: () => 100 }, '').start();
  let finished;
  try {
    finished = await callApi(() =>
      client.waitOperation(started, {
        timeoutMs: waitSeconds * 1000,
        onProgress: (operation) => {
          progress = operation.progress;
        },
      }),
    );
  } finally {
    bar.stop();
  }
  terminal.info(`operation ${finished.id} ${finished.status}`);
  const count = await callApi(() =>
    printSolutions(
      client.aggregatedSolutions(finished.id, { batchSize }),
      output,
      request.fields.map((f) => f.name),
    ),
  );
  terminal.info(`${count} results`);
  return 0;
}

/** `crowdagg remote <command>`: the API through @crowdagg/client. */
export async function runRemote(argv: readonly string[], makeTerminal: (quiet: boolean) => Terminal): Promise<number> {
  const [sub = '', ...rest] = argv[0]?.startsWith('-') === true ? ['', ...argv] : argv;
  const help = REMOTE_HELP[sub];
  if (help === undefined) throw new UsageError(`remote: unknown command ${JSON.stringify(sub)} (aggregate-task, aggregate-pool, operation, results)`);
  const args = parseCommandArgs(rest, OPTIONS, `remote ${sub}`.trim());
  const terminal = makeTerminal(booleanFlag(args, 'quiet'));
  if (booleanFlag(args, 'help')) {
    process.stdout.write(help);
    return 0;
  }
  if (sub === '') {
    process.stderr.write(help);
    return 2;
  }
  switch (sub) {
    case 'aggregate-task': {
      const request = { ...aggregationRequest(args), task_id: required(args, 'task') };
      const output = outputChoice(args);
      const client = connect(args);
      const solution = await callApi(() => client.aggregateByTask(request));
      await printSolutions([solution], output, request.fields.map((f) => f.name));
      return 0;
    }
    case 'aggregate-pool':
      return aggregatePool(connect(args), args, terminal);
    case 'operation': {
      const id = onePositional(args, 'the operation id', 'remote operation');
      const client = connect(args);
      await printJson(await callApi(() => client.getOperation(id)), outputChoice(args));
      return 0;
    }
    default: {
      const id = onePositional(args, 'the operation id', 'remote results');
      const output = outputChoice(args);
      const batchSize = integerFlag(args, 'batch-size') ?? DEFAULT_PAGE_SIZE;
      const client = connect(args);
      const count = await callApi(() =>
        printSolutions(client.aggregatedSolutions(id, { batchSize }), output, commaListFlag(args, 'fields')),
      );
      terminal.info(`${count} results`);
      return 0;
    }
  }
}
