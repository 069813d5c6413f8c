/** Test-only: the `AggregationError` code a call throws. */
import { isAggregationError, type AggregationErrorCode } from '../errors.js';

/** The error code `f` throws: `'none'` when it returns, `'other'` for a non-AggregationError. */
export function codeOf(f: () => unknown): AggregationErrorCode | 'none' | 'other' {
  try {
    f();
  } catch (error) {
    return isAggregationError(error) ? error.code : 'other';
  }
  return 'none';
}
