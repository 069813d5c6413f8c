import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as schema from './index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The first TypeScript block of the README, with its package import bound to this source tree. */
function exampleProgram(): string {
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README has no ts example');
  const bound = block.replace(
    /import \{([^}]*)\} from '@crowdagg\/schema';/,
    (_match, names: string) => `const {${names}} = schema;`,
  );
  return ts.transpileModule(bound, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
}

describe('README example', () => {
  it('runs and prints what its comments say', () => {
    const printed: unknown[][] = [];
    runInNewContext(exampleProgram(), { schema, console: { log: (...values: unknown[]) => printed.push(values) } });
    expect(printed).toEqual([
      ['1491600'],
      ['answer_weight_skill_id', 'VALUE_REQUIRED'],
      ['fields.0.name', 'VALUE_REQUIRED'],
      ['task_id', 'VALUE_REQUIRED'],
      ['limit', 'UNKNOWN_PARAMETER'],
      [{ code: 'VALUE_REQUIRED', message: 'Value must be present and not null' }],
      ['Validation failed: type: UNKNOWN_ENUM_VALUE'],
    ]);
  });
});
