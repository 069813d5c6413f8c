/** The two `Authorization` schemes Toloka accepts. */
export type AuthScheme = 'ApiKey' | 'OAuth';

const EXPLICIT_PREFIX = /^(ApiKey|OAuth) +(\S.*)$/;

/**
 * Chooses the scheme the official SDKs choose for a bare token: exactly two
 * dots with the first one at index 22–24 is an API key, anything else OAuth.
 */
export function detectAuthScheme(token: string): AuthScheme {
  const firstDot = token.indexOf('.');
  const dots = token.split('.').length - 1;
  return dots === 2 && firstDot >= 22 && firstDot <= 24 ? 'ApiKey' : 'OAuth';
}

/**
 * Builds the `Authorization` header value. The token may carry its own
 * `ApiKey `/`OAuth ` prefix; `scheme` forces one. Throws a TypeError for an
 * empty token, an unknown prefix, or a prefix that contradicts `scheme`.
 */
export function authorizationHeader(token: string, scheme?: AuthScheme): string {
  const trimmed = token.trim();
  if (trimmed === '') throw new TypeError('token: must be a non-empty string');
  const explicit = EXPLICIT_PREFIX.exec(trimmed);
  if (explicit !== null) {
    const given = explicit[1] as AuthScheme;
    if (scheme !== undefined && scheme !== given) {
      throw new TypeError(`token: starts with "${given}" but authScheme is "${scheme}"`);
    }
    return `${given} ${explicit[2] ?? ''}`;
  }
  if (/\s/.test(trimmed)) {
    throw new TypeError('token: only the prefixes "ApiKey " and "OAuth " are allowed before the token');
  }
  return `${scheme ?? detectAuthScheme(trimmed)} ${trimmed}`;
}
