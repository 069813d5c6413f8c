import { readFileSync } from 'node:fs';
import { ApiError } from './errors.js';

/** Token → account. Each token belongs to exactly one account. */
export type TokenMap = ReadonlyMap<string, string>;

const SCHEMES = ['oauth', 'apikey', 'bearer'];

/**
 * The credential of an `Authorization` header: `OAuth <t>` and `ApiKey <t>`
 * (both toloka-kit forms) and `Bearer <t>`; the scheme is case-insensitive.
 * Returns undefined when the header is absent or malformed.
 */
export function credentialOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  if (match === null) return undefined;
  const [, scheme = '', token = ''] = match;
  return SCHEMES.includes(scheme.toLowerCase()) ? token : undefined;
}

/** The account owning the request's token, or 401 AUTHENTICATION_ERROR (the token itself is never echoed). */
export function authenticate(tokens: TokenMap, header: string | undefined): string {
  const token = credentialOf(header);
  if (token === undefined) {
    throw new ApiError(
      401,
      'AUTHENTICATION_ERROR',
      'Authentication required: send "Authorization: OAuth <token>" or "Authorization: ApiKey <token>"',
    );
  }
  const account = tokens.get(token);
  if (account === undefined) throw new ApiError(401, 'AUTHENTICATION_ERROR', 'Unknown token');
  return account;
}

function addToken(map: Map<string, string>, token: string, account: string, where: string): void {
  if (token === '' || account === '') throw new Error(`${where}: expected "<token> <account>"`);
  const existing = map.get(token);
  if (existing !== undefined && existing !== account) {
    throw new Error(`${where}: a token is given for two accounts (${existing}, ${account})`);
  }
  map.set(token, account);
}

/** Parses `CROWDAGG_TOKENS`: `"<token>:<account>,<token>:<account>"`. */
export function parseTokenList(text: string, where = 'CROWDAGG_TOKENS'): Map<string, string> {
  const map = new Map<string, string>();
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .forEach((item, index) => {
      const colon = item.lastIndexOf(':');
      if (colon <= 0) throw new Error(`${where}: item ${index + 1} is not "<token>:<account>"`);
      addToken(map, item.slice(0, colon), item.slice(colon + 1), `${where} item ${index + 1}`);
    });
  return map;
}

/** Parses a tokens file: one `<token> <account>` per line; blank lines and `#` comments are skipped. */
export function parseTokensFile(text: string, file: string): Map<string, string> {
  const map = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    if (parts.length !== 2) throw new Error(`${file}:${index + 1}: expected "<token> <account>"`);
    addToken(map, parts[0] ?? '', parts[1] ?? '', `${file}:${index + 1}`);
  });
  return map;
}

/** Reads and parses a tokens file. */
export function readTokensFile(file: string): Map<string, string> {
  return parseTokensFile(readFileSync(file, 'utf8'), file);
}

/** Merges token maps; a token bound to two different accounts is an error. */
export function mergeTokens(...maps: ReadonlyMap<string, string>[]): Map<string, string> {
  const merged = new Map<string, string>();
  for (const map of maps) for (const [token, account] of map) addToken(merged, token, account, 'tokens');
  return merged;
}
