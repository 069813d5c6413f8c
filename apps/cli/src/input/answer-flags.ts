import { choiceFlag, commaListFlag, stringFlag } from '../cli/args.js';
import type { OptionSpecs, ParsedArgs } from '../cli/args.js';
import type { Terminal } from '../cli/terminal.js';
import { openSource } from '../io/source.js';
import type { ByteSource } from '../io/source.js';
import { INPUT_FORMATS } from '../io/table.js';
import type { InputFormat } from '../io/table.js';
import type { AnswerColumns } from './answers.js';
import { BAD_ROW_POLICIES, BadRows } from './bad-rows.js';

/** Flags that describe an answers file (shared by `aggregate` and `import`). */
export const ANSWER_INPUT_OPTIONS: OptionSpecs = {
  'input-format': { type: 'string' },
  'worker-col': { type: 'string' },
  'task-col': { type: 'string' },
  'label-col': { type: 'string' },
  fields: { type: 'string' },
  'on-bad-row': { type: 'string' },
};

/** An opened answers file with its reading options. */
export interface AnswerInput {
  readonly source: ByteSource;
  readonly format: InputFormat | undefined;
  readonly columns: AnswerColumns;
  readonly badRows: BadRows;
}

/** Checks the input flags (usage errors first), then opens `file`. */
export function openAnswerInput(args: ParsedArgs, file: string, terminal: Terminal): AnswerInput {
  const policy = choiceFlag(args, 'on-bad-row', BAD_ROW_POLICIES) ?? 'error';
  const format = choiceFlag(args, 'input-format', INPUT_FORMATS);
  const columns: AnswerColumns = {
    worker: stringFlag(args, 'worker-col') ?? 'worker',
    task: stringFlag(args, 'task-col') ?? 'task',
    label: stringFlag(args, 'label-col') ?? 'label',
    fields: commaListFlag(args, 'fields'),
  };
  const source = openSource(file);
  return { source, format, columns, badRows: new BadRows(source.name, policy, (m) => terminal.warn(m)) };
}
