import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AssignmentImportInput, CrowdaggClient, TaskCreateInput } from '@crowdagg/client';
import { compareLabels, jointLabelKey, parseJointLabelKey } from '@crowdagg/local-aggregator';
import { booleanFlag, integerFlag, onePositional, startCommand, stringFlag } from '../cli/args.js';
import type { OptionSpecs, ParsedArgs } from '../cli/args.js';
import { callApi, connect, CONNECTION_OPTIONS } from '../cli/connection.js';
import { CliError, UsageError } from '../cli/errors.js';
import { ProgressBar } from '../cli/progress.js';
import type { Terminal } from '../cli/terminal.js';
import { readAnswers } from '../input/answers.js';
import { ANSWER_INPUT_OPTIONS, openAnswerInput } from '../input/answer-flags.js';
import { readSkills } from '../input/side-files.js';
import { openSink } from '../io/sink.js';

const OPTIONS: OptionSpecs = {
  ...CONNECTION_OPTIONS,
  pool: { type: 'string' },
  'create-pool': { type: 'boolean' },
  'create-project': { type: 'boolean' },
  project: { type: 'string' },
  name: { type: 'string' },
  'id-prefix': { type: 'string' },
  'batch-size': { type: 'string' },
  skills: { type: 'string' },
  'skill-id': { type: 'string' },
  'create-skill': { type: 'string' },
  ...ANSWER_INPUT_OPTIONS,
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
};

/** Answers held in memory for the upload: tasks in first-seen order, answers as parallel arrays. */
interface LoadedAnswers {
  readonly fields: readonly string[];
  readonly tasks: string[];
  readonly answerTask: number[];
  readonly answerWorker: string[];
  readonly answerLabel: string[];
  readonly labels: string[];
  readonly maxOverlap: number;
}

/** What the run did, printed as JSON on stdout. */
interface ImportSummary {
  project_id: string | null;
  pool_id: string;
  skill_id: string | null;
  tasks: { sent: number; stored: number };
  assignments: { sent: number; created: number; unchanged: number; updated: number; failed: number };
  user_skills: number;
  bad_rows: number;
}

/** Deterministic assignment id: a hash of pool, task, worker and the occurrence of that (worker, task) pair. */
export function assignmentId(prefix: string, pool: string, task: string, worker: string, occurrence: number): string {
  const digest = createHash('sha256').update(`${pool}\u0000${task}\u0000${worker}\u0000${occurrence}`).digest('hex');
  return `${prefix}a-${digest.slice(0, 32)}`;
}

async function loadAnswers(args: ParsedArgs, file: string, terminal: Terminal): Promise<{ loaded: LoadedAnswers; badRows: number }> {
  const { source, format, columns, badRows } = openAnswerInput(args, file, terminal);
  const taskIndex = new Map<string, number>();
  const tasks: string[] = [];
  const perTask: number[] = [];
  const answerTask: number[] = [];
  const answerWorker: string[] = [];
  const answerLabel: string[] = [];
  const labelSet = new Set<string>();
  const summary = await readAnswers({
    source,
    format,
    columns,
    badRows,
    jointKey: jointLabelKey,
    onAnswer(task, worker, label) {
      let t = taskIndex.get(task);
      if (t === undefined) {
        t = tasks.length;
        taskIndex.set(task, t);
        tasks.push(task);
        perTask.push(0);
      }
      perTask[t]! += 1;
      answerTask.push(t);
      answerWorker.push(worker);
      answerLabel.push(label);
      labelSet.add(label);
    },
  });
  if (summary.answers === 0) throw new CliError(`${source.name}: no answers to import`);
  const labels = [...labelSet].sort(compareLabels);
  return {
    loaded: { fields: summary.fields, tasks, answerTask, answerWorker, answerLabel, labels, maxOverlap: Math.max(...perTask) },
    badRows: badRows.count,
  };
}

/** Output values of one answer: one entry per field. */
function outputValues(fields: readonly string[], label: string): Record<string, unknown> {
  if (fields.length === 1) return { [fields[0]!]: label };
  const values = parseJointLabelKey(label);
  return Object.fromEntries(fields.map((field, i) => [field, values[i]]));
}

/** Creates the project and/or pool as asked; returns their ids. */
async function ensurePool(
  client: CrowdaggClient,
  args: ParsedArgs,
  loaded: LoadedAnswers,
  name: string,
): Promise<{ projectId: string | null; poolId: string }> {
  const existing = stringFlag(args, 'pool');
  if (existing !== undefined) return { projectId: null, poolId: existing };
  let projectId = stringFlag(args, 'project');
  if (booleanFlag(args, 'create-project')) {
    const outputSpec = Object.fromEntries(
      loaded.fields.map((field, i) => {
        const values = [...new Set(loaded.labels.map((l) => (loaded.fields.length === 1 ? l : String(parseJointLabelKey(l)[i]))))];
        return [field, { type: 'string' as const, allowed_values: values.sort(compareLabels) }];
      }),
    );
    const project = await callApi(() =>
      client.createProject({
        public_name: name,
        public_description: `Answers imported from ${name} by crowdagg import`,
        task_spec: { input_spec: { task: { type: 'string' } }, output_spec: outputSpec },
      }),
    );
    projectId = project.id;
  }
  if (projectId === undefined) throw new UsageError('--create-pool needs --project <id> or --create-project');
  const pool = await callApi(() =>
    client.createPool({
      project_id: projectId,
      private_name: name,
      defaults: { default_overlap_for_new_tasks: loaded.maxOverlap },
    }),
  );
  return { projectId, poolId: pool.id };
}

