import { CliError } from '../cli/errors.js';

/** `crowdagg import` (placeholder). */
export function runImport(_argv: readonly string[]): Promise<number> {
  return Promise.reject(new CliError('import: not available yet'));
}
