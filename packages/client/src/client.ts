import { aggregationCalls } from './aggregation-calls.js';
import type { AggregationCalls } from './aggregation-calls.js';
import { loadingCalls } from './loading-calls.js';
import type { LoadingCalls } from './loading-calls.js';
import { createTransport } from './transport.js';
import type { ClientOptions } from './transport.js';

/** A client of the aggregated-solutions API (Toloka or crowdagg-server). */
export interface CrowdaggClient extends AggregationCalls, LoadingCalls {
  /** The API root every call goes to, e.g. `https://toloka.dev/api/v1/`. */
  readonly apiRoot: string;
}

/**
 * Creates a client. Options are checked at once (a bad URL, token or retry
 * limit throws a TypeError); nothing is sent until a call is made.
 */
export function createClient(options: ClientOptions): CrowdaggClient {
  const transport = createTransport(options);
  return { apiRoot: transport.apiRoot, ...aggregationCalls(transport), ...loadingCalls(transport) };
}