/** Sends `items` in batches, advancing `progress.done`. */
async function inBatches<T>(items: readonly T[], size: number, send: (batch: T[]) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await send(items.slice(start, start + size));
}

function checkFlags(args: ParsedArgs): void {
  if (stringFlag(args, 'url') === undefined) throw new UsageError('--url <crowdagg-server> is required (import is a crowdagg-server extension)');
  const pool = stringFlag(args, 'pool') !== undefined;
  const createPool = booleanFlag(args, 'create-pool');
  if (pool === createPool) throw new UsageError('give either --pool <id> or --create-pool');
  if (!createPool && (booleanFlag(args, 'create-project') || stringFlag(args, 'project') !== undefined)) {
    throw new UsageError('--create-project and --project go with --create-pool');
  }
  const skills = stringFlag(args, 'skills') !== undefined;
  const skillId = stringFlag(args, 'skill-id') !== undefined;
  const createSkill = stringFlag(args, 'create-skill') !== undefined;
  if (skills && skillId === createSkill) throw new UsageError('--skills needs exactly one of --skill-id <id> or --create-skill <name>');
  if (!skills && (skillId || createSkill)) throw new UsageError('--skill-id/--create-skill go with --skills <file>');
}

/** `crowdagg import`: loads answers (and skills) into a crowdagg-server, idempotently. */
export async function runImport(argv: readonly string[], makeTerminal: (quiet: boolean) => Terminal): Promise<number> {
  const started = await startCommand(argv, OPTIONS, 'import', makeTerminal, async () => (await import('./import-help.js')).IMPORT_HELP);
  if (started === undefined) return 0;
  const { args, terminal } = started;
  const file = onePositional(args, 'the answers file (or - for stdin)', 'import');
  checkFlags(args);
  const batchSize = integerFlag(args, 'batch-size') ?? 1000;
  const prefix = stringFlag(args, 'id-prefix') ?? '';
  const name = stringFlag(args, 'name') ?? (file === '-' ? 'stdin' : path.basename(file));
  const client = connect(args);
  const skillsPath = stringFlag(args, 'skills');
  const skills = skillsPath !== undefined ? await readSkills(skillsPath) : undefined;

  const { loaded, badRows } = await loadAnswers(args, file, terminal);
  terminal.info(`${name}: ${loaded.answerTask.length} answers, ${loaded.tasks.length} tasks, fields ${loaded.fields.join(', ')}`);
  const { projectId, poolId } = await ensurePool(client, args, loaded, name);

  const summary: ImportSummary = {
    project_id: projectId,
    pool_id: poolId,
    skill_id: null,
    tasks: { sent: 0, stored: 0 },
    assignments: { sent: 0, created: 0, unchanged: 0, updated: 0, failed: 0 },
    user_skills: 0,
    bad_rows: badRows,
  };
  const total = loaded.tasks.length + loaded.answerTask.length + (skills?.size ?? 0);
  let done = 0;
  const bar = new ProgressBar(terminal, `importing into pool ${poolId}`, { done: () => done, total: () => total, items: () => done }, 'items').start();
  const failures: string[] = [];
  try {
    const tasks: TaskCreateInput[] = loaded.tasks.map((task) => ({ id: `${prefix}${task}`, pool_id: poolId, input_values: { task } }));
    await inBatches(tasks, batchSize, async (batch) => {
      const result = await callApi(() => client.createTasks(batch, { allowDefaults: true }));
      summary.tasks.sent += batch.length;
      summary.tasks.stored += Object.keys(result.items).length;
      done += batch.length;
    });

    const occurrences = new Map<string, number>();
    const assignments: AssignmentImportInput[] = loaded.answerTask.map((t, a) => {
      const task = loaded.tasks[t]!;
      const worker = loaded.answerWorker[a]!;
      const pair = `${task}\u0000${worker}`;
      const occurrence = occurrences.get(pair) ?? 0;
      occurrences.set(pair, occurrence + 1);
      return {
        id: assignmentId(prefix, poolId, task, worker, occurrence),
        pool_id: poolId,
        user_id: worker,
        status: 'ACCEPTED',
        tasks: [{ id: `${prefix}${task}` }],
        solutions: [{ output_values: outputValues(loaded.fields, loaded.answerLabel[a]!) }],
      };
    });
    await inBatches(assignments, batchSize, async (batch) => {
      const result = await callApi(() => client.importAssignments(batch));
      summary.assignments.sent += batch.length;
      summary.assignments.created += result.created;
      summary.assignments.unchanged += result.unchanged;
      summary.assignments.updated += result.updated;
      summary.assignments.failed += result.failed;
      for (const [index, error] of Object.entries(result.errors ?? {})) {
        failures.push(`assignment ${batch[Number(index)]?.id ?? index}: ${error.code}: ${error.message}`);
      }
      done += batch.length;
    });

    if (skills !== undefined) {
      const createName = stringFlag(args, 'create-skill');
      const skillId = createName !== undefined ? (await callApi(() => client.createSkill({ name: createName }))).id : stringFlag(args, 'skill-id')!;
      summary.skill_id = skillId;
      for (const [worker, value] of skills) {
        await callApi(() => client.setUserSkill({ skill_id: skillId, user_id: worker, value }));
        summary.user_skills += 1;
        done += 1;
      }
    }
  } finally {
    bar.stop();
  }
  const sink = openSink(undefined);
  await sink.write(`${JSON.stringify(summary, null, 2)}\n`);
  await sink.close();
  if (failures.length > 0) {
    for (const failure of failures.slice(0, 20)) terminal.error(failure);
    throw new CliError(`${failures.length} assignments were not imported`);
  }
  return 0;
}
