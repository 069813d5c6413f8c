import { ApiError, createClient, OperationFailedError, PagingError, TransportError } from '@crowdagg/client';
import type { CrowdaggClient } from '@crowdagg/client';
import type { OptionSpecs, ParsedArgs } from './args.js';
import { choiceFlag, stringFlag } from './args.js';
import { CliError, UsageError } from './errors.js';
import { registerSecret } from './terminal.js';

/** Flags every command that talks to an API accepts. */
export const CONNECTION_OPTIONS: OptionSpecs = {
  env: { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
};

/** The token from `--token`, `CROWDAGG_TOKEN` or `TOLOKA_TOKEN` (in that order); registered as a secret. */
export function resolveToken(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): string {
  const token = stringFlag(args, 'token') ?? nonEmpty(env.CROWDAGG_TOKEN) ?? nonEmpty(env.TOLOKA_TOKEN);
  if (token === undefined) throw new UsageError('no API token: pass --token or set CROWDAGG_TOKEN (or TOLOKA_TOKEN)');
  registerSecret(token);
  const bare = token.replace(/^(ApiKey|OAuth)\s+/i, '');
  registerSecret(bare);
  return token;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** A client for `--env` or `--url` with the resolved token. */
export function connect(args: ParsedArgs): CrowdaggClient {
  const environment = choiceFlag(args, 'env', ['production', 'sandbox'] as const);
  const url = stringFlag(args, 'url');
  if (environment !== undefined && url !== undefined) throw new UsageError('give --env or --url, not both');
  if (environment === undefined && url === undefined) throw new UsageError('give --env production|sandbox or --url <server>');
  const timeoutText = stringFlag(args, 'timeout');
  const timeout = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    throw new UsageError(`--timeout needs a positive number of seconds, got ${JSON.stringify(timeoutText)}`);
  }
  const retriesText = stringFlag(args, 'retries');
  const retries = retriesText === undefined ? undefined : Number(retriesText);
  if (retries !== undefined && !(Number.isSafeInteger(retries) && retries >= 0)) {
    throw new UsageError(`--retries needs a whole number ≥ 0, got ${JSON.stringify(retriesText)}`);
  }
  const token = resolveToken(args);
  try {
    return createClient({
      ...(environment !== undefined ? { environment } : { url: url! }),
      token,
      ...(timeout !== undefined ? { timeout: timeout * 1000 } : {}),
      ...(retries !== undefined ? { retry: { limit: retries } } : {}),
    });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
}

/** Turns the client's errors into one-line CLI failures (the token is never part of them). */
export function apiFailure(error: unknown): unknown {
  if (error instanceof ApiError) {
    const id = error.requestId !== undefined ? ` (request ${error.requestId})` : '';
    return new CliError(`${error.method} ${error.url}: ${error.status} ${error.code}: ${error.message.replace(/^.*?failed with \d+ \S+: /, '')}${id}`);
  }
  if (error instanceof TransportError) return new CliError(error.message);
  if (error instanceof OperationFailedError) return new CliError(error.message);
  if (error instanceof PagingError) return new CliError(error.message);
  return error;
}

/** Runs `call`, mapping API errors with {@link apiFailure}. */
export async function callApi<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw apiFailure(error);
  }
}
