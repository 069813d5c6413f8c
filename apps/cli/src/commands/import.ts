import path from 'node:path';
import type { CrowdaggClient } from '@crowdagg/client';
import { compareLabels, jointLabelKey, parseJointLabelKey } from '@crowdagg/local-aggregator';
import { booleanFlag, integerFlag, onePositional, startCommand, stringFlag } from '../cli/args.js';
import type { OptionSpecs, ParsedArgs } from '../cli/args.js';
import { callApi, connect, CONNECTION_OPTIONS } from '../cli/connection.js';
import { CliError, UsageError } from '../cli/errors.js';
import { ProgressBar } from '../cli/progress.js';
import type { Terminal } from '../cli/terminal.js';
import { readAnswers } from '../input/answers.js';
import { uploadAssignments, uploadSkills, uploadTasks } from './import-upload.js';
import type { ImportSummary, LoadedAnswers, UploadContext } from './import-upload.js';
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
    loaded: { fields: summary.fields, tasks, answerTask, answerWorker, answerLabel, labels, maxOverlap: perTask.reduce((a, b) => Math.max(a, b), 1) },
    badRows: badRows.count,
  };
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
    const context: UploadContext = { client, poolId, prefix, batchSize, summary, failures, advance: (n) => (done += n) };
    await uploadTasks(context, loaded);
    await uploadAssignments(context, loaded);
    if (skills !== undefined) {
      const createName = stringFlag(args, 'create-skill');
      const skillId = createName !== undefined ? (await callApi(() => client.createSkill({ name: createName }))).id : stringFlag(args, 'skill-id')!;
      await uploadSkills(context, skillId, skills);
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
