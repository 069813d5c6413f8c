/** Toloka's two public installations. */
export type Environment = 'production' | 'sandbox';

/** Host roots of the Toloka environments (the client appends `/api/v1`). */
export const ENVIRONMENT_URLS: Readonly<Record<Environment, string>> = {
  production: 'https://toloka.dev',
  sandbox: 'https://sandbox.toloka.dev',
};

/**
 * Resolves the API root (ending in `/api/v1/`) from either an environment or a
 * host root URL such as `http://127.0.0.1:8787` (a URL already ending in `/api`
 * or `/api/v1` is accepted too). Exactly one may be given;
 * with neither, this throws (like toloka-kit, there is no silent default).
 */
export function resolveApiRoot(target: { environment?: Environment | undefined; url?: string | undefined }): string {
  if (target.environment !== undefined && target.url !== undefined) {
    throw new TypeError('environment and url are mutually exclusive: give one of them');
  }
  if (target.url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(target.url);
    } catch {
      throw new TypeError(`url: not an absolute URL: ${JSON.stringify(target.url)}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new TypeError(`url: must be http(s), got ${parsed.protocol}`);
    }
    if (parsed.search !== '' || parsed.hash !== '') {
      throw new TypeError('url: must be a host root without query or fragment');
    }
    // A URL that already ends in /api or /api/v1 (the Java SDK's form) is taken as meant, not doubled.
    const base = parsed.pathname.replace(/\/+$/, '').replace(/\/api(\/v1)?$/, '');
    return `${parsed.origin}${base}/api/v1/`;
  }
  if (target.environment !== undefined) {
    const root = ENVIRONMENT_URLS[target.environment] as string | undefined;
    if (root === undefined) throw new TypeError(`environment: must be "production" or "sandbox"`);
    return `${root}/api/v1/`;
  }
  throw new TypeError('give either environment ("production" | "sandbox") or url (a host root)');
}
