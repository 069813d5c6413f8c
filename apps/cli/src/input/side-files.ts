import { CliError, InputError } from '../cli/errors.js';
import { openSource } from '../io/source.js';
import { formatFromName, readTable } from '../io/table.js';

/**
 * Reads a small two-or-more-column table (TSV/CSV/JSONL, gzip or not) keyed
 * by `keyColumn`; `valueColumns` are joined by `combine` when there are
 * several. Every problem is an error naming `file:line`.
 */
async function readKeyedTable(
  path: string,
  keyColumn: string,
  valueColumns: readonly string[],
  combine: (values: readonly string[]) => string,
): Promise<Map<string, string>> {
  const source = openSource(path);
  const result = new Map<string, string>();
  let indices: number[] = [];
  let width = 0;
  const columns = [keyColumn, ...valueColumns];
  const store = (values: readonly (string | undefined)[], lineNumber: number): void => {
    const missing = values.findIndex((v) => v === undefined || v === '');
    if (missing >= 0) throw new InputError(`${source.name}:${lineNumber}`, `empty or missing "${columns[missing]}"`);
    const [key, ...rest] = values as string[];
    result.set(key!, rest.length === 1 ? rest[0]! : combine(rest));
  };
  await readTable(
    source.chunks,
    {
      header(cells, lineNumber) {
        width = cells.length;
        indices = columns.map((name) => {
          const index = cells.indexOf(name);
          if (index < 0) throw new InputError(`${source.name}:${lineNumber}`, `no column "${name}" in the header (${cells.join(', ')})`);
          return index;
        });
      },
      row(cells, lineNumber) {
        if (cells.length !== width) throw new InputError(`${source.name}:${lineNumber}`, `expected ${width} columns, found ${cells.length}`);
        store(
          indices.map((i) => cells[i]),
          lineNumber,
        );
      },
      object(value, lineNumber) {
        const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
        store(
          columns.map((c) => {
            const v = record[c];
            return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
          }),
          lineNumber,
        );
      },
      syntaxError(reason, lineNumber) {
        throw new InputError(`${source.name}:${lineNumber}`, reason);
      },
    },
    { nameHint: formatFromName(source.name) },
  );
  return result;
}

/**
 * Golden labels: columns `task` and `label`, or `task` and one column per
 * field for joint answers. Returns task → label key.
 */
export async function readGolden(
  path: string,
  fields: readonly string[],
  jointKey: (values: readonly string[]) => string,
): Promise<Map<string, string>> {
  const valueColumns = fields.length > 1 ? fields : ['label'];
  return readKeyedTable(path, 'task', valueColumns, jointKey);
}

/** Worker skills: columns `worker` and `skill` (a finite number). Returns worker → skill. */
export async function readSkills(path: string): Promise<Map<string, number>> {
  const raw = await readKeyedTable(path, 'worker', ['skill'], (v) => v.join(','));
  const skills = new Map<string, number>();
  for (const [worker, text] of raw) {
    const skill = Number(text);
    if (!Number.isFinite(skill)) throw new CliError(`${path}: skill of worker ${worker} is not a number: ${JSON.stringify(text)}`);
    skills.set(worker, skill);
  }
  return skills;
}
