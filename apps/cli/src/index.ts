/**
 * @crowdagg/cli as a library: the pieces the `crowdagg` command is made of,
 * for embedding or testing. The command itself is `dist/bin.js`.
 */
export { main, version, MAIN_HELP } from './main.js';
export { CliError, InputError, UsageError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './cli/errors.js';
export { CsvRecordParser, CsvSyntaxError, csvField } from './io/csv.js';
export { forEachLineRange, type LineRangeHandler } from './io/lines.js';
export { openSource, isGzip, type ByteSource } from './io/source.js';
export { readTable, formatFromContent, formatFromName, TabSplitter, INPUT_FORMATS, type InputFormat } from './io/table.js';
export { readAnswers, type AnswerColumns, type AnswersSummary, type ReadAnswersOptions } from './input/answers.js';
export { BadRows, BAD_ROW_POLICIES, type BadRowPolicy } from './input/bad-rows.js';
export { scoreAgainstGolden, type GoldenScore, type ClassScore } from './scoring.js';
